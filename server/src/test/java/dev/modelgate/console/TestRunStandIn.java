package dev.modelgate.console;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.credentials.TenantSession;
import dev.modelgate.invoke.BedrockCall;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.mapping.MappingReport;
import dev.modelgate.mapping.MappingResult;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import tools.jackson.databind.JsonNode;

/**
 * A stand-in, for the console's browser tests only, of the Test, check-role and model catalog endpoints that another
 * branch is adding to the server: {@code POST /api/v1/models/{id}/test}, {@code POST /api/v1/models/test},
 * {@code POST /api/v1/models/check-role}, {@code GET /api/v1/models/{id}/tests} and {@code POST /api/v1/catalog/models},
 * answering in the agreed contract's shape with real calls to the emulator (the role is really assumed, Bedrock really
 * invoked, the mapping really applied, and a passed Test of a saved model marks it READY). Its diagnoses are plainer
 * than the real ones. Delete it when those endpoints are merged: their mappings would collide with these, and the
 * context would not start.
 */
@TestComponent
@RestController
class TestRunStandIn {

    private final ExternalModels models;
    private final WorkspaceContext workspaces;
    private final TenantCredentials credentials;
    private final ModelInvoker invoker;
    private final Clock clock;
    private final URI endpointOverride;
    private final Map<String, List<Map<String, Object>>> runs = new ConcurrentHashMap<>();

    TestRunStandIn(ExternalModels models, WorkspaceContext workspaces, TenantCredentials credentials, ModelInvoker invoker,
                   Clock clock, @Value("${modelgate.aws.endpoint-override}") URI endpointOverride) {
        this.models = models;
        this.workspaces = workspaces;
        this.credentials = credentials;
        this.invoker = invoker;
        this.clock = clock;
        this.endpointOverride = endpointOverride;
    }

    record Connection(String roleArn, String stsEndpoint, String region) {
    }

    record DraftTest(ModelDraft model, Map<String, JsonNode> variables) {
    }

    record SavedTest(Map<String, JsonNode> variables) {
    }

    @PostMapping(path = "/api/v1/models/check-role", consumes = "application/json", produces = "application/json")
    Map<String, Object> checkRole(@RequestBody Connection connection) {
        SessionKey key = key(connection);
        Map<String, Object> run = run(null);
        long started = System.nanoTime();
        Map<String, Object> stage = assumeRole(key);
        run.put("stages", List.of(stage));
        return finish(run, started, stage.get("outcome").equals("PASSED") ? null : "ASSUME_ROLE");
    }

