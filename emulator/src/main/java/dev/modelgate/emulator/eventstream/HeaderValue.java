package dev.modelgate.emulator.eventstream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The typed value of an event-stream header; one record per wire type (type codes 0 to 9).
 */
public sealed interface HeaderValue {

    /** The largest byte or string value the uint16 length prefix allows. */
    int MAX_VALUE_LENGTH = 0xFFFF;

    /** Wire types 0 (true) and 1 (false); no value bytes. */
    record BoolValue(boolean value) implements HeaderValue {
    }

    /** Wire type 2: one signed byte. */
    record ByteValue(byte value) implements HeaderValue {
    }

    /** Wire type 3: big-endian int16. */
    record ShortValue(short value) implements HeaderValue {
    }

    /** Wire type 4: big-endian int32. */
    record IntValue(int value) implements HeaderValue {
    }

    /** Wire type 5: big-endian int64. */
    record LongValue(long value) implements HeaderValue {
    }

    /** Wire type 6: uint16 length and up to 65,535 bytes. The array is copied in and out. */
    record BytesValue(byte[] value) implements HeaderValue {

        /** @throws IllegalArgumentException when longer than 65,535 bytes */
        public BytesValue {
            value = Objects.requireNonNull(value, "value").clone();
            if (value.length > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("a bytes header value holds at most " + MAX_VALUE_LENGTH
                        + " bytes, got " + value.length);
            }
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BytesValue that && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesValue[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** Wire type 7: uint16 length and up to 65,535 bytes of UTF-8. */
    record StringValue(String value) implements HeaderValue {

        /** @throws IllegalArgumentException when the UTF-8 form is longer than 65,535 bytes */
        public StringValue {
            Objects.requireNonNull(value, "value");
            int length = value.getBytes(StandardCharsets.UTF_8).length;
            if (length > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("a string header value holds at most " + MAX_VALUE_LENGTH
                        + " UTF-8 bytes, got " + length);
            }
        }
    }

    /** Wire type 8: big-endian int64 milliseconds since the epoch; finer precision is truncated. */
    record TimestampValue(Instant value) implements HeaderValue {

        public TimestampValue {
            value = Objects.requireNonNull(value, "value").truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** Wire type 9: the 16 bytes of the UUID, most significant first. */
    record UuidValue(UUID value) implements HeaderValue {

        public UuidValue {
            Objects.requireNonNull(value, "value");
        }
    }
}
