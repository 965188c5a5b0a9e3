package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.registration.TestApprovals;
import dev.modelgate.tracing.OtlpReceiver;
import dev.modelgate.tracing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tracing on, exported over OTLP/HTTP to a receiver the test runs on 127.0.0.1 (decoded with OTLP's own protobuf
 * messages), the emulator as AWS: each invocation is a span tree (the request, {@code chat <model>}, each Bedrock
 * attempt with its {@code AssumeRole}, the output mapping) with the GenAI attributes, its trace ID answered in
 * {@code traceparent} and written in the request's log lines.
 */
class TracingIT extends ApiTestBase {

    private static final String TENANT_ROLE = InvokeApiIT.TENANT_ROLE;
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String PROMPT = "Say hello to the tracing test.";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    static final OtlpReceiver otlp = OtlpReceiver.start();

    @Autowired
    ExternalModels models;

    @Autowired
    TenantCredentials sessions;

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void emulatorAndTracing(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
        registry.add("modelgate.bedrock.retry.base-delay", () -> "PT0.001S");
        registry.add("modelgate.bedrock.retry.max-delay", () -> "PT0.005S");
        registry.add("otel.traces.exporter", () -> "otlp");
        registry.add("otel.exporter.otlp.traces.endpoint", () -> otlp.tracesEndpoint().toString());
        registry.add("otel.bsp.schedule.delay", () -> "20");
    }

    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void stop() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
        otlp.close();
    }

    @BeforeEach
    void workspaceTrustedByTheTenantRoles() {
        sessions.invalidateAll();
        TestApprovals.approveWorldFor(jdbc, "default", aws.emulator().world());
    }

    @Override
    String workspaceExternalId() {
        return InvokeApiIT.EXTERNAL_ID;
    }

    @Test
    void invoke_isASpanTree_requestChatAttemptAssumeRoleAndMapping_withTheGenAiAttributes() {
        ObjectNode draft = InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU);
        ((ObjectNode) draft.get("outputMapping")).putObject("extras").put("stopReason", "$.stop_reason");
        JsonNode model = ready(draft);

        Api.Reply reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", PROMPT)));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        Trace trace = awaitTrace(reply.header("traceparent"));
        ReceivedSpan request = trace.root();
        assertThat(request.name()).isEqualTo("POST /api/v1/models/{name}/invoke");
        assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(request.spanId()).isEqualTo(trace.spanId);
        assertThat(request.attributes()).containsEntry("http.request.method", "POST")
                .containsEntry("http.route", "/api/v1/models/{name}/invoke")
                .containsEntry("url.path", "/api/v1/models/haiku/invoke")
                .containsEntry("http.response.status_code", 200L);
        assertThat(request.resource()).containsEntry("service.name", "modelgate");
        assertThat(request.scope()).isEqualTo("dev.modelgate");

        ReceivedSpan chat = trace.onlyChildOf(request);
        assertThat(chat.name()).isEqualTo("chat " + HAIKU);
        assertThat(chat.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(chat.failed()).isFalse();
        assertThat(chat.attributes()).containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.provider.name", "aws.bedrock")
                .containsEntry("gen_ai.system", "aws.bedrock")
                .containsEntry("gen_ai.request.model", HAIKU)
                .containsEntry("gen_ai.usage.input_tokens", body.at("/usage/inputTokens").longValue())
                .containsEntry("gen_ai.usage.output_tokens", body.at("/usage/outputTokens").longValue())
                .containsEntry("gen_ai.response.finish_reasons", List.of("end_turn"))
                .containsEntry("modelgate.workspace.id", workspace().id())
                .containsEntry("modelgate.model.id", model.get("id").stringValue())
                .containsEntry("modelgate.model.name", "haiku")
                .containsEntry("modelgate.model.revision", 1L)
                .containsEntry("modelgate.usage.kind", "INVOKE")
                .containsEntry("modelgate.stream", false)
                .containsEntry("modelgate.outcome", "OK")
                .doesNotContainKey("error.type");
        assertThat((String) chat.attribute("gen_ai.response.id")).startsWith("msg_bdrk_");

        List<ReceivedSpan> steps = trace.childrenOf(chat);
        assertThat(steps).extracting(ReceivedSpan::name).containsExactly("BedrockRuntime.InvokeModel", "output_mapping");
        ReceivedSpan attempt = steps.getFirst();
        assertThat(attempt.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(attempt.attributes()).containsEntry("rpc.system", "aws-api")
                .containsEntry("rpc.service", "BedrockRuntime")
                .containsEntry("rpc.method", "InvokeModel")
                .containsEntry("modelgate.attempt", 1L)
                .containsEntry("modelgate.session", "assumed")
                .containsEntry("http.response.status_code", 200L)
                .containsEntry("aws.request_id", body.get("requestId").stringValue());
        ReceivedSpan assumeRole = trace.onlyChildOf(attempt);
        assertThat(assumeRole.name()).isEqualTo("STS.AssumeRole");
        assertThat(assumeRole.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(assumeRole.attributes()).containsEntry("rpc.method", "AssumeRole")
                .containsEntry("aws.request_id", aws.emulator().journal().ofOperation("AssumeRole").getLast().requestId());
        ReceivedSpan mapping = steps.getLast();
        assertThat(mapping.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
        assertThat(mapping.failed()).isFalse();
        assertThat(trace.spans).hasSize(5);
        assertThat(trace.values()).noneMatch(v -> v.contains(PROMPT)
                || v.contains(body.at("/output/text").stringValue()));
    }

    @Test
    void invoke_withACachedSession_hasNoAssumeRoleSpan_andItsAttemptSaysCached() {
        ready(InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU));
        assertThat(api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"))).status())
                .isEqualTo(200);

        Api.Reply reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        Trace trace = awaitTrace(reply.header("traceparent"));
        assertThat(trace.spans).extracting(ReceivedSpan::name).doesNotContain("STS.AssumeRole");
        assertThat(trace.named("BedrockRuntime.InvokeModel").attributes()).containsEntry("modelgate.session", "cached");
    }

    @Test
    void invoke_throttledTwiceThenAnswered_showsEachAttempt_theFirstTwoFailedAsThrottled() {
        ready(InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU));
        aws.emulator().faults().enqueue(Fault.next(2, FaultKind.THROTTLING));

        Api.Reply reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Trace trace = awaitTrace(reply.header("traceparent"));
        ReceivedSpan chat = trace.named("chat " + HAIKU);
        assertThat(chat.failed()).isFalse();
        List<ReceivedSpan> attempts = trace.childrenOf(chat).stream()
                .filter(s -> s.name().equals("BedrockRuntime.InvokeModel")).toList();
        List<String> throttledIds = aws.emulator().journal().ofOperation("InvokeModel").stream()
                .map(RecordedRequest::requestId).toList();
        assertThat(attempts).extracting(s -> s.attribute("modelgate.attempt")).containsExactly(1L, 2L, 3L);
        assertThat(attempts).extracting(s -> s.attribute("http.response.status_code")).containsExactly(429L, 429L, 200L);
        assertThat(attempts).extracting(s -> s.attribute("error.type"))
                .containsExactly("ThrottlingException", "ThrottlingException", null);
        assertThat(attempts).extracting(ReceivedSpan::failed).containsExactly(true, true, false);
        assertThat(attempts).extracting(s -> s.attribute("aws.request_id")).containsExactlyElementsOf(throttledIds);
        assertThat(attempts.get(0).endNanos()).isLessThanOrEqualTo(attempts.get(1).startNanos());
        assertThat(attempts.get(1).endNanos()).isLessThanOrEqualTo(attempts.get(2).startNanos());
    }

    @Test
    void invoke_roleWithoutBedrockAccess_isAFailedChatSpan_andTheProblemCarriesTheTrace() {
        ready(InvokeApiIT.draft("haiku", "arn:aws:iam::222222222222:role/NoBedrockAccess", HAIKU));

        Api.Reply reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.header("Content-Type")).isEqualTo(Api.PROBLEM_JSON);
        Trace trace = awaitTrace(reply.header("traceparent"));
        ReceivedSpan chat = trace.named("chat " + HAIKU);
        assertThat(chat.failed()).isTrue();
        assertThat(chat.attributes()).containsEntry("error.type", "ACCESS_DENIED")
                .containsEntry("modelgate.outcome", "ACCESS_DENIED")
                .doesNotContainKey("gen_ai.usage.input_tokens");
        ReceivedSpan attempt = trace.named("BedrockRuntime.InvokeModel");
        assertThat(attempt.failed()).isTrue();
        assertThat(attempt.attributes()).containsEntry("error.type", "AccessDeniedException")
                .containsEntry("http.response.status_code", 403L);
        assertThat(trace.root().attributes()).containsEntry("http.response.status_code", 502L)
                .containsEntry("error.type", "502");
        assertThat(trace.values()).noneMatch(v -> v.contains("not authorized"));
    }

    @Test
    void invoke_roleThatCannotBeAssumed_failsTheAssumeRoleSpanWithItsReason() {
        ready(InvokeApiIT.draft("haiku", "arn:aws:iam::222222222222:role/TrustsSomeoneElse", HAIKU));

        Api.Reply reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(502);
        Trace trace = awaitTrace(reply.header("traceparent"));
        assertThat(trace.named("STS.AssumeRole").attributes()).containsEntry("error.type", "ACCESS_DENIED");
        assertThat(trace.named("BedrockRuntime.InvokeModel").attributes())
                .containsEntry("error.type", "ASSUME_ROLE_ACCESS_DENIED");
        assertThat(trace.named("chat " + HAIKU).attributes())
                .containsEntry("error.type", "ASSUME_ROLE_ACCESS_DENIED");
    }

    @Test
    void invoke_withTheCallersTraceparent_continuesItsTrace() {
        ready(InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU));
        String callerTrace = "0af7651916cd43dd8448eb211c80319c";

        Api.Reply reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")),
                "traceparent", "00-" + callerTrace + "-b7ad6b7169203331-01");

        assertThat(reply.status()).isEqualTo(200);
        Trace trace = awaitTrace(reply.header("traceparent"));
        assertThat(trace.traceId).isEqualTo(callerTrace);
        assertThat(trace.named("POST /api/v1/models/{name}/invoke").parentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(trace.named("chat " + HAIKU).parentSpanId()).isEqualTo(trace.spanId);
    }

    @Test
    void stream_isOneChatSpanThatEndsWithTheStream_withTheTokensOfItsLastChunk() {
        ready(StreamingInvokeIT.streamed("haiku", TENANT_ROLE));
        Duration gap = Duration.ofMillis(60);
        aws.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0, 0, gap.toMillis()));

        String traceparent;
        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", PROMPT), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            traceparent = stream.header("traceparent");
            events = stream.rest();
        }

        JsonNode done = events.getLast().data();
        assertThat(events.getLast().type()).isEqualTo("done");
        Trace trace = awaitTrace(traceparent);
        ReceivedSpan chat = trace.onlyChildOf(trace.root());
        assertThat(chat.name()).isEqualTo("chat " + HAIKU);
        assertThat((String) chat.attribute("gen_ai.response.id")).startsWith("msg_bdrk_");
        assertThat(chat.attributes()).containsEntry("modelgate.stream", true)
                .containsEntry("modelgate.outcome", "OK")
                .containsEntry("gen_ai.usage.input_tokens", done.at("/usage/inputTokens").longValue())
                .containsEntry("gen_ai.usage.output_tokens", done.at("/usage/outputTokens").longValue());
        ReceivedSpan attempt = trace.onlyChildOf(chat.spanId(), "BedrockRuntime.InvokeModelWithResponseStream");
        assertThat(attempt.attributes()).containsEntry("rpc.method", "InvokeModelWithResponseStream")
                .containsEntry("aws.request_id", done.get("requestId").stringValue())
                .containsEntry("modelgate.session", "assumed");
        assertThat(trace.childrenOf(attempt)).extracting(ReceivedSpan::name).containsExactly("STS.AssumeRole");
        // The attempt ends at the first chunk; the chat span only after the last. Every chunk after the first came a
        // gap after the one before (the emulator sleeps it), so at least one gap lies between the two ends; a chat span
        // that ended with the attempt would have none.
        int frames = aws.emulator().journal().ofOperation("InvokeModelWithResponseStream").getLast().framesWritten();
        assertThat(frames).isGreaterThan(3);
        assertThat(chat.endNanos() - attempt.endNanos()).isGreaterThanOrEqualTo(gap.toNanos());
        assertThat(trace.root().endNanos()).isGreaterThanOrEqualTo(chat.endNanos());
        assertThat(trace.values()).noneMatch(v -> v.contains(PROMPT) || v.contains(EventStream.text(events)));
    }

    @Test
    void converse_andOpenAiChat_areChatSpansWithConversesStopReason() {
        ready(ConverseApiIT.converseDraft("chat", HAIKU));

        Api.Reply invoked = api.post(InvokeApiIT.invokePath("chat"), Map.of("variables", Map.of("prompt", "Hi")));
        Api.Reply chatted = api.post("/v1/chat/completions",
                Map.of("model", "chat", "messages", List.of(Map.of("role", "user", "content", "Hi"))));

        assertThat(invoked.status()).as(invoked.body()).isEqualTo(200);
        assertThat(chatted.status()).as(chatted.body()).isEqualTo(200);
        Trace converse = awaitTrace(invoked.header("traceparent"));
        assertThat(converse.named("chat " + HAIKU).attributes())
                .containsEntry("gen_ai.response.finish_reasons", List.of("end_turn"))
                .containsEntry("gen_ai.usage.output_tokens", invoked.json().at("/usage/outputTokens").longValue())
                .containsEntry("modelgate.usage.kind", "INVOKE");
        assertThat(converse.named("BedrockRuntime.Converse").attributes()).containsEntry("rpc.method", "Converse");
        Trace openAi = awaitTrace(chatted.header("traceparent"));
        assertThat(openAi.root().name()).isEqualTo("POST /v1/chat/completions");
        ReceivedSpan chat = openAi.onlyChildOf(openAi.root());
        assertThat(chat.name()).isEqualTo("chat " + HAIKU);
        assertThat(chat.attributes()).containsEntry("modelgate.usage.kind", "CHAT_COMPLETIONS")
                .containsEntry("gen_ai.usage.input_tokens", chatted.json().at("/usage/prompt_tokens").longValue())
                .containsEntry("gen_ai.response.finish_reasons", List.of("end_turn"));
        assertThat(openAi.childrenOf(chat)).extracting(ReceivedSpan::name).containsExactly("BedrockRuntime.Converse");
    }

    @Test
    void refusedRequest_carriesTheTraceToo() {
        Api.Reply reply = api.anonymous().post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of()));

        assertThat(reply.status()).isEqualTo(401);
        Trace trace = awaitTrace(reply.header("traceparent"));
        assertThat(trace.root().attributes()).containsEntry("http.response.status_code", 401L);
        assertThat(trace.root().failed()).isFalse();
    }

    @Test
    void logLines_ofTheRequest_carryItsTraceId_inTheLogPatternAndInStructuredJson() {
        ready(InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU));
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger dispatcher = logging.getLogger(DispatcherServlet.class);
        Level level = dispatcher.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logging);
        appender.start();
        dispatcher.addAppender(appender);
        dispatcher.setLevel(Level.DEBUG);
        Api.Reply reply;
        try {
            reply = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));
        } finally {
            dispatcher.setLevel(level);
            dispatcher.detachAppender(appender);
        }

        Matcher traceparent = TRACEPARENT.matcher(reply.header("traceparent"));
        assertThat(traceparent.matches()).isTrue();
        String traceId = traceparent.group(1);
        String spanId = traceparent.group(2);
        List<ILoggingEvent> lines = appender.list.stream()
                .filter(e -> traceId.equals(e.getMDCPropertyMap().get("traceId"))).toList();
        assertThat(lines).isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("spanId", spanId));

        PatternLayout correlation = new PatternLayout();
        correlation.setContext(logging);
        correlation.setPattern(environment.getProperty("logging.pattern.correlation"));
        correlation.start();
        assertThat(correlation.doLayout(lines.getFirst())).isEqualTo("[" + traceId + "," + spanId + "] ");

        StructuredLogEncoder ecs = new StructuredLogEncoder();
        ecs.setContext(logging);
        ecs.setFormat("ecs");
        ecs.start();
        JsonNode json = Api.parse(new String(ecs.encode(lines.getFirst()), StandardCharsets.UTF_8));
        assertThat(json.get("traceId").stringValue()).isEqualTo(traceId);
        assertThat(json.get("spanId").stringValue()).isEqualTo(spanId);
    }

    // fixtures

    /** Creates the model and marks its first revision READY, as a passed Test would. */
    private JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    /** The spans of the trace a {@code traceparent} answer names, once its request's span has been exported. */
    private Trace awaitTrace(String traceparent) {
        assertThat(traceparent).isNotNull();
        Matcher matcher = TRACEPARENT.matcher(traceparent);
        assertThat(matcher.matches()).as(traceparent).isTrue();
        String traceId = matcher.group(1);
        String spanId = matcher.group(2);
        Predicate<ReceivedSpan> request = s -> s.spanId().equals(spanId);
        await().atMost(Duration.ofSeconds(20)).until(() -> otlp.trace(traceId).stream().anyMatch(request));
        return new Trace(traceId, spanId, otlp.trace(traceId));
    }

    /** One trace's spans, in the order they were exported. */
    private record Trace(String traceId, String spanId, List<ReceivedSpan> spans) {

        /** The span of the request ({@code traceparent}'s span). */
        ReceivedSpan root() {
            return spans.stream().filter(s -> s.spanId().equals(spanId)).findFirst().orElseThrow();
        }

        ReceivedSpan named(String name) {
            List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
            assertThat(named).as("spans named " + name + " in " + spans).hasSize(1);
            return named.getFirst();
        }

        /** The children of {@code parent}, by start time. */
        List<ReceivedSpan> childrenOf(ReceivedSpan parent) {
            return spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId()))
                    .sorted(java.util.Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
        }

        ReceivedSpan onlyChildOf(ReceivedSpan parent) {
            List<ReceivedSpan> children = childrenOf(parent);
            assertThat(children).as("children of " + parent.name() + " in " + spans).hasSize(1);
            return children.getFirst();
        }

        ReceivedSpan onlyChildOf(String parentSpanId, String name) {
            List<ReceivedSpan> children = spans.stream()
                    .filter(s -> s.parentSpanId().equals(parentSpanId) && s.name().equals(name)).toList();
            assertThat(children).as(name + " under " + parentSpanId + " in " + spans).hasSize(1);
            return children.getFirst();
        }

        /** Every attribute value of every span, as text. */
        List<String> values() {
            return spans.stream().flatMap(s -> s.attributes().values().stream()).map(String::valueOf).toList();
        }
    }
}