    @PostMapping(path = "/api/v1/models/test", consumes = "application/json", produces = "application/json")
    Map<String, Object> testDraft(@RequestBody DraftTest request) {
        ModelConfiguration configuration;
        try {
            configuration = models.validate(request.model());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.violations().stream().map(v -> v.under("model." + v.field())).toList());
        }
        return test(configuration, request.variables(), null);
    }

    @PostMapping(path = "/api/v1/models/{id}/test", consumes = "application/json", produces = "application/json")
    Map<String, Object> testSaved(@PathVariable String id, @RequestBody(required = false) SavedTest request) {
        ExternalModels.Saved saved = models.get(workspaces.current().id(), id);
        Map<String, Object> run = test(saved.configuration(), request == null ? null : request.variables(), saved);
        runs.computeIfAbsent(id, k -> new ArrayList<>()).addFirst(run);
        return run;
    }

    @GetMapping(path = "/api/v1/models/{id}/tests", produces = "application/json")
    Map<String, Object> tests(@PathVariable String id, @RequestParam(defaultValue = "10") int limit) {
        models.get(workspaces.current().id(), id);
        List<Map<String, Object>> all = runs.getOrDefault(id, List.of());
        return Map.of("items", all.subList(0, Math.min(limit, all.size())));
    }

    @PostMapping(path = "/api/v1/catalog/models", consumes = "application/json", produces = "application/json")
    Map<String, Object> catalog(@RequestBody Connection connection) {
        SessionKey key = key(connection);
        Region region = Region.of(connection.region());
        try (BedrockClient bedrock = BedrockClient.builder().endpointOverride(endpointOverride)
                .region(software.amazon.awssdk.regions.Region.of(region.id()))
                .credentialsProvider(credentials.provider(key, workspaces.current().id())).build()) {
            List<Map<String, Object>> foundation = new ArrayList<>();
            for (FoundationModelSummary m : bedrock.listFoundationModels(r -> { }).modelSummaries()) {
                foundation.add(ordered("modelId", m.modelId(), "modelName", m.modelName(), "provider", m.providerName(),
                        "inputModalities", m.inputModalitiesAsStrings(), "outputModalities", m.outputModalitiesAsStrings(),
                        "inferenceTypes", m.inferenceTypesSupportedAsStrings()));
            }
            List<Map<String, Object>> profiles = new ArrayList<>();
            for (InferenceProfileSummary p : bedrock.listInferenceProfiles(r -> { }).inferenceProfileSummaries()) {
                LinkedHashSet<String> modelIds = new LinkedHashSet<>();
                p.models().forEach(m -> modelIds.add(m.modelArn().substring(m.modelArn().indexOf("foundation-model/") + 17)));
                profiles.add(ordered("id", p.inferenceProfileId(), "name", p.inferenceProfileName(), "type", p.typeAsString(),
                        "models", List.copyOf(modelIds)));
            }
            return ordered("listable", true, "message", null, "foundationModels", foundation, "inferenceProfiles", profiles);
        } catch (AssumeRoleException e) {
            return ordered("listable", false, "message", "Modelgate could not assume the role: " + e.reason(),
                    "foundationModels", List.of(), "inferenceProfiles", List.of());
        } catch (SdkException e) {
            return ordered("listable", false, "message", "Bedrock refused to list the models: " + e.getMessage(),
                    "foundationModels", List.of(), "inferenceProfiles", List.of());
        }
    }

    private SessionKey key(Connection connection) {
        List<Violation> violations = new ArrayList<>(RoleArn.validate(connection.roleArn()));
        Optional<Region> region = connection.region() == null ? Optional.empty() : Region.find(connection.region());
        if (region.isEmpty()) {
            violations.add(Violation.of("region", "region", "region must be an AWS Region, got " + connection.region()));
        } else {
            violations.addAll(StsEndpoint.validate(connection.stsEndpoint(), region.get()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SessionKey(RoleArn.parse(connection.roleArn()), ExternalId.of(workspaces.current().externalId()),
                StsEndpoint.parse(connection.stsEndpoint(), region.get()));
    }

    private Map<String, Object> test(ModelConfiguration configuration, Map<String, JsonNode> variables,
                                     ExternalModels.Saved saved) {
        Workspace workspace = workspaces.current();
        SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                configuration.stsEndpoint());
        Map<String, JsonNode> values = variables != null ? variables : testValues(configuration);
        byte[] body = configuration.requestTemplate().render(values);
        Map<String, Object> run = run(saved);
        long started = System.nanoTime();
        List<Map<String, Object>> stages = new ArrayList<>();
        run.put("stages", stages);
        Map<String, Object> assume = assumeRole(key);
        stages.add(assume);
        if (!assume.get("outcome").equals("PASSED")) {
            stages.add(skipped("INVOKE"));
            stages.add(skipped("MAP"));
            return finish(run, started, "ASSUME_ROLE");
        }
        Map<String, Object> invoke = stage("INVOKE");
        invoke.put("modelId", configuration.modelReference().modelId());
        invoke.put("request", ordered("contentType", "application/json", "body", new String(body, StandardCharsets.UTF_8)));
        stages.add(invoke);
        long invokeStarted = System.nanoTime();
        BedrockCall call;
        try {
            call = invoker.call(workspace.id(), key, configuration, body);
        } catch (InvokeException e) {
            invoke.put("outcome", "FAILED");
            invoke.put("latencyMs", millisSince(invokeStarted));
            invoke.put("attempts", e.attempts());
            invoke.put("requestId", e.requestId().orElse(null));
            invoke.put("diagnosis", ordered("code", "INVOKE_" + e.kind().name(), "title", "Bedrock refused the call",
                    "detail", e.getMessage(), "fixes", List.of(), "aws", ordered("errorCode", e.errorCode().orElse(null),
                            "message", e.getMessage(), "status", e.statusCode(), "requestId", e.requestId().orElse(null))));
            stages.add(skipped("MAP"));
            return finish(run, started, "INVOKE");
        }
        invoke.put("outcome", "PASSED");
        invoke.put("latencyMs", call.latency().toMillis());
        invoke.put("attempts", call.attempts());
        invoke.put("requestId", call.requestId());
        Map<String, Object> headers = new LinkedHashMap<>();
        if (call.headerInputTokens() >= 0) {
            headers.put("X-Amzn-Bedrock-Input-Token-Count", String.valueOf(call.headerInputTokens()));
        }
        if (call.headerOutputTokens() >= 0) {
            headers.put("X-Amzn-Bedrock-Output-Token-Count", String.valueOf(call.headerOutputTokens()));
        }
        invoke.put("response", ordered("status", call.statusCode(), "headers", headers,
                "body", new String(call.body(), StandardCharsets.UTF_8)));
        Map<String, Object> map = stage("MAP");
        stages.add(map);
        MappingReport report = configuration.outputMapping().evaluate(ModelInvoker.parse(call));
        List<Map<String, Object>> fields = new ArrayList<>();
        for (MappingResult<?> result : report.results()) {
            fields.add(switch (result) {
                case MappingResult.Mapped<?> m -> ordered("field", m.field(), "path", m.expression(), "outcome", "MAPPED",
                        "value", m.value());
                case MappingResult.Failed<?> f -> ordered("field", f.field(), "path", f.expression(), "outcome", "FAILED",
                        "rule", f.rule(), "message", f.message(), "available", f.available());
                case MappingResult.Unmapped<?> u -> ordered("field", u.field(), "outcome", "UNMAPPED");
            });
        }
        map.put("fields", fields);
        map.put("outcome", report.successful() ? "PASSED" : "FAILED");
        if (!report.successful()) {
            map.put("diagnosis", ordered("code", "MAPPING_FAILED", "title", "The output mapping does not fit the answer",
                    "detail", report.failures().getFirst().message(), "fixes",
                    List.of("Click a value in the response to use its path"), "aws", null));
        }
        if (report.successful() && saved != null) {
            models.markReady(workspace.id(), saved.stored().id(), saved.stored().revision());
            run.put("model", ordered("id", saved.stored().id(), "revision", saved.stored().revision(), "status", "READY"));
        }
        return finish(run, started, report.successful() ? null : "MAP");
    }

    private Map<String, Object> assumeRole(SessionKey key) {
        Map<String, Object> stage = stage("ASSUME_ROLE");
        stage.put("roleArn", key.roleArn().arn());
        stage.put("externalId", key.externalId().value());
        stage.put("stsEndpoint", key.stsEndpoint().url());
        long started = System.nanoTime();
        credentials.invalidate(key);
        try {
            TenantSession session = credentials.session(key, workspaces.current().id());
            stage.put("outcome", "PASSED");
            stage.put("sessionName", session.assumedRoleArn().substring(session.assumedRoleArn().lastIndexOf('/') + 1));
        } catch (AssumeRoleException e) {
            stage.put("outcome", "FAILED");
            stage.put("requestId", e.requestId().orElse(null));
            stage.put("diagnosis", ordered("code", "ASSUME_ROLE_" + e.reason().name(),
                    "title", "AWS refused to let Modelgate assume the role",
                    "detail", "STS answered " + e.errorCode().orElse(e.reason().name()) + ": the role does not exist, its trust"
                            + " policy does not name Modelgate's principal, or it requires another External ID than this"
                            + " workspace's (" + key.externalId().value() + ").",
                    "fixes", List.of("Check that the role ARN is the role you created",
                            "Paste the trust policy of step 1 into the role's trust relationships: it names Modelgate's"
                                    + " principal and sts:ExternalId " + key.externalId().value()),
                    "aws", ordered("errorCode", e.errorCode().orElse(null), "message", e.detail(),
                            "status", e.statusCode().isPresent() ? e.statusCode().getAsInt() : null,
                            "requestId", e.requestId().orElse(null))));
        }
        stage.put("latencyMs", millisSince(started));
        return stage;
    }

    private Map<String, Object> run(ExternalModels.Saved saved) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", java.util.UUID.randomUUID().toString());
        run.put("outcome", null);
        run.put("failedStage", null);
        run.put("model", saved == null ? null : ordered("id", saved.stored().id(), "revision", saved.stored().revision(),
                "status", saved.stored().status().name()));
        run.put("testedAt", clock.instant().toString());
        return run;
    }

    private static Map<String, Object> finish(Map<String, Object> run, long started, String failedStage) {
        run.put("outcome", failedStage == null ? "PASSED" : "FAILED");
        run.put("failedStage", failedStage);
        run.put("latencyMs", millisSince(started));
        return run;
    }

    private static Map<String, Object> stage(String name) {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("stage", name);
        stage.put("outcome", null);
        stage.put("diagnosis", null);
        return stage;
    }

    private static Map<String, Object> skipped(String name) {
        Map<String, Object> stage = stage(name);
        stage.put("outcome", "SKIPPED");
        return stage;
    }

    private static Map<String, JsonNode> testValues(ModelConfiguration configuration) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        configuration.requestTemplate().variables().forEach(v -> {
            if (v.testValue() != null) {
                values.put(v.name(), v.testValue());
            }
        });
        return values;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
