package dev.modelgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.FuzzInput;
import dev.modelgate.validation.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of {@link RequestTemplate}: compile a template, then render it with fuzzed values. An input
 * has three parts split by {@code %%} lines: the variables (space-separated {@code name:TYPE}, {@code name:TYPE?}
 * for optional, {@code name:TYPE=<JSON default>}), the template text, and the values as one JSON object (blank: the
 * template's {@link RequestTemplate#sampleValues() sample values}). Seeds and reproducers:
 * {@code src/test/resources/dev/modelgate/template/RequestTemplateFuzzTestInputs/compileAndRender/}.
 *
 * <p>Properties: compiling and rendering throw only {@link InvalidInputException}, with kebab-case rules on the
 * {@code template}, {@code variables…} and {@code values…} fields; a compiled template renders its sample values (a
 * preview never fails); every rendered body is exactly one JSON value without duplicate names, within the body limit,
 * the same whether built in memory or streamed; and every part of it can be located in the template. Work is bounded
 * by the template limit ({@link RequestTemplate#MAX_TEMPLATE_BYTES}) and the body limit, which is small here.
 */
class RequestTemplateFuzzTest {

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_LOCATED = 50;
    private static final JsonMapper VALUES = JsonMapper.builder().build();
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @FuzzTest(maxDuration = "5m")
    void compileAndRender(byte[] data) throws IOException {
        FuzzInput input = FuzzInput.of(data, 3);
        List<PromptVariable> variables;
        RequestTemplate template;
        try {
            variables = variables(input.part(0));
            template = RequestTemplate.compile(input.part(1), variables, MAX_BODY_BYTES);
        } catch (InvalidInputException refused) {
            assertOurs(refused, "template", "variables", "name", "type", "defaultValue", "testValue");
            return;
        }
        assertThat(template.variables()).isEqualTo(variables);
        assertRendersValidJson(template, template.sampleValues());
        Map<String, JsonNode> values = values(input.part(2));
        if (values != null) {
            try {
                assertRendersValidJson(template, values);
            } catch (InvalidInputException refused) {
                assertOurs(refused, "values");
            }
        }
    }

    private static void assertRendersValidJson(RequestTemplate template, Map<String, JsonNode> values) throws IOException {
        byte[] body;
        try {
            body = template.render(values);
        } catch (InvalidInputException refused) {
            if (refused.violations().stream().allMatch(v -> v.rule().equals("body-too-large"))) {
                return;
            }
            throw refused;
        }
        assertThat(body.length).isLessThanOrEqualTo(MAX_BODY_BYTES);
        JsonNode parsed;
        try {
            parsed = STRICT.readTree(body);
        } catch (JacksonException e) {
            throw new AssertionError("rendered body is not one JSON value: " + e.getOriginalMessage(), e);
        }
        assertThat(parsed).as("rendered body").isNotNull();
        assertThat(parsed.isMissingNode()).as("rendered body is empty").isFalse();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        assertThat(template.renderTo(values, streamed)).isEqualTo(body.length);
        assertThat(streamed.toByteArray()).isEqualTo(body);
        List<String> pointers = new ArrayList<>();
        pointers(parsed, "", pointers);
        for (String pointer : pointers) {
            assertThat(template.locate(pointer)).as("location of %s", pointer).isPresent();
        }
    }

    private static void assertOurs(InvalidInputException refused, String... fieldPrefixes) {
        assertThat(refused.violations()).allSatisfy(v -> {
            assertThat(v.rule()).matches("[a-z]+(-[a-z]+)*");
            assertThat(v.message()).isNotBlank();
            assertThat(fieldPrefixes).anySatisfy(prefix -> assertThat(v.field()).startsWith(prefix));
        });
    }

    /** Each JSON pointer of {@code node} and its descendants, depth first, at most {@link #MAX_LOCATED}. */
    private static void pointers(JsonNode node, String pointer, List<String> out) {
        if (out.size() >= MAX_LOCATED) {
            return;
        }
        out.add(pointer);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers(node.get(i), pointer + "/" + i, out);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                pointers(member.getValue(), pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1"), out);
            }
        }
    }

    /** The declared variables: {@code name:TYPE}, {@code name:TYPE?} (optional), {@code name:TYPE=<JSON>}. */
    private static List<PromptVariable> variables(String spec) {
        List<PromptVariable> variables = new ArrayList<>();
        for (String token : spec.trim().split("[ \\n]+")) {
            if (token.isEmpty()) {
                continue;
            }
            int colon = token.indexOf(':');
            String name = colon < 0 ? token : token.substring(0, colon);
            String rest = colon < 0 ? "" : token.substring(colon + 1);
            int equals = rest.indexOf('=');
            String typeName = equals < 0 ? rest : rest.substring(0, equals);
            boolean optional = typeName.endsWith("?");
            VariableType type = FuzzInput.pick(optional ? typeName.substring(0, typeName.length() - 1) : typeName,
                    List.of(VariableType.values()));
            JsonNode defaultValue = equals < 0 ? null : json(rest.substring(equals + 1));
            variables.add(new PromptVariable(name, type, !optional && defaultValue == null, defaultValue, null, null));
        }
        return variables;
    }

    /** The values to render with: the JSON object given, or {@code null} when the part is not one. */
    private static Map<String, JsonNode> values(String text) {
        if (text.isBlank()) {
            return null;
        }
        JsonNode parsed = json(text);
        if (parsed == null || !parsed.isObject()) {
            return null;
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : parsed.properties()) {
            values.put(member.getKey(), member.getValue());
        }
        return values;
    }

    /** {@code text} as JSON, or {@code null} when it is not exactly one JSON value (as the API would refuse it). */
    private static JsonNode json(String text) {
        try {
            JsonNode node = VALUES.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
