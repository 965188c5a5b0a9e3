package dev.modelgate.emulator.eventstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message of an {@code application/vnd.amazon.eventstream} body: ordered, uniquely named
 * headers and a binary payload.
 *
 * @param headers the headers in wire order; copied
 * @param payload the payload bytes; not copied, so callers must not change the array afterwards
 */
public record EventStreamMessage(List<Header> headers, byte[] payload) {

    /** The largest encoded header block, in bytes (128 KiB, as botocore enforces). */
    public static final int MAX_HEADERS_LENGTH = 128 * 1024;
    /** The largest payload, in bytes (24 MiB, as botocore enforces). */
    public static final int MAX_PAYLOAD_LENGTH = 24 * 1024 * 1024;

    private static final String MESSAGE_TYPE = ":message-type";
    private static final String CONTENT_TYPE = ":content-type";
    private static final String JSON = "application/json";

    /**
     * @throws IllegalArgumentException when two headers share a name, the encoded headers exceed
     *                                  {@link #MAX_HEADERS_LENGTH} or the payload exceeds {@link #MAX_PAYLOAD_LENGTH}
     */
    public EventStreamMessage {
        headers = List.copyOf(headers);
        Objects.requireNonNull(payload, "payload");
        Set<String> names = new HashSet<>();
        for (Header header : headers) {
            if (!names.add(header.name())) {
                throw new IllegalArgumentException("duplicate header name \"" + header.name() + "\"");
            }
        }
        int headersLength = MessageCodec.headersLength(headers);
        if (headersLength > MAX_HEADERS_LENGTH) {
            throw new IllegalArgumentException("headers take " + headersLength + " bytes, more than the limit of "
                    + MAX_HEADERS_LENGTH);
        }
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payload has " + payload.length + " bytes, more than the limit of "
                    + MAX_PAYLOAD_LENGTH);
        }
    }

    /**
     * An event, as Bedrock streams a {@code chunk} or a ConverseStream event: headers
     * {@code :event-type}, {@code :content-type: application/json}, {@code :message-type: event}, in that order.
     */
    public static EventStreamMessage event(String eventType, byte[] jsonPayload) {
        return new EventStreamMessage(List.of(Header.string(":event-type", eventType),
                Header.string(CONTENT_TYPE, JSON), Header.string(MESSAGE_TYPE, "event")), jsonPayload);
    }

    /**
     * A modeled exception inside the stream (e.g. {@code throttlingException}): headers
     * {@code :exception-type}, {@code :content-type: application/json}, {@code :message-type: exception}.
     */
    public static EventStreamMessage exception(String exceptionType, byte[] jsonPayload) {
        return new EventStreamMessage(List.of(Header.string(":exception-type", exceptionType),
                Header.string(CONTENT_TYPE, JSON), Header.string(MESSAGE_TYPE, "exception")), jsonPayload);
    }

    /**
     * An unmodeled error: headers {@code :error-code}, {@code :error-message}, {@code :message-type: error},
     * empty payload.
     */
    public static EventStreamMessage error(String code, String message) {
        return new EventStreamMessage(List.of(Header.string(":error-code", code),
                Header.string(":error-message", message), Header.string(MESSAGE_TYPE, "error")), new byte[0]);
    }

    /**
     * Decodes exactly one complete frame.
     *
     * @throws EventStreamException when the frame is truncated or has trailing bytes, a CRC does not
     *                              match, a length is out of bounds, or a header is malformed or repeated
     */
    public static EventStreamMessage decode(byte[] frame) {
        if (frame.length < MessageCodec.PRELUDE_LENGTH) {
            throw new EventStreamException("truncated frame: " + frame.length + " bytes, fewer than the "
                    + MessageCodec.PRELUDE_LENGTH + "-byte prelude");
        }
        int total = MessageCodec.checkPrelude(frame, 0);
        if (total != frame.length) {
            throw new EventStreamException((total > frame.length ? "truncated frame" : "trailing bytes after frame")
                    + ": prelude says " + total + " bytes, got " + frame.length);
        }
        return MessageCodec.decode(frame, 0, total);
    }

    /** The wire form of this message: prelude, headers, payload and CRCs. */
    public byte[] encode() {
        return MessageCodec.encode(headers, payload);
    }

    /** The value of the header named {@code name}, if present. */
    public Optional<HeaderValue> header(String name) {
        return headers.stream().filter(h -> h.name().equals(name)).map(Header::value).findFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventStreamMessage that && headers.equals(that.headers)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(payload);
    }

    /** Headers and the payload as UTF-8 text (cut at 200 characters). */
    @Override
    public String toString() {
        String text = new String(payload, StandardCharsets.UTF_8);
        return "EventStreamMessage[headers=" + headers + ", payload=" + payload.length + " bytes: "
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "]";
    }
}
