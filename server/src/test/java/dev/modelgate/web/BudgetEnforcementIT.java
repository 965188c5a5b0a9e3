package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.MovableClock;
import dev.modelgate.budget.BudgetExceededException;
import dev.modelgate.budget.BudgetScope;
import dev.modelgate.budget.BudgetUnit;
import dev.modelgate.budget.Budgets;
import dev.modelgate.workspace.Workspace;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Budgets enforced on the calls of the API, over real HTTP and the emulator, with the server's clock standing still
 * until a test moves it: a spent hard limit refuses the next call (native, streamed and {@code /v1}) before anything
 * reaches AWS, until its period starts again; a key's and a model's budget refuse only their own calls; a soft
 * threshold warns in a header and is audited once; another workspace goes on.
 */
@Import(BudgetEnforcementIT.MovingClock.class)
class BudgetEnforcementIT extends OpenAiTestBase {

    /**
     * A clock of this class's own context: a test moves it to the next period, and a context other classes share
     * (RateLimitIT's standing clock) would keep that time for them while the emulator starts each test at the real
     * time, so that STS's sessions would already be past by their server's clock.
     */
    static class MovingClock {

        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        Clock movingClock() {
            return new MovableClock(Instant.now());
        }
    }

    @Autowired
    Clock clock;

    @Autowired
    Budgets budgets;

    @AfterEach
    void dropTheBudgets() {
        jdbc.sql("DELETE FROM budgets").update();
        jdbc.sql("DELETE FROM api_keys WHERE name = 'budgeted'").update();
    }

    /**
     * Lets AWS's time pass as far as Modelgate's clock is ahead of the real one (the emulator starts each test at
     * the real time), so that the sessions STS issues are not already past by Modelgate's clock.
     */
    @org.junit.jupiter.api.BeforeEach
    void awsInStepWithTheServersClock() {
        Duration ahead = Duration.between(Instant.now(), clock.instant());
        if (ahead.isPositive()) {
            aws.emulator().clock().advance(ahead);
        }
    }

    private static Map<String, Object> variables() {
        return Map.of("variables", Map.of("prompt", "Say hello."));
    }

    private String budget(String scope, String target, String period, long limit, Long softLimit) {
        Map<String, Object> body = new HashMap<>(Map.of("scope", scope, "unit", "TOKENS", "period", period,
                "limit", limit));
        if (scope.equals("KEY")) {
            body.put("keyId", target);
        } else if (scope.equals("MODEL")) {
            body.put("modelId", target);
        }
        if (softLimit != null) {
            body.put("softLimit", softLimit);
        }
        Api.Reply reply = api.post(BudgetsApiIT.BUDGETS, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").stringValue();
    }

    /** Invokes {@code model} and answers the tokens its usage counted. */
    private long call(Api as, String model) {
        Api.Reply reply = as.post(InvokeApiIT.invokePath(model), variables());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode usage = reply.json().get("usage");
        return usage.get("inputTokens").longValue() + usage.get("outputTokens").longValue();
    }

    private int bedrockCalls() {
        return aws.emulator().journal().ofOperation("InvokeModel").size()
                + aws.emulator().journal().ofOperation("InvokeModelWithResponseStream").size();
    }

    private Instant tomorrow() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    private long secondsUntil(Instant at) {
        return (Duration.between(clock.instant(), at).toMillis() + 999) / 1000;
    }

    private ObjectNode exceeded(String id, String scope, String targetMember, String target, long limit, long spent,
                                String instance) {
        Instant resetsAt = tomorrow();
        String whose = switch (scope) {
            case "KEY" -> "API key's";
            case "MODEL" -> "model's";
            default -> "workspace's";
        };
        ObjectNode problem = Api.problem(429, "budget-exceeded", "Budget exceeded", "the " + whose + " budget " + id
                + " of " + limit + " tokens per day is spent (" + spent + "); it resets at " + resetsAt, instance);
        ObjectNode budget = problem.putObject("budget").put("id", id).put("scope", scope);
        if (targetMember != null) {
            budget.put(targetMember, target);
        }
        budget.put("unit", "TOKENS").put("period", "DAY").put("limit", limit).put("spent", spent);
        problem.put("resetsAt", resetsAt.toString());
        return problem;
    }

    @Test
    void hardLimit_refusesTheNextCall_beforeAws_untilItsPeriodStartsAgain() {
        templateModel("haiku");
        String id = budget("WORKSPACE", null, "DAY", 1, null);
        long spent = call(agent, "haiku");
        int bedrockBefore = bedrockCalls();
        long recordsBefore = usageRecords().size();

        Api.Reply refused = agent.post(InvokeApiIT.invokePath("haiku"), variables());

        refused.assertProblem(exceeded(id, "WORKSPACE", null, null, 1, spent, InvokeApiIT.invokePath("haiku")));
        assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(secondsUntil(tomorrow())));
        assertThat(bedrockCalls()).isEqualTo(bedrockBefore);
        assertThat(usageRecords()).hasSize((int) recordsBefore);
        JsonNode view = api.get(BudgetsApiIT.BUDGETS + "/" + id).json();
        assertThat(view.get("spent").longValue()).isEqualTo(spent);
        assertThat(view.get("exceeded").booleanValue()).isTrue();

        Duration untilTomorrow = Duration.between(clock.instant(), tomorrow());
        ((MovableClock) clock).advance(untilTomorrow);
        aws.emulator().clock().advance(untilTomorrow);

        assertThat(call(agent, "haiku")).isEqualTo(spent);
        assertThat(api.get(BudgetsApiIT.BUDGETS + "/" + id).json().get("spent").longValue()).isEqualTo(spent);
    }

