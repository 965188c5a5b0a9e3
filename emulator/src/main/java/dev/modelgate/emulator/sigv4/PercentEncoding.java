package dev.modelgate.emulator.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's URI encoding: every byte except the unreserved characters {@code A-Z a-z 0-9 - _ . ~}
 * becomes {@code %XX} with upper-case hex, a space included ({@code %20}, never {@code +}).
 */
final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /** Appends the encoding of {@code bytes}; {@code keepSlash} leaves '/' as is (for paths). */
    static void encode(byte[] bytes, boolean keepSlash, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /**
     * Decodes {@code %XX} escapes (RFC 3986, so '+' stays a plus) into bytes; characters outside
     * escapes contribute their UTF-8 bytes. A '%' not followed by two hex digits is kept literally,
     * as lenient servers do. Working on bytes keeps escapes of invalid UTF-8 intact for re-encoding.
     */
    static byte[] decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int runStart = 0;
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%' && i + 2 < raw.length()
                    && hexValue(raw.charAt(i + 1)) >= 0 && hexValue(raw.charAt(i + 2)) >= 0) {
                out.writeBytes(raw.substring(runStart, i).getBytes(StandardCharsets.UTF_8));
                out.write(hexValue(raw.charAt(i + 1)) << 4 | hexValue(raw.charAt(i + 2)));
                i += 3;
                runStart = i;
            } else {
                i++;
            }
        }
        out.writeBytes(raw.substring(runStart).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
