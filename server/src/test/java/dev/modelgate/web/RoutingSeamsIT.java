package dev.modelgate.web;

import static dev.modelgate.web.Api.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.invoke.Router;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seams of routing, in a context of their own: the check a budget plugs into ({@link Router.LinkCheck}; a link
 * it refuses is skipped without a call, its reason the next link's; with no link left, the check's own failure is the
 * answer), and the random source a balance picks with, pinned here.
 */
class RoutingSeamsIT extends OpenAiTestBase {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    /** The next draws of the balance's random source (each below the weights' sum). */
    static final java.util.Deque<Integer> DRAWS = new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** Refuses every model whose name starts with {@code spent-}, as a spent budget would; draws from DRAWS. */
    @TestConfiguration
    static class SpentModels {
        @Bean(dev.modelgate.config.ModelgateConfiguration.ROUTING_RANDOM)
        java.util.random.RandomGenerator routingRandom() {
            return new java.util.random.RandomGenerator() {
                @Override
                public long nextLong() {
                    throw new UnsupportedOperationException("the balance draws ints");
                }

                @Override
                public int nextInt(int bound) {
                    int draw = DRAWS.pop();
                    assertThat(draw).isLessThan(bound);
                    return draw;
                }
            };
        }

        @Bean
        Router.LinkCheck spentModels() {
            return (workspace, link) -> link.name().startsWith("spent-")
                    ? Optional.of(new Router.Skip("OVER_BUDGET", new ModelgateException(ErrorCode.RATE_LIMITED,
                    "model \"" + link.name() + "\" has spent its budget")))
                    : Optional.empty();
        }
    }

    private JsonNode template(String name, String modelReference) {
        ObjectNode draft = StreamingInvokeIT.streamed(name, InvokeApiIT.TENANT_ROLE);
        draft.put("modelReference", modelReference);
        return ready(draft);
    }

    @Test
    void aRefusedPrimary_isSkippedWithoutACall_andItsFallbackServesWithTheChecksReason() {
        JsonNode primary = template("spent-haiku", HAIKU);
        template("haiku-us", "us." + HAIKU);
        api.put(path(primary) + "/routing", parse("{\"fallbacks\": [\"haiku-us\"]}"));

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("spent-haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(Api.canonical(reply.json().get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "spent-haiku", "served": "haiku-us", "reason": "OVER_BUDGET",
                 "tried": [{"model": "spent-haiku", "outcome": "OVER_BUDGET", "skipped": true}]}""")));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).extracting(RecordedRequest::modelId)
                .containsExactly("us." + HAIKU);
        assertThat(jdbc.sql("SELECT model_name, outcome, requested_model, route_reason FROM usage_records").query()
                .listOfRows()).containsExactly(Map.of("MODEL_NAME", "haiku-us", "OUTCOME", "OK",
                "REQUESTED_MODEL", "spent-haiku", "ROUTE_REASON", "OVER_BUDGET"));
    }

    @Test
    void aRefusedModelWithoutFallbacks_answersTheChecksFailure_andCallsNothing() {
        template("spent-alone", HAIKU);

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("spent-alone"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/rate-limited");
        assertThat(reply.json().get("detail").stringValue()).isEqualTo("model \"spent-alone\" has spent its budget");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM usage_records").query(Long.class).single()).isZero();
    }

    @Test
    void aBalance_servesTheModelItsWeightsPick_asBALANCED_andTheModelAskedForOtherwise() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", "us." + HAIKU);
        api.put(path(primary) + "/routing", parse("""
                {"balance": [{"model": "haiku", "weight": 3}, {"model": "haiku-us", "weight": 1}]}"""));
        DRAWS.clear();
        DRAWS.addAll(java.util.List.of(3, 2));

        Api.Reply picked = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));
        Api.Reply own = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(picked.status()).as(picked.body()).isEqualTo(200);
        assertThat(Api.canonical(picked.json().get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "haiku", "served": "haiku-us", "reason": "BALANCED", "tried": []}""")));
        assertThat(picked.header("Modelgate-Route-Reason")).isEqualTo("BALANCED");
        assertThat(Api.canonical(own.json().get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "haiku", "served": "haiku", "reason": "PRIMARY", "tried": []}""")));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).extracting(RecordedRequest::modelId)
                .containsExactly("us." + HAIKU, HAIKU);
        assertThat(jdbc.sql("SELECT model_name, route_reason FROM usage_records ORDER BY occurred_at").query()
                .listOfRows()).containsExactly(Map.of("MODEL_NAME", "haiku-us", "ROUTE_REASON", "BALANCED"),
                Map.of("MODEL_NAME", "haiku", "ROUTE_REASON", "PRIMARY"));
        assertThat(DRAWS).isEmpty();
    }
}
