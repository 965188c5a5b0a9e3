package dev.modelgate.emulator.eventstream;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** Builds raw frames by hand, with correct CRCs, to feed the decoder bytes no encoder would write. */
final class Frames {

    private Frames() {
    }

    /** A frame around {@code headerBlock} and {@code payload}, lengths and both CRCs computed. */
    static byte[] frame(byte[] headerBlock, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(16 + headerBlock.length + payload.length);
        out.putInt(out.capacity()).putInt(headerBlock.length).putInt(crc(out.array(), 8));
        out.put(headerBlock).put(payload);
        out.putInt(crc(out.array(), out.position()));
        return out.array();
    }

    /** Just a prelude with a correct CRC, for length checks that must fire before the rest arrives. */
    static byte[] prelude(int totalLength, int headersLength) {
        ByteBuffer out = ByteBuffer.allocate(12);
        out.putInt(totalLength).putInt(headersLength).putInt(crc(out.array(), 8));
        return out.array();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
