package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTrace;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfigLatency;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTierType;
import software.amazon.awssdk.services.bedrockruntime.model.Trace;

class RequestOptionsTest {

    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String ARN = "arn:aws:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1";

    private static ModelDraft.Options guardrail(String identifier, String version, Boolean trace) {
        return new ModelDraft.Options(new ModelDraft.Guardrail(identifier, version, trace), null, null);
    }

    private static List<Violation> violations(ModelDraft.Options draft) {
        try {
            RequestOptions.compile(draft, US_EAST_1);
        } catch (InvalidInputException e) {
            return e.violations();
        }
        throw new AssertionError("expected the options to be refused: " + draft);
    }

    @Test
    void compile_nothing_isNone() {
        assertThat(RequestOptions.compile(null, US_EAST_1)).isSameAs(RequestOptions.NONE);
        assertThat(RequestOptions.compile(new ModelDraft.Options(null, null, null), US_EAST_1))
                .isSameAs(RequestOptions.NONE);
        assertThat(RequestOptions.NONE.toDraft()).isNull();
    }

    @Test
    void compile_everyOption_keepsThem_andShowsThemAsGiven() {
        ModelDraft.Options draft = new ModelDraft.Options(new ModelDraft.Guardrail("mgdemoguard1", "DRAFT", true),
                "optimized", "priority");

        RequestOptions options = RequestOptions.compile(draft, US_EAST_1);

        assertThat(options).isEqualTo(new RequestOptions(new RequestOptions.Guardrail("mgdemoguard1", "DRAFT", true),
                RequestOptions.Latency.OPTIMIZED, RequestOptions.ServiceTier.PRIORITY));
        assertThat(options.toDraft()).isEqualTo(draft);
    }

