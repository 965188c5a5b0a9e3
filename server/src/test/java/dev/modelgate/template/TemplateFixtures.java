package dev.modelgate.template;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Shared helpers for the template tests. */
final class TemplateFixtures {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateFixtures() {
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    static JsonNode string(String value) {
        return NODES.stringNode(value);
    }

    static String render(RequestTemplate template, Map<String, ? extends JsonNode> values) {
        return new String(template.render(values), StandardCharsets.UTF_8);
    }

    /** The violations {@code action} throws. */
    static List<Violation> violationsOf(Runnable action) {
        InvalidInputException[] thrown = new InvalidInputException[1];
        assertThatThrownBy(action::run).isInstanceOfSatisfying(InvalidInputException.class, e -> thrown[0] = e);
        return thrown[0].violations();
    }

    static List<Violation> compileViolations(String text, PromptVariable... variables) {
        return violationsOf(() -> RequestTemplate.compile(text, List.of(variables)));
    }
}