    /** Invokes {@code model} and answers what the call cost: Claude 3 Haiku's shipped price × the emulator's tokens. */
    private long cost(Api as, String model) {
        Api.Reply reply = as.post(InvokeApiIT.invokePath(model), variables());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode usage = reply.json().get("usage");
        // USD 0.25 and 1.25 per 1M tokens: 250 and 1,250 nano-USD per 1,000 tokens.
        return usage.get("inputTokens").longValue() * 250 + usage.get("outputTokens").longValue() * 1250;
    }

    @Test
    void usdBudget_refusesTheNextCallOnceTheCallsCostReachesIt_warnsBefore_andAllowsAgainAfterItsPeriod() {
        templateModel("haiku");
        long first = cost(agent, "haiku");
        assertThat(first).isPositive();
        String limit = BudgetUnit.USD.format(2 * first);
        String soft = BudgetUnit.USD.format(first);
        Api.Reply created = api.post(BudgetsApiIT.BUDGETS, Map.of("scope", "WORKSPACE", "unit", "USD",
                "period", "DAY", "limit", new BigDecimal(limit), "softLimit", new BigDecimal(soft)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        assertThat(created.body()).contains("\"limit\":" + limit + ",", "\"softLimit\":" + soft + ",",
                "\"spent\":" + soft + ",");

        Api.Reply second = agent.post(InvokeApiIT.invokePath("haiku"), variables());
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.header(BudgetWarnings.HEADER)).isEqualTo(id + "; scope=WORKSPACE; unit=USD; period=DAY; "
                + "spent=" + soft + "; softLimit=" + soft + "; limit=" + limit + "; resetsAt=" + tomorrow());
        long spent = jdbc.sql("SELECT SUM(cost_nanos) FROM usage_records").query(Long.class).single();
        assertThat(spent).as("the same prompt costs the same again").isEqualTo(2 * first);
        int bedrockBefore = bedrockCalls();

        Api.Reply refused = agent.post(InvokeApiIT.invokePath("haiku"), variables());

        Instant resetsAt = tomorrow();
        ObjectNode expected = Api.problem(429, "budget-exceeded", "Budget exceeded", "the workspace's budget " + id
                + " of " + limit + " USD per day is spent (" + limit + "); it resets at " + resetsAt,
                InvokeApiIT.invokePath("haiku"));
        ObjectNode budget = expected.putObject("budget").put("id", id).put("scope", "WORKSPACE").put("unit", "USD")
                .put("period", "DAY");
        budget.set("limit", Api.parse(limit));
        budget.set("spent", Api.parse(limit));
        expected.put("resetsAt", resetsAt.toString());
        refused.assertProblem(expected);
        assertThat(refused.body()).contains("\"limit\":" + limit + ",");
        assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(secondsUntil(resetsAt)));
        assertThat(bedrockCalls()).isEqualTo(bedrockBefore);
        JsonNode view = api.get(BudgetsApiIT.BUDGETS + "/" + id).json();
        assertThat(view.get("spent").decimalValue()).isEqualByComparingTo(limit);
        assertThat(view.get("exceeded").booleanValue()).isTrue();
        String reached = jdbc.sql("SELECT details FROM audit_events WHERE action = 'BUDGET_THRESHOLD_REACHED' "
                + "AND resource_id = ?").params(id).query(String.class).single();
        assertThat(reached).contains("\"spent\":" + soft + ",");

        Duration untilTomorrow = Duration.between(clock.instant(), resetsAt);
        ((MovableClock) clock).advance(untilTomorrow);
        aws.emulator().clock().advance(untilTomorrow);

        assertThat(cost(agent, "haiku")).isEqualTo(first);
        assertThat(api.get(BudgetsApiIT.BUDGETS + "/" + id).json().get("spent").decimalValue())
                .isEqualByComparingTo(soft);
    }

