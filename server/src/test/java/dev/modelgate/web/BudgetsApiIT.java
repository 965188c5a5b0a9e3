package dev.modelgate.web;

import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/budgets} over real HTTP: created, read with their spending, replaced and deleted by an admin, each
 * change audited; bad input is 422 naming field and rule with nothing saved; one workspace never sees or touches
 * another's budgets.
 */
class BudgetsApiIT extends ApiTestBase {

    static final String BUDGETS = "/api/v1/budgets";

    @Override
    String workspaceName() {
        return "budgets-api";
    }

    @AfterEach
    void dropTheBudgets() {
        jdbc.sql("DELETE FROM budgets").update();
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private String keyId(String name) {
        return api.get("/api/v1/keys").json().get("keys").valueStream()
                .filter(k -> k.get("name").stringValue().equals(name)).findFirst().orElseThrow()
                .get("id").stringValue();
    }

    @Test
    void create_read_replace_delete_eachAudited() {
        key(workspace().id(), Role.AGENT);
        String keyId = keyId("test-agent");

        Api.Reply created = api.post(BUDGETS, body("scope", "KEY", "keyId", keyId, "unit", "TOKENS", "period", "DAY",
                "limit", 1000, "softLimit", 800));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode budget = created.json();
        String id = budget.get("id").stringValue();
        assertThat(created.header("Location")).isEqualTo(BUDGETS + "/" + id);
        assertThat(budget.get("scope").stringValue()).isEqualTo("KEY");
        assertThat(budget.get("keyId").stringValue()).isEqualTo(keyId);
        assertThat(budget.get("modelId").isNull()).isTrue();
        assertThat(budget.get("limit").longValue()).isEqualTo(1000);
        assertThat(budget.get("softLimit").longValue()).isEqualTo(800);
        assertThat(budget.get("spent").longValue()).isZero();
        assertThat(budget.get("warning").booleanValue()).isFalse();
        assertThat(budget.get("exceeded").booleanValue()).isFalse();
        assertThat(budget.get("resetsAt").stringValue()).endsWith("T00:00:00Z");
        assertThat(budget.get("createdBy").stringValue()).isEqualTo(actor);
        assertThat(api.get(BUDGETS + "/" + id).json()).isEqualTo(budget);
        assertThat(api.get(BUDGETS).json().get("budgets").valueStream().toList()).containsExactly(budget);

        Api.Reply replaced = api.put(BUDGETS + "/" + id, body("scope", "WORKSPACE", "unit", "TOKENS",
                "period", "MONTH", "limit", 5000));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("scope").stringValue()).isEqualTo("WORKSPACE");
        assertThat(replaced.json().get("keyId").isNull()).isTrue();
        assertThat(replaced.json().get("softLimit").isNull()).isTrue();
        assertThat(replaced.json().get("resetsAt").stringValue()).matches("\\d{4}-\\d{2}-01T00:00:00Z");

        assertThat(api.delete(BUDGETS + "/" + id).status()).isEqualTo(204);
        assertThat(api.get(BUDGETS + "/" + id).status()).isEqualTo(404);
        assertThat(api.delete(BUDGETS + "/" + id).status()).isEqualTo(404);

        List<JsonNode> events = api.get("/api/v1/audit?size=100").json().get("items").valueStream()
                .filter(e -> e.get("resourceId").stringValue().equals(id)).toList().reversed();
        assertThat(events).extracting(e -> e.get("action").stringValue())
                .containsExactly("BUDGET_CREATED", "BUDGET_UPDATED", "BUDGET_DELETED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("resourceId").stringValue()).isEqualTo(id);
            assertThat(e.get("actor").stringValue()).isEqualTo(actor);
        });
        assertThat(Api.canonical(events.getFirst().get("details"))).isEqualTo(Api.canonical(Api.parse("""
                {"scope": "KEY", "keyId": "%s", "modelId": null, "unit": "TOKENS", "period": "DAY", "limit": 1000,
                 "softLimit": 800}""".formatted(keyId))));
        assertThat(events.get(1).get("details").get("after").get("period").stringValue()).isEqualTo("MONTH");
    }

    @Test
    void badInput_is422NamingEachFieldAndRule_andSavesNothing() {
        api.post(BUDGETS, body("scope", "TEAM", "unit", "EUR", "period", "WEEK", "limit", 0, "softLimit", 0))
                .assertProblem(invalid(BUDGETS, "5 fields are invalid; see violations",
                        violation("scope", "budget-scope", "scope must be WORKSPACE, KEY or MODEL, got \"TEAM\""),
                        violation("unit", "budget-unit", "unit must be TOKENS or USD, got \"EUR\""),
                        violation("period", "budget-period", "period must be DAY or MONTH, got \"WEEK\""),
                        violation("limit", "budget-limit", "limit must be 1 to 1000000000000000, got 0"),
                        violation("softLimit", "budget-soft-limit",
                                "softLimit must be at least 1 and below limit (0), got 0")));
        api.post(BUDGETS, body("scope", "KEY", "keyId", "no-such-key", "unit", "TOKENS", "period", "DAY",
                "limit", 10)).assertProblem(invalid(BUDGETS, violation("keyId", "budget-key",
                "keyId must name an API key of the workspace, got \"no-such-key\"")));
        api.post(BUDGETS, body("scope", "MODEL", "unit", "TOKENS", "period", "DAY", "limit", 10))
                .assertProblem(invalid(BUDGETS, violation("modelId", "budget-model",
                        "modelId must name a model of the workspace, got nothing")));
        api.post(BUDGETS, body("scope", "WORKSPACE", "modelId", "x", "unit", "TOKENS", "period", "DAY",
                "limit", 10, "softLimit", 10)).assertProblem(invalid(BUDGETS, "2 fields are invalid; see violations",
                violation("modelId", "budget-target", "modelId is only for a budget of scope MODEL"),
                violation("softLimit", "budget-soft-limit",
                        "softLimit must be at least 1 and below limit (10), got 10")));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM budgets").query(Long.class).single()).isZero();
    }

    @Test
    void usdBudget_takesAndShowsUsDollars_asExactNumbers_inItsViewAndAudit() {
        Api.Reply created = api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "USD", "period", "MONTH",
                "limit", new java.math.BigDecimal("12.50"), "softLimit", new java.math.BigDecimal("0.000000001")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"unit\":\"USD\"", "\"limit\":12.5,", "\"softLimit\":0.000000001,",
                "\"spent\":0,");
        String id = created.json().get("id").stringValue();
        assertThat(jdbc.sql("SELECT hard_limit FROM budgets").query(Long.class).single()).isEqualTo(12_500_000_000L);
        assertThat(jdbc.sql("SELECT soft_limit FROM budgets").query(Long.class).single()).isEqualTo(1L);
        JsonNode event = api.get("/api/v1/audit?size=100").json().get("items").valueStream()
                .filter(e -> e.get("resourceId").stringValue().equals(id)).findFirst().orElseThrow();
        assertThat(event.get("details").get("limit").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(event.get("details").get("softLimit").decimalValue()).isEqualByComparingTo("0.000000001");

        Api.Reply largest = api.put(BUDGETS + "/" + id, body("scope", "WORKSPACE", "unit", "USD", "period", "DAY",
                "limit", 1_000_000_000));
        assertThat(largest.status()).as(largest.body()).isEqualTo(200);
        assertThat(largest.body()).contains("\"limit\":1000000000,");
        assertThat(jdbc.sql("SELECT hard_limit FROM budgets").query(Long.class).single())
                .isEqualTo(1_000_000_000_000_000_000L);
    }

    @Test
    void usdAmounts_withMoreThanNineDecimalsOrOutOfRange_andFractionalTokens_are422_andSaveNothing() {
        api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "USD", "period", "DAY",
                        "limit", new java.math.BigDecimal("1000000000.000000001"),
                        "softLimit", new java.math.BigDecimal("0.0000000001")))
                .assertProblem(invalid(BUDGETS, "2 fields are invalid; see violations",
                        violation("limit", "budget-limit",
                                "limit must be 0.000000001 to 1000000000, got 1000000000.000000001"),
                        violation("softLimit", "budget-soft-limit", "softLimit must be at least 0.000000001 and "
                                + "below limit (1000000000.000000001), got 1E-10")));
        api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "USD", "period", "DAY",
                        "limit", new java.math.BigDecimal("25.0000000001"),
                        "softLimit", new java.math.BigDecimal("12.1234567891")))
                .assertProblem(invalid(BUDGETS, "2 fields are invalid; see violations",
                        violation("limit", "budget-decimals",
                                "limit must have at most 9 decimal places in USD, got 25.0000000001"),
                        violation("softLimit", "budget-decimals",
                                "softLimit must have at most 9 decimal places in USD, got 12.1234567891")));
        api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "TOKENS", "period", "DAY", "limit", 12.5))
                .assertProblem(invalid(BUDGETS, violation("limit", "budget-decimals",
                        "limit must be a whole number of tokens, got 12.5")));
        api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "USD", "period", "DAY", "limit", -1))
                .assertProblem(invalid(BUDGETS, violation("limit", "budget-limit",
                        "limit must be 0.000000001 to 1000000000, got -1")));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM budgets").query(Long.class).single()).isZero();
    }

    @Test
    void anotherWorkspace_neitherSeesNorChangesTheBudgets() {
        String id = api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "TOKENS", "period", "DAY", "limit", 10))
                .json().get("id").stringValue();
        var other = new dev.modelgate.workspace.Workspace(java.util.UUID.randomUUID().toString(),
                "budgets-other-" + System.nanoTime(), "mg-other-" + System.nanoTime(), java.time.Instant.now());
        workspaceRepository.insert(other);
        Api outsider = api.anonymous().withKey(key(other.id(), Role.ADMIN));
        String path = BUDGETS + "/" + id;
        JsonNode notFound = problem(404, "not-found", "Not found", "no budget with id " + id, path);

        assertThat(outsider.get(BUDGETS).json().get("budgets").isEmpty()).isTrue();
        outsider.get(path).assertProblem(notFound);
        outsider.put(path, body("scope", "WORKSPACE", "unit", "TOKENS", "period", "DAY", "limit", 99))
                .assertProblem(notFound);
        outsider.delete(path).assertProblem(notFound);
        outsider.post(BUDGETS, body("scope", "KEY", "keyId", keyId("test-admin"), "unit", "TOKENS",
                "period", "DAY", "limit", 10)).assertProblem(invalid(BUDGETS, violation("keyId", "budget-key",
                "keyId must name an API key of the workspace, got \"" + keyId("test-admin") + "\"")));

        assertThat(api.get(path).json().get("limit").longValue()).isEqualTo(10);
    }

    @Test
    void developer_readsTheBudgets_butMayNotChangeThem() {
        api.post(BUDGETS, body("scope", "WORKSPACE", "unit", "TOKENS", "period", "DAY", "limit", 10));
        Api developer = api.anonymous().withKey(key(workspace().id(), Role.DEVELOPER));

        assertThat(developer.get(BUDGETS).json().get("budgets")).hasSize(1);
        assertThat(developer.post(BUDGETS, body("scope", "WORKSPACE", "unit", "TOKENS", "period", "DAY",
                "limit", 10)).status()).isEqualTo(403);
    }
}
