package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.parse;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/audit}: each model change made through the API produces exactly its event, with the exact details;
 * a failed request produces none; events can be read and filtered but never changed or deleted.
 */
class AuditApiIT extends ApiTestBase {

    private static final String AUDIT = "/api/v1/audit";
    private static final String VARIABLES = """
            [{"name": "prompt", "type": "STRING", "required": true, "defaultValue": null, "testValue": "Say hello.",
              "description": null},
             {"name": "max_tokens", "type": "INTEGER", "required": false, "defaultValue": 256, "testValue": 32,
              "description": null}]""";
    private static final String MAPPING = """
            {"text": "$.content[0].text", "inputTokens": "$.usage.input_tokens",
             "outputTokens": "$.usage.output_tokens", "extras": null}""";

    @Autowired
    AuditLog audit;


    @BeforeEach
    void startWithNoEvents() {
        jdbc.sql("DELETE FROM audit_events").update();
    }

    /** Every event of the workspace, newest first. */
    private List<JsonNode> events() {
        Api.Reply reply = api.get(AUDIT + "?size=100");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("items").valueStream().toList();
    }

    /** An event without its generated id and time, after checking them. */
    private static ObjectNode withoutIdAndTime(JsonNode event) {
        ObjectNode copy = (ObjectNode) event.deepCopy();
        assertThat(copy.remove("id").stringValue()).matches("[0-9a-f-]{36}");
        assertThat(Instant.parse(copy.remove("occurredAt").stringValue())).isBefore(Instant.now().plusSeconds(1));
        return copy;
    }

    private static String id(JsonNode model) {
        return model.get("id").stringValue();
    }

    private String expected(JsonNode model, String action, String name, String details) {
        return """
                {"actor": "%s", "source": "127.0.0.1", "action": "%s", "resourceType": "MODEL",
                 "resourceId": "%s", "resourceName": "%s", "details": %s}""".formatted(actor, action, id(model), name, details);
    }

    private static void assertEvent(JsonNode event, String expected) {
        assertThat(Api.canonical(withoutIdAndTime(event))).isEqualTo(Api.canonical(parse(expected)));
    }

    @Test
    void create_recordsModelCreated_withTheConfigurationsFields() {
        JsonNode model = create(Drafts.valid("haiku"));

        assertThat(events()).singleElement().satisfies(event -> assertEvent(event, expected(model, "MODEL_CREATED",
                "haiku", """
                {"revision": 1, "fields": {"name": "haiku", "description": "Claude 3 Haiku through the US profile",
                 "inferenceEnabled": true, "roleArn": "%s", "stsEndpoint": "", "region": "us-east-1",
                 "modelReference": "%s", "variables": %s, "requestTemplate": %s, "outputMapping": %s,
                 "timeouts.connectMillis": 5000, "timeouts.totalMillis": 60000, "options": null,
                 "api": "INVOKE_MODEL", "converse": null, "chat": null}}""".formatted(Drafts.ROLE_ARN,
                Drafts.PROFILE, VARIABLES, Api.JSON.writeValueAsString(Drafts.TEMPLATE), MAPPING))));
    }

    @Test
    void update_recordsEachChangedField_withBeforeAndAfter() {
        JsonNode model = create(Drafts.valid("haiku"));
        String template = Drafts.TEMPLATE.replace("bedrock-2023-05-31", "bedrock-2023-05-31 ");
        ObjectNode draft = Drafts.valid("haiku").put("description", "cheaper").put("requestTemplate", template);

        assertThat(api.put(path(model), draft, "If-Match", "\"1\"").status()).isEqualTo(200);

        List<JsonNode> events = events();
        assertThat(events).hasSize(2);
        assertEvent(events.getFirst(), expected(model, "MODEL_UPDATED", "haiku", """
                {"revision": {"before": 1, "after": 2},
                 "changes": {"description": {"before": "Claude 3 Haiku through the US profile", "after": "cheaper"},
                             "requestTemplate": {"before": %s, "after": %s}}}"""
                .formatted(Api.JSON.writeValueAsString(Drafts.TEMPLATE), Api.JSON.writeValueAsString(template))));
        assertThat(events.get(1).get("action").stringValue()).isEqualTo("MODEL_CREATED");
    }

