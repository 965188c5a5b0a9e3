package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * An API key created with a request-rate limit of its own ({@code limits}) over real HTTP: it gets 429
 * {@code rate-limited} past its own burst, while a key with the configured per-caller limit (raised out of the way
 * by {@link ApiTestBase}) goes on. The server's clock stands still, so that no token comes back however slowly the
 * requests go.
 */
@Import(RateLimitIT.StandingClock.class)
class KeyLimitsIT extends ApiTestBase {

    private static final String KEYS = "/api/v1/keys";

    @Override
    String workspaceName() {
        return "key-limits";
    }

    @AfterEach
    void dropTheKeys() {
        jdbc.sql("DELETE FROM api_keys WHERE workspace_id = ? AND name <> 'test-admin'").param(workspace().id())
                .update();
    }

    private Api createKey(String name, Map<String, Object> limits) {
        Map<String, Object> body = limits == null ? Map.of("name", name, "role", "DEVELOPER")
                : Map.of("name", name, "role", "DEVELOPER", "limits", limits);
        Api.Reply reply = api.post(KEYS, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return api.anonymous().withKey(reply.json().get("token").stringValue());
    }

    @Test
    void keyWithItsOwnLimit_pastItsBurst_gets429_whileAKeyWithTheConfiguredLimitGoesOn() {
        Api limited = createKey("limited", Map.of("requestsPerSecond", 1, "burst", 2));
        Api unlimited = createKey("unlimited", null);

        assertThat(limited.get(Api.MODELS).status()).isEqualTo(200);
        assertThat(limited.get(Api.MODELS).status()).isEqualTo(200);
        Api.Reply refused = limited.get(Api.MODELS);

        assertThat(refused.header("Retry-After")).isEqualTo("1");
        refused.assertProblem(Api.problem(429, "rate-limited", "Too many requests",
                "the key's request rate limit is reached; retry after 1 s", Api.MODELS));
        for (int i = 0; i < 5; i++) {
            assertThat(unlimited.get(Api.MODELS).status()).isEqualTo(200);
        }
    }

    @Test
    void keyWithItsOwnLimit_getsItsWholeBurst_andNoMore() {
        Api limited = createKey("burst of four", Map.of("requestsPerSecond", 1, "burst", 4));

        for (int i = 0; i < 4; i++) {
            assertThat(limited.get(Api.MODELS).status()).isEqualTo(200);
        }

        assertThat(limited.get(Api.MODELS).status()).isEqualTo(429);
    }
}