    @Test
    void spentBudget_refusesAStreamAsProblemJson_andAChatInOpenAisShape() {
        templateModel("haiku");
        String id = budget("WORKSPACE", null, "DAY", 1, null);
        long spent = call(agent, "haiku");

        try (EventStream stream = agent.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(429);
            assertThat(stream.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(Api.canonical(Api.parse(stream.text()))).isEqualTo(Api.canonical(exceeded(id, "WORKSPACE",
                    null, null, 1, spent, InvokeApiIT.invokePath("haiku"))));
        }
        Api.Reply chat = agent.post(CHAT, Map.of("model", "haiku",
                "messages", List.of(Map.of("role", "user", "content", "Hi"))));
        assertThat(chat.status()).isEqualTo(429);
        assertThat(chat.header("x-should-retry")).isEqualTo("false");
        assertThat(chat.header("Retry-After")).isEqualTo(Long.toString(secondsUntil(tomorrow())));
        ObjectNode expected = Api.JSON.createObjectNode();
        expected.putObject("error").put("message", exceeded(id, "WORKSPACE", null, null, 1, spent, CHAT)
                        .get("detail").stringValue())
                .put("type", "insufficient_quota").putNull("param").put("code", "insufficient_quota");
        assertThat(Api.canonical(chat.json())).isEqualTo(Api.canonical(expected));
        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client(agentKey).chat()
                .completions().create(ChatCompletionCreateParams.builder().model("haiku").addUserMessage("Hi")
                        .build()));
        assertThat(e.code()).contains("insufficient_quota");
    }

