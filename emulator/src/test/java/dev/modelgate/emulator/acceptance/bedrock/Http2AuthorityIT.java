package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SigV4 over HTTP/2 signed the way the AWS SDK for JavaScript v3 signs it there: the {@code :authority}
 * pseudo-header in the canonical headers under its own name, no {@code host}. The client is the JDK's HTTP/2 client
 * (h2c), which sends the authority only as {@code :authority}; the signature is computed here, independently of the
 * emulator's verifier.
 */
class Http2AuthorityIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String ACCESS_KEY = "AKIATENANTADMIN00001";
    private static final String SECRET = "tenantAdminFakeSecretKey0000000000000001";
    private static final String PATH = "/model/amazon.titan-text-express-v1/invoke";
    private static final String BODY = "{\"inputText\":\"Hello over HTTP/2\"}";
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static HttpClient http2;

    @BeforeAll
    static void client() throws Exception {
        http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5))
                .build();
        // The first exchange upgrades the connection (h2c); the calls below then travel as HTTP/2 streams.
        HttpResponse<String> warmUp = http2.send(HttpRequest.newBuilder(aws.endpoint().resolve("/_emulator/clock"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(warmUp.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void close() {
        http2.close();
    }

    private static String authority() {
        URI endpoint = aws.endpoint();
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    /**
     * The request signed over {@code signed} (lower-case names and their values as signed), sending every signed
     * header but the pseudo-header and {@code host}, which the HTTP client sends itself.
     */
    private static HttpRequest signedRequest(Map<String, String> signed) throws Exception {
        Instant now = Instant.now();
        String amzDate = BASIC.format(now);
        String day = amzDate.substring(0, 8);
        String payloadHash = hex(sha256(BODY.getBytes(StandardCharsets.UTF_8)));
        TreeMap<String, String> headers = new TreeMap<>(signed);
        headers.put("content-type", "application/json");
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value.strip()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = "POST\n" + PATH + "\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                + payloadHash;
        String scope = day + "/us-east-1/bedrock/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, "us-east-1");
        key = hmac(key, "bedrock");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, stringToSign));
        HttpRequest.Builder request = HttpRequest.newBuilder(aws.endpoint().resolve(PATH))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        headers.forEach((name, value) -> {
            if (!name.equals(":authority") && !name.equals("host")) {
                request.header(name, value);
            }
        });
        return request.build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void http2_signatureOverTheAuthorityPseudoHeader_isAccepted() throws Exception {
        HttpResponse<String> response = send(http2, signedRequest(Map.of(":authority", authority())));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BedrockSdk.json(response.body().getBytes(StandardCharsets.UTF_8)).path("results").get(0)
                .path("outputText").stringValue()).isEqualTo(BedrockSdk.reply("Hello over HTTP/2"));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel").getLast().caller())
                .isEqualTo(BedrockSdk.TENANT_ADMIN_ARN);
    }

    @Test
    void http2_authoritySignedWithAnotherValue_isRefusedAsAWrongSignature() throws Exception {
        HttpResponse<String> response = send(http2, signedRequest(Map.of(":authority",
                "bedrock-runtime.us-east-1.amazonaws.com")));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType").orElseThrow())
                .startsWith("InvalidSignatureException");
        assertThat(response.body()).contains("The request signature we calculated does not match the signature you"
                + " provided.");
    }

    @Test
    void http1_hasNoAuthorityPseudoHeader_soItsSignatureDoesNotMatch() throws Exception {
        try (HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = send(http1, signedRequest(Map.of(":authority", authority())));

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType").orElseThrow())
                    .startsWith("InvalidSignatureException");
        }
    }

    @Test
    void neitherHostNorAuthoritySigned_isAnIncompleteSignature() throws Exception {
        HttpResponse<String> response = send(http2, signedRequest(new LinkedHashMap<>()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType").orElseThrow())
                .startsWith("IncompleteSignatureException");
        assertThat(response.body()).contains("'Host' or ':authority' must be a 'SignedHeader' in the AWS"
                + " Authorization.");
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
