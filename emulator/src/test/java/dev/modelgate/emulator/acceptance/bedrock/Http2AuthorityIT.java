package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SigV4 over HTTP/2 signed the way the AWS SDK for JavaScript v3 signs it there: the {@code :authority}
 * pseudo-header in the canonical headers under its own name, no {@code host}. The client is the JDK's HTTP/2 client
 * (h2c), which sends the authority only as {@code :authority}; the signature is computed by {@link AuthoritySigner},
 * independently of the emulator's verifier.
 */
class Http2AuthorityIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String PATH = "/model/amazon.titan-text-express-v1/invoke";
    private static final String BODY = "{\"inputText\":\"Hello over HTTP/2\"}";

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
        return AuthoritySigner.authority(aws.endpoint());
    }

    private static HttpRequest signedRequest(Map<String, String> signed) {
        return AuthoritySigner.post(aws.endpoint(), PATH, BODY, signed);
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
}
