package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTrace;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Trace;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * Guardrails of the default world: {@code mgdemoguard1} (versions DRAFT and 1) in the tenant account intervenes on
 * input containing BLOCKME, through InvokeModel's headers and Converse's {@code guardrailConfig}, streamed or not.
 */
class GuardrailIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String GUARDRAIL = "mgdemoguard1";
    private static final String BLOCKED = "Sorry, the model cannot answer this question.";

    private static BedrockRuntimeClient bedrock;
    private static BedrockRuntimeAsyncClient async;

    @BeforeAll
    static void clients() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
        async = BedrockSdk.asyncRuntime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
        async.close();
    }

    private static String claude(String text) {
        return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static InvokeModelResponse invoke(String text, String guardrail, String version, Trace trace) {
        return bedrock.invokeModel(r -> r.modelId(HAIKU).contentType("application/json").body(utf8(claude(text)))
                .guardrailIdentifier(guardrail).guardrailVersion(version).trace(trace));
    }

    private static ConverseRequest converse(String text, String guardrail, String version) {
        return ConverseRequest.builder().modelId(HAIKU)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text(text)))
                .guardrailConfig(g -> g.guardrailIdentifier(guardrail).guardrailVersion(version)
                        .trace(GuardrailTrace.ENABLED))
                .build();
    }

    @Test
    void invokeModel_inputWithTheTrigger_answersTheBlockedMessageInTheFamilyShape() {
        InvokeModelResponse response = invoke("please blockme now", GUARDRAIL, "1", Trace.ENABLED);

        JsonNode body = json(response.body());
        assertThat(body.path("type").stringValue()).isEqualTo("message");
        assertThat(body.path("content").get(0).path("text").stringValue()).isEqualTo(BLOCKED);
        assertThat(body.path("amazon-bedrock-guardrailAction").stringValue()).isEqualTo("INTERVENED");
        assertThat(body.path("amazon-bedrock-trace").path("guardrail").path("input").path(GUARDRAIL)
                .path("wordPolicy").path("customWords").get(0).path("action").stringValue()).isEqualTo("BLOCKED");
        assertThat(body.path("usage").path("output_tokens").intValue()).isZero();
    }

    @Test
    void invokeModel_innocentInput_answersAsUsualWithGuardrailActionNone() {
        InvokeModelResponse response = invoke("hello there", "arn:aws:bedrock:us-east-1:222222222222:guardrail/"
                + GUARDRAIL, "DRAFT", null);

        JsonNode body = json(response.body());
        assertThat(body.path("content").get(0).path("text").stringValue()).isEqualTo(reply("hello there"));
        assertThat(body.path("amazon-bedrock-guardrailAction").stringValue()).isEqualTo("NONE");
        assertThat(body.has("amazon-bedrock-trace")).isFalse();
    }

    @Test
    void invokeModel_unknownGuardrailOrVersion_isRefused() {
        ValidationException unknown = catchThrowableOfType(ValidationException.class,
                () -> invoke("hello", "nosuchguard1", "1", null));
        assertThat(unknown.awsErrorDetails().errorMessage()).isEqualTo("The provided guardrail identifier is invalid.");

        ValidationException version = catchThrowableOfType(ValidationException.class,
                () -> invoke("hello", GUARDRAIL, "7", null));
        assertThat(version.awsErrorDetails().errorMessage()).isEqualTo("The provided guardrail version is invalid.");

        ValidationException otherAccount = catchThrowableOfType(ValidationException.class,
                () -> invoke("hello", "arn:aws:bedrock:us-east-1:111111111111:guardrail/" + GUARDRAIL, "1", null));
        assertThat(otherAccount.awsErrorDetails().errorMessage())
                .isEqualTo("The provided guardrail identifier is invalid.");

        ValidationException pattern = catchThrowableOfType(ValidationException.class,
                () -> invoke("hello", GUARDRAIL, "v1", null));
        assertThat(pattern.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'v1' at"
                + " 'guardrailVersion' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                + " (|([1-9][0-9]{0,7})|(DRAFT))");

        ValidationException noVersion = catchThrowableOfType(ValidationException.class,
                () -> invoke("hello", GUARDRAIL, null, null));
        assertThat(noVersion.statusCode()).isEqualTo(400);
    }

    @Test
    void invokeModel_callerWithoutApplyGuardrail_isDenied() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoExternalIdRole");
             var client = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                    () -> client.invokeModel(r -> r.modelId(HAIKU).contentType("application/json")
                            .body(utf8(claude("hi"))).guardrailIdentifier(GUARDRAIL).guardrailVersion("1")));
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: " + role.sessionArn()
                    + " is not authorized to perform: bedrock:ApplyGuardrail on resource:"
                    + " arn:aws:bedrock:us-east-1:222222222222:guardrail/" + GUARDRAIL);
        }
    }

    @Test
    void invokeModel_tenantRole_mayApplyTheTenantGuardrail() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "ModelgateBedrockAccess");
             var client = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            InvokeModelResponse response = client.invokeModel(r -> r.modelId(HAIKU).contentType("application/json")
                    .body(utf8(claude("BlockMe"))).guardrailIdentifier(GUARDRAIL).guardrailVersion("1"));
            assertThat(json(response.body()).path("amazon-bedrock-guardrailAction").stringValue())
                    .isEqualTo("INTERVENED");
        }
    }

    @Test
    void invokeModelWithResponseStream_intervention_streamsTheBlockedMessageMarkedIntervened() {
        var capture = StreamCapture.invoke(async, HAIKU, claude("BLOCKME please"),
                r -> r.guardrailIdentifier(GUARDRAIL).guardrailVersion("DRAFT").trace(Trace.ENABLED));

        assertThat(capture.failure()).isNull();
        String text = capture.events().stream().filter(c -> "content_block_delta".equals(c.path("type").stringValue()))
                .map(c -> c.path("delta").path("text").stringValue()).collect(Collectors.joining());
        assertThat(text).isEqualTo(BLOCKED);
        assertThat(capture.events()).allSatisfy(chunk ->
                assertThat(chunk.path("amazon-bedrock-guardrailAction").stringValue()).isEqualTo("INTERVENED"));
        assertThat(capture.events().getLast().has("amazon-bedrock-trace")).isTrue();
    }

    @Test
    void converse_intervention_stopsWithGuardrailIntervenedAndTheTrace() {
        ConverseResponse response = bedrock.converse(converse("Tell me, BLOCKME.", GUARDRAIL, "1"));

        assertThat(response.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
        assertThat(response.output().message().content()).singleElement()
                .satisfies(block -> assertThat(block.text()).isEqualTo(BLOCKED));
        assertThat(response.usage().outputTokens()).isZero();
        assertThat(response.trace().guardrail().inputAssessment()).containsKey(GUARDRAIL);
    }

    @Test
    void converse_innocentInput_answersAsUsual() {
        ConverseResponse response = bedrock.converse(converse("Tell me a story", GUARDRAIL, "DRAFT"));

        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.output().message().content().getFirst().text()).isEqualTo(reply("Tell me a story"));
        assertThat(response.trace().guardrail().inputAssessment().get(GUARDRAIL).wordPolicy()).isNull();
    }

    @Test
    void converse_unknownGuardrail_isRefused() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> bedrock.converse(converse("hi", "abcdefabcdef", "1")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The provided guardrail identifier is invalid.");
    }

    @Test
    void converseStream_intervention_streamsTheBlockedMessageAndStopsWithGuardrailIntervened() {
        var capture = StreamCapture.converse(async, ConverseStreamRequest.builder().modelId(HAIKU)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("blockme")))
                .guardrailConfig(g -> g.guardrailIdentifier(GUARDRAIL).guardrailVersion("1"))
                .build());

        assertThat(capture.failure()).isNull();
        String text = capture.events().stream().filter(ContentBlockDeltaEvent.class::isInstance)
                .map(e -> ((ContentBlockDeltaEvent) e).delta().text()).collect(Collectors.joining());
        assertThat(text).isEqualTo(BLOCKED);
        List<StopReason> stops = capture.events().stream().filter(MessageStopEvent.class::isInstance)
                .map(e -> ((MessageStopEvent) e).stopReason()).toList();
        assertThat(stops).containsExactly(StopReason.GUARDRAIL_INTERVENED);
    }

    @Test
    void invokeModel_guardrailConfigMember_isTakenOffTheBodyWithAGuardrail_andRefusedWithout() {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100,"
                + "\"amazon-bedrock-guardrailConfig\":{\"tagSuffix\":\"xyz\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

        InvokeModelResponse guarded = bedrock.invokeModel(r -> r.modelId(HAIKU).contentType("application/json")
                .body(utf8(body)).guardrailIdentifier(GUARDRAIL).guardrailVersion("1"));
        assertThat(json(guarded.body()).path("content").get(0).path("text").stringValue()).isEqualTo(reply("hello"));

        ValidationException unguarded = catchThrowableOfType(ValidationException.class, () -> bedrock.invokeModel(r -> r
                .modelId(HAIKU).contentType("application/json").body(utf8(body))));
        assertThat(unguarded.awsErrorDetails().errorMessage()).contains("amazon-bedrock-guardrailConfig");
    }
}
