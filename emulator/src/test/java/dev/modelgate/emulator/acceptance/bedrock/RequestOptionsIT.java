package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfigLatency;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTierType;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Latency-optimized inference and service tiers: accepted where the catalogue says the model serves them (Nova Pro
 * is latency-optimized; every model serves default, priority and flex), refused with ValidationException elsewhere.
 */
class RequestOptionsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String NOVA_PRO = "amazon.nova-pro-v1:0";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String NOVA_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}";

    private static BedrockRuntimeClient bedrock;
    private static software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient async;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
        async = BedrockSdk.asyncRuntime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
        async.close();
    }

    private static ConverseRequest.Builder converse(String modelId) {
        return ConverseRequest.builder().modelId(modelId)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Hi")));
    }

    @Test
    void invokeModel_optimizedLatencyAndPriorityTier_onALatencyOptimizedModel_areServedAndEchoed() {
        InvokeModelResponse response = bedrock.invokeModel(r -> r.modelId(NOVA_PRO).contentType("application/json")
                .body(utf8(NOVA_BODY)).performanceConfigLatency(PerformanceConfigLatency.OPTIMIZED)
                .serviceTier(ServiceTierType.PRIORITY));

        assertThat(response.performanceConfigLatency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
        assertThat(response.serviceTier()).isEqualTo(ServiceTierType.PRIORITY);
    }

    @Test
    void invokeModel_optimizedLatency_onAnotherModel_isRefused() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.invokeModel(r -> r
                .modelId(HAIKU).contentType("application/json")
                .body(utf8("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .performanceConfigLatency(PerformanceConfigLatency.OPTIMIZED)));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).contains(HAIKU).contains("latency-optimized");
    }

    @Test
    void invokeModel_standardLatencyAndFlexTier_areServedEverywhere() {
        InvokeModelResponse response = bedrock.invokeModel(r -> r.modelId(HAIKU).contentType("application/json")
                .body(utf8("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .performanceConfigLatency(PerformanceConfigLatency.STANDARD).serviceTier(ServiceTierType.FLEX));

        assertThat(response.serviceTier()).isEqualTo(ServiceTierType.FLEX);
    }

    @Test
    void invokeModel_unknownTierValue_isRefusedWithTheEnumConstraint() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.invokeModel(r -> r
                .modelId(NOVA_PRO).contentType("application/json").body(utf8(NOVA_BODY)).serviceTier("express")));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'express' at"
                + " 'serviceTier' failed to satisfy constraint: Member must satisfy enum value set:"
                + " [priority, default, flex, reserved]");
    }

    @Test
    void invokeModel_reservedTier_isRefused() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.invokeModel(r -> r
                .modelId(NOVA_PRO).contentType("application/json").body(utf8(NOVA_BODY))
                .serviceTier(ServiceTierType.RESERVED)));

        assertThat(e.awsErrorDetails().errorMessage()).contains("reserved service tier");
    }

    @Test
    void converse_performanceConfigAndServiceTier_areServedAndEchoed() {
        ConverseResponse response = bedrock.converse(converse(NOVA_PRO)
                .performanceConfig(p -> p.latency(PerformanceConfigLatency.OPTIMIZED))
                .serviceTier(t -> t.type(ServiceTierType.FLEX)).build());

        assertThat(response.performanceConfig().latency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
        assertThat(response.serviceTier().type()).isEqualTo(ServiceTierType.FLEX);
    }

    @Test
    void converse_optimizedLatency_onAnotherModel_isRefused() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.converse(
                converse(HAIKU).performanceConfig(p -> p.latency(PerformanceConfigLatency.OPTIMIZED)).build()));

        assertThat(e.awsErrorDetails().errorMessage()).contains("latency-optimized");
    }

    @Test
    void converse_withoutOptions_answersWithoutTheirMembers() {
        ConverseResponse response = bedrock.converse(converse(HAIKU).build());

        assertThat(response.performanceConfig()).isNull();
        assertThat(response.serviceTier()).isNull();
    }

    @Test
    void streams_echoWhatWasAsked_inTheResponseHeadersAndTheMetadataEvent() {
        var invoke = StreamCapture.invoke(async, NOVA_PRO, NOVA_BODY, r -> r
                .performanceConfigLatency(PerformanceConfigLatency.OPTIMIZED).serviceTier(ServiceTierType.PRIORITY));
        assertThat(invoke.failure()).isNull();
        assertThat(invoke.response().performanceConfigLatency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
        assertThat(invoke.response().serviceTier()).isEqualTo(ServiceTierType.PRIORITY);

        var converse = StreamCapture.converse(async, software.amazon.awssdk.services.bedrockruntime.model
                .ConverseStreamRequest.builder().modelId(NOVA_PRO)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Hi")))
                .performanceConfig(p -> p.latency(PerformanceConfigLatency.OPTIMIZED))
                .serviceTier(t -> t.type(ServiceTierType.FLEX)).build());
        assertThat(converse.failure()).isNull();
        assertThat(converse.events()).filteredOn(software.amazon.awssdk.services.bedrockruntime.model
                .ConverseStreamMetadataEvent.class::isInstance).singleElement().satisfies(e -> {
                    var metadata = (software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent) e;
                    assertThat(metadata.performanceConfig().latency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
                    assertThat(metadata.serviceTier().type()).isEqualTo(ServiceTierType.FLEX);
                });
    }
}
