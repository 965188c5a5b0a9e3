package dev.modelgate.openai;

import static dev.modelgate.openai.ChatRequestTest.JSON;
import static dev.modelgate.openai.ChatRequestTest.PNG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.converse.ConverseDefaults;
import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.model.ChatRule;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property tests over seeded random mutations of valid bodies (reproducible from the seed): reading throws nothing
 * but {@link InvalidInputException}, whose violations each name a field; what is read translates for both kinds of
 * model without throwing anything else, and Converse's violations read back as OpenAI parameters.
 */
class ChatRequestPropertyTest {

    private static final int CASES = 2_000;
    private static final List<String> SEEDS = List.of(
            """
            {"model": "m", "messages": [{"role": "system", "content": "S"}, {"role": "user", "content": [
              {"type": "text", "text": "Q"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]},
              {"role": "assistant", "content": "A", "tool_calls": [{"id": "c1", "type": "function",
                "function": {"name": "f", "arguments": "{\\"a\\": [1, {\\"b\\": null}]}"}}]},
              {"role": "tool", "tool_call_id": "c1", "content": "R"}, {"role": "user", "content": "again"}],
             "tools": [{"type": "function", "function": {"name": "f", "description": "d",
               "parameters": {"type": "object"}}}], "tool_choice": "auto", "parallel_tool_calls": true,
             "max_tokens": 10, "temperature": 0.5, "top_p": 1, "stop": ["x"], "n": 1, "stream": true,
             "stream_options": {"include_usage": true}, "user": "u", "metadata": {"k": "v"}}""".formatted(PNG),
            """
            {"model": "m", "messages": [{"role": "developer", "content": [{"type": "text", "text": "D"}]},
              {"role": "user", "content": "Q", "name": "n"}],
             "response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": {"type": "object"}}},
             "max_completion_tokens": 5, "stop": "END", "seed": null, "logprobs": false}""",
            """
            {"model": "m", "messages": [{"role": "user", "content": "Q"}], "tool_choice": {"type": "function",
              "function": {"name": "g"}}, "tools": [{"type": "function", "function": {"name": "g"}}],
             "response_format": {"type": "text"}}""");
    private static final List<String> HOSTILE_STRINGS = List.of("", " ", "user", "assistant", "tool", "system",
            "developer", "function", "text", "image_url", "json_schema", "json_object", "none", "auto", "required",
            "data:image/png;base64,", "data:image/png;base64," + PNG, "data:image/gif;base64,!!", "https://x",
            "{", "{}", "[1]", "{\"a\":", "c1", "f", "\u0000", "\ud800", "x".repeat(70), "\"}\\");
    private static final ConverseDefaults NO_DEFAULTS = ConverseDefaults.compile(null, List.of());
    private static final List<ChatRule> RULES = List.of(ChatRule.NONE,
            ChatRule.defaults(List.of(PromptVariable.required("prompt", VariableType.STRING),
                    PromptVariable.optional("system.prompt", VariableType.STRING, null))),
            new ChatRule("prompt", "system.prompt", "messages", "tools", "max_tokens", "temperature", "top_p", "stop"));

    @Test
    void read_anyMutatedBody_throwsOnlyInvalidInput_andWhatIsReadTranslates() {
        SplittableRandom random = new SplittableRandom(20261207L);
        int accepted = 0;
        for (int c = 0; c < CASES; c++) {
            JsonNode seed = JSON.readTree(SEEDS.get(random.nextInt(SEEDS.size())));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                seed = mutate(seed, random);
            }
            JsonNode body = seed;
            String label = "case " + c + ": " + body;
            ChatRequest request;
            try {
                request = ChatRequest.read(body);
            } catch (InvalidInputException e) {
                assertThat(e.violations()).as(label).allSatisfy(v -> {
                    assertThat(v.field()).isNotEmpty().hasSizeLessThan(200);
                    assertThat(v.rule()).matches("[a-z]+(-[a-z]+)*");
                });
                continue;
            }
            accepted++;
            ConverseTranslation.Translated translated = ConverseTranslation.translate(request);
            try {
                ConverseRequests.read(translated.body(), NO_DEFAULTS, false);
            } catch (InvalidInputException e) {
                e.violations().forEach(v -> assertThat(translated.param(v.field())).as(label)
                        .isNotBlank().doesNotStartWith("inferenceConfig").doesNotStartWith("toolConfig"));
            }
            for (ChatRule rule : RULES) {
                try {
                    TemplateTranslation.variables(request, rule, "m");
                } catch (InvalidInputException expected) {
                    // a refusal is an answer
                }
            }
        }
        assertThat(accepted).as("bodies read without violation").isGreaterThan(CASES / 20);
    }

    private static JsonNode mutate(JsonNode body, SplittableRandom random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(body, containers);
        if (containers.isEmpty()) {
            return value(random, 0);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>(object.propertyNames());
            int kind = random.nextInt(3);
            if (kind == 0 && !names.isEmpty()) {
                object.remove(names.get(random.nextInt(names.size())));
            } else if (kind == 1 && !names.isEmpty()) {
                object.set(names.get(random.nextInt(names.size())), value(random, 0));
            } else {
                object.set(HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size())), value(random, 0));
            }
        } else if (target instanceof ArrayNode array) {
            int kind = random.nextInt(3);
            if (kind == 0 && !array.isEmpty()) {
                array.remove(random.nextInt(array.size()));
            } else if (kind == 1 && !array.isEmpty()) {
                array.set(random.nextInt(array.size()), value(random, 0));
            } else {
                array.add(array.isEmpty() || random.nextBoolean() ? value(random, 0)
                        : array.get(random.nextInt(array.size())).deepCopy());
            }
        }
        return random.nextInt(200) == 0 ? value(random, 0) : body;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainer()) {
            containers.add(node);
            for (JsonNode child : node.values()) {
                collect(child, containers);
            }
        }
    }

    private static JsonNode value(SplittableRandom random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> JSON.getNodeFactory().nullNode();
            case 1 -> JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 2 -> JSON.getNodeFactory().numberNode(random.nextInt(5) - 1);
            case 3 -> JSON.getNodeFactory().numberNode(random.nextDouble() * 3);
            case 4 -> random.nextBoolean() ? JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1e400"))
                    : JSON.getNodeFactory().numberNode(Double.POSITIVE_INFINITY);
            case 5 -> JSON.getNodeFactory().stringNode(HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size())));
            case 6 -> {
                ObjectNode object = JSON.createObjectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size())), value(random, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = JSON.createArrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
        };
    }
}
