package dev.modelgate.emulator.eventstream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reassembles event-stream messages from a body that arrives in arbitrary slices (a streamed HTTP
 * response). Each prelude is checked as soon as its 12 bytes are in, so a corrupt length fails at
 * once instead of waiting for bytes that never come.
 *
 * <p>Not thread-safe: one decoder per stream. After it throws, the decoder is unusable.
 */
public final class EventStreamDecoder {

    private byte[] buffer = new byte[1024];
    private int start;
    private int end;
    private boolean failed;

    /** A decoder at the start of a stream. */
    public EventStreamDecoder() {
    }

    /** Feeds all of {@code bytes}; see {@link #feed(byte[], int, int)}. */
    public List<EventStreamMessage> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * Feeds {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @return the messages these bytes completed, in order; empty when none
     * @throws EventStreamException when a buffered frame is corrupt
     * @throws IllegalStateException when an earlier call threw
     */
    public List<EventStreamMessage> feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (failed) {
            throw new IllegalStateException("the decoder failed on a corrupt frame and cannot continue");
        }
        append(bytes, offset, length);
        List<EventStreamMessage> messages = new ArrayList<>();
        try {
            while (end - start >= MessageCodec.PRELUDE_LENGTH) {
                int total = MessageCodec.checkPrelude(buffer, start);
                if (end - start < total) {
                    break;
                }
                messages.add(MessageCodec.decode(buffer, start, total));
                start += total;
            }
        } catch (EventStreamException e) {
            failed = true;
            throw e;
        }
        return messages;
    }

    /** How many bytes of an incomplete message are buffered. */
    public int bufferedBytes() {
        return end - start;
    }

    /**
     * Declares the end of the stream.
     *
     * @throws EventStreamException when the stream ended inside a message
     */
    public void finish() {
        if (end > start) {
            throw new EventStreamException("stream ended inside a message: " + (end - start) + " bytes left over");
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (buffer.length - end < length) {
            int buffered = end - start;
            if (buffer.length - buffered < length) {
                buffer = Arrays.copyOfRange(buffer, start, start + Math.max(buffer.length * 2, buffered + length));
            } else {
                System.arraycopy(buffer, start, buffer, 0, buffered);
            }
            start = 0;
            end = buffered;
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }
}
