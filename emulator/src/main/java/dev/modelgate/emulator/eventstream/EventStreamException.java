package dev.modelgate.emulator.eventstream;

/**
 * An {@code application/vnd.amazon.eventstream} frame is corrupt: a CRC does not match, a length is
 * out of bounds or inconsistent, the frame is truncated, or a header is malformed or repeated.
 */
public final class EventStreamException extends RuntimeException {

    /** @param message what is wrong with the frame, with the offending numbers */
    public EventStreamException(String message) {
        super(message);
    }
}
