package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfigLatency;
import software.amazon.awssdk.services.bedrockruntime.model.Trace;

class InvokeModelExchangeTest {

    private static final URI ENDPOINT = URI.create("https://bedrock-runtime.eu-west-1.amazonaws.com");

    @Test
    void marshal_arnModelId_isOneEncodedPathSegment() {
        SdkHttpFullRequest http = InvokeModelExchange.marshal(ENDPOINT, InvokeModelRequest.builder()
                .modelId("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0")
                .contentType("application/json").accept("application/json")
                .body(SdkBytes.fromUtf8String("{}")).build(), 2);

        assertThat(http.encodedPath()).isEqualTo("/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3A"
                + "inference-profile%2Feu.anthropic.claude-3-haiku-20240307-v1%3A0/invoke");
        assertThat(http.getUri().toString()).startsWith("https://bedrock-runtime.eu-west-1.amazonaws.com/model/");
        assertThat(http.firstMatchingHeader("Content-Length")).contains("2");
        assertThat(http.firstMatchingHeader("Accept")).contains("application/json");
        assertThat(http.firstMatchingHeader("X-Amzn-Bedrock-GuardrailIdentifier")).isEmpty();
    }

    @Test
    void marshal_options_areTheirHeaders() {
        SdkHttpFullRequest http = InvokeModelExchange.marshal(ENDPOINT, InvokeModelRequest.builder()
                .modelId("amazon.nova-lite-v1:0").contentType("application/json")
                .guardrailIdentifier("gr-1").guardrailVersion("DRAFT").trace(Trace.ENABLED)
                .performanceConfigLatency(PerformanceConfigLatency.OPTIMIZED).serviceTier("priority")
                .body(SdkBytes.fromUtf8String("{}")).build(), 2);

        assertThat(http.firstMatchingHeader("X-Amzn-Bedrock-GuardrailIdentifier")).contains("gr-1");
        assertThat(http.firstMatchingHeader("X-Amzn-Bedrock-GuardrailVersion")).contains("DRAFT");
        assertThat(http.firstMatchingHeader("X-Amzn-Bedrock-Trace")).contains("ENABLED");
        assertThat(http.firstMatchingHeader("X-Amzn-Bedrock-PerformanceConfig-Latency")).contains("optimized");
        assertThat(http.firstMatchingHeader("X-Amzn-Bedrock-Service-Tier")).contains("priority");
    }

    @Test
    void failure_errorTypeHeader_winsOverTheBody_andTheMessageIsTheBodys() {
        AwsServiceException e = InvokeModelExchange.failure(response(429)
                        .putHeader("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                        .putHeader("x-amzn-RequestId", "req-1").build(),
                bytes("{\"__type\":\"Other\",\"message\":\"Too many requests, please wait before trying again.\"}"));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Too many requests, please wait before trying again.");
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.requestId()).isEqualTo("req-1");
    }

    @Test
    void failure_withoutTheHeader_takesTheBodysTypeWithoutItsNamespace() {
        AwsServiceException e = InvokeModelExchange.failure(response(400).build(),
                bytes("{\"__type\":\"com.amazon.bedrock#ValidationException\",\"Message\":\"bad\"}"));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("bad");
    }

    @Test
    void failure_bodyNotJson_hasNoCodeNorMessage_andKeepsTheStatus() {
        AwsServiceException e = InvokeModelExchange.failure(response(502).build(), bytes("<html>Bad Gateway</html>"));

        assertThat(e.awsErrorDetails().errorCode()).isNull();
        assertThat(e.awsErrorDetails().errorMessage()).isNull();
        assertThat(e.statusCode()).isEqualTo(502);
        assertThat(BedrockFailures.translate(e, 1).kind()).isEqualTo(InvokeException.Kind.UNAVAILABLE);
    }

    @Test
    void endpoint_isTheRegionsAsTheSdksRulesGiveIt_orTheOverride() {
        try (BedrockClients clients = BedrockClients.builder().build()) {
            assertThat(clients.endpoint("eu-west-1")).isEqualTo(ENDPOINT);
            assertThat(clients.endpoint("cn-north-1"))
                    .isEqualTo(URI.create("https://bedrock-runtime.cn-north-1.amazonaws.com.cn"));
        }
        try (BedrockClients clients = BedrockClients.builder().endpointOverride(URI.create("http://127.0.0.1:4566"))
                .build()) {
            assertThat(clients.endpoint("eu-west-1")).isEqualTo(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void errorType_strips() {
        assertThat(InvokeModelExchange.errorType(" AccessDeniedException ")).isEqualTo("AccessDeniedException");
        assertThat(InvokeModelExchange.errorType("aws.protocoltests#ModelErrorException:x")).isEqualTo("ModelErrorException");
        assertThat(InvokeModelExchange.errorType("")).isNull();
        assertThat(InvokeModelExchange.errorType(null)).isNull();
    }

    @Test
    void read_declaredLength_isReadIntoOneArray() throws IOException {
        byte[] body = InvokeModelExchange.read(stream("{\"a\":1}"),
                response(200).putHeader("Content-Length", "7").build(), 100);

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void read_bodyShorterThanDeclared_fails() {
        assertThatThrownBy(() -> InvokeModelExchange.read(stream("{\"a\""),
                response(200).putHeader("Content-Length", "7").build(), 100))
                .isInstanceOf(IOException.class).hasMessage("the answer ended after 4 of its 7 bytes");
    }

    @Test
    void read_declaredOverTheCap_isRefusedBeforeReading() {
        assertThatThrownBy(() -> InvokeModelExchange.read(stream("{}"),
                response(200).putHeader("Content-Length", "101").build(), 100))
                .isInstanceOf(BedrockClients.ResponseTooLargeException.class)
                .hasMessage("the answer is larger than the cap of 100 bytes");
    }

    @Test
    void read_declaredLengthNotADecimalNumber_isReadAsUndeclared_upToTheCap() throws IOException {
        assertThat(InvokeModelExchange.read(stream("{}"), response(200).putHeader("Content-Length", "2x").build(), 10))
                .asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThatThrownBy(() -> InvokeModelExchange.read(stream("0123456789A"),
                response(200).putHeader("Content-Length", "-1").build(), 10))
                .isInstanceOf(BedrockClients.ResponseTooLargeException.class);
    }

    @Test
    void read_undeclaredLength_isCapped() throws IOException {
        assertThat(InvokeModelExchange.read(stream("0123456789"), response(200).build(), 10)).hasSize(10);
        assertThatThrownBy(() -> InvokeModelExchange.read(stream("0123456789A"), response(200).build(), 10))
                .isInstanceOf(BedrockClients.ResponseTooLargeException.class);
    }

    @Test
    void read_noBody_isEmpty() throws IOException {
        assertThat(InvokeModelExchange.read(Optional.empty(), response(200).build(), 10)).isEmpty();
    }

    private static SdkHttpResponse.Builder response(int status) {
        return SdkHttpResponse.builder().statusCode(status);
    }

    private static Optional<AbortableInputStream> stream(String text) {
        return Optional.of(AbortableInputStream.create(new ByteArrayInputStream(bytes(text))));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