    @Test
    void compile_guardrailWithoutTrace_tracesNothing() {
        assertThat(RequestOptions.compile(guardrail("mgdemoguard1", "1", null), US_EAST_1).guardrail().trace())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "DRAFT", "99999999", "42"})
    void compile_guardrailVersion_draftOrANumber_isAccepted(String version) {
        assertThat(RequestOptions.compile(guardrail("mgdemoguard1", version, false), US_EAST_1).guardrail().version())
                .isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "01", "100000000", "draft", "1.0", "-1", " 1", "v1"})
    void compile_guardrailVersion_otherwise_isRefusedNamingTheRule(String version) {
        assertThat(violations(guardrail("mgdemoguard1", version, false))).containsExactly(Violation.of(
                "options.guardrail.version", "guardrail-version", "options.guardrail.version must be \"DRAFT\" or a "
                        + "version number from 1 to 99999999, got \"" + version + "\""));
    }

    @Test
    void compile_guardrailWithoutVersion_isRefused() {
        assertThat(violations(guardrail("mgdemoguard1", null, false))).containsExactly(Violation.of(
                "options.guardrail.version", "required", "options.guardrail.version is required with a guardrail: "
                        + "\"DRAFT\" or a version number such as \"1\""));
    }

    @Test
    void compile_guardrailWithoutIdentifier_isRefused_withTheMissingVersionToo() {
        assertThat(violations(guardrail(null, null, false))).extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("options.guardrail.identifier", "required"),
                        org.assertj.core.groups.Tuple.tuple("options.guardrail.version", "required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mgdemoguard", "mgdemoguard12", "MGDEMOGUARD1", "mg-demoguard", "mgdemoguard\u0430",
            "guardrail/mgdemoguard1"})
    void compile_guardrailId_not12LowercaseLettersOrDigits_isRefused(String identifier) {
        List<Violation> violations = violations(guardrail(identifier, "1", false));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("options.guardrail.identifier");
            assertThat(v.rule()).isEqualTo("guardrail-identifier");
            assertThat(v.message()).startsWith("options.guardrail.identifier must be a guardrail ID of 12 lowercase "
                    + "letters or digits (such as \"abcd1234wxyz\") or a guardrail ARN, got \"");
        });
    }

    @Test
    void compile_guardrailArnOfTheModelsRegion_isAccepted_andIsItsOwnArn() {
        RequestOptions.Guardrail guardrail = RequestOptions.compile(guardrail(ARN, "1", false), US_EAST_1).guardrail();

        assertThat(guardrail.isArn()).isTrue();
        assertThat(guardrail.arn(US_EAST_1, "333333333333")).isEqualTo(ARN);
    }

    @Test
    void guardrailId_arn_isInTheModelsRegionAndTheRolesAccount() {
        RequestOptions.Guardrail guardrail = new RequestOptions.Guardrail("mgdemoguard1", "1", false);

        assertThat(guardrail.arn(US_EAST_1, "222222222222")).isEqualTo(ARN);
        assertThat(guardrail.arn(Region.of("cn-north-1"), "222222222222"))
                .isEqualTo("arn:aws-cn:bedrock:cn-north-1:222222222222:guardrail/mgdemoguard1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:bedrock:us-east-1:22222222222:guardrail/mgdemoguard1",
            "arn:aws:bedrock:us-east-1:222222222222:guardrail/short",
            "arn:aws:bedrock:us-east-1:222222222222:guardrail-profile/mgdemoguard1",
            "arn:aws:iam::222222222222:guardrail/mgdemoguard1",
            "arn:aws:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1/1"})
    void compile_guardrailArn_malformed_isRefused(String arn) {
        assertThat(violations(guardrail(arn, "1", false))).containsExactly(Violation.of("options.guardrail.identifier",
                "guardrail-identifier", "options.guardrail.identifier must be a guardrail ARN like arn:aws:bedrock:"
                        + "<region>:<12 digits>:guardrail/<12 lowercase letters or digits>, got \"" + arn + "\""));
    }

    @Test
    void compile_guardrailArnOfAnotherRegion_isRefused() {
        assertThat(violations(guardrail("arn:aws:bedrock:eu-west-1:222222222222:guardrail/mgdemoguard1", "1", false)))
                .containsExactly(Violation.of("options.guardrail.identifier", "arn-region-mismatch",
                        "options.guardrail.identifier is a guardrail of Region eu-west-1, but Bedrock applies only "
                                + "guardrails of the model's Region us-east-1"));
    }

    @Test
    void compile_guardrailArnOfAnotherPartition_isRefused() {
        assertThat(violations(guardrail("arn:aws-cn:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1", "1",
                false))).containsExactly(Violation.of("options.guardrail.identifier", "arn-partition-mismatch",
                "options.guardrail.identifier is a guardrail of partition aws-cn, but the model's Region us-east-1 is "
                        + "in partition aws"));
    }

    @Test
    void compile_latencyAndServiceTier_otherValues_areRefusedListingTheAllowedOnes() {
        assertThat(violations(new ModelDraft.Options(null, "OPTIMIZED", "reserved"))).containsExactly(
                Violation.of("options.latency", "one-of", "options.latency must be one of [\"standard\", "
                        + "\"optimized\"], got \"OPTIMIZED\""),
                Violation.of("options.serviceTier", "one-of", "options.serviceTier must be one of [\"default\", "
                        + "\"priority\", \"flex\"], got \"reserved\""));
    }

    @Test
    void applyTo_invokeModel_setsTheHeaders() {
        RequestOptions options = new RequestOptions(new RequestOptions.Guardrail("mgdemoguard1", "DRAFT", true),
                RequestOptions.Latency.OPTIMIZED, RequestOptions.ServiceTier.FLEX);

        InvokeModelRequest request = options.applyTo(InvokeModelRequest.builder()).modelId("m").build();

        assertThat(request.guardrailIdentifier()).isEqualTo("mgdemoguard1");
        assertThat(request.guardrailVersion()).isEqualTo("DRAFT");
        assertThat(request.trace()).isEqualTo(Trace.ENABLED);
        assertThat(request.performanceConfigLatency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
        assertThat(request.serviceTier()).isEqualTo(ServiceTierType.FLEX);
    }

    @Test
    void applyTo_invokeModelWithResponseStream_setsTheHeaders_traceOffAsDisabled() {
        RequestOptions options = new RequestOptions(new RequestOptions.Guardrail(ARN, "3", false),
                RequestOptions.Latency.STANDARD, RequestOptions.ServiceTier.DEFAULT);

        InvokeModelWithResponseStreamRequest request = options.applyTo(InvokeModelWithResponseStreamRequest.builder())
                .modelId("m").build();

        assertThat(request.guardrailIdentifier()).isEqualTo(ARN);
        assertThat(request.guardrailVersion()).isEqualTo("3");
        assertThat(request.trace()).isEqualTo(Trace.DISABLED);
        assertThat(request.performanceConfigLatency()).isEqualTo(PerformanceConfigLatency.STANDARD);
        assertThat(request.serviceTier()).isEqualTo(ServiceTierType.DEFAULT);
    }

    @Test
    void applyTo_converse_setsGuardrailConfigPerformanceConfigAndServiceTier() {
        RequestOptions options = new RequestOptions(new RequestOptions.Guardrail("mgdemoguard1", "1", true),
                RequestOptions.Latency.OPTIMIZED, RequestOptions.ServiceTier.PRIORITY);

        ConverseRequest request = options.applyTo(ConverseRequest.builder()).modelId("m").build();
        ConverseStreamRequest stream = options.applyTo(ConverseStreamRequest.builder()).modelId("m").build();

        assertThat(request.guardrailConfig().guardrailIdentifier()).isEqualTo("mgdemoguard1");
        assertThat(request.guardrailConfig().guardrailVersion()).isEqualTo("1");
        assertThat(request.guardrailConfig().trace()).isEqualTo(GuardrailTrace.ENABLED);
        assertThat(request.performanceConfig().latency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
        assertThat(request.serviceTier().type()).isEqualTo(ServiceTierType.PRIORITY);
        assertThat(stream.guardrailConfig().guardrailIdentifier()).isEqualTo("mgdemoguard1");
        assertThat(stream.guardrailConfig().trace()).isEqualTo(GuardrailTrace.ENABLED);
        assertThat(stream.performanceConfig().latency()).isEqualTo(PerformanceConfigLatency.OPTIMIZED);
        assertThat(stream.serviceTier().type()).isEqualTo(ServiceTierType.PRIORITY);
    }

    @Test
    void applyTo_none_setsNothing() {
        InvokeModelRequest invoke = RequestOptions.NONE.applyTo(InvokeModelRequest.builder()).modelId("m").build();
        ConverseRequest converse = RequestOptions.NONE.applyTo(ConverseRequest.builder()).modelId("m").build();

        assertThat(invoke.guardrailIdentifier()).isNull();
        assertThat(invoke.trace()).isNull();
        assertThat(invoke.performanceConfigLatency()).isNull();
        assertThat(invoke.serviceTier()).isNull();
        assertThat(converse.guardrailConfig()).isNull();
        assertThat(converse.performanceConfig()).isNull();
        assertThat(converse.serviceTier()).isNull();
    }

    @Test
    void guardrailFromTheConstructor_withoutAnIdentifier_cannotBeMadeThroughCompile() {
        assertThatThrownBy(() -> RequestOptions.compile(guardrail("", "1", false), US_EAST_1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("options.guardrail.identifier is required: the guardrail's ID (12 lowercase letters or "
                        + "digits) or its ARN");
    }
}
