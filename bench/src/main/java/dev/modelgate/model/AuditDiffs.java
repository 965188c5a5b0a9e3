package dev.modelgate.model;

import java.time.Instant;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit diff of one model update, for {@code dev.modelgate.bench.BoundsBenchmark}: {@link ModelAudit} is
 * package-private, so the benchmark reaches it from here.
 */
public final class AuditDiffs {

    private AuditDiffs() {
    }

    /**
     * The diff between two models whose every field is as large as can be stored, every field changed.
     *
     * @param template       the request template of the model before (the one after differs in its last character)
     * @param variablesJson  its variables as JSON
     * @param outputMapping  its output mapping as JSON
     */
    public static Supplier<Object> largestUpdate(String template, String variablesJson, String outputMapping) {
        ModelAudit audit = new ModelAudit(JsonMapper.builder().build());
        StoredModel before = model(template, variablesJson, outputMapping, 1, "a");
        StoredModel after = model(template.substring(0, template.length() - 1) + " ", variablesJson.replace('a', 'b'),
                outputMapping.replace('a', 'b'), 2, "b");
        return () -> audit.updated(before, after, "alice");
    }

    private static StoredModel model(String template, String variablesJson, String outputMapping, long revision,
                                     String tag) {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        return new StoredModel("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002",
                "model-" + tag, tag.repeat(1000), "anthropic", true, ModelStatus.DRAFT, revision,
                "arn:aws:iam::222222222222:role/" + tag.repeat(64), "https://sts.us-east-1.amazonaws.com", "us-east-1",
                "arn:aws:bedrock:us-east-1:222222222222:custom-model/" + tag.repeat(1900) + "/abcdefabcdef",
                variablesJson, template, outputMapping, 5_000, 60_000, at, "alice", at, "alice");
    }
}
