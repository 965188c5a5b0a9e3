package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.MAPPER;
import static dev.modelgate.template.TemplateFixtures.render;
import static dev.modelgate.template.TemplateFixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Hostile string values stay text inside their string, exactly as given, and are never expanded again. */
class RequestTemplateEscapingTest {

    private static final RequestTemplate TEMPLATE = RequestTemplate.compile(
            "{\"text\": \"Hello {{v}}!\", \"alone\": {{v}}, \"other\": \"{{w}}\"}",
            List.of(PromptVariable.required("v", VariableType.STRING), PromptVariable.optional("w", VariableType.STRING,
                    string("untouched"))));

    private static JsonNode renderParsed(String value) {
        byte[] body = TEMPLATE.render(Map.of("v", string(value)));
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new AssertionError("body is not valid UTF-8 for value " + value, e);
        }
        JsonNode parsed = MAPPER.readTree(body);
        assertThat(parsed.get("other").stringValue()).as("neighbouring string for %s", value).isEqualTo("untouched");
        assertThat(parsed.properties()).hasSize(3);
        return parsed;
    }

    private static void assertStaysInsideItsString(String value) {
        JsonNode parsed = renderParsed(value);
        assertThat(parsed.get("text").stringValue()).isEqualTo("Hello " + value + "!");
        assertThat(parsed.get("alone").stringValue()).isEqualTo(value);
    }

    @Test
    void render_valueWithQuotes_staysInsideItsString() {
        assertStaysInsideItsString("\", \"injected\": \"yes");
        assertThat(render(TEMPLATE, Map.of("v", string("a\"b")))).contains("\"Hello a\\\"b!\"");
    }

    @Test
    void render_valueWithBackslashes_staysInsideItsString() {
        assertStaysInsideItsString("\\");
        assertStaysInsideItsString("C:\\path\\\"");
        assertStaysInsideItsString("\\u0022 is a quote");
    }

    @Test
    void render_everyControlCharacter_isEscaped() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append('\u007f');

        assertStaysInsideItsString(all.toString());
        assertThat(render(TEMPLATE, Map.of("v", string("\n\t\r\b\f\u0000\u001f"))))
                .contains("Hello \\n\\t\\r\\b\\f\\u0000\\u001f!");
    }

    @Test
    void render_valueWithPlaceholderSyntax_isNeverExpanded() {
        assertStaysInsideItsString("}}");
        assertStaysInsideItsString("{{v}}");
        assertStaysInsideItsString("{{w}} and {{ v }} and {{x}}");
        assertThat(render(TEMPLATE, Map.of("v", string("{{w}}")))).contains("\"Hello {{w}}!\"");
    }

    @Test
    void render_scriptCloseTag_staysText() {
        assertStaysInsideItsString("</script><script>alert(1)</script>");
    }

    @Test
    void render_unicodeLineSeparators_areEscaped() {
        assertStaysInsideItsString("a\u2028b\u2029c");
        assertThat(render(TEMPLATE, Map.of("v", string("\u2028\u2029")))).contains("Hello \\u2028\\u2029!");
    }

    @Test
    void render_loneSurrogates_areEscapedAndReadBackAsTheSameChars() {
        assertStaysInsideItsString("\ud800");
        assertStaysInsideItsString("x\udfffy");
        assertStaysInsideItsString("\udc00\ud800");
        assertStaysInsideItsString("end\ud83d");
        assertThat(render(TEMPLATE, Map.of("v", string("\ud800")))).contains("Hello \\ud800!");
    }

    @Test
    void render_nonAsciiText_isPlainUtf8() {
        assertStaysInsideItsString("é 中文 😀 \u0800 \uffff");
        assertThat(render(TEMPLATE, Map.of("v", string("é😀")))).contains("Hello é😀!");
    }

    @Test
    void render_jsonValueWithHostileStrings_isValidJsonStandaloneAndInsideAString() {
        RequestTemplate template = RequestTemplate.compile("{\"alone\": {{j}}, \"text\": \"{{j}}\"}",
                List.of(PromptVariable.required("j", VariableType.JSON)));
        JsonNode value = TemplateFixtures.NODES.objectNode()
                .put("q\"k\\", "\"}} {{j}} \u2028 \ud800 \u0001 </script>")
                .set("list", TemplateFixtures.NODES.arrayNode().add("\\").add(1.5).addNull());

        JsonNode parsed = MAPPER.readTree(template.render(Map.of("j", value)));

        assertThat(parsed.get("alone")).isEqualTo(value);
        assertThat(MAPPER.readTree(parsed.get("text").stringValue())).isEqualTo(value);
    }
}
