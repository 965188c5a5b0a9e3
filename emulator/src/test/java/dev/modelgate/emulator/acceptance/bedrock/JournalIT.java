package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * The request journal after a session of SDK calls: one entry per call, in order, with the operation, the model ID as
 * the caller wrote it (decoded from the wire path), the signing principal, and the status and error code answered —
 * in Java and through {@code GET /_emulator/requests}.
 */
class JournalIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String PROVISIONED = "arn:aws:bedrock:us-east-1:222222222222:provisioned-model/p3v8n2d6s4qa";
    private static final String ADMIN = BedrockSdk.TENANT_ADMIN_ARN;

    /** Six SDK calls, one of them refused. */
    private static void callEveryOperation() {
        try (BedrockRuntimeClient sync = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
             BedrockRuntimeAsyncClient async = BedrockSdk.asyncRuntime(aws.endpoint());
             BedrockClient control = BedrockSdk.controlPlane(aws.endpoint(), BedrockSdk.REGION, BedrockSdk.TENANT_ADMIN)) {
            sync.invokeModel(r -> r.modelId(PROVISIONED).body(utf8(NativeBodies.titan("Hi"))));
            assertThat(catchThrowable(() -> sync.invokeModel(r -> r.modelId(HAIKU).body(utf8("{}")))))
                    .isInstanceOf(ValidationException.class);
            sync.converse(r -> r.modelId("us." + HAIKU)
                    .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Hi"))));
            assertThat(StreamCapture.invoke(async, HAIKU, NativeBodies.claude("Hi")).failure()).isNull();
            assertThat(StreamCapture.converse(async, ConverseStreamRequest.builder().modelId(HAIKU)
                    .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Hi"))).build()).failure()).isNull();
            control.getInferenceProfile(r -> r.inferenceProfileIdentifier("us." + HAIKU));
        }
    }

    @Test
    void everySdkCall_isJournalledWithOperationModelCallerAndOutcome() {
        callEveryOperation();

        assertThat(aws.emulator().journal().all())
                .extracting(RecordedRequest::service, RecordedRequest::operation, RecordedRequest::modelId,
                        RecordedRequest::caller, RecordedRequest::status, RecordedRequest::errorCode)
                .containsExactly(
                        tuple("bedrock-runtime", "InvokeModel", PROVISIONED, ADMIN, 200, null),
                        tuple("bedrock-runtime", "InvokeModel", HAIKU, ADMIN, 400, "ValidationException"),
                        tuple("bedrock-runtime", "Converse", "us." + HAIKU, ADMIN, 200, null),
                        tuple("bedrock-runtime", "InvokeModelWithResponseStream", HAIKU, ADMIN, 200, null),
                        tuple("bedrock-runtime", "ConverseStream", HAIKU, ADMIN, 200, null),
                        tuple("bedrock", "GetInferenceProfile", null, ADMIN, 200, null));
        assertThat(aws.emulator().journal().all()).extracting(RecordedRequest::sequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void journalThroughTheControlApi_showsTheSameEntries() throws Exception {
        callEveryOperation();

        JsonNode requests;
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI journal = URI.create(aws.endpoint() + "/_emulator/requests?limit=6");
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(journal).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            requests = BedrockSdk.json(response.body());
        }

        assertThat(requests).hasSize(6);
        JsonNode provisioned = requests.get(0);
        assertThat(provisioned.get("operation").stringValue()).isEqualTo("InvokeModel");
        assertThat(provisioned.get("modelId").stringValue()).isEqualTo(PROVISIONED);
        assertThat(provisioned.get("path").stringValue())
                .isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Aprovisioned-model%2Fp3v8n2d6s4qa/invoke");
        assertThat(provisioned.get("caller").stringValue()).isEqualTo(ADMIN);
        assertThat(provisioned.get("status").intValue()).isEqualTo(200);
        assertThat(provisioned.get("body").stringValue()).isEqualTo(NativeBodies.titan("Hi"));
        JsonNode refused = requests.get(1);
        assertThat(refused.get("status").intValue()).isEqualTo(400);
        assertThat(refused.get("errorCode").stringValue()).isEqualTo("ValidationException");
        assertThat(refused.get("bodyLength").intValue()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8).length);
    }
}
