package dev.modelgate.emulator.eventstream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event-stream header: a name of 1 to 255 UTF-8 bytes and a typed value.
 *
 * @param name  the header name, e.g. {@code :event-type}
 * @param value the typed value
 */
public record Header(String name, HeaderValue value) {

    /** The longest header name the uint8 length prefix allows, in UTF-8 bytes. */
    public static final int MAX_NAME_LENGTH = 0xFF;

    /** @throws IllegalArgumentException when the name is empty or longer than 255 UTF-8 bytes */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a header name holds 1 to " + MAX_NAME_LENGTH + " UTF-8 bytes, got "
                    + length + " for \"" + name + "\"");
        }
    }

    /** A string header (type 7). */
    public static Header string(String name, String value) {
        return new Header(name, new HeaderValue.StringValue(value));
    }

    /** A boolean header (type 0 or 1). */
    public static Header bool(String name, boolean value) {
        return new Header(name, new HeaderValue.BoolValue(value));
    }

    /** A one-byte integer header (type 2). */
    public static Header int8(String name, byte value) {
        return new Header(name, new HeaderValue.ByteValue(value));
    }

    /** A 16-bit integer header (type 3). */
    public static Header int16(String name, short value) {
        return new Header(name, new HeaderValue.ShortValue(value));
    }

    /** A 32-bit integer header (type 4). */
    public static Header int32(String name, int value) {
        return new Header(name, new HeaderValue.IntValue(value));
    }

    /** A 64-bit integer header (type 5). */
    public static Header int64(String name, long value) {
        return new Header(name, new HeaderValue.LongValue(value));
    }

    /** A byte-array header (type 6); the array is copied. */
    public static Header bytes(String name, byte[] value) {
        return new Header(name, new HeaderValue.BytesValue(value));
    }

    /** A timestamp header (type 8), millisecond precision. */
    public static Header timestamp(String name, Instant value) {
        return new Header(name, new HeaderValue.TimestampValue(value));
    }

    /** A UUID header (type 9). */
    public static Header uuid(String name, UUID value) {
        return new Header(name, new HeaderValue.UuidValue(value));
    }
}
