package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/usage}: records written through the real recorder, read back as totals per model and day. */
class UsageApiIT extends ApiTestBase {

    private static final String USAGE = "/api/v1/usage";
    private static final String HAIKU = "11111111-1111-1111-1111-111111111111";
    private static final String SONNET = "22222222-2222-2222-2222-222222222222";

    @Autowired
    UsageRecorder recorder;


    @BeforeEach
    void startWithNoUsage() {
        UsageTables.deleteAll(jdbc);
    }

    private void record(String workspaceId, String modelId, String modelName, UsageKind kind, String outcome,
                        Long inputTokens, Long outputTokens, long latency, String at) {
        TokenSource source = inputTokens == null && outputTokens == null ? TokenSource.NONE : TokenSource.HEADERS;
        recorder.record(UsageRecord.create(workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens,
                source, latency, null, Instant.parse(at)));
    }

    private void record(String modelId, String modelName, UsageKind kind, String outcome, Long inputTokens,
                        Long outputTokens, long latency, String at) {
        record(workspace().id(), modelId, modelName, kind, outcome, inputTokens, outputTokens, latency, at);
    }

    @Test
    void usage_answersTotals_perModel_andPerUtcDay() {
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 100L, 20L, 400, "2026-11-24T10:00:00Z");
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 50L, 10L, 600, "2026-11-24T23:59:59.999Z");
        record(HAIKU, "haiku", UsageKind.INVOKE, "THROTTLED", null, null, 1500, "2026-11-25T00:00:00Z");
        record(null, "my draft", UsageKind.TEST, "OK", 5L, 1L, 300, "2026-11-25T08:00:00Z");
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1000L, 1000L, 1, "2026-11-26T00:00:00Z");
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1000L, 1000L, 1, "2026-11-23T23:59:59.999999Z");

        api.get(USAGE + "?from=2026-11-24&to=2026-11-26").assertJson(200, Api.parse("""
                {
                  "from": "2026-11-24T00:00:00Z", "to": "2026-11-26T00:00:00Z", "model": null, "kind": null,
                  "totals": {"calls": 4, "succeeded": 3, "failed": 1, "inputTokens": 155, "outputTokens": 31,
                             "callsWithUnknownTokens": 1,
                             "cost": "0.000000000", "unpricedCalls": 4, "cacheReadInputTokens": 0,
                             "cacheWriteInputTokens": 0},
                  "models": [
                    {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 3,
                     "succeeded": 2, "failed": 1, "inputTokens": 150, "outputTokens": 30, "callsWithUnknownTokens": 1,
                     "cost": "0.000000000", "unpricedCalls": 3,
                     "latencyMs": {"p50": 501.5, "p90": 579.9, "p99": 597.5}},
                    {"modelId": null, "modelName": "my draft", "calls": 1, "succeeded": 1, "failed": 0,
                     "inputTokens": 5, "outputTokens": 1, "callsWithUnknownTokens": 0,
                     "cost": "0.000000000", "unpricedCalls": 1,
                     "latencyMs": {"p50": 299.5, "p90": 299.5, "p99": 299.5}}
                  ],
                  "days": [
                    {"day": "2026-11-24", "calls": 2, "succeeded": 2, "failed": 0, "inputTokens": 150,
                     "outputTokens": 30, "callsWithUnknownTokens": 0,
                     "cost": "0.000000000", "unpricedCalls": 2, "models": [
                       {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 2,
                        "succeeded": 2, "failed": 0, "inputTokens": 150, "outputTokens": 30,
                        "callsWithUnknownTokens": 0,
                        "cost": "0.000000000", "unpricedCalls": 2,
                        "latencyMs": {"p50": 501.5, "p90": 579.9, "p99": 597.5}}
                    ]},
                    {"day": "2026-11-25", "calls": 2, "succeeded": 1, "failed": 1, "inputTokens": 5,
                     "outputTokens": 1, "callsWithUnknownTokens": 1,
                     "cost": "0.000000000", "unpricedCalls": 2, "models": [
                       {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 1,
                        "succeeded": 0, "failed": 1, "inputTokens": 0, "outputTokens": 0,
                        "callsWithUnknownTokens": 1, "cost": "0.000000000", "unpricedCalls": 1, "latencyMs": null},
                       {"modelId": null, "modelName": "my draft", "calls": 1, "succeeded": 1, "failed": 0,
                        "inputTokens": 5, "outputTokens": 1, "callsWithUnknownTokens": 0,
                        "cost": "0.000000000", "unpricedCalls": 1,
                        "latencyMs": {"p50": 299.5, "p90": 299.5, "p99": 299.5}}
                    ]}
                  ],
                  "callers": [
                    {"kind": null, "id": null, "name": null, "calls": 4, "succeeded": 3, "failed": 1,
                     "inputTokens": 155, "outputTokens": 31, "callsWithUnknownTokens": 1,
                     "cost": "0.000000000", "unpricedCalls": 4}
                  ]
                }"""));
    }

    @Test
    void usage_filteredByModelAndKind_countsOnlyThoseCalls_andEchoesTheFilters() {
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, "2026-11-24T10:00:00Z");
        record(HAIKU, "haiku", UsageKind.TEST, "OK", 2L, 2L, 20, "2026-11-24T11:00:00Z");
        record(SONNET, "sonnet", UsageKind.INVOKE, "OK", 4L, 4L, 40, "2026-11-24T12:00:00Z");
        record(null, "haiku", UsageKind.TEST, "OK", 8L, 8L, 80, "2026-11-24T13:00:00Z");

        api.get(USAGE + "?from=2026-11-24T10:00:00Z&to=2026-11-24T14:00:00Z&model=" + HAIKU + "&kind=TEST")
                .assertJson(200, Api.parse("""
                        {
                          "from": "2026-11-24T10:00:00Z", "to": "2026-11-24T14:00:00Z",
                          "model": "11111111-1111-1111-1111-111111111111", "kind": "TEST",
                          "totals": {"calls": 1, "succeeded": 1, "failed": 0, "inputTokens": 2, "outputTokens": 2,
                                     "callsWithUnknownTokens": 0,
                                     "cost": "0.000000000", "unpricedCalls": 1, "cacheReadInputTokens": 0,
                             "cacheWriteInputTokens": 0},
                          "models": [
                            {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 1,
                             "succeeded": 1, "failed": 0, "inputTokens": 2, "outputTokens": 2,
                             "callsWithUnknownTokens": 0,
                             "cost": "0.000000000", "unpricedCalls": 1,
                             "latencyMs": {"p50": 20.0, "p90": 20.0, "p99": 20.0}}
                          ],
                          "days": [
                            {"day": "2026-11-24", "calls": 1, "succeeded": 1, "failed": 0, "inputTokens": 2,
                             "outputTokens": 2, "callsWithUnknownTokens": 0,
                             "cost": "0.000000000", "unpricedCalls": 1, "models": [
                               {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 1,
                                "succeeded": 1, "failed": 0, "inputTokens": 2, "outputTokens": 2,
                                "callsWithUnknownTokens": 0,
                                "cost": "0.000000000", "unpricedCalls": 1,
                                "latencyMs": {"p50": 20.0, "p90": 20.0, "p99": 20.0}}
                            ]}
                          ],
                          "callers": [
                            {"kind": null, "id": null, "name": null, "calls": 1, "succeeded": 1, "failed": 0,
                             "inputTokens": 2, "outputTokens": 2, "callsWithUnknownTokens": 0,
                             "cost": "0.000000000", "unpricedCalls": 1}
                          ]
                        }"""));
        JsonNode invokes = api.get(USAGE + "?from=2026-11-24&to=2026-11-25&kind=INVOKE").json();
        assertThat(invokes.get("totals").get("calls").longValue()).isEqualTo(2);
        assertThat(invokes.get("models").findValuesAsString("modelName")).containsExactly("haiku", "sonnet");
    }

    @Test
    void usage_chatCompletionsCalls_areAKindOfTheirOwn_countedInAllKinds() {
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, "2026-11-24T10:00:00Z");
        record(HAIKU, "haiku", UsageKind.CHAT_COMPLETIONS, "OK", 2L, 3L, 20, "2026-11-24T11:00:00Z");
        record(HAIKU, "haiku", UsageKind.CHAT_COMPLETIONS, "THROTTLED", null, null, 30, "2026-11-24T12:00:00Z");

        JsonNode chat = api.get(USAGE + "?from=2026-11-24&to=2026-11-25&kind=CHAT_COMPLETIONS").json();
        assertThat(chat.get("kind").asString()).isEqualTo("CHAT_COMPLETIONS");
        assertThat(chat.get("totals").get("calls").longValue()).isEqualTo(2);
        assertThat(chat.get("totals").get("failed").longValue()).isEqualTo(1);
        assertThat(chat.get("totals").get("outputTokens").longValue()).isEqualTo(3);
        assertThat(api.get(USAGE + "?from=2026-11-24&to=2026-11-25").json().get("totals").get("calls").longValue())
                .isEqualTo(3);
    }

    private static final UsageCaller CI_KEY = new UsageCaller(UsageCaller.Kind.KEY,
            "33333333-3333-3333-3333-333333333333", "mgk_ab12cd34 (ci)");
    private static final UsageCaller ALICE = new UsageCaller(UsageCaller.Kind.ACCOUNT,
            "44444444-4444-4444-4444-444444444444", "alice");

    private void record(UsageCaller caller, String modelId, String modelName, String outcome, Long inputTokens,
                        Long outputTokens, long latency, String requestId, String at) {
        TokenSource source = inputTokens == null && outputTokens == null ? TokenSource.NONE : TokenSource.HEADERS;
        recorder.record(new UsageRecord("rec-" + at, workspace().id(), modelId, modelName, UsageKind.INVOKE, outcome,
                inputTokens, outputTokens, source, latency, requestId, Instant.parse(at), null, null,
                modelId == null ? null : 3L, caller));
    }

    @Test
    void usage_answersTotalsPerCaller_byName_callsNamingNoneLast() {
        record(CI_KEY, HAIKU, "haiku", "OK", 10L, 1L, 100, "req-1", "2026-11-24T10:00:00Z");
        record(CI_KEY, SONNET, "sonnet", "THROTTLED", null, null, 900, null, "2026-11-24T11:00:00Z");
        record(ALICE, HAIKU, "haiku", "OK", 5L, 2L, 50, "req-3", "2026-11-24T12:00:00Z");
        record(null, HAIKU, "haiku", "OK", 1L, 1L, 10, null, "2026-11-24T13:00:00Z");

        JsonNode usage = api.get(USAGE + "?from=2026-11-24&to=2026-11-25").json();

        assertThat(Api.canonical(usage.get("callers"))).isEqualTo(Api.canonical(Api.parse("""
                [
                  {"kind": "ACCOUNT", "id": "44444444-4444-4444-4444-444444444444", "name": "alice", "calls": 1,
                   "succeeded": 1, "failed": 0, "inputTokens": 5, "outputTokens": 2, "callsWithUnknownTokens": 0,
                   "cost": "0.000000000", "unpricedCalls": 1},
                  {"kind": "KEY", "id": "33333333-3333-3333-3333-333333333333", "name": "mgk_ab12cd34 (ci)",
                   "calls": 2, "succeeded": 1, "failed": 1, "inputTokens": 10, "outputTokens": 1,
                   "callsWithUnknownTokens": 1, "cost": "0.000000000", "unpricedCalls": 2},
                  {"kind": null, "id": null, "name": null, "calls": 1, "succeeded": 1, "failed": 0, "inputTokens": 1,
                   "outputTokens": 1, "callsWithUnknownTokens": 0, "cost": "0.000000000", "unpricedCalls": 1}
                ]""")));
    }

    /** A record priced already (the recorder keeps a record's cost as it is). */
    private void priced(UsageCaller caller, String modelId, String modelName, Long cost, long in, long out,
                        String at) {
        UsageRecord record = new UsageRecord("rec-" + at, workspace().id(), modelId, modelName, UsageKind.INVOKE,
                "OK", in, out, TokenSource.HEADERS, 10, null, Instant.parse(at), null, null, null, caller);
        recorder.record(cost == null ? record.withCost(dev.modelgate.usage.PricingMode.UNPRICED, null, null)
                : record.withCost(dev.modelgate.usage.PricingMode.ON_DEMAND, cost, "shipped 2026-12-08"));
    }

    @Test
    void usage_answersSpend_perWorkspaceModelCallerAndDay_exactly_withTheUnpricedCalls() {
        priced(CI_KEY, HAIKU, "haiku", 1_250_000_000L, 10, 1, "2026-11-24T10:00:00Z");
        priced(ALICE, HAIKU, "haiku", 3L, 5, 2, "2026-11-24T12:00:00Z");
        priced(ALICE, SONNET, "sonnet", null, 5, 2, "2026-11-25T12:00:00Z");
        priced(CI_KEY, SONNET, "sonnet", 999_999_999L, 5, 2, "2026-11-25T13:00:00Z");

        JsonNode usage = api.get(USAGE + "?from=2026-11-24&to=2026-11-26").json();

        usage.get("models").forEach(m -> ((tools.jackson.databind.node.ObjectNode) m).remove("latencyMs"));
        usage.get("days").forEach(d -> d.get("models").forEach(m ->
                ((tools.jackson.databind.node.ObjectNode) m).remove("latencyMs")));
        assertThat(Api.canonical(usage)).isEqualTo(Api.canonical(Api.parse("""
                {
                  "from": "2026-11-24T00:00:00Z", "to": "2026-11-26T00:00:00Z", "model": null, "kind": null,
                  "totals": {"calls": 4, "succeeded": 4, "failed": 0, "inputTokens": 25, "outputTokens": 7,
                             "callsWithUnknownTokens": 0, "cacheReadInputTokens": 0, "cacheWriteInputTokens": 0,
                             "cost": "2.250000002", "unpricedCalls": 1},
                  "models": [
                    {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 2,
                     "succeeded": 2, "failed": 0, "inputTokens": 15, "outputTokens": 3, "callsWithUnknownTokens": 0,
                     "cost": "1.250000003", "unpricedCalls": 0},
                    {"modelId": "22222222-2222-2222-2222-222222222222", "modelName": "sonnet", "calls": 2,
                     "succeeded": 2, "failed": 0, "inputTokens": 10, "outputTokens": 4, "callsWithUnknownTokens": 0,
                     "cost": "0.999999999", "unpricedCalls": 1}
                  ],
                  "days": [
                    {"day": "2026-11-24", "calls": 2, "succeeded": 2, "failed": 0, "inputTokens": 15,
                     "outputTokens": 3, "callsWithUnknownTokens": 0, "cost": "1.250000003", "unpricedCalls": 0,
                     "models": [
                       {"modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "calls": 2,
                        "succeeded": 2, "failed": 0, "inputTokens": 15, "outputTokens": 3,
                        "callsWithUnknownTokens": 0, "cost": "1.250000003", "unpricedCalls": 0}]},
                    {"day": "2026-11-25", "calls": 2, "succeeded": 2, "failed": 0, "inputTokens": 10,
                     "outputTokens": 4, "callsWithUnknownTokens": 0, "cost": "0.999999999", "unpricedCalls": 1,
                     "models": [
                       {"modelId": "22222222-2222-2222-2222-222222222222", "modelName": "sonnet", "calls": 2,
                        "succeeded": 2, "failed": 0, "inputTokens": 10, "outputTokens": 4,
                        "callsWithUnknownTokens": 0, "cost": "0.999999999", "unpricedCalls": 1}]}
                  ],
                  "callers": [
                    {"kind": "ACCOUNT", "id": "44444444-4444-4444-4444-444444444444", "name": "alice", "calls": 2,
                     "succeeded": 2, "failed": 0, "inputTokens": 10, "outputTokens": 4, "callsWithUnknownTokens": 0,
                     "cost": "0.000000003", "unpricedCalls": 1},
                    {"kind": "KEY", "id": "33333333-3333-3333-3333-333333333333", "name": "mgk_ab12cd34 (ci)",
                     "calls": 2, "succeeded": 2, "failed": 0, "inputTokens": 15, "outputTokens": 3,
                     "callsWithUnknownTokens": 0, "cost": "2.249999999", "unpricedCalls": 0}
                  ]
                }""")));
        JsonNode oldest = api.get(USAGE + "/calls?from=2026-11-24&to=2026-11-26&offset=3").json().get("calls").get(0);
        assertThat(oldest.get("cost").stringValue() + " " + oldest.get("pricing").stringValue() + " "
                + oldest.get("price").stringValue()).isEqualTo("1.250000000 ON_DEMAND shipped 2026-12-08");
        // The same from the records alone (a range of partial days), and another workspace sees none of it.
        assertThat(api.get(USAGE + "?from=2026-11-24T01:00:00Z&to=2026-11-25T23:00:00Z").json().get("totals")
                .get("cost").stringValue()).isEqualTo("2.250000002");
        Workspace other = new Workspace(UUID.randomUUID().toString(), "usage-cost-other-" + UUID.randomUUID(),
                "mg-" + UUID.randomUUID(), Instant.now());
        workspaceRepository.insert(other);
        JsonNode theirs = api.withKey(key(other.id(), Role.DEVELOPER))
                .get(USAGE + "?from=2026-11-24&to=2026-11-26").json();
        assertThat(theirs.get("totals").get("cost").stringValue()).isEqualTo("0.000000000");
        assertThat(theirs.get("totals").get("calls").longValue()).isZero();
    }

    @Test
    void export_isCsvPerDayModelAndCaller_quotedWhereItMustBe_andADownload() {
        priced(CI_KEY, HAIKU, "haiku, \"the fast one\"", 1_250_000_000L, 10, 1, "2026-11-24T10:00:00Z");
        priced(ALICE, HAIKU, "haiku, \"the fast one\"", 3L, 5, 2, "2026-11-24T12:00:00Z");
        priced(ALICE, HAIKU, "haiku, \"the fast one\"", 4L, 1, 1, "2026-11-24T13:00:00Z");
        priced(null, null, "=draft", null, 7, 0, "2026-11-25T12:00:00Z");

        Api.Reply reply = api.get(USAGE + "/export.csv?from=2026-11-24&to=2026-11-26");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
        assertThat(reply.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"usage-2026-11-24T000000Z-2026-11-26T000000Z.csv\"");
        assertThat(reply.body()).isEqualTo(String.join("\r\n",
                "day,modelId,modelName,kind,callerKind,callerId,callerName,calls,succeeded,failed,inputTokens,"
                        + "outputTokens,cacheReadInputTokens,cacheWriteInputTokens,callsWithUnknownTokens,cost,"
                        + "unpricedCalls",
                "2026-11-24," + HAIKU + ",\"haiku, \"\"the fast one\"\"\",INVOKE,ACCOUNT,"
                        + "44444444-4444-4444-4444-444444444444,alice,2,2,0,6,3,0,0,0,0.000000007,0",
                "2026-11-24," + HAIKU + ",\"haiku, \"\"the fast one\"\"\",INVOKE,KEY,"
                        + "33333333-3333-3333-3333-333333333333,mgk_ab12cd34 (ci),1,1,0,10,1,0,0,0,1.250000000,0",
                "2026-11-25,,'=draft,INVOKE,,,,1,1,0,7,0,0,0,0,0.000000000,1", ""));
        api.get(USAGE + "/export.csv?from=2026-11-26&to=2026-11-24").assertProblem(Api.invalid(USAGE + "/export.csv",
                Api.violation("from", "before-to", "from must be before to, got from=2026-11-26T00:00:00Z and "
                        + "to=2026-11-24T00:00:00Z")));
    }

    @Test
    void calls_answerRecentCalls_newestFirst_pagedAndBounded_withoutBodies() {
        record(CI_KEY, HAIKU, "haiku", "OK", 10L, 1L, 100, "req-1", "2026-11-24T10:00:00Z");
        record(CI_KEY, SONNET, "sonnet", "THROTTLED", null, null, 900, null, "2026-11-24T11:00:00Z");
        record(ALICE, HAIKU, "haiku", "OK", 5L, 2L, 50, "req-3", "2026-11-24T12:00:00Z");

        api.get(USAGE + "/calls?from=2026-11-24&to=2026-11-25&limit=2").assertJson(200, Api.parse("""
                {
                  "from": "2026-11-24T00:00:00Z", "to": "2026-11-25T00:00:00Z", "model": null, "revision": null,
                  "kind": null, "limit": 2, "offset": 0, "more": true,
                  "calls": [
                    {"id": "rec-2026-11-24T12:00:00Z", "at": "2026-11-24T12:00:00Z",
                     "modelId": "11111111-1111-1111-1111-111111111111", "modelName": "haiku", "revision": 3,
                     "kind": "INVOKE", "caller": {"kind": "ACCOUNT", "id": "44444444-4444-4444-4444-444444444444",
                     "name": "alice"}, "outcome": "OK", "inputTokens": 5, "outputTokens": 2, "latencyMs": 50,
                     "requestId": "req-3", "cacheReadInputTokens": null, "cacheWriteInputTokens": null,
                     "cost": null, "pricing": "UNPRICED", "price": null},
                    {"id": "rec-2026-11-24T11:00:00Z", "at": "2026-11-24T11:00:00Z",
                     "modelId": "22222222-2222-2222-2222-222222222222", "modelName": "sonnet", "revision": 3,
                     "kind": "INVOKE", "caller": {"kind": "KEY", "id": "33333333-3333-3333-3333-333333333333",
                     "name": "mgk_ab12cd34 (ci)"}, "outcome": "THROTTLED", "inputTokens": null,
                     "outputTokens": null, "latencyMs": 900, "requestId": null, "cacheReadInputTokens": null,
                     "cacheWriteInputTokens": null, "cost": null, "pricing": "UNPRICED", "price": null}
                  ]
                }"""));
        JsonNode last = api.get(USAGE + "/calls?from=2026-11-24&to=2026-11-25&limit=2&offset=2").json();
        assertThat(last.get("more").booleanValue()).isFalse();
        assertThat(last.get("calls").findValuesAsString("requestId")).containsExactly("req-1");
        JsonNode sonnet = api.get(USAGE + "/calls?from=2026-11-24&to=2026-11-25&model=" + SONNET).json();
        assertThat(sonnet.get("limit").intValue()).isEqualTo(50);
        assertThat(sonnet.get("calls").findValuesAsString("modelName")).containsExactly("sonnet");
        String ofHaiku = USAGE + "/calls?from=2026-11-24&to=2026-11-25&model=" + HAIKU + "&revision=";
        assertThat(api.get(ofHaiku + "3").json().get("calls").findValuesAsString("requestId"))
                .containsExactly("req-3", "req-1");
        assertThat(api.get(ofHaiku + "2").json().get("calls")).isEmpty();
        api.get(ofHaiku + "x").assertProblem(Api.invalid(USAGE + "/calls", Api.violation("revision", "integer",
                "revision must be an integer, got \"x\"")));
    }

    @Test
    void calls_neverShowAnotherWorkspacesCalls() {
        Workspace other = new Workspace(UUID.randomUUID().toString(), "other-" + UUID.randomUUID(), "mg-other-" + UUID.randomUUID(),
                Instant.parse("2026-11-01T00:00:00Z"));
        workspaceRepository.insert(other);
        record(other.id(), HAIKU, "theirs", UsageKind.INVOKE, "OK", 1_000L, 1_000L, 10, "2026-11-24T10:00:00Z");
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 2L, 10, "2026-11-24T11:00:00Z");

        JsonNode calls = api.get(USAGE + "/calls?from=2026-11-24&to=2026-11-25").json();

        assertThat(calls.get("calls").findValuesAsString("modelName")).containsExactly("haiku");
        assertThat(calls.get("more").booleanValue()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            limit=0        | limit  | out-of-range | limit must be 1 to 100, got 0
            limit=101      | limit  | out-of-range | limit must be 1 to 100, got 101
            limit=ten      | limit  | integer      | limit must be an integer, got "ten"
            offset=-1      | offset | out-of-range | offset must be 0 to 10000, got -1
            offset=10001   | offset | out-of-range | offset must be 0 to 10000, got 10001
            kind=invoke    | kind   | one-of       | kind must be INVOKE, CHAT_COMPLETIONS or TEST, got "invoke"
            """)
    void calls_badParameter_is422NamingTheParameterAndRule(String query, String field, String rule, String message) {
        api.get(USAGE + "/calls?" + query).assertProblem(invalid(USAGE + "/calls", violation(field, rule, message)));
    }

    @Test
    void usage_ofAModelNoRecordNames_isAnEmptyReport_not404() {
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, "2026-11-24T10:00:00Z");

        api.get(USAGE + "?from=2026-11-24&to=2026-11-25&model=no-such-model").assertJson(200, Api.parse("""
                {
                  "from": "2026-11-24T00:00:00Z", "to": "2026-11-25T00:00:00Z", "model": "no-such-model", "kind": null,
                  "totals": {"calls": 0, "succeeded": 0, "failed": 0, "inputTokens": 0, "outputTokens": 0,
                             "callsWithUnknownTokens": 0,
                             "cost": "0.000000000", "unpricedCalls": 0, "cacheReadInputTokens": 0,
                             "cacheWriteInputTokens": 0},
                  "models": [], "days": [], "callers": []
                }"""));
    }

    @Test
    void usage_neverCountsAnotherWorkspacesCalls_evenOfTheSameModelId() {
        Workspace other = new Workspace(UUID.randomUUID().toString(), "other-" + UUID.randomUUID(), "mg-other",
                Instant.parse("2026-11-01T00:00:00Z"));
        workspaceRepository.insert(other);
        record(other.id(), HAIKU, "theirs", UsageKind.INVOKE, "OK", 1_000L, 1_000L, 10, "2026-11-24T10:00:00Z");
        record(other.id(), SONNET, "sonnet", UsageKind.INVOKE, "OK", 1_000L, 1_000L, 10, "2026-11-24T10:00:00Z");
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 2L, 10, "2026-11-24T10:00:00Z");

        JsonNode all = api.get(USAGE + "?from=2026-11-24&to=2026-11-25").json();
        JsonNode theirModel = api.get(USAGE + "?from=2026-11-24&to=2026-11-25&model=" + SONNET).json();

        assertThat(Api.canonical(all.get("totals"))).isEqualTo(Api.canonical(Api.parse("""
                {"calls": 1, "succeeded": 1, "failed": 0, "inputTokens": 1, "outputTokens": 2,
                 "callsWithUnknownTokens": 0, "cost": "0.000000000", "unpricedCalls": 1, "cacheReadInputTokens": 0,
                             "cacheWriteInputTokens": 0}""")));
        assertThat(all.get("models").findValuesAsString("modelName")).containsExactly("haiku");
        assertThat(theirModel.get("totals").get("calls").longValue()).isZero();
        assertThat(theirModel.get("models").isEmpty()).isTrue();
    }

    @Test
    void usage_withoutARange_coversTheLast30DaysUpToNow() {
        Instant now = Instant.now();
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, now.minus(Duration.ofHours(1)).toString());
        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, now.minus(Duration.ofDays(31)).toString());

        JsonNode usage = api.get(USAGE).json();

        Instant to = Instant.parse(usage.get("to").stringValue());
        assertThat(to).isBetween(now, Instant.now());
        assertThat(Instant.parse(usage.get("from").stringValue())).isEqualTo(to.minus(Duration.ofDays(30)));
        assertThat(usage.get("totals").get("calls").longValue()).isEqualTo(1);
        JsonNode onlyFrom = api.get(USAGE + "?from=" + now.minus(Duration.ofDays(40))).json();
        assertThat(onlyFrom.get("totals").get("calls").longValue()).isEqualTo(2);
        JsonNode onlyTo = api.get(USAGE + "?to=2026-11-24").json();
        assertThat(onlyTo.get("from").stringValue()).isEqualTo("2026-10-25T00:00:00Z");
    }

    @Test
    void usage_acceptsAnOffset_and366Days() {
        api.get(USAGE + "?from=2026-11-24T10:00:00%2B02:00&to=2026-11-25T00:00:00.5Z").assertJson(200, Api.parse("""
                {
                  "from": "2026-11-24T08:00:00Z", "to": "2026-11-25T00:00:00.500Z", "model": null, "kind": null,
                  "totals": {"calls": 0, "succeeded": 0, "failed": 0, "inputTokens": 0, "outputTokens": 0,
                             "callsWithUnknownTokens": 0,
                             "cost": "0.000000000", "unpricedCalls": 0, "cacheReadInputTokens": 0,
                             "cacheWriteInputTokens": 0},
                  "models": [], "days": [], "callers": []
                }"""));
        assertThat(api.get(USAGE + "?from=2024-01-01&to=2025-01-01").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            from=yesterday                         | from  | iso-instant  | from must be an ISO-8601 instant like 2026-11-24T10:00:00Z or a date like 2026-11-24 (UTC), got "yesterday"
            to=2026-13-01                          | to    | iso-instant  | to must be an ISO-8601 instant like 2026-11-24T10:00:00Z or a date like 2026-11-24 (UTC), got "2026-13-01"
            to=2026-11-24T10:00:00 02:00           | to    | iso-instant  | to must be an ISO-8601 instant like 2026-11-24T10:00:00Z or a date like 2026-11-24 (UTC), got "2026-11-24T10:00:00 02:00"
            from=0000-12-31T00:00:00Z              | from  | out-of-range | from must be in the years 1 to 9999, got "0000-12-31T00:00:00Z"
            from=2026-11-26&to=2026-11-24          | from  | before-to    | from must be before to, got from=2026-11-26T00:00:00Z and to=2026-11-24T00:00:00Z
            from=2026-11-24&to=2026-11-24          | from  | before-to    | from must be before to, got from=2026-11-24T00:00:00Z and to=2026-11-24T00:00:00Z
            from=2025-01-01&to=2026-01-03          | from  | max-range    | from and to must be at most 366 days apart, got from=2025-01-01T00:00:00Z and to=2026-01-03T00:00:00Z
            from=2024-01-01&to=2025-01-01T00:00:00.000001Z | from | max-range | from and to must be at most 366 days apart, got from=2024-01-01T00:00:00Z and to=2025-01-01T00:00:00.000001Z
            kind=invoke                            | kind  | one-of       | kind must be INVOKE, CHAT_COMPLETIONS or TEST, got "invoke"
            model=                                 | model | model-id     | model must be a model id (1 to 36 characters), got ""
            """)
    void usage_badParameter_is422NamingTheParameterAndRule(String query, String field, String rule, String message) {
        api.get(USAGE + "?" + query.replace(" ", "%20")).assertProblem(invalid(USAGE, violation(field, rule, message)));
    }

    @Test
    void usage_severalBadParameters_areAllReported() {
        api.get(USAGE + "?from=soon&kind=ALL").assertProblem(invalid(USAGE, "2 fields are invalid; see violations",
                violation("from", "iso-instant", "from must be an ISO-8601 instant like 2026-11-24T10:00:00Z or a "
                        + "date like 2026-11-24 (UTC), got \"soon\""),
                violation("kind", "one-of", "kind must be INVOKE, CHAT_COMPLETIONS or TEST, got \"ALL\"")));
    }

    @Test
    void recorder_metrics_areInTheApplicationsRegistry() {
        Api operator = signedIn("metrics-operator-" + UUID.randomUUID().toString().substring(0, 8), Role.OPERATOR, null);
        double before = operator.get("/actuator/metrics/modelgate.usage.written?tag=path:direct").json()
                .get("measurements").get(0).get("value").doubleValue();

        record(HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, "2026-11-24T10:00:00Z");

        assertThat(operator.get("/actuator/metrics/modelgate.usage.written?tag=path:direct").json()
                .get("measurements").get(0).get("value").doubleValue()).isEqualTo(before + 1);
        assertThat(operator.get("/actuator/metrics/modelgate.usage.buffered").json()
                .get("measurements").get(0).get("value").doubleValue()).isZero();
    }

    @Test
    void usage_isInTheOpenApiDocument() {
        JsonNode operation = api.get("/api/v1/openapi.json").json().get("paths").get(USAGE).get("get");

        assertThat(operation.get("parameters").findValuesAsString("name"))
                .containsExactlyInAnyOrder("model", "from", "to", "kind");
    }
}
