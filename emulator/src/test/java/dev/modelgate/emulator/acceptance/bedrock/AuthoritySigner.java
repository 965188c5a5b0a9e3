package dev.modelgate.emulator.acceptance.bedrock;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a Bedrock runtime POST as the tenant admin with SigV4 the way the AWS SDK for JavaScript v3 does over
 * HTTP/2: the headers given (e.g. {@code :authority}) signed under their own names, computed here independently of
 * the emulator's verifier. Every signed header but {@code :authority} and {@code host}, which the JDK's HTTP client
 * sends itself, goes on the request.
 */
final class AuthoritySigner {

    private static final String ACCESS_KEY = "AKIATENANTADMIN00001";
    private static final String SECRET = "tenantAdminFakeSecretKey0000000000000001";
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AuthoritySigner() {
    }

    /** {@code host:port} of the endpoint: what the JDK's HTTP/2 client sends as {@code :authority}. */
    static String authority(URI endpoint) {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    static HttpRequest post(URI endpoint, String path, String body, Map<String, String> signed) {
        try {
            Instant now = Instant.now();
            String amzDate = BASIC.format(now);
            String day = amzDate.substring(0, 8);
            String payloadHash = hex(sha256(body.getBytes(StandardCharsets.UTF_8)));
            TreeMap<String, String> headers = new TreeMap<>(signed);
            headers.put("content-type", "application/json");
            headers.put("x-amz-content-sha256", payloadHash);
            headers.put("x-amz-date", amzDate);
            StringBuilder canonicalHeaders = new StringBuilder();
            headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value.strip())
                    .append('\n'));
            String signedHeaders = String.join(";", headers.keySet());
            String canonicalRequest = "POST\n" + path + "\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                    + payloadHash;
            String scope = day + "/us-east-1/bedrock/aws4_request";
            String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), day);
            key = hmac(key, "us-east-1");
            key = hmac(key, "bedrock");
            key = hmac(key, "aws4_request");
            String signature = hex(hmac(key, stringToSign));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/" + scope
                            + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
            headers.forEach((name, value) -> {
                if (!name.equals(":authority") && !name.equals("host")) {
                    request.header(name, value);
                }
            });
            return request.build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256 and HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[] bytes) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
