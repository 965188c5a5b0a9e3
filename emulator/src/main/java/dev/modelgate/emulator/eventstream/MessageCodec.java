package dev.modelgate.emulator.eventstream;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The binary layout: {@code total_length:u32 | headers_length:u32 | prelude_crc:u32 | headers |
 * payload | message_crc:u32}, big-endian, CRC-32 (IEEE) over the first 8 bytes and over everything
 * before the message CRC.
 */
final class MessageCodec {

    static final int PRELUDE_LENGTH = 12;
    static final int OVERHEAD = PRELUDE_LENGTH + 4;

    private MessageCodec() {
    }

    static byte[] encode(List<Header> headers, byte[] payload) {
        int headersLength = headersLength(headers);
        ByteBuffer out = ByteBuffer.allocate(OVERHEAD + headersLength + payload.length);
        out.putInt(out.capacity()).putInt(headersLength).putInt(crc(out.array(), 0, 8));
        for (Header header : headers) {
            byte[] name = header.name().getBytes(StandardCharsets.UTF_8);
            out.put((byte) name.length).put(name);
            switch (header.value()) {
                case HeaderValue.BoolValue v -> out.put((byte) (v.value() ? 0 : 1));
                case HeaderValue.ByteValue v -> out.put((byte) 2).put(v.value());
                case HeaderValue.ShortValue v -> out.put((byte) 3).putShort(v.value());
                case HeaderValue.IntValue v -> out.put((byte) 4).putInt(v.value());
                case HeaderValue.LongValue v -> out.put((byte) 5).putLong(v.value());
                case HeaderValue.BytesValue v -> putSized(out.put((byte) 6), v.value());
                case HeaderValue.StringValue v -> putSized(out.put((byte) 7), v.value().getBytes(StandardCharsets.UTF_8));
                case HeaderValue.TimestampValue v -> out.put((byte) 8).putLong(v.value().toEpochMilli());
                case HeaderValue.UuidValue v -> out.put((byte) 9).putLong(v.value().getMostSignificantBits())
                        .putLong(v.value().getLeastSignificantBits());
            }
        }
        out.put(payload);
        out.putInt(crc(out.array(), 0, out.position()));
        return out.array();
    }

    /** The encoded size of {@code headers} in bytes. */
    static int headersLength(List<Header> headers) {
        int length = 0;
        for (Header header : headers) {
            length += 2 + header.name().getBytes(StandardCharsets.UTF_8).length + switch (header.value()) {
                case HeaderValue.BoolValue v -> 0;
                case HeaderValue.ByteValue v -> 1;
                case HeaderValue.ShortValue v -> 2;
                case HeaderValue.IntValue v -> 4;
                case HeaderValue.LongValue v -> 8;
                case HeaderValue.BytesValue v -> 2 + v.value().length;
                case HeaderValue.StringValue v -> 2 + v.value().getBytes(StandardCharsets.UTF_8).length;
                case HeaderValue.TimestampValue v -> 8;
                case HeaderValue.UuidValue v -> 16;
            };
        }
        return length;
    }

    /**
     * Checks the prelude at {@code offset} (12 bytes must be there) and returns the message's total length.
     *
     * @throws EventStreamException when the prelude CRC or a length is wrong
     */
    static int checkPrelude(byte[] bytes, int offset) {
        ByteBuffer prelude = ByteBuffer.wrap(bytes, offset, PRELUDE_LENGTH);
        long total = Integer.toUnsignedLong(prelude.getInt());
        long headersLength = Integer.toUnsignedLong(prelude.getInt());
        int expected = prelude.getInt();
        int actual = crc(bytes, offset, 8);
        if (actual != expected) {
            throw new EventStreamException(String.format("prelude CRC mismatch: computed 0x%08x, frame says 0x%08x",
                    actual, expected));
        }
        if (total < OVERHEAD) {
            throw new EventStreamException("total length " + total + " is below the " + OVERHEAD + "-byte minimum");
        }
        if (headersLength > EventStreamMessage.MAX_HEADERS_LENGTH) {
            throw new EventStreamException("headers length " + headersLength + " exceeds the limit of "
                    + EventStreamMessage.MAX_HEADERS_LENGTH + " bytes");
        }
        if (headersLength > total - OVERHEAD) {
            throw new EventStreamException("headers length " + headersLength + " does not fit in a message of "
                    + total + " bytes");
        }
        long payloadLength = total - OVERHEAD - headersLength;
        if (payloadLength > EventStreamMessage.MAX_PAYLOAD_LENGTH) {
            throw new EventStreamException("payload length " + payloadLength + " exceeds the limit of "
                    + EventStreamMessage.MAX_PAYLOAD_LENGTH + " bytes");
        }
        return (int) total;
    }

