package dev.modelgate.emulator.sts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Approximates STS's "packed" size of session policies and session tags, reported as
 * {@code PackedPolicySize} (a percentage of the allowed space). AWS's packing format is not
 * public; the emulator deflates the compact policy JSON, the policy ARNs and the tags and compares
 * the result with {@value #BUDGET_BYTES} bytes. Above 100 % the request fails with
 * {@code PackedPolicyTooLarge}.
 */
final class PackedPolicy {

    static final int BUDGET_BYTES = 2048;

    private PackedPolicy() {
    }

    /** The packed size in percent, rounded up; 0 when nothing is sent. */
    static int percent(String compactPolicy, List<String> policyArns, List<AssumeRoleInput.Tag> tags) {
        StringBuilder plain = new StringBuilder();
        if (compactPolicy != null) {
            plain.append(compactPolicy);
        }
        policyArns.forEach(arn -> plain.append('\n').append(arn));
        tags.forEach(tag -> plain.append('\n').append(tag.key()).append('=').append(tag.value()));
        if (plain.isEmpty()) {
            return 0;
        }
        int packed = deflatedLength(plain.toString().getBytes(StandardCharsets.UTF_8));
        return (int) Math.ceilDiv(100L * packed, BUDGET_BYTES);
    }

    private static int deflatedLength(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.size();
        } finally {
            deflater.end();
        }
    }
}
