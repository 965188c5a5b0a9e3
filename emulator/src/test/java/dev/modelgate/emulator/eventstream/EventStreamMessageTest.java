package dev.modelgate.emulator.eventstream;

import static dev.modelgate.emulator.eventstream.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventStreamMessageTest {

    /** botocore tests/unit/test_eventstream.py, EMPTY_MESSAGE. */
    private static final byte[] EMPTY_MESSAGE = hex("00000010 00000000 05c248eb 7d98c8ff");

    /** botocore tests/unit/test_eventstream.py: one string header, payload {'foo':'bar'}. */
    private static final byte[] CONTENT_TYPE_MESSAGE = concat(
            hex("0000003d 00000020 07fd8396 0c"), ascii("content-type"), hex("07 0010"),
            ascii("application/json"), ascii("{'foo':'bar'}"), hex("8d9c08b1"));

    /** PROTOCOL.md 2.6: a Bedrock InvokeModelWithResponseStream chunk, 215 bytes. */
    private static final byte[] BEDROCK_CHUNK = hex("""
            000000d70000004bbff9e4380b3a6576656e742d747970650700056368756e6b0d3a636f6e74656e742d74797065
            0700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22627974
            6573223a2265794a306558426c496a6f695932397564475675644639696247396a6131396b5a57783059534973496d
            6c755a475634496a6f774c434a6b5a5778305953493665794a306558426c496a6f69644756346446396b5a57783059
            534973496e526c654851694f694a4961534a3966513d3d227d4b8e9495""");

    private static final Instant TIME = Instant.parse("2025-01-30T20:46:31.123Z");
    private static final UUID ID = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");

    /** One header of every wire type, in type order. */
    private static final List<Header> EVERY_TYPE = List.of(Header.bool("true", true), Header.bool("false", false),
            Header.int8("byte", (byte) -1), Header.int16("short", (short) -2), Header.int32("int", 0x01020304),
            Header.int64("long", -3), Header.bytes("bytes", new byte[] {0, (byte) 0xFF, 0x7F}),
            Header.string("string", "h\u00e9llo!"), Header.timestamp("time", TIME), Header.uuid("uuid", ID));

    @Test
    void encode_emptyMessage_matchesBotocoreVector() {
        assertThat(new EventStreamMessage(List.of(), new byte[0]).encode()).isEqualTo(EMPTY_MESSAGE);
        assertThat(EventStreamMessage.decode(EMPTY_MESSAGE)).isEqualTo(new EventStreamMessage(List.of(), new byte[0]));
    }

    @Test
    void encode_contentTypeHeaderWithPayload_matchesBotocoreVector() {
        EventStreamMessage message = new EventStreamMessage(List.of(Header.string("content-type", "application/json")),
                ascii("{'foo':'bar'}"));

        assertThat(message.encode()).isEqualTo(CONTENT_TYPE_MESSAGE);
        assertThat(EventStreamMessage.decode(CONTENT_TYPE_MESSAGE)).isEqualTo(message);
    }

    @Test
    void event_bedrockChunk_isTheDocumented215ByteFrame() {
        String inner = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}";
        byte[] payload = ascii("{\"bytes\":\"" + Base64.getEncoder().encodeToString(ascii(inner)) + "\"}");

        byte[] frame = EventStreamMessage.event("chunk", payload).encode();

        assertThat(frame).hasSize(215).isEqualTo(BEDROCK_CHUNK);
    }

    @Test
    void encode_everyHeaderType_writesTheDocumentedLayout() {
        byte[] frame = new EventStreamMessage(EVERY_TYPE, new byte[0]).encode();

        assertThat(Arrays.copyOfRange(frame, 12, frame.length - 4)).isEqualTo(hex("""
                0474727565 00 0566616c7365 01 0462797465 02 ff 0573686f7274 03 fffe 03696e74 04 01020304
                046c6f6e67 05 fffffffffffffffd 056279746573 06 0003 00ff7f 06737472696e67 07 0007 68c3a96c6c6f21
                0474696d65 08 00000194b8f720d3 0475756964 09 0123456789abcdef0123456789abcdef"""));
    }

    @Test
    void decode_everyHeaderType_roundTrips() {
        EventStreamMessage message = new EventStreamMessage(EVERY_TYPE, ascii("payload"));

        EventStreamMessage decoded = EventStreamMessage.decode(message.encode());

        assertThat(decoded).isEqualTo(message);
        assertThat(decoded.header("int")).contains(new HeaderValue.IntValue(0x01020304));
        assertThat(decoded.header("time")).contains(new HeaderValue.TimestampValue(TIME));
        assertThat(decoded.header("uuid")).contains(new HeaderValue.UuidValue(ID));
        assertThat(decoded.header("bytes")).contains(new HeaderValue.BytesValue(new byte[] {0, (byte) 0xFF, 0x7F}));
    }

    @Test
    void exception_hasExceptionTypeContentTypeAndMessageTypeInOrder() {
        EventStreamMessage message = EventStreamMessage.exception("throttlingException",
                ascii("{\"message\":\"Too many requests, please wait before trying again.\"}"));

        assertThat(message.headers()).containsExactly(Header.string(":exception-type", "throttlingException"),
                Header.string(":content-type", "application/json"), Header.string(":message-type", "exception"));
    }

    @Test
    void error_hasCodeMessageAndMessageTypeInOrderWithEmptyPayload() {
        EventStreamMessage message = EventStreamMessage.error("InternalFailure", "boom");

        assertThat(message.headers()).containsExactly(Header.string(":error-code", "InternalFailure"),
                Header.string(":error-message", "boom"), Header.string(":message-type", "error"));
        assertThat(message.payload()).isEmpty();
        assertThat(EventStreamMessage.decode(message.encode())).isEqualTo(message);
    }

    @Test
    void decode_corruptedPreludeCrc_isRejected() {
        byte[] frame = CONTENT_TYPE_MESSAGE.clone();
        frame[11] ^= 1;

        assertThatThrownBy(() -> EventStreamMessage.decode(frame)).isInstanceOf(EventStreamException.class)
                .hasMessage("prelude CRC mismatch: computed 0x07fd8396, frame says 0x07fd8397");
    }

    @Test
    void decode_corruptedPayloadByte_failsTheMessageCrc() {
        byte[] frame = CONTENT_TYPE_MESSAGE.clone();
        frame[frame.length - 6] ^= 1;

        assertThatThrownBy(() -> EventStreamMessage.decode(frame)).isInstanceOf(EventStreamException.class)
                .hasMessageStartingWith("message CRC mismatch: computed 0x").hasMessageEndingWith("frame says 0x8d9c08b1");
    }

    @Test
    void decode_truncatedFrame_isRejected() {
        assertThatThrownBy(() -> EventStreamMessage.decode(Arrays.copyOf(CONTENT_TYPE_MESSAGE, 60)))
                .isInstanceOf(EventStreamException.class).hasMessage("truncated frame: prelude says 61 bytes, got 60");
        assertThatThrownBy(() -> EventStreamMessage.decode(Arrays.copyOf(CONTENT_TYPE_MESSAGE, 5)))
                .isInstanceOf(EventStreamException.class)
                .hasMessage("truncated frame: 5 bytes, fewer than the 12-byte prelude");
    }

    @Test
    void decode_bytesAfterTheFrame_areRejected() {
        assertThatThrownBy(() -> EventStreamMessage.decode(concat(EMPTY_MESSAGE, new byte[1])))
                .isInstanceOf(EventStreamException.class).hasMessage("trailing bytes after frame: prelude says 16 bytes, got 17");
    }

    @Test
    void decode_duplicateHeaderName_isRejected() {
        byte[] block = concat(hex("01 61 00"), hex("01 61 01"));

        assertThatThrownBy(() -> EventStreamMessage.decode(Frames.frame(block, new byte[0])))
                .isInstanceOf(EventStreamException.class).hasMessage("duplicate header \"a\"");
    }

    @Test
    void decode_unknownHeaderType_isRejected() {
        assertThatThrownBy(() -> EventStreamMessage.decode(Frames.frame(hex("01 61 0a"), new byte[0])))
                .isInstanceOf(EventStreamException.class).hasMessage("header \"a\" has unknown type 10");
    }

    @Test
    void decode_stringValueRunningPastTheHeaderBlock_isRejected() {
        assertThatThrownBy(() -> EventStreamMessage.decode(Frames.frame(hex("01 61 07 0005 6869"), ascii("xyz"))))
                .isInstanceOf(EventStreamException.class)
                .hasMessage("the header block (7 bytes) ends inside the value of header \"a\"");
    }

    @Test
    void decode_headersOverLimit_isRejectedFromThePrelude() {
        byte[] prelude = Frames.prelude(16 + 131_073, 131_073);

        assertThatThrownBy(() -> EventStreamMessage.decode(prelude)).isInstanceOf(EventStreamException.class)
                .hasMessage("headers length 131073 exceeds the limit of 131072 bytes");
    }

    @Test
    void decode_payloadOverLimit_isRejectedFromThePrelude() {
        byte[] prelude = Frames.prelude(16 + 25_165_825, 0);

        assertThatThrownBy(() -> EventStreamMessage.decode(prelude)).isInstanceOf(EventStreamException.class)
                .hasMessage("payload length 25165825 exceeds the limit of 25165824 bytes");
    }

    @Test
    void newMessage_duplicateHeaderName_isRejected() {
        assertThatThrownBy(() -> new EventStreamMessage(List.of(Header.int32("n", 1), Header.int64("n", 1)), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate header name \"n\"");
    }

    @Test
    void newMessage_payloadOverLimit_isRejected() {
        byte[] payload = new byte[EventStreamMessage.MAX_PAYLOAD_LENGTH + 1];

        assertThatThrownBy(() -> new EventStreamMessage(List.of(), payload)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload has 25165825 bytes, more than the limit of 25165824");
    }

    @Test
    void newMessage_headersOverLimit_isRejected() {
        List<Header> headers = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> Header.bytes("h" + i, new byte[50_000])).toList();

        assertThatThrownBy(() -> new EventStreamMessage(headers, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers take 150018 bytes, more than the limit of 131072");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
