package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.invoke.InvokeException.Kind;
import dev.modelgate.mapping.MappingResult;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.preset.Presets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** {@link ModelInvoker} against the emulator: real STS sessions, real SigV4, Bedrock's answers and faults. */
class ModelInvokerIT {

    private static final String WORKSPACE = "7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
    private static final Map<String, JsonNode> VALUES = Map.of("prompt", StringNode.valueOf("Say hello to Modelgate."));

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private StsClients stsClients;
    private StsTenantCredentials credentials;
    private BedrockClients bedrock;
    private ModelInvoker invoker;

    @BeforeEach
    void setUp() {
        stsClients = Tenants.stsClients(aws.endpoint());
        credentials = StsTenantCredentials.builder().stsClients(stsClients).build();
        bedrock = BedrockClients.builder().endpointOverride(aws.endpoint()).build();
        invoker = new ModelInvoker(credentials, bedrock, FAST_RETRIES);
    }

    @AfterEach
    void tearDown() {
        bedrock.close();
        stsClients.close();
    }

    @Test
    void invoke_claudePreset_mapsTheTextAndTokenCountsEqualToBedrocksHeaders() {
        ModelInvocation invocation = invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES);

        BedrockCall call = invocation.call();
        assertThat(call.modelId()).isEqualTo(HAIKU);
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.contentType()).startsWith("application/json");
        assertThat(call.requestId()).isNotBlank();
        assertThat(call.attempts()).isEqualTo(1);
        assertThat(call.bedrockLatencyMillis()).isNotNegative();
        assertThat(invocation.mapping().successful()).isTrue();
        assertThat(invocation.mapping().output().text())
                .isEqualTo("Modelgate emulator reply to: Say hello to Modelgate.");
        assertThat(invocation.inputTokens()).hasValue(call.headerInputTokens());
        assertThat(invocation.outputTokens()).hasValue(call.headerOutputTokens());
        assertThat(invocation.mapping().inputTokens())
                .isEqualTo(new MappingResult.Mapped<>("outputMapping.inputTokens", "$.usage.input_tokens", call.headerInputTokens()));
        assertThat(invokeModels()).singleElement().satisfies(r -> {
            assertThat(r.caller()).contains("assumed-role/ModelgateBedrockAccess/modelgate-" + WORKSPACE);
            assertThat(r.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke");
        });
    }

    @Test
    void invoke_throttledTwice_succeedsOnTheThirdCall() {
        aws.emulator().faults().enqueue(Fault.next(2, FaultKind.THROTTLING));

        ModelInvocation invocation = invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES);

        assertThat(invocation.call().attempts()).isEqualTo(3);
        assertThat(invocation.mapping().successful()).isTrue();
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(429, 429, 200);
    }

    @Test
    void invoke_roleWithoutBedrockPermission_isAccessDenied_withAwsMessage_andNotRetried() {
        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("NoBedrockAccess"), claude(HAIKU), VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED);
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.errorCode()).hasValue("AccessDeniedException");
                    assertThat(e.requestId()).isPresent();
                    assertThat(e.getMessage()).contains("is not authorized to perform: bedrock:InvokeModel");
                });
        assertThat(invokeModels()).hasSize(1);
    }

    @Test
    void invoke_bodyWithoutMaxTokens_isValidation_withBedrocksMessage_andNotRetried() {
        ModelConfiguration configuration = claude(HAIKU, """
                {"anthropic_version": "bedrock-2023-05-31",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "{{prompt}}"}]}]}""");

        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), configuration,
                Map.of("prompt", StringNode.valueOf("hi"))))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Malformed input request: ", "max_tokens");
                });
        assertThat(invokeModels()).hasSize(1);
    }

    @Test
    void invoke_profileOnlyModelByBareId_isOnDemandNotSupported() {
        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"),
                claude("anthropic.claude-sonnet-4-20250514-v1:0"), VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ON_DEMAND_NOT_SUPPORTED);
                    assertThat(e.errorCode()).hasValue("ValidationException");
                    assertThat(e.getMessage()).contains("inference profile");
                });
        assertThat(invokeModels()).hasSize(1);
    }

    @Test
    void invoke_modelTimeout_isTimeout_andNotRetried() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_TIMEOUT));

        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.statusCode()).isEqualTo(408);
                    assertThat(e.errorCode()).hasValue("ModelTimeoutException");
                });
        assertThat(invokeModels()).hasSize(1);
    }

    @Test
    void invoke_slowerThanTheModelsTotalTimeout_isTimeout_withoutAnAnswer() {
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(3_000, 0, 0, 0));
        ModelConfiguration impatient = withTimeouts(claude(HAIKU), 200, 1_000);

        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), impatient, VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.statusCode()).isZero();
                });
    }

    @Test
    void invoke_modelNotReadyOnce_isRetried() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_NOT_READY));

        assertThat(invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES).call().attempts())
                .isEqualTo(2);
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(429, 200);
    }

    @Test
    void invoke_unavailableEveryTime_isRetriedUpToTheBound_thenUnavailable() {
        aws.emulator().faults().enqueue(Fault.next(5, FaultKind.SERVICE_UNAVAILABLE));

        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.attempts()).isEqualTo(3);
                });
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(503, 503, 503);
    }

    @Test
    void invoke_sessionExpiredAtAws_isAssumedAnewOnce_andSucceeds() {
        invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES);
        // Time passes for AWS only: our cached session still looks fresh to Modelgate's clock.
        aws.emulator().clock().advance(Duration.ofMinutes(61));

        ModelInvocation invocation = invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES);

        assertThat(invocation.mapping().successful()).isTrue();
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(2);
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(200, 403, 200);
        assertThat(invokeModels().get(1).errorCode()).isEqualTo("ExpiredTokenException");
    }

    @Test
    void invoke_truncatedBody_isInvalidResponse_notAMappingFailure() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.TRUNCATED_BODY));

        assertThatThrownBy(() -> invoker.invoke(WORKSPACE, key("ModelgateBedrockAccess"), claude(HAIKU), VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
                    assertThat(e.statusCode()).isEqualTo(200);
                    assertThat(e.requestId()).isPresent();
                    assertThat(e.getMessage()).contains("is not JSON").doesNotContain("Modelgate emulator reply");
                });
        assertThat(invokeModels()).hasSize(1);
    }

    @Test
    void invoke_deadlinePassedWhileReadingTheAnswer_isTimeoutInStepRead_afterOneAttempt() {
        // Reads of the clock: start 0 s, after rendering 25 s, before the attempt 50 s (10 s left), after reading 75 s.
        ModelInvoker stepping = new ModelInvoker(credentials, bedrock, FAST_RETRIES,
                new SteppingClock(Duration.ofSeconds(25)));

        assertThatThrownBy(() -> stepping.invoke(WORKSPACE, key("ModelgateBedrockAccess"),
                withTimeouts(claude(HAIKU), 200, 60_000), VALUES))
                .asInstanceOf(type(Deadline.DeadlineExceededException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.step()).isEqualTo(Deadline.Step.READ);
                    assertThat(e.attempts()).isEqualTo(1);
                });
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(200);
    }

    @Test
    void invoke_deadlinePassedWhileMapping_isTimeoutInStepMap_notAMappedAnswer() {
        // Reads of the clock: 0 s, 20 s (rendered), 40 s (30 s left for the attempt), 60 s (read), 80 s (mapped).
        ModelInvoker stepping = new ModelInvoker(credentials, bedrock, FAST_RETRIES,
                new SteppingClock(Duration.ofSeconds(20)));

        assertThatThrownBy(() -> stepping.invoke(WORKSPACE, key("ModelgateBedrockAccess"),
                withTimeouts(claude(HAIKU), 200, 70_000), VALUES))
                .asInstanceOf(type(Deadline.DeadlineExceededException.class))
                .satisfies(e -> assertThat(e.step()).isEqualTo(Deadline.Step.MAP));
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(200);
    }

    @Test
    void invoke_backoffThatWouldCrossTheDeadline_isNotSlept_andTheLastAnswerIsThrown() {
        // Every wait is its cap, 60 s: past a total timeout of 5 s whatever the machine's speed.
        ModelInvoker patient = new ModelInvoker(credentials, bedrock,
                new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(60)), java.time.Clock.systemUTC(),
                cap -> cap);
        aws.emulator().faults().enqueue(Fault.next(5, FaultKind.THROTTLING));

        assertThatThrownBy(() -> patient.invoke(WORKSPACE, key("ModelgateBedrockAccess"),
                withTimeouts(claude(HAIKU), 200, 5_000), VALUES))
                .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.attempts()).isEqualTo(1);
                });
        assertThat(invokeModels()).extracting(RecordedRequest::status).containsExactly(429);
    }

    @Test
    void invoke_throttledEveryTimeWithWaits_makesNoMoreAttemptsThanTheTotalTimeoutHolds() {
        // Waits of exactly 1 s in a total of 3 s: at most 4 attempts (at 0, 1, 2 and 3 s), not the 20 allowed.
        ModelInvoker bounded = new ModelInvoker(credentials, bedrock,
                new RetryPolicy(20, Duration.ofSeconds(1), Duration.ofSeconds(1)), java.time.Clock.systemUTC(),
                cap -> cap);
        aws.emulator().faults().enqueue(Fault.next(20, FaultKind.THROTTLING));

        InvokeException failure = catchThrowableOfType(InvokeException.class, () -> bounded.invoke(WORKSPACE,
                key("ModelgateBedrockAccess"), withTimeouts(claude(HAIKU), 200, 3_000), VALUES));

        // The last answer when no wait fits any more; TIMEOUT when the last wait fitted but left the attempt too little.
        assertThat(failure.kind()).isIn(Kind.THROTTLED, Kind.TIMEOUT);
        assertThat(failure.attempts()).isBetween(1, 4);
        // An attempt cut short before it was sent is not journaled: one fewer at most.
        assertThat(invokeModels()).hasSizeBetween(failure.attempts() - 1, failure.attempts())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
    }

    @Test
    void invoke_slowUpstreamAfterRetries_isTimeout_withinTheAttemptsTheTotalTimeoutHolds() {
        // Two fast throttles, then an answer that takes 3 s: the third attempt gets what is left of the 2 s.
        ModelInvoker bounded = new ModelInvoker(credentials, bedrock,
                new RetryPolicy(10, Duration.ofMillis(50), Duration.ofMillis(50)), java.time.Clock.systemUTC(),
                cap -> cap);
        aws.emulator().faults().enqueue(Fault.next(2, FaultKind.THROTTLING));
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(3_000, 0, 0, 0));

        InvokeException failure = catchThrowableOfType(InvokeException.class, () -> bounded.invoke(WORKSPACE,
                key("ModelgateBedrockAccess"), withTimeouts(claude(HAIKU), 200, 2_000), VALUES));

        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(failure.statusCode()).isZero();
        assertThat(failure.attempts()).isBetween(1, 3);
        // The throttles, then the slow answer (journaled when given); none after the deadline, though 10 were allowed.
        // An attempt cut short before it was sent is not journaled: one fewer at most.
        List<Integer> statuses = awaitInvokeModels(failure.attempts()).stream().map(RecordedRequest::status).toList();
        assertThat(statuses).hasSizeBetween(failure.attempts() - 1, failure.attempts())
                .isEqualTo(List.of(429, 429, 200).subList(0, statuses.size()));
    }

    /**
     * The InvokeModel calls journaled, once there are {@code count}, waiting at most 10 s: a slow answer is journaled
     * when the emulator gives it, after the caller gave up, and must not land in the next test's journal.
     */
    private static List<RecordedRequest> awaitInvokeModels(int count) {
        try {
            Awaitility.await("InvokeModel journaled " + count + " times").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> invokeModels().size() >= count);
        } catch (ConditionTimeoutException oneFewer) {
            // The last attempt was cut short before it was sent; the caller's assertion allows one fewer.
        }
        return invokeModels();
    }

    private static List<RecordedRequest> invokeModels() {
        return aws.emulator().journal().ofOperation("InvokeModel");
    }

    private static SessionKey key(String role) {
        return new SessionKey(RoleArn.parse("arn:aws:iam::222222222222:role/" + role),
                ExternalId.of("mg-demo-workspace-external-id"), StsEndpoint.regional(Region.of("us-east-1")));
    }

    private static ModelConfiguration claude(String modelId) {
        return ModelConfiguration.compile(draft(modelId));
    }

    private static ModelConfiguration claude(String modelId, String template) {
        ModelDraft d = draft(modelId);
        return ModelConfiguration.compile(new ModelDraft(d.name(), d.description(), d.inferenceEnabled(), d.roleArn(),
                d.stsEndpoint(), d.region(), d.modelReference(),
                d.variables().stream().filter(v -> v.name().equals("prompt")).toList(), template,
                d.outputMapping()));
    }

    private static ModelConfiguration withTimeouts(ModelConfiguration c, long connectMillis, long totalMillis) {
        ModelDraft d = draft(c.modelReference().modelId());
        return ModelConfiguration.compile(new ModelDraft(d.name(), d.description(), d.inferenceEnabled(), d.roleArn(),
                d.stsEndpoint(), d.region(), d.modelReference(), d.variables(), d.requestTemplate(), d.outputMapping(),
                new ModelDraft.Timeouts(connectMillis, totalMillis)));
    }

    private static ModelDraft draft(String modelId) {
        return Presets.builtIn().forFamily("ANTHROPIC_CLAUDE").orElseThrow().draft("claude",
                "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", null, "us-east-1", modelId);
    }
}