    /**
     * Decodes the message of {@code length} bytes at {@code offset}, whose prelude has been checked.
     *
     * @throws EventStreamException when the message CRC does not match or a header is malformed
     */
    static EventStreamMessage decode(byte[] bytes, int offset, int length) {
        ByteBuffer frame = ByteBuffer.wrap(bytes, offset, length).slice();
        int expected = frame.getInt(length - 4);
        int actual = crc(bytes, offset, length - 4);
        if (actual != expected) {
            throw new EventStreamException(String.format("message CRC mismatch: computed 0x%08x, frame says 0x%08x",
                    actual, expected));
        }
        int headersEnd = PRELUDE_LENGTH + frame.getInt(4);
        frame.position(PRELUDE_LENGTH);
        List<Header> headers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        while (frame.position() < headersEnd) {
            int nameLength = Byte.toUnsignedInt(frame.get());
            if (nameLength == 0) {
                throw new EventStreamException("header " + (headers.size() + 1) + " has an empty name");
            }
            String name = utf8(bytes(frame, nameLength, headersEnd, "a header name"), "a header name");
            if (!names.add(name)) {
                throw new EventStreamException("duplicate header \"" + name + "\"");
            }
            headers.add(new Header(name, value(frame, name, headersEnd)));
        }
        byte[] payload = new byte[length - 4 - headersEnd];
        frame.get(payload);
        return new EventStreamMessage(headers, payload);
    }

    private static HeaderValue value(ByteBuffer frame, String name, int headersEnd) {
        String what = "the value of header \"" + name + "\"";
        int type = Byte.toUnsignedInt(bytes(frame, 1, headersEnd, what)[0]);
        return switch (type) {
            case 0, 1 -> new HeaderValue.BoolValue(type == 0);
            case 2 -> new HeaderValue.ByteValue(ByteBuffer.wrap(bytes(frame, 1, headersEnd, what)).get());
            case 3 -> new HeaderValue.ShortValue(ByteBuffer.wrap(bytes(frame, 2, headersEnd, what)).getShort());
            case 4 -> new HeaderValue.IntValue(ByteBuffer.wrap(bytes(frame, 4, headersEnd, what)).getInt());
            case 5 -> new HeaderValue.LongValue(ByteBuffer.wrap(bytes(frame, 8, headersEnd, what)).getLong());
            case 6 -> new HeaderValue.BytesValue(bytes(frame, unsignedShort(frame, headersEnd, what), headersEnd, what));
            case 7 -> new HeaderValue.StringValue(
                    utf8(bytes(frame, unsignedShort(frame, headersEnd, what), headersEnd, what), what));
            case 8 -> new HeaderValue.TimestampValue(
                    Instant.ofEpochMilli(ByteBuffer.wrap(bytes(frame, 8, headersEnd, what)).getLong()));
            case 9 -> {
                ByteBuffer uuid = ByteBuffer.wrap(bytes(frame, 16, headersEnd, what));
                yield new HeaderValue.UuidValue(new UUID(uuid.getLong(), uuid.getLong()));
            }
            default -> throw new EventStreamException("header \"" + name + "\" has unknown type " + type);
        };
    }

    private static int unsignedShort(ByteBuffer frame, int headersEnd, String what) {
        return ByteBuffer.wrap(bytes(frame, 2, headersEnd, what)).getShort() & 0xFFFF;
    }

    private static byte[] bytes(ByteBuffer frame, int count, int headersEnd, String what) {
        if (frame.position() + count > headersEnd) {
            throw new EventStreamException("the header block (" + (headersEnd - PRELUDE_LENGTH)
                    + " bytes) ends inside " + what);
        }
        byte[] bytes = new byte[count];
        frame.get(bytes);
        return bytes;
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new EventStreamException(what + " is not valid UTF-8");
        }
    }

    private static void putSized(ByteBuffer out, byte[] value) {
        out.putShort((short) value.length).put(value);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
