package dev.modelgate.template;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one buffer a render writes into: UTF-8 encoding and JSON string escaping happen straight into its bytes, without
 * intermediate strings. Three modes: an exact-size array (the body of a measured render), a growable array with a cap
 * (a JSON value being serialized) and a small buffer draining into an {@link OutputStream}. Not thread-safe: one per
 * render. Strings are escaped as {@link JsonEscapes} describes.
 */
final class ByteSink {

    /** Thrown by a capped sink asked to grow past its cap. */
    static final class CapExceededException extends RuntimeException {
        CapExceededException() {
            super("capped buffer is full", null, false, false);
        }
    }

    /** The longest run of plain ASCII copied at once: never more than a draining sink's buffer holds. */
    private static final int RUN = 4096;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf;
    private int pos;
    private final int cap;
    private final boolean exact;
    private final OutputStream out;
    private long drained;

    private ByteSink(byte[] buf, int cap, boolean exact, OutputStream out) {
        this.buf = buf;
        this.cap = cap;
        this.exact = exact;
        this.out = out;
    }

    /** A sink over an array of exactly {@code size} bytes, for a render whose length was measured first. */
    static ByteSink exact(int size) {
        return new ByteSink(new byte[size], size, true, null);
    }

    /** A sink that grows as needed up to {@code cap} bytes, then throws {@link CapExceededException}. */
    static ByteSink capped(int initial, int cap) {
        return new ByteSink(new byte[Math.min(initial, cap)], cap, false, null);
    }

    /** A sink that drains into {@code out} through an 8 KiB buffer; {@link #flush()} when done. */
    static ByteSink draining(OutputStream out) {
        return new ByteSink(new byte[8192], Integer.MAX_VALUE, false, out);
    }

    /** Bytes written so far, drained ones included. */
    long size() {
        return drained + pos;
    }

    /** The bytes written (the array itself for an exact sink, which must be full). */
    byte[] toByteArray() {
        if (exact) {
            if (pos != buf.length) {
                throw new IllegalStateException("rendered " + pos + " bytes into a body measured at " + buf.length);
            }
            return buf;
        }
        return Arrays.copyOf(buf, pos);
    }

    void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeAscii(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    /** Writes a string known to be ASCII (number and literal text). */
    void writeAscii(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) ascii.charAt(i);
        }
    }

    void write(byte[] bytes) {
        if (out != null && bytes.length > buf.length - pos) {
            drain();
            if (bytes.length > buf.length) {
                send(bytes, bytes.length);
                return;
            }
        }
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** Writes {@code s} as the content of a JSON string: escaped, UTF-8 encoded, without the quotes. */
    void writeEscaped(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int plain = i;
            int limit = Math.min(n, i + RUN);
            while (plain < limit && JsonEscapes.isPlain(s.charAt(plain))) {
                plain++;
            }
            if (plain > i) {
                ensure(plain - i);
                for (; i < plain; i++) {
                    buf[pos++] = (byte) s.charAt(i);
                }
            } else {
                i = writeEscapedChar(s, i);
            }
        }
    }

    /** Writes the char at {@code i} (with its low surrogate when paired) and returns the index after it. */
    private int writeEscapedChar(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x80) {
            byte escape = JsonEscapes.ASCII[c];
            if (escape == 'u') {
                writeUnicodeEscape(c);
            } else {
                ensure(2);
                buf[pos++] = '\\';
                buf[pos++] = escape;
            }
        } else if (c < 0x800) {
            ensure(2);
            buf[pos++] = (byte) (0xC0 | c >> 6);
            buf[pos++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            ensure(4);
            buf[pos++] = (byte) (0xF0 | cp >> 18);
            buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp & 0x3F);
            return i + 2;
        } else if (JsonEscapes.isUnicodeEscaped(c)) {
            writeUnicodeEscape(c);
        } else {
            ensure(3);
            buf[pos++] = (byte) (0xE0 | c >> 12);
            buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | c & 0x3F);
        }
        return i + 1;
    }

    /** Writes compact JSON text (from {@link JsonValues}) as JSON string content: {@code "} and {@code \} escaped. */
    void writeEscapedJson(byte[] json) {
        for (byte b : json) {
            if (b == '"' || b == '\\') {
                ensure(2);
                buf[pos++] = '\\';
            } else {
                ensure(1);
            }
            buf[pos++] = b;
        }
    }

    private void writeUnicodeEscape(char c) {
        ensure(6);
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[c >> 12 & 0xF];
        buf[pos++] = HEX[c >> 8 & 0xF];
        buf[pos++] = HEX[c >> 4 & 0xF];
        buf[pos++] = HEX[c & 0xF];
    }

    private void ensure(int n) {
        if (n > buf.length - pos) {
            makeRoom(n);
        }
    }

    private void makeRoom(int n) {
        if (out != null) {
            drain();
        } else if (exact) {
            throw new IllegalStateException("rendered past a body measured at " + buf.length + " bytes");
        } else if ((long) pos + n > cap) {
            throw new CapExceededException();
        } else {
            buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max((long) pos + n, 2L * buf.length)));
        }
    }

    private void drain() {
        send(buf, pos);
        pos = 0;
    }

    private void send(byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
            drained += length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