    @Test
    void spentBudget_refusesAConverseModel_plainAndStreamed() {
        String chat = converseModel("chat").get("id").stringValue();
        String id = budget("MODEL", chat, "DAY", 1, null);
        Api.Reply first = agent.post(InvokeApiIT.invokePath("chat"), variables());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        long spent = jdbc.sql("SELECT input_tokens + output_tokens FROM usage_records").query(Long.class).single();
        ObjectNode expected = exceeded(id, "MODEL", "modelId", chat, 1, spent, InvokeApiIT.invokePath("chat"));

        agent.post(InvokeApiIT.invokePath("chat"), variables()).assertProblem(expected);
        try (EventStream stream = agent.stream(InvokeApiIT.invokePath("chat"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(429);
            assertThat(Api.canonical(Api.parse(stream.text()))).isEqualTo(Api.canonical(expected));
        }
    }

    @Test
    void keyBudget_refusesOnlyThatKey() {
        templateModel("haiku");
        Api.Reply created = api.post("/api/v1/keys", Map.of("name", "budgeted", "role", "AGENT"));
        Api budgeted = api.anonymous().withKey(created.json().get("token").stringValue());
        String keyId = created.json().get("id").stringValue();
        String id = budget("KEY", keyId, "DAY", 1, null);
        call(agent, "haiku");
        long spent = call(budgeted, "haiku");

        budgeted.post(InvokeApiIT.invokePath("haiku"), variables()).assertProblem(
                exceeded(id, "KEY", "keyId", keyId, 1, spent, InvokeApiIT.invokePath("haiku")));
        call(agent, "haiku");
    }

    @Test
    void modelBudget_refusesOnlyThatModel_asAScopeAFallbackMayPass() {
        String haiku = templateModel("haiku").get("id").stringValue();
        templateModel("sales");
        String id = budget("MODEL", haiku, "DAY", 1, null);
        call(agent, "sales");
        long spent = call(agent, "haiku");

        agent.post(InvokeApiIT.invokePath("haiku"), variables()).assertProblem(
                exceeded(id, "MODEL", "modelId", haiku, 1, spent, InvokeApiIT.invokePath("haiku")));
        call(agent, "sales");
        BudgetExceededException e = catchThrowableOfType(BudgetExceededException.class,
                () -> budgets.check(workspace().id(), null, haiku));
        assertThat(e.scope()).isEqualTo(BudgetScope.MODEL);
    }

    @Test
    void modelOverItsBudget_isSkippedForItsFallback_theAnswerAndUsageRecordSayWhy() {
        JsonNode haiku = templateModel("haiku");
        String haikuId = haiku.get("id").stringValue();
        String salesId = templateModel("sales").get("id").stringValue();
        String id = budget("MODEL", haikuId, "DAY", 1, null);
        long spent = call(agent, "haiku");
        api.put(Api.MODELS + "/" + haikuId + "/routing",
                Map.of("fallbacks", List.of("sales"))).assertJson(200,
                Api.parse("{\"fallbacks\": [\"sales\"], \"balance\": []}"));
        int before = bedrockCalls();

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), variables());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(Api.canonical(reply.json().get("route"))).isEqualTo(Api.canonical(Api.parse("""
                {"requested": "haiku", "served": "sales", "reason": "OVER_BUDGET",
                 "tried": [{"model": "haiku", "outcome": "OVER_BUDGET", "skipped": true}]}""")));
        assertThat(reply.header("Modelgate-Served-By")).isEqualTo("sales");
        assertThat(bedrockCalls()).as("only the fallback reached AWS").isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT model_name, outcome, requested_model, route_reason FROM usage_records "
                + "ORDER BY occurred_at DESC").query().listOfRows().getFirst()).isEqualTo(Map.of("MODEL_NAME", "sales",
                "OUTCOME", "OK", "REQUESTED_MODEL", "haiku", "ROUTE_REASON", "OVER_BUDGET"));

        // Without a fallback left (its own budget spent too), the answer is the requested model's refusal.
        budget("MODEL", salesId, "DAY", 1, null);
        agent.post(InvokeApiIT.invokePath("haiku"), variables()).assertProblem(
                exceeded(id, "MODEL", "modelId", haikuId, 1, spent, InvokeApiIT.invokePath("haiku")));
        assertThat(bedrockCalls()).isEqualTo(before + 1);
    }

    @Test
    void modelBudgetPastItsSoftThreshold_warnsInTheAnswerOfItsCall() {
        String haiku = templateModel("haiku").get("id").stringValue();
        String id = budget("MODEL", haiku, "DAY", 1_000_000, 1L);
        long spent = call(agent, "haiku");

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), variables());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header(BudgetWarnings.HEADER)).isEqualTo(id + "; scope=MODEL; unit=TOKENS; period=DAY; "
                + "spent=" + spent + "; softLimit=1; limit=1000000; resetsAt=" + tomorrow());
    }

    @Test
    void softThreshold_warnsInAHeader_andIsAuditedOncePerPeriod() {
        templateModel("haiku");
        String id = budget("WORKSPACE", null, "DAY", 1_000_000, 1L);
        Api.Reply first = agent.post(InvokeApiIT.invokePath("haiku"), variables());
        assertThat(first.header(BudgetWarnings.HEADER)).as("nothing spent before the first call").isNull();
        long spent = first.json().get("usage").get("inputTokens").longValue()
                + first.json().get("usage").get("outputTokens").longValue();

        Api.Reply second = agent.post(InvokeApiIT.invokePath("haiku"), variables());
        agent.post(InvokeApiIT.invokePath("haiku"), variables());

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header(BudgetWarnings.HEADER)).isEqualTo(id + "; scope=WORKSPACE; unit=TOKENS; period=DAY; "
                + "spent=" + spent + "; softLimit=1; limit=1000000; resetsAt=" + tomorrow());
        List<Map<String, Object>> reached = jdbc.sql("SELECT resource_id, actor, details FROM audit_events "
                + "WHERE action = 'BUDGET_THRESHOLD_REACHED'").query().listOfRows();
        assertThat(reached).hasSize(1);
        assertThat(reached.getFirst().get("resource_id")).isEqualTo(id);
        assertThat(reached.getFirst().get("actor")).isEqualTo("modelgate");
        assertThat(Api.parse((String) reached.getFirst().get("details")).get("spent").longValue()).isEqualTo(spent);
        JsonNode view = api.get(BudgetsApiIT.BUDGETS + "/" + id).json();
        assertThat(view.get("warning").booleanValue()).isTrue();
        assertThat(view.get("exceeded").booleanValue()).isFalse();
    }

    @Test
    void anotherWorkspace_isNotHeldByThisWorkspacesSpending() {
        templateModel("haiku");
        budget("WORKSPACE", null, "DAY", 1, null);
        call(agent, "haiku");
        Workspace other = new Workspace(UUID.randomUUID().toString(), "budget-other-" + UUID.randomUUID(),
                dev.modelgate.connection.ExternalId.generate(new java.security.SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(other);
        budgets.create(other.id(), new Budgets.Draft("WORKSPACE", null, null, "TOKENS", "DAY", BigDecimal.ONE, null),
                "test");

        assertThat(budgets.check(other.id(), null, null)).isEmpty();
        assertThat(agent.post(InvokeApiIT.invokePath("haiku"), variables()).status()).isEqualTo(429);
    }
}
