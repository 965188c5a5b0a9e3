package dev.modelgate.emulator.eventstream;

import static dev.modelgate.emulator.eventstream.EventStreamMessageTest.ascii;
import static dev.modelgate.emulator.eventstream.EventStreamMessageTest.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventStreamDecoderTest {

    private static final List<EventStreamMessage> STREAM = List.of(
            EventStreamMessage.event("chunk", ascii("{\"bytes\":\"eyJ0eXBlIjoibWVzc2FnZV9zdGFydCJ9\"}")),
            new EventStreamMessage(List.of(), new byte[0]),
            EventStreamMessage.event("contentBlockDelta", ascii("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}")),
            EventStreamMessage.exception("throttlingException", ascii("{\"message\":\"Too many requests\"}")),
            EventStreamMessage.error("InternalFailure", "boom"));

    private static final byte[] BODY = concat(STREAM.stream().map(EventStreamMessage::encode).toArray(byte[][]::new));

    @Test
    void feed_oneByteAtATime_emitsEachMessageOnItsLastByte() {
        EventStreamDecoder decoder = new EventStreamDecoder();
        List<EventStreamMessage> decoded = new ArrayList<>();
        List<Integer> completedAt = new ArrayList<>();

        for (int i = 0; i < BODY.length; i++) {
            List<EventStreamMessage> messages = decoder.feed(BODY, i, 1);
            if (!messages.isEmpty()) {
                completedAt.add(i + 1);
            }
            decoded.addAll(messages);
        }

        assertThat(decoded).isEqualTo(STREAM);
        assertThat(completedAt).isEqualTo(endOffsets());
        assertThat(decoder.bufferedBytes()).isZero();
        decoder.finish();
    }

    @Test
    void feed_wholeBodyAtOnce_emitsAllMessagesInOrder() {
        assertThat(new EventStreamDecoder().feed(BODY)).isEqualTo(STREAM);
    }

    @Test
    void feed_randomSlices_emitsAllMessagesInOrder() {
        Random random = new Random(42);
        for (int run = 0; run < 100; run++) {
            EventStreamDecoder decoder = new EventStreamDecoder();
            List<EventStreamMessage> decoded = new ArrayList<>();
            for (int at = 0; at < BODY.length; ) {
                int length = Math.min(BODY.length - at, random.nextInt(80));
                decoded.addAll(decoder.feed(BODY, at, length));
                at += length;
            }
            assertThat(decoded).isEqualTo(STREAM);
        }
    }

    @Test
    void feed_messageLargerThanTheInitialBuffer_isReassembled() {
        EventStreamMessage large = EventStreamMessage.event("chunk", new byte[100_000]);
        byte[] frame = large.encode();
        EventStreamDecoder decoder = new EventStreamDecoder();

        assertThat(decoder.feed(frame, 0, 50_000)).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(50_000);
        assertThat(decoder.feed(frame, 50_000, frame.length - 50_000)).containsExactly(large);
    }

    @Test
    void feed_corruptPrelude_failsOnceThePreludeIsIn() {
        byte[] body = BODY.clone();
        body[3] ^= 0x40;
        EventStreamDecoder decoder = new EventStreamDecoder();

        assertThat(decoder.feed(body, 0, 11)).isEmpty();
        assertThatThrownBy(() -> decoder.feed(body, 11, 1)).isInstanceOf(EventStreamException.class)
                .hasMessageStartingWith("prelude CRC mismatch");
        assertThatThrownBy(() -> decoder.feed(body, 12, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the decoder failed on a corrupt frame and cannot continue");
    }

    @Test
    void feed_corruptPayloadInSecondMessage_failsWithMessageCrcAfterEmittingTheFirst() {
        byte[] body = BODY.clone();
        int secondChunkEnd = endOffsets().get(2);
        body[secondChunkEnd - 5] ^= 1;
        EventStreamDecoder decoder = new EventStreamDecoder();

        assertThat(decoder.feed(body, 0, endOffsets().get(1))).containsExactlyElementsOf(STREAM.subList(0, 2));
        assertThatThrownBy(() -> decoder.feed(body, endOffsets().get(1), body.length - endOffsets().get(1)))
                .isInstanceOf(EventStreamException.class).hasMessageStartingWith("message CRC mismatch");
    }

    @Test
    void finish_insideAMessage_reportsTheLeftoverBytes() {
        EventStreamDecoder decoder = new EventStreamDecoder();
        decoder.feed(BODY, 0, 20);

        assertThatThrownBy(decoder::finish).isInstanceOf(EventStreamException.class)
                .hasMessage("stream ended inside a message: 20 bytes left over");
    }

    private static List<Integer> endOffsets() {
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (EventStreamMessage message : STREAM) {
            end += message.encode().length;
            ends.add(end);
        }
        return ends;
    }
}
