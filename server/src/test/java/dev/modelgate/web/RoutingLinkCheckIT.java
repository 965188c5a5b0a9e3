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
 * The seam a budget plugs into ({@link Router.LinkCheck}): a link the check refuses is skipped without a call, its
 * reason the next link's; with no link left, the check's own failure is the answer.
 */
class RoutingLinkCheckIT extends OpenAiTestBase {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    /** Refuses every model whose name starts with {@code spent-}, as a spent budget would. */
    @TestConfiguration
    static class SpentModels {
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
}
