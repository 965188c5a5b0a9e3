package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.MovableClock;
import dev.modelgate.access.Role;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.workspace.Workspace;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Request-rate limits with small buckets (each refilled by one token a second): a key past its burst, a workspace
 * past its burst across several keys, and sign-in attempts from one address get 429 with {@code Retry-After}; other
 * keys and workspaces go on. The server's clock stands still, so that no token comes back however slowly the
 * requests go (on a loaded machine they may take seconds).
 */
class RateLimitIT extends ApiTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double rejections(String scope) {
        io.micrometer.core.instrument.Counter counter = meters.find(dev.modelgate.access.RateLimits.REJECTIONS)
                .tag("scope", scope).counter();
        return counter == null ? 0 : counter.count();
    }

    @TestConfiguration
    static class StandingClock {

        @Bean
        @Primary
        Clock standingClock() {
            return new MovableClock(Instant.now());
        }
    }

    @DynamicPropertySource
    static void smallBuckets(DynamicPropertyRegistry registry) {
        registry.add("modelgate.limits.per-caller.requests-per-second", () -> "1");
        registry.add("modelgate.limits.per-caller.burst", () -> "3");
        registry.add("modelgate.limits.per-workspace.requests-per-second", () -> "1");
        registry.add("modelgate.limits.per-workspace.burst", () -> "5");
        registry.add("modelgate.limits.sign-in.requests-per-second", () -> "1");
        registry.add("modelgate.limits.sign-in.burst", () -> "2");
    }

    private String freshWorkspace() {
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), "limits-" + UUID.randomUUID(),
                ExternalId.generate(new SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(workspace);
        return workspace.id();
    }

    private Api freshKey(String workspaceId) {
        return api.anonymous().withKey(apiKeys.create(workspaceId, "limited", Role.DEVELOPER, null, "test").token());
    }

    @Test
    void key_pastItsBurst_gets429WithRetryAfter_whileOtherWorkspacesGoOn() {
        Api key = freshKey(freshWorkspace());
        double rejectedBefore = rejections("key");

        int allowed = 0;
        Api.Reply refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Api.Reply reply = key.get(Api.MODELS);
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertThat(reply.status()).isEqualTo(200);
                allowed++;
            }
        }

        assertThat(refused).as("a refusal within 10 requests").isNotNull();
        assertThat(allowed).isEqualTo(3);
        assertThat(rejections("key")).isEqualTo(rejectedBefore + 1);
        String retryAfter = refused.header("Retry-After");
        assertThat(retryAfter).isEqualTo("1");
        refused.assertProblem(Api.problem(429, "rate-limited", "Too many requests",
                "the key's request rate limit is reached; retry after " + retryAfter + " s", Api.MODELS));
        assertThat(freshKey(freshWorkspace()).get(Api.MODELS).status()).isEqualTo(200);
    }

    @Test
    void openAiApi_drawsOnTheSameBucket_andIsRefusedInOpenAisShape_withRetryAfterInMilliseconds() {
        Api key = freshKey(freshWorkspace());
        for (int i = 0; i < 2; i++) {
            assertThat(key.get(Api.MODELS).status()).isEqualTo(200);
        }
        assertThat(key.get("/v1/models").status()).isEqualTo(200);

        Api.Reply refused = key.get("/v1/models");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("retry-after-ms")).isEqualTo("1000");
        assertThat(refused.header("x-should-retry")).isNull();
        assertThat(refused.json()).isEqualTo(Api.JSON.readTree("""
                {"error": {"message": "the key's request rate limit is reached; retry after 1 s",
                           "type": "requests", "param": null, "code": "rate_limit_exceeded"}}"""));
    }

    @Test
    void workspace_pastItsBurst_refusesAllItsKeys_evenOnesWithTokensLeft() {
        String workspace = freshWorkspace();
        Api first = freshKey(workspace);
        Api second = freshKey(workspace);
        Api third = freshKey(workspace);

        Api.Reply refused = null;
        int sent = 0;
        for (Api key : new Api[] {first, first, second, second, third, third, third}) {
            Api.Reply reply = key.get(Api.MODELS);
            sent++;
            if (reply.status() == 429) {
                refused = reply;
                break;
            }
        }

        assertThat(refused).as("the workspace's burst of 5 is spent before any key's burst of 3").isNotNull();
        assertThat(sent).isEqualTo(6);
        assertThat(refused.json().get("detail").stringValue())
                .startsWith("the workspace's request rate limit is reached; retry after ");
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void signIn_attemptsFromOneAddress_areLimited() {
        Api.Reply refused = null;
        for (int i = 0; i < 8 && refused == null; i++) {
            Api anonymous = api.anonymous();
            String csrf = Api.cookie(anonymous.get("/api/v1/session"), "XSRF-TOKEN");
            Api.Reply reply = anonymous.post("/api/v1/session", Map.of("username", "nobody", "password", "guess " + i),
                    "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertThat(reply.status()).isEqualTo(401);
            }
        }

        assertThat(refused).as("a refusal within 8 attempts").isNotNull();
        String retryAfter = refused.header("Retry-After");
        refused.assertProblem(Api.problem(429, "rate-limited", "Too many requests",
                "too many sign-in attempts from this address; retry after " + retryAfter + " s", "/api/v1/session"));
    }
}
