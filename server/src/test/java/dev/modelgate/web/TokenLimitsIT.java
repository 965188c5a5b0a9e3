package dev.modelgate.web;

import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.usage.UsageTables;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An API key with a token-per-minute limit over real HTTP and the emulator: each call takes an estimate from the
 * request's size before it runs and is settled with the tokens its usage record counts, plain or streamed, so a
 * call that used more than its estimate drains the bucket by its real count. The server's clock stands still, so
 * that no token comes back however slowly the requests go.
 */
@Import(RateLimitIT.StandingClock.class)
class TokenLimitsIT extends OpenAiTestBase {

    private static final String KEYS = "/api/v1/keys";

    @AfterEach
    void dropTheKeys() {
        jdbc.sql("DELETE FROM api_keys WHERE name LIKE 'tokens %'").update();
    }

    /** The tokens the emulator's answer to {@code body} counts, as its usage record has them. */
    private long realTokens(boolean streamed) {
        UsageTables.deleteAll(jdbc);
        post(agent, streamed);
        return jdbc.sql("SELECT input_tokens + output_tokens FROM usage_records").query(Long.class).single();
    }

    private static final String BODY = "{\"variables\": {\"prompt\": \"Say hello.\"}}";

    /** Invokes haiku with {@link #BODY}, streamed (asked for by {@code Accept}, so the body stays the same) or not. */
    private static int post(Api as, boolean streamed) {
        if (streamed) {
            try (EventStream stream = as.stream(InvokeApiIT.invokePath("haiku"), BODY, "Accept",
                    "text/event-stream")) {
                assertThat(stream.text()).contains("event: done");
                return stream.status();
            }
        }
        return as.post(InvokeApiIT.invokePath("haiku"), BODY).status();
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void aCallUsingMoreThanItsEstimate_drainsTheKeysBucketByItsRealCount(boolean streamed) {
        templateModel("haiku");
        long estimate = (BODY.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
        long real = realTokens(streamed);
        assertThat(real).as("the emulator's answer counts more tokens than the body's estimate").isGreaterThan(estimate);
        long limit = 3 * estimate; // by estimates alone, three calls would fit
        Api.Reply created = api.post(KEYS, Map.of("name", "tokens " + streamed, "role", "AGENT",
                "limits", Map.of("tokensPerMinute", limit)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("limits")).isEqualTo(Api.parse(
                "{\"requestsPerSecond\": null, \"burst\": null, \"tokensPerMinute\": " + limit + "}"));
        Api limited = api.anonymous().withKey(created.json().get("token").stringValue());

        assertThat(post(limited, streamed)).isEqualTo(200);
        assertThat(post(limited, streamed)).isEqualTo(200);
        Api.Reply refused = limited.post(InvokeApiIT.invokePath("haiku"), BODY);

        long missing = estimate - (limit - 2 * real);
        long seconds = (missing * 60 + limit - 1) / limit;
        assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(seconds));
        refused.assertProblem(Api.problem(429, "rate-limited", "Too many requests",
                "the key's token-per-minute limit is reached; retry after " + seconds + " s",
                InvokeApiIT.invokePath("haiku")));
        assertThat(post(agent, streamed)).as("a key without a token limit goes on").isEqualTo(200);
    }

    @Test
    void aCallServedByAFallback_drainsTheBucketByTheFallbacksRealCount() {
        String haiku = "anthropic.claude-3-haiku-20240307-v1:0";
        JsonNode primary = templateModel("haiku");
        ObjectNode fallback = StreamingInvokeIT.streamed("haiku-us", InvokeApiIT.TENANT_ROLE);
        fallback.put("modelReference", "us." + haiku);
        ready(fallback);
        api.put(Api.MODELS + "/" + primary.get("id").stringValue() + "/routing",
                Map.of("fallbacks", java.util.List.of("haiku-us"))).assertJson(200,
                Api.parse("{\"fallbacks\": [\"haiku-us\"], \"balance\": []}"));
        long estimate = (BODY.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
        long real = realTokens(false);
        long limit = 3 * estimate;
        Api.Reply created = api.post(KEYS, Map.of("name", "tokens routed", "role", "AGENT",
                "limits", Map.of("tokensPerMinute", limit)));
        Api limited = api.anonymous().withKey(created.json().get("token").stringValue());
        // Every attempt of the primary's next two calls is throttled (3 attempts each): the fallback serves both.
        aws.emulator().faults().enqueue(new Fault(FaultKind.THROTTLING, 6, haiku, "InvokeModel", 0, null));

        for (int i = 0; i < 2; i++) {
            Api.Reply served = limited.post(InvokeApiIT.invokePath("haiku"), BODY);
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            assertThat(served.header("Modelgate-Served-By")).isEqualTo("haiku-us");
        }
        Api.Reply refused = limited.post(InvokeApiIT.invokePath("haiku"), BODY);

        long missing = estimate - (limit - 2 * real);
        long seconds = (missing * 60 + limit - 1) / limit;
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(seconds));
    }

    @Test
    void aCallRefusedBeforeItReachedTheModel_givesItsEstimateBack() {
        templateModel("haiku");
        String bad = "{\"variables\": {}}"; // no prompt: refused as it is rendered, nothing metered
        long estimate = (bad.length() + 3) / 4;
        Api.Reply created = api.post(KEYS, Map.of("name", "tokens refused", "role", "AGENT",
                "limits", Map.of("tokensPerMinute", estimate)));
        Api limited = api.anonymous().withKey(created.json().get("token").stringValue());

        assertThat(limited.post(InvokeApiIT.invokePath("haiku"), bad).status()).isEqualTo(422);
        assertThat(limited.post(InvokeApiIT.invokePath("haiku"), bad).status()).as("the whole bucket is back")
                .isEqualTo(422);
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void aTokenLimitOutOfBounds_is422NamingItsField() {
        api.post(KEYS, Map.of("name", "tokens bad", "role", "AGENT", "limits", Map.of("tokensPerMinute", 0)))
                .assertProblem(invalid(KEYS, violation("limits.tokensPerMinute", "key-limit-tokens",
                        "limits.tokensPerMinute must be 1 to 1000000000, got 0")));
        Api.Reply both = api.post(KEYS, Map.of("name", "tokens both", "role", "AGENT",
                "limits", Map.of("requestsPerSecond", 5, "burst", 10, "tokensPerMinute", 1000)));
        assertThat(both.json().get("limits")).isEqualTo(Api.parse(
                "{\"requestsPerSecond\": 5, \"burst\": 10, \"tokensPerMinute\": 1000}"));
    }
}
