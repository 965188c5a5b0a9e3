package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Queued throttling met by the SDK's default retry strategy: a transient failure is retried away, a persistent one
 * surfaces after the SDK's maximum attempts. The journal shows every attempt and its {@code amz-sdk-request} header.
 */
class RetriedFaultsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    private static InvokeModelResponse invokeHaiku(BedrockRuntimeClient bedrock) {
        return bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));
    }

    @Test
    void throttledOnce_succeedsOnTheSdksSecondAttempt() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.THROTTLING));

        InvokeModelResponse response;
        try (BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint())) {
            response = invokeHaiku(bedrock);
        }

        assertThat(json(response.body()).at("/content/0/text").stringValue()).isEqualTo(reply("Hi"));
        List<RecordedRequest> attempts = aws.emulator().journal().ofOperation("InvokeModel");
        assertThat(attempts).extracting(RecordedRequest::status).containsExactly(429, 200);
        assertThat(attempts.get(0).errorCode()).isEqualTo("ThrottlingException");
        assertThat(attempts.get(0).header("amz-sdk-request")).startsWith("attempt=1;");
        assertThat(attempts.get(1).header("amz-sdk-request")).startsWith("attempt=2;");
        assertThat(attempts.get(1).header("amz-sdk-invocation-id"))
                .isEqualTo(attempts.get(0).header("amz-sdk-invocation-id"));
    }

    @Test
    void throttledTenTimes_failsWithThrottlingExceptionAfterTheSdksMaxAttempts() {
        aws.emulator().faults().enqueue(Fault.next(10, FaultKind.THROTTLING));

        ThrottlingException e;
        try (BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint())) {
            e = catchThrowableOfType(ThrottlingException.class, () -> invokeHaiku(bedrock));
        }

        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Too many requests, please wait before trying again.");
        List<RecordedRequest> attempts = aws.emulator().journal().ofOperation("InvokeModel");
        int maxAttempts = maxAttempts(attempts.getFirst());
        assertThat(maxAttempts).as("the SDK's default max attempts").isGreaterThan(1);
        assertThat(attempts).hasSize(maxAttempts).allSatisfy(a -> assertThat(a.status()).isEqualTo(429));
        assertThat(attempts.getLast().header("amz-sdk-request")).startsWith("attempt=" + maxAttempts + ";");
        assertThat(aws.emulator().faults().queued()).singleElement()
                .satisfies(left -> assertThat(left.count()).isEqualTo(10 - maxAttempts));
    }

    @Test
    void modelNotReadyOnce_isRetriedByTheSdk() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_NOT_READY));

        try (BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint())) {
            invokeHaiku(bedrock);
        }

        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).extracting(RecordedRequest::errorCode)
                .containsExactly("ModelNotReadyException", null);
    }

    @Test
    void throttlingQueuedThroughTheControlApi_isRetriedAwayForItsModelAndOperation() throws Exception {
        HttpResponse<String> queued = post("/_emulator/faults", """
                {"kind":"THROTTLING","count":1,"model":"%s","operation":"InvokeModel"}""".formatted(HAIKU));
        assertThat(queued.statusCode()).isEqualTo(200);

        try (BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint())) {
            invokeHaiku(bedrock);
        }

        List<RecordedRequest> attempts = aws.emulator().journal().ofOperation("InvokeModel");
        assertThat(attempts).extracting(RecordedRequest::status).containsExactly(429, 200);
        assertThat(attempts).extracting(RecordedRequest::modelId).containsOnly(HAIKU);
        assertThat(aws.emulator().faults().queued()).isEmpty();
    }

    private static int maxAttempts(RecordedRequest first) {
        String header = first.header("amz-sdk-request");
        assertThat(header).matches("attempt=1; max=\\d+");
        return Integer.parseInt(header.substring(header.indexOf("max=") + 4));
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
