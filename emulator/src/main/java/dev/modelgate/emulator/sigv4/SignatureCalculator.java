package dev.modelgate.emulator.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SigV4 arithmetic: string to sign, signing key derivation, signature. */
final class SignatureCalculator {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";

    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private SignatureCalculator() {
    }

    /** {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256 of the canonical request>}. */
    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The lower-case hex signature of {@code stringToSign} under the key derived for the scope. */
    static String signature(String secret, String date, String region, String service, String stringToSign) {
        Mac mac = newMac();
        byte[] key = hmac(mac, ("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(mac, key, region);
        key = hmac(mac, key, service);
        key = hmac(mac, key, TERMINATOR);
        return HEX.formatHex(hmac(mac, key, stringToSign));
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no SHA-256", e);
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + HMAC, e);
        }
    }

    private static byte[] hmac(Mac mac, byte[] key, String data) {
        try {
            mac.init(new SecretKeySpec(key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise " + HMAC, e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