    @Test
    void update_settingRequestOptions_recordsThemBeforeAndAfter() {
        JsonNode model = create(Drafts.valid("haiku"));
        ObjectNode draft = Drafts.valid("haiku");
        draft.putObject("options").put("serviceTier", "flex");

        assertThat(api.put(path(model), draft, "If-Match", "\"1\"").status()).isEqualTo(200);

        assertEvent(events().getFirst(), expected(model, "MODEL_UPDATED", "haiku", """
                {"revision": {"before": 1, "after": 2},
                 "changes": {"options": {"before": null,
                                         "after": {"guardrail": null, "latency": null, "serviceTier": "flex"}}}}"""));
    }

    @Test
    void update_declaringAChatRule_recordsItAsWrittenBeforeAndAfter() {
        JsonNode model = create(Drafts.valid("haiku"));
        ObjectNode draft = Drafts.valid("haiku");
        draft.putObject("chat").put("prompt", "prompt").putNull("maxTokens");

        assertThat(api.put(path(model), draft, "If-Match", "\"1\"").status()).isEqualTo(200);

        assertEvent(events().getFirst(), expected(model, "MODEL_UPDATED", "haiku", """
                {"revision": {"before": 1, "after": 2},
                 "changes": {"chat": {"before": null, "after": {"prompt": "prompt", "maxTokens": null}}}}"""));
    }

    @Test
    void update_ofAReadyModel_recordsTheStatusGoingBackToDraft() {
        JsonNode model = create(Drafts.valid("haiku"));
        jdbc.sql("UPDATE external_models SET status = 'READY' WHERE id = ?").param(id(model)).update();

        api.put(path(model), Drafts.valid("haiku"), "If-Match", "\"1\"");

        assertEvent(events().getFirst(), expected(model, "MODEL_UPDATED", "haiku", """
                {"revision": {"before": 1, "after": 2}, "changes": {},
                 "status": {"before": "READY", "after": "DRAFT"}}"""));
    }

    @Test
    void rename_recordsTheNameChange_underTheNewName() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.put(path(model), Drafts.valid("claude-haiku"), "If-Match", "\"1\"");

