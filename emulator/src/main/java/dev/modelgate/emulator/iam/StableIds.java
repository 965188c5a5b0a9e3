package dev.modelgate.emulator.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** IAM-looking unique ids derived from ARNs, so a world yields the same ids on every start. */
final class StableIds {

    /** IAM's unique-id alphabet: upper-case letters and the digits 2 to 7 (base32). */
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private StableIds() {
    }

    /** {@code prefix} followed by 17 characters derived from the SHA-256 of {@code arn}. */
    static String derive(String prefix, String arn) {
        byte[] hash = sha256(arn);
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(ALPHABET.charAt((hash[i] & 0xff) % ALPHABET.length()));
        }
        return id.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
