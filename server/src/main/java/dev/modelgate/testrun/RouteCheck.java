package dev.modelgate.testrun;

import dev.modelgate.credentials.SessionKey;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelRouting;
import dev.modelgate.model.ModelRoutings;
import dev.modelgate.model.StoredModel;
import dev.modelgate.testrun.StageResult.Outcome;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.validation.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The ROUTE stage ({@link RouteStage}): each link of a saved model's routing looked up as a routed call would (its
 * live revision, inference on) and called once with the Test's values, as the INVOKE stage calls the model. Each call
 * is metered as a Test of the link (kind TEST, the link's own usage). At most {@value ModelRouting#MAX_FALLBACKS}
 * fallbacks and {@value ModelRouting#MAX_BALANCE} balanced models, each called once within its own total timeout.
 */
final class RouteCheck {

    private final ModelRoutings routings;
    private final ExternalModels models;
    private final InvokeCheck invoke;
    private final UsageRecorder usage;
    private final Clock clock;

    RouteCheck(ModelRoutings routings, ExternalModels models, InvokeCheck invoke, UsageRecorder usage, Clock clock) {
        this.routings = routings;
        this.models = models;
        this.invoke = invoke;
        this.usage = usage;
        this.clock = clock;
    }

    RouteStage run(TestSubject subject, Map<String, JsonNode> variables) {
        if (subject.model() == null) {
            return RouteStage.skipped();
        }
        ModelRouting routing = routings.get(subject.workspaceId(), subject.model().id());
        if (routing.isEmpty()) {
            return RouteStage.skipped();
        }
        long started = System.nanoTime();
        Map<String, RouteStage.Link> links = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ModelRouting.Link link : routing.fallbacks()) {
            links.put(link.modelId(), test(subject, link, "FALLBACK", null, variables, warnings));
        }
        for (ModelRouting.Link link : routing.balance()) {
            if (!links.containsKey(link.modelId()) && !link.modelId().equals(subject.model().id())) {
                links.put(link.modelId(), test(subject, link, "BALANCE", link.weight(), variables, warnings));
            }
        }
        return new RouteStage(Outcome.PASSED, AssumeRoleCheck.millisSince(started), List.copyOf(links.values()),
                warnings);
    }

    private RouteStage.Link test(TestSubject subject, ModelRouting.Link link, String kind, Integer weight,
                                 Map<String, JsonNode> variables, List<String> warnings) {
        Optional<StoredModel> live = models.live(subject.workspaceId(), link.name());
        if (live.isEmpty() || !live.get().inferenceEnabled()) {
            String why = live.isEmpty() ? "NOT_READY" : "INFERENCE_DISABLED";
            warnings.add(kind.equals("FALLBACK") ? "Fallback \"" + link.name() + "\" is skipped by routed calls: "
                    + (live.isEmpty() ? "it has no live revision (Test and promote it)." : "its inference is off.")
                    : "Balanced model \"" + link.name() + "\" is skipped by routed calls: " + (live.isEmpty()
                    ? "it has no live revision." : "its inference is off."));
            return new RouteStage.Link(kind, link.name(), weight, live.map(StoredModel::revision).orElse(null), false,
                    why, Outcome.SKIPPED, 0, null, null, 0, null);
        }
        StoredModel model = live.get();
        ModelConfiguration configuration = models.compiled(model);
        SessionKey key = new SessionKey(configuration.roleArn(), subject.externalId(), configuration.stsEndpoint());
        long started = System.nanoTime();
        InvokeStage stage;
        Long input = null;
        Long output = null;
        TokenSource source = TokenSource.NONE;
        try {
            if (configuration.isConverse()) {
                var request = TestRunner.converseRequest(configuration, variables);
                byte[] body = dev.modelgate.converse.ConverseShown.body(request).getBytes(StandardCharsets.UTF_8);
                InvokeCheck.ConverseResult result = invoke.runConverse(
                        new InvokeDiagnoses.Call(subject.workspaceId(), key, configuration, body), request);
                stage = result.stage();
                if (result.call() != null) {
                    input = result.call().inputTokens();
                    output = result.call().outputTokens();
                    source = input == null && output == null ? TokenSource.NONE : TokenSource.CONVERSE;
                }
            } else {
                byte[] body = TestRunner.render(configuration.requestTemplate(), variables);
                InvokeCheck.Result result = invoke.run(
                        new InvokeDiagnoses.Call(subject.workspaceId(), key, configuration, body));
                stage = result.stage();
                if (result.call() != null) {
                    input = result.call().inputTokens().isPresent() ? result.call().inputTokens().getAsLong() : null;
                    output = result.call().outputTokens().isPresent() ? result.call().outputTokens().getAsLong()
                            : null;
                    source = TokenSource.of(input != null, false, output != null, false);
                }
            }
        } catch (InvalidInputException e) {
            Diagnosis diagnosis = Diagnosis.of(ErrorCode.INVALID_INPUT, "The Test's values do not fit this link",
                    e.getMessage(), List.of("Give the link's variables test values, or values in the Test that "
                            + "fit both models."), null);
            warnings.add(warning(kind, link.name(), diagnosis));
            return new RouteStage.Link(kind, link.name(), weight, model.revision(), true, null, Outcome.FAILED,
                    AssumeRoleCheck.millisSince(started), configuration.region().id(), null, 0, diagnosis);
        }
        usage.record(UsageRecord.create(subject.workspaceId(), model.id(), model.name(), UsageKind.TEST,
                stage.diagnosis() == null ? UsageRecord.OK : stage.diagnosis().code(), input, output, source,
                stage.latencyMs(), requestId(stage), clock.instant()).withRevision(model.revision()));
        if (stage.diagnosis() != null) {
            warnings.add(warning(kind, link.name(), stage.diagnosis()));
        }
        return new RouteStage.Link(kind, link.name(), weight, model.revision(), true, null, stage.outcome(),
                stage.latencyMs(), stage.region(), stage.modelId(), stage.attempts(), stage.diagnosis());
    }

    private static String warning(String kind, String name, Diagnosis diagnosis) {
        return (kind.equals("FALLBACK") ? "Fallback \"" : "Balanced model \"") + name + "\" failed its call ("
                + diagnosis.code() + "): " + diagnosis.title();
    }

    private static String requestId(InvokeStage stage) {
        return stage.response() == null ? null : stage.response().headers().get("x-amzn-RequestId");
    }
}
