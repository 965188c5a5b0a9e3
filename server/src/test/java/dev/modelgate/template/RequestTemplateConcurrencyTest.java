package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.json;
import static dev.modelgate.template.TemplateFixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One compiled template rendered from many virtual threads at once gives each the body it renders alone. */
class RequestTemplateConcurrencyTest {

    private static final int RENDERS = 2_000;

    @Test
    void render_sameTemplateFromManyVirtualThreads_givesEveryCallerItsOwnBody() throws Exception {
        RequestTemplate template = RequestTemplate.compile("""
                {"max_tokens": {{max_tokens}}, "system": {{system.prompt}},
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "{{prompt}} ({{max_tokens}})"}]}]}""",
                List.of(PromptVariable.required("prompt", VariableType.STRING),
                        PromptVariable.optional("system.prompt", VariableType.STRING, null),
                        PromptVariable.required("max_tokens", VariableType.INTEGER)));
        List<Map<String, JsonNode>> values = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < RENDERS; i++) {
            Map<String, JsonNode> these = i % 2 == 0
                    ? Map.of("prompt", string("caller " + i + " \"é\" \u2028 ".repeat(i % 7)), "max_tokens", json("" + i))
                    : Map.of("prompt", string("#" + i), "max_tokens", json("" + i), "system.prompt", string("s" + i));
            values.add(these);
            expected.add(template.render(these));
        }

        List<Future<byte[]>> bodies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < RENDERS; i++) {
                Map<String, JsonNode> these = values.get(i);
                bodies.add(threads.submit(() -> template.render(these)));
            }
        }

        for (int i = 0; i < RENDERS; i++) {
            assertThat(bodies.get(i).get()).as("render %d", i).isEqualTo(expected.get(i));
        }
    }
}