        assertEvent(events().getFirst(), expected(model, "MODEL_UPDATED", "claude-haiku", """
                {"revision": {"before": 1, "after": 2},
                 "changes": {"name": {"before": "haiku", "after": "claude-haiku"}}}"""));
    }

    @Test
    void update_longTemplate_isRecordedAsItsLengthAndSha256() throws Exception {
        JsonNode model = create(Drafts.valid("haiku"));
        String template = Drafts.TEMPLATE.replace("bedrock-2023-05-31", "bedrock-2023-05-31" + " ".repeat(3000));

        api.put(path(model), Drafts.valid("haiku").put("requestTemplate", template), "If-Match", "\"1\"");

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(template.getBytes(StandardCharsets.UTF_8)));
        assertEvent(events().getFirst(), expected(model, "MODEL_UPDATED", "haiku", """
                {"revision": {"before": 1, "after": 2},
                 "changes": {"requestTemplate": {"before": %s, "after": {"length": %d, "sha256": "%s"}}}}"""
                .formatted(Api.JSON.writeValueAsString(Drafts.TEMPLATE), template.length(), sha256)));
    }

    @Test
    void create_withAVariableNestedAsDeepAsARequestMayBe_isListedInTheLog() {
        // The deepest default value a request may carry (nested 97 deep, under 3 levels of the body) sits deeper still in
        // the event's details, which the log must read back.
        ObjectNode draft = Drafts.valid("haiku");
        String deep = "[".repeat(97) + "1" + "]".repeat(97);
        ((ArrayNode) draft.get("variables")).add(Api.JSON.createObjectNode().put("name", "extra").put("type", "JSON")
                .put("required", false).set("defaultValue", Api.JSON.readTree(deep)));
        assertThat(api.post(MODELS, draft).status()).isEqualTo(201);

        Api.Reply reply = api.get(AUDIT + "?size=100");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/items/0/details/fields/variables/2/defaultValue").toString()).isEqualTo(deep);
    }

    @Test
    void delete_recordsModelDeleted_withTheRevision() {
        JsonNode model = create(Drafts.valid("haiku"));
        api.put(path(model), Drafts.valid("haiku"), "If-Match", "\"1\"");

        assertThat(api.delete(path(model), "If-Match", "\"2\"").status()).isEqualTo(204);

        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.get("action").stringValue())
                .containsExactly("MODEL_DELETED", "MODEL_UPDATED", "MODEL_CREATED");
        assertEvent(events.getFirst(), expected(model, "MODEL_DELETED", "haiku", "{\"revision\": 2}"));
    }

    @Test
    void toggle_offThenOn_recordsEachSwitch() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.put(path(model) + "/inference", Api.JSON.createObjectNode().put("enabled", false));
        api.put(path(model) + "/inference", Api.JSON.createObjectNode().put("enabled", true));

        List<JsonNode> events = events();
        assertThat(events).hasSize(3);
        assertEvent(events.get(0), expected(model, "INFERENCE_TOGGLED", "haiku",
                "{\"inferenceEnabled\": {\"before\": false, \"after\": true}}"));
        assertEvent(events.get(1), expected(model, "INFERENCE_TOGGLED", "haiku",
                "{\"inferenceEnabled\": {\"before\": true, \"after\": false}}"));
    }

    @Test
    void failedRequests_recordNothing() {
        JsonNode model = create(Drafts.valid("haiku"));
        jdbc.sql("DELETE FROM audit_events").update();
        String unknown = MODELS + "/" + UUID.randomUUID();

        assertThat(api.post(MODELS, Drafts.valid("haiku")).status()).isEqualTo(409);
        assertThat(api.post(MODELS, Drafts.valid("bad name")).status()).isEqualTo(422);
        assertThat(api.put(path(model), Drafts.valid("haiku").put("region", "mars"), "If-Match", "\"1\"").status())
                .isEqualTo(422);
        assertThat(api.put(path(model), Drafts.valid("haiku"), "If-Match", "\"7\"").status()).isEqualTo(412);
        assertThat(api.put(path(model), Drafts.valid("haiku")).status()).isEqualTo(428);
        assertThat(api.delete(path(model), "If-Match", "\"7\"").status()).isEqualTo(412);
        assertThat(api.put(unknown, Drafts.valid("haiku"), "If-Match", "\"1\"").status()).isEqualTo(404);
        assertThat(api.delete(unknown, "If-Match", "\"1\"").status()).isEqualTo(404);
        assertThat(api.put(unknown + "/inference", Api.JSON.createObjectNode().put("enabled", false)).status())
                .isEqualTo(404);
        assertThat(api.post(unknown + "/test", Api.JSON.createObjectNode()).status()).isEqualTo(404);

        assertThat(events()).isEmpty();
    }

    @Test
    void get_byId_answersTheEvent_andAnotherWorkspacesEventIsNotFound() {
        JsonNode model = create(Drafts.valid("haiku"));
        JsonNode event = events().getFirst();
        String other = UUID.randomUUID().toString();
        workspaceRepository.insert(new Workspace(other, "other-" + other, "mg-" + other.substring(0, 8), Instant.now()));
        String foreign = audit.append(new AuditEntry(other, "mallory", AuditAction.MODEL_DELETED, "MODEL",
                id(model), "haiku", Api.JSON.createObjectNode().put("revision", 1))).id();

        api.get(AUDIT + "/" + event.get("id").stringValue()).assertJson(200, event);
        api.get(AUDIT + "/" + foreign).assertProblem(problem(404, "not-found", "Not found",
                "no audit event with id " + foreign, AUDIT + "/" + foreign));
        assertThat(events()).hasSize(1);
    }

    @Test
    void list_filtersByActionResourceActorAndTime_andPages() {
        JsonNode haiku = create(Drafts.valid("haiku"));
        JsonNode sonnet = create(Drafts.valid("sonnet"));
        api.put(path(haiku) + "/inference", Api.JSON.createObjectNode().put("enabled", false));
        Instant between = Instant.now();

        assertThat(api.get(AUDIT + "?action=MODEL_CREATED").json().get("items").valueStream()
                .map(e -> e.get("resourceName").stringValue())).containsExactly("sonnet", "haiku");
        assertThat(api.get(AUDIT + "?resourceId=" + id(haiku)).json().get("items").valueStream()
                .map(e -> e.get("action").stringValue())).containsExactly("INFERENCE_TOGGLED", "MODEL_CREATED");
        assertThat(api.get(AUDIT + "?actor=" + java.net.URLEncoder.encode(actor, java.nio.charset.StandardCharsets.UTF_8)).json().get("total").intValue()).isEqualTo(3);
        assertThat(api.get(AUDIT + "?actor=someone-else").json().get("total").intValue()).isZero();
        assertThat(api.get(AUDIT + "?from=" + between).json().get("total").intValue()).isZero();
        assertThat(api.get(AUDIT + "?to=" + between).json().get("total").intValue()).isEqualTo(3);
        JsonNode second = api.get(AUDIT + "?page=1&size=2").json();
        assertThat(second.get("items").valueStream().map(e -> e.get("resourceId").stringValue()))
                .containsExactly(id(haiku));
        ObjectNode paging = (ObjectNode) second.deepCopy();
        paging.remove("items");
        assertThat(Api.canonical(paging)).isEqualTo(Api.canonical(parse("""
                {"page": 1, "size": 2, "total": 3, "totalPages": 2}""")));
        assertThat(id(sonnet)).isNotEqualTo(id(haiku));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            action=model_created          | action | one-of       | action must be one of <actions>, got "model_created"
            from=yesterday                | from   | iso-instant  | from must be an ISO-8601 instant like 2026-11-24T10:00:00Z or a date like 2026-11-24 (UTC), got "yesterday"
            from=2026-11-26&to=2026-11-24 | from   | before-to    | from must be before to, got from=2026-11-26T00:00:00Z and to=2026-11-24T00:00:00Z
            from=2025-01-01&to=2026-01-03 | from   | max-range    | from and to must be at most 366 days apart, got from=2025-01-01T00:00:00Z and to=2026-01-03T00:00:00Z
            size=101                      | size   | out-of-range | size must be between 1 and 100, got "101"
            size=0                        | size   | out-of-range | size must be between 1 and 100, got "0"
            page=-1                       | page   | out-of-range | page must be between 0 and 100000, got "-1"
            page=x                        | page   | out-of-range | page must be between 0 and 100000, got "x"
            resourceId=                   | resourceId | too-long | resourceId must be 1 to 36 characters, got 0
            """)
    void list_badFilter_is422NamingTheParameterAndRule(String query, String field, String rule, String message) {
        String expected = message.replace("<actions>", java.util.Arrays.toString(AuditAction.values()));
        api.get(AUDIT + "?" + query).assertProblem(invalid(AUDIT, violation(field, rule, expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE", "POST"})
    void changingOrDeletingEvents_is405_andChangesNothing(String method) {
        create(Drafts.valid("haiku"));
        List<JsonNode> before = events();
        String one = AUDIT + "/" + before.getFirst().get("id").stringValue();

        for (String path : List.of(AUDIT, one)) {
            Api.Reply reply = api.sendRaw(method, path, "{}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json");
            reply.assertProblem(problem(405, "method-not-allowed", "Method not allowed",
                    method + " is not supported here; allowed: GET", path));
            assertThat(reply.header("Allow")).isEqualTo("GET");
        }

        assertThat(events()).isEqualTo(before);
    }
}
