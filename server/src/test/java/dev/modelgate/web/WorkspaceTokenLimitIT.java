package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The workspace's token-per-minute limit ({@code modelgate.limits.per-workspace.tokens-per-minute}) over real HTTP
 * and the emulator: every key of the workspace draws on one bucket, each call by its estimate before it runs and
 * then by the tokens its usage record counts, so the calls of two keys together are refused once their real tokens
 * have spent it. The server's clock stands still: no token comes back during the test.
 */
@Import(RateLimitIT.StandingClock.class)
class WorkspaceTokenLimitIT extends OpenAiTestBase {

    private static final long LIMIT = 200;
    private static final String BODY = "{\"variables\": {\"prompt\": \"Say hello.\"}}";

    @DynamicPropertySource
    static void workspaceTokenLimit(DynamicPropertyRegistry registry) {
        registry.add("modelgate.limits.per-workspace.tokens-per-minute", () -> Long.toString(LIMIT));
    }

    @AfterEach
    void dropTheKeys() {
        jdbc.sql("DELETE FROM api_keys WHERE name = 'second agent'").update();
    }

    private static long tokens(Api.Reply reply) {
        JsonNode usage = reply.json().get("usage");
        return usage.get("inputTokens").longValue() + usage.get("outputTokens").longValue();
    }

    @Test
    void twoKeysOfTheWorkspace_shareItsBucket_spentByTheirCallsRealTokens() {
        templateModel("haiku");
        Api.Reply created = api.post("/api/v1/keys", Map.of("name", "second agent", "role", "AGENT"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api second = api.anonymous().withKey(created.json().get("token").stringValue());
        long estimate = (BODY.getBytes(StandardCharsets.UTF_8).length + 3) / 4;

        Api.Reply first = agent.post(InvokeApiIT.invokePath("haiku"), BODY);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        long real = tokens(first);
        assertThat(real).as("each call spends more than its estimate").isGreaterThan(estimate);
        // A call is let through while the bucket holds its estimate; each then spends its real count.
        long allowed = (LIMIT - estimate) / real + 1;
        for (long call = 2; call <= allowed; call++) {
            Api.Reply reply = (call % 2 == 0 ? second : agent).post(InvokeApiIT.invokePath("haiku"), BODY);
            assertThat(reply.status()).as("call %d: %s", call, reply.body()).isEqualTo(200);
            assertThat(tokens(reply)).isEqualTo(real);
        }

        for (Api caller : new Api[] {agent, second}) {
            Api.Reply refused = caller.post(InvokeApiIT.invokePath("haiku"), BODY);
            long missing = estimate - (LIMIT - allowed * real);
            long seconds = (missing * 60 + LIMIT - 1) / LIMIT;
            assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(seconds));
            refused.assertProblem(Api.problem(429, "rate-limited", "Too many requests",
                    "the workspace's token-per-minute limit is reached; retry after " + seconds + " s",
                    InvokeApiIT.invokePath("haiku")));
        }
        assertThat(usageRecords()).hasSize((int) allowed);
    }
}
