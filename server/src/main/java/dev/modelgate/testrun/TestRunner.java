package dev.modelgate.testrun;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.ExternalIdProbe;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.converse.ConverseShown;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.invoke.ConverseCall;
import dev.modelgate.invoke.ConverseInvoker;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.invoke.Invocations;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.invoke.StreamingInvoker;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelStatus;
import dev.modelgate.model.StoredModel;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.testrun.StageResult.Outcome;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a Test of a model configuration — a saved model's current revision or an unsaved draft — stage by stage:
 * <ol>
 *   <li>ASSUME_ROLE: a fresh {@code AssumeRole} of the tenant's role, and a check that the role refuses anyone
 *       without the workspace's External ID;</li>
 *   <li>INVOKE: the request body rendered from the variables' values, sent to {@code InvokeModel} as that role;</li>
 *   <li>MAP: the output mapping on Bedrock's answer, token counts compared with Bedrock's headers;</li>
 *   <li>STREAM, only for a model whose output mapping has a stream part: the answer streamed once
 *       ({@code InvokeModelWithResponseStream}), its chunks shown as they came and the stream mapping applied to
 *       them ({@link StreamStage}). A model whose stream fails or whose stream mapping does not fit is not READY.</li>
 *   <li>ROUTE, only for a saved model with fallbacks or a balance: each link called once as a routed call would
 *       call it ({@link RouteStage}); informative, it never fails the Test.</li>
 * </ol>
 * Each stage has its own bound ({@link StageBounds}); one that ends past it fails with {@link StageBounds#CODE}.
 * A stage that fails carries a {@link Diagnosis} and the stages after it are skipped. A Test of a saved model is
 * recorded as its revision's latest; a pass makes the revision live when the subject asks so
 * ({@link TestSubject#promotes()}) and it is still the latest saved one. Every Test is recorded, passed or failed,
 * without secrets, and audited ({@link AuditAction#MODEL_TESTED}, its outcome only) in the same transaction as its
 * record. Blocking (made for virtual threads); thread-safe.
 */
public final class TestRunner {

    private final AssumeRoleCheck assumeRole;
    private final InvokeCheck invoke;
    private final StreamCheck stream;
    private final ExternalModels models;
    private final TestRunRepository runs;
    private final JsonMapper json;
    private final Clock clock;
    private final UsageRecorder usage;
    private final AuditLog audit;
    private final TransactionOperations transactions;
    private final StageBounds bounds;
    private final RouteCheck route;

    /**
     * @param credentials tenant sessions; the Test drops the cached one and assumes the role anew
     * @param probe       asks STS for the role without the External ID
     * @param invoker     calls Bedrock (retries, timeouts and size cap as for agents' invocations)
     * @param catalogs    what the Region offers, for diagnoses that list alternatives
     * @param platform    Modelgate's own principal, for the trust policy a diagnosis shows
     * @param models      marks a passed revision READY
     * @param runs        where every run is recorded
     * @param json        writes the recorded answer, as the API writes it
     * @param clock       when a run starts
     * @param usage       where each run is metered (kind TEST), like an invocation
     * @param audit       where each run is audited
     * @param transactions writes a run's record and its audit event as one transaction
     * @param bounds      how long the ASSUME_ROLE and MAP stages may take, as {@code clock} tells time
     */
    public TestRunner(TenantCredentials credentials, ExternalIdProbe probe, ModelInvoker invoker,
                      BedrockCatalogs catalogs, PlatformIdentity platform, ExternalModels models,
                      TestRunRepository runs, JsonMapper json, Clock clock, UsageRecorder usage, AuditLog audit,
                      TransactionOperations transactions, StageBounds bounds) {
        this(credentials, probe, invoker, null, catalogs, platform, models, runs, json, clock, usage, audit,
                transactions, bounds);
    }

    /**
     * @param streams streams the answer for the STREAM stage of a model with a stream mapping; null to skip it
     */
    public TestRunner(TenantCredentials credentials, ExternalIdProbe probe, ModelInvoker invoker,
                      StreamingInvoker streams, BedrockCatalogs catalogs, PlatformIdentity platform,
                      ExternalModels models, TestRunRepository runs, JsonMapper json, Clock clock,
                      UsageRecorder usage, AuditLog audit, TransactionOperations transactions, StageBounds bounds) {
        this(credentials, probe, invoker, streams, catalogs, platform, models, runs, json, clock, usage, audit,
                transactions, bounds, null);
    }

    /**
     * @param routings a saved model's routing, whose links the ROUTE stage calls ({@link RouteStage}); null for no
     *                 ROUTE stage
     */
    public TestRunner(TenantCredentials credentials, ExternalIdProbe probe, ModelInvoker invoker,
                      StreamingInvoker streams, BedrockCatalogs catalogs, PlatformIdentity platform,
                      ExternalModels models, TestRunRepository runs, JsonMapper json, Clock clock,
                      UsageRecorder usage, AuditLog audit, TransactionOperations transactions, StageBounds bounds,
                      dev.modelgate.model.ModelRoutings routings) {
        this.stream = streams == null ? null : new StreamCheck(streams, new InvokeDiagnoses(catalogs),
                invoker::deadline);
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.assumeRole = new AssumeRoleCheck(credentials, probe, platform, (workspaceId, key) -> runs.lastAssumed(
                workspaceId, key.roleArn().arn(), key.externalId().value(), key.stsEndpoint().url()));
        this.invoke = new InvokeCheck(invoker, new InvokeDiagnoses(catalogs));
        this.models = Objects.requireNonNull(models, "models");
        this.route = routings == null ? null : new RouteCheck(routings, models, invoke, usage, clock);
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs and records a Test. Each variable takes the value given, else its test value, else its default.
     *
     * @param variables values by variable name; may be empty
     * @return the run, passed or failed
     * @throws InvalidInputException before anything is called, when the values do not fit the variables (fields
     *                               {@code variables.<name>}: {@code missing-variable}, {@code wrong-type},
     *                               {@code unknown-variable}, or {@code variables} with {@code body-too-large})
     */
    public TestRun run(TestSubject subject, Map<String, JsonNode> variables) {
        ModelConfiguration configuration = subject.configuration();
        ConverseRequest converse = configuration.isConverse() ? converseRequest(configuration, variables) : null;
        byte[] body = converse != null ? ConverseShown.body(converse).getBytes(StandardCharsets.UTF_8)
                : render(configuration.requestTemplate(), variables);
        SessionKey key = new SessionKey(configuration.roleArn(), subject.externalId(), configuration.stsEndpoint());
        Instant testedAt = clock.instant();
        long started = System.nanoTime();
        InvokeDiagnoses.Call call = new InvokeDiagnoses.Call(subject.workspaceId(), key, configuration, body);
        AssumeRoleStage assumed = assumeRole.run(subject.workspaceId(), key,
                Deadline.start(clock, bounds.assumeRole()));
        InvokeStage invoked = InvokeCheck.skipped(call);
        StageResult third = converse != null ? AnswerStage.skipped() : MapStage.skipped();
        if (assumed.outcome() == Outcome.PASSED && converse != null) {
            InvokeCheck.ConverseResult result = invoke.runConverse(call, converse);
            invoked = result.stage();
            if (result.call() != null) {
                third = answer(result.call());
            }
        } else if (assumed.outcome() == Outcome.PASSED) {
            InvokeCheck.Result result = invoke.run(call);
            invoked = result.stage();
            if (result.document() != null) {
                third = subject.mappingPending() ? MapStage.pending()
                        : map(configuration, result);
            }
        }
        List<StageResult> stages = new ArrayList<>(List.of(assumed, invoked, third));
        if (converse == null && configuration.outputMapping().stream().isPresent()) {
            stages.add(streamed(call, invoked, (MapStage) third));
        }
        RouteStage routed = route == null ? RouteStage.skipped() : route.run(subject, variables);
        if (routed.outcome() != Outcome.SKIPPED) {
            stages.add(routed);
        }
        long latency = AssumeRoleCheck.millisSince(started);
        StageResult failed = stages.stream().filter(s -> s.outcome() == Outcome.FAILED).findFirst().orElse(null);
        // The revision's Test and promotion, the run's record and its audit event: all or nothing.
        TestRun run = transactions.execute(tx -> {
            String id = UUID.randomUUID().toString();
            TestRun finished = new TestRun(id,
                    failed == null ? TestRun.Outcome.PASSED : TestRun.Outcome.FAILED,
                    failed == null ? null : failed.stage(), failed == null ? null : failed.diagnosis().code(),
                    configuration.name(), tested(subject, id, failed == null), testedAt, latency, stages);
            runs.insert(record(finished, subject, key));
            audit.append(auditEntry(finished, subject));
            return finished;
        });
        Long revision = subject.model() == null ? null : subject.model().revision();
        usage.record(usageOf(run, subject).withRevision(revision));
        stages.stream().filter(StreamStage.class::isInstance).map(StreamStage.class::cast)
                .filter(streamed -> streamed.outcome() != Outcome.SKIPPED)
                .forEach(streamed -> usage.record(streamUsage(streamed, run, subject).withRevision(revision)));
        return run;
    }

    /**
     * The STREAM stage, for a model with a stream mapping: run when the non-streamed answer mapped (or its mapping is
     * pending), skipped otherwise or when this runner streams nothing.
     */
    private StreamStage streamed(InvokeDiagnoses.Call call, InvokeStage invoked, MapStage mapped) {
        if (stream == null) {
            return StreamStage.skipped("This installation does not stream in Tests.");
        }
        if (invoked.outcome() != Outcome.PASSED || mapped.outcome() == Outcome.FAILED) {
            return StreamStage.skipped(null);
        }
        String text = mapped.fields().stream().filter(f -> f.field().equals("outputMapping.text")
                && f.outcome() == MapStage.FieldOutcome.MAPPED && f.value() != null && f.value().isString())
                .map(f -> f.value().stringValue()).findFirst().orElse(null);
        return stream.run(call, text);
    }

    /** The Test's stream as usage of its own: OK or its diagnosis code, the counts it read. */
    private static UsageRecord streamUsage(StreamStage streamed, TestRun run, TestSubject subject) {
        Long input = streamed.tokens() == null ? null : streamCount(streamed.tokens().input());
        Long output = streamed.tokens() == null ? null : streamCount(streamed.tokens().output());
        TokenSource source = TokenSource.of(input != null,
                input != null && streamed.tokens().input().mapped() != null, output != null,
                output != null && streamed.tokens().output().mapped() != null);
        String name = run.modelName() == null || run.modelName().isBlank() ? "(unnamed draft)" : run.modelName();
        return UsageRecord.create(subject.workspaceId(), subject.model() == null ? null : subject.model().id(), name,
                UsageKind.TEST, streamed.diagnosis() == null ? UsageRecord.OK : streamed.diagnosis().code(),
                input, output, source, streamed.latencyMs(), streamed.requestId(), run.testedAt());
    }

    private static Long streamCount(StreamStage.TokenCount count) {
        return count == null ? null : count.mapped() != null ? count.mapped() : count.metrics();
    }

    /** The run as usage: its outcome (OK or the diagnosis code), Bedrock's token counts and request ID, if any. */
    private static UsageRecord usageOf(TestRun run, TestSubject subject) {
        Long input;
        Long output;
        Long cacheRead = null;
        Long cacheWrite = null;
        TokenSource source;
        if (run.stages().get(2) instanceof AnswerStage answer) {
            input = answer.usage() == null ? null : answer.usage().inputTokens();
            cacheRead = answer.usage() == null ? null : answer.usage().cacheReadInputTokens();
            cacheWrite = answer.usage() == null ? null : answer.usage().cacheWriteInputTokens();
            output = answer.usage() == null ? null : answer.usage().outputTokens();
            source = input == null && output == null ? TokenSource.NONE : TokenSource.CONVERSE;
        } else {
            MapStage.Tokens tokens = run.stage(MapStage.class).tokens();
            input = tokens == null ? null : count(tokens.input());
            output = tokens == null ? null : count(tokens.output());
            source = TokenSource.of(input != null, input != null && tokens.input().mapped() != null,
                    output != null, output != null && tokens.output().mapped() != null);
        }
        InvokeStage.Response response = run.stage(InvokeStage.class).response();
        String requestId = response == null ? null : response.headers().get("x-amzn-RequestId");
        String name = run.modelName() == null || run.modelName().isBlank() ? "(unnamed draft)" : run.modelName();
        return UsageRecord.create(subject.workspaceId(), subject.model() == null ? null : subject.model().id(), name,
                // A run that failed only in its STREAM stage metered that stream apart: its InvokeModel call was OK.
                UsageKind.TEST, run.outcome() == TestRun.Outcome.PASSED || run.failedStage() == StageResult.Stage.STREAM
                        ? UsageRecord.OK
                        : ErrorCode.GUARDRAIL_INTERVENED.code().equals(run.diagnosisCode())
                        ? Invocations.GUARDRAIL_INTERVENED : run.diagnosisCode(),
                input, output, source, run.latencyMs(), requestId, run.testedAt(), cacheRead, cacheWrite);
    }

    /**
     * The run's outcome only: {@code testRunId}, {@code outcome}, {@code failedStage}, {@code diagnosisCode},
     * {@code revision} (null for a draft) and {@code markedReady}. A saved model's run is about resource type
     * {@code MODEL}; a draft's about {@code DRAFT}, without an id.
     */
    private AuditEntry auditEntry(TestRun run, TestSubject subject) {
        ObjectNode details = json.createObjectNode();
        details.put("testRunId", run.id());
        details.put("outcome", run.outcome().name());
        details.put("failedStage", run.failedStage() == null ? null : run.failedStage().name());
        details.put("diagnosisCode", run.diagnosisCode());
        details.put("revision", run.model() == null ? null : run.model().revision());
        details.put("markedReady", run.model() != null && run.model().markedReady());
        StoredModel model = subject.model();
        String name = run.modelName().length() > 100 ? run.modelName().substring(0, 100) : run.modelName();
        return new AuditEntry(subject.workspaceId(), subject.actor(), AuditAction.MODEL_TESTED,
                model == null ? "DRAFT" : "MODEL", model == null ? null : model.id(), name, details);
    }

    private static Long count(MapStage.TokenCount count) {
        return count == null ? null : count.mapped() != null ? count.mapped() : count.header();
    }

    /**
     * Only the ASSUME_ROLE stage, for a role not yet part of a model (the console's "Check role"). Not recorded.
     */
    public AssumeRoleStage checkRole(String workspaceId, ExternalId externalId, RoleArn roleArn,
                                     StsEndpoint stsEndpoint) {
        return assumeRole.run(workspaceId, new SessionKey(roleArn, externalId, stsEndpoint),
                Deadline.start(clock, bounds.assumeRole()));
    }

    /** The MAP stage, failed with {@link StageBounds#CODE} when it ends past its bound. */
    private MapStage map(ModelConfiguration configuration, InvokeCheck.Result result) {
        Deadline deadline = Deadline.start(clock, bounds.map());
        MapStage mapped = MapCheck.run(configuration.outputMapping(), result.call(), result.document());
        if (!deadline.expired()) {
            return mapped;
        }
        return new MapStage(StageResult.Outcome.FAILED, mapped.latencyMs(), mapped.fields(), mapped.tokens(),
                mapped.warnings(), StageBounds.exceeded(StageResult.Stage.MAP, bounds.map(), ""));
    }

    private TestRun.TestedModel tested(TestSubject subject, String runId, boolean passed) {
        StoredModel model = subject.model();
        if (model == null) {
            return null;
        }
        boolean live = model.liveRevision() != null && model.liveRevision() == model.revision();
        if (models.recordTest(subject.workspaceId(), model.id(), model.revision(), runId, passed,
                subject.promotes())) {
            return new TestRun.TestedModel(model.id(), model.revision(), ModelStatus.READY, true, null);
        }
        ModelStatus status = live ? ModelStatus.READY : ModelStatus.DRAFT;
        if (!passed || live) {
            return new TestRun.TestedModel(model.id(), model.revision(), status, false, null);
        }
        if (subject.promotes()) {
            return new TestRun.TestedModel(model.id(), model.revision(), status, false, "revision "
                    + model.revision() + " passed, but the model changed or was deleted during the Test, so it is no "
                    + "longer the current revision and nothing was marked READY; Test the current revision");
        }
        return new TestRun.TestedModel(model.id(), model.revision(), status, false, "revision " + model.revision()
                + " passed and is the draft; revision " + model.liveRevision() + " stays live until you promote it "
                + "(POST /api/v1/models/" + model.id() + "/promote)");
    }

    private TestRunRecord record(TestRun run, TestSubject subject, SessionKey key) {
        return new TestRunRecord(run.id(), subject.workspaceId(), subject.model() == null ? null : subject.model().id(),
                subject.model() == null ? null : subject.model().revision(), run.modelName(), run.outcome().name(),
                run.failedStage() == null ? null : run.failedStage().name(), run.diagnosisCode(),
                run.stage(AssumeRoleStage.class).latencyMs(), run.stage(InvokeStage.class).latencyMs(),
                run.stages().get(2).latencyMs(), run.latencyMs(), key.roleArn().arn(), key.externalId().value(),
                key.stsEndpoint().url(), run.testedAt(), subject.actor(),
                RecordedAnswers.write(json, run, TestRunRepository.MAX_ANSWER_CHARS));
    }

    /**
     * A Converse model's request for a single turn: the values given, else the variables' test values, else their
     * defaults; merged with the model's defaults.
     */
    static ConverseRequest converseRequest(ModelConfiguration configuration, Map<String, JsonNode> variables) {
        tools.jackson.databind.node.ObjectNode body = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        tools.jackson.databind.node.ObjectNode values = body.putObject("variables");
        if (variables != null) {
            variables.forEach(values::set);
        }
        return ConverseInvoker.request(configuration, ConverseRequests.read(body, configuration.converse(), true));
    }

    /** The ANSWER stage: the parsed answer, failed with {@link StageBounds#CODE} when it ends past its bound. */
    private AnswerStage answer(ConverseCall call) {
        Deadline deadline = Deadline.start(clock, bounds.map());
        long started = System.nanoTime();
        List<JsonNode> toolCalls = new java.util.ArrayList<>();
        call.message().get("content").forEach(block -> {
            if (block.has("toolUse")) {
                toolCalls.add(block);
            }
        });
        List<String> warnings = new java.util.ArrayList<>();
        String text = call.text();
        if (text.isEmpty() && toolCalls.isEmpty()) {
            warnings.add("The answer has neither text nor a tool call.");
        }
        if ("max_tokens".equals(call.stopReason())) {
            warnings.add("The answer was cut at maxTokens (stop reason max_tokens): raise inferenceConfig.maxTokens "
                    + "if answers should be longer.");
        }
        AnswerStage.Usage usage = new AnswerStage.Usage(call.inputTokens(), call.outputTokens(),
                call.cacheReadInputTokens(), call.cacheWriteInputTokens());
        long latency = AssumeRoleCheck.millisSince(started);
        if (!deadline.expired()) {
            return new AnswerStage(Outcome.PASSED, latency, text, toolCalls, call.stopReason(), usage, warnings, null);
        }
        return new AnswerStage(Outcome.FAILED, latency, text, toolCalls, call.stopReason(), usage, warnings,
                StageBounds.exceeded(StageResult.Stage.ANSWER, bounds.map(), ""));
    }

    /** The body for the values given, test values and defaults, its violations named {@code variables.<name>}. */
    static byte[] render(RequestTemplate template, Map<String, JsonNode> variables) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (PromptVariable variable : template.variables()) {
            if (variable.testValue() != null) {
                values.put(variable.name(), variable.testValue());
            }
        }
        if (variables != null) {
            values.putAll(variables);
        }
        return template.render(values, "variables");
    }
}
