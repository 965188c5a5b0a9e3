package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.NODES;
import static dev.modelgate.template.TemplateFixtures.render;
import static dev.modelgate.template.TemplateFixtures.string;
import static dev.modelgate.template.TemplateFixtures.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The rendered body's size limit, and {@link RequestTemplate#renderTo} streaming. */
class RequestTemplateBodyLimitTest {

    private static final PromptVariable PROMPT = PromptVariable.required("p", VariableType.STRING);

    private static Violation tooLarge(int limit) {
        return Violation.of("values", "body-too-large",
                "rendered request body would be larger than the limit of " + limit + " bytes");
    }

    @Test
    void render_bodyOfExactlyTheLimit_renders_andOneByteMoreIsTooLarge() {
        RequestTemplate template = RequestTemplate.compile("{\"p\": {{p}}}", List.of(PROMPT), 100);

        assertThat(template.render(Map.of("p", string("a".repeat(91))))).hasSize(100);
        assertThat(violationsOf(() -> template.render(Map.of("p", string("a".repeat(92))))))
                .containsExactly(tooLarge(100));
    }

    @Test
    void render_escapesAndMultiByteCharsCountInBytes() {
        RequestTemplate template = RequestTemplate.compile("\"{{p}}\"", List.of(PROMPT), 20);

        assertThat(template.render(Map.of("p", string("\"\"\"\"\"\"\"\"\"")))).hasSize(20);
        assertThat(template.render(Map.of("p", string("\u2028\u2028\u2028")))).hasSize(20);
        assertThat(template.render(Map.of("p", string("€€€€€€")))).hasSize(20);
        assertThat(violationsOf(() -> template.render(Map.of("p", string("\n\n\n\n\n\n\n\n\n\n")))))
                .containsExactly(tooLarge(20));
    }

    @Test
    void render_valueUsedInSeveralPlaces_countsEveryUse() {
        RequestTemplate template = RequestTemplate.compile("[{{p}}, \"{{p}}\", \"{{p}}\"]", List.of(PROMPT), 42);

        assertThat(template.render(Map.of("p", string("x".repeat(10))))).hasSize(42);
        assertThat(violationsOf(() -> template.render(Map.of("p", string("x".repeat(11))))))
                .containsExactly(tooLarge(42));
    }

    @Test
    void render_stringOverBedrocksLimit_isTooLargeUnderTheDefaultLimit() {
        RequestTemplate template = RequestTemplate.compile("{\"p\": \"{{p}}\"}", List.of(PROMPT));

        assertThat(template.maxBodyBytes()).isEqualTo(25_000_000);
        assertThat(violationsOf(() -> template.render(Map.of("p", string("a".repeat(25_000_000))))))
                .containsExactly(tooLarge(25_000_000));
    }

    @Test
    void render_jsonValueOverTheLimit_isStoppedWhileSerializing() {
        RequestTemplate template = RequestTemplate.compile("{{v}}",
                List.of(PromptVariable.required("v", VariableType.JSON)), 1000);
        ArrayNode huge = NODES.arrayNode();
        for (int i = 0; i < 100_000; i++) {
            huge.add("element " + i);
        }

        assertThat(violationsOf(() -> template.render(Map.of("v", huge)))).containsExactly(tooLarge(1000));
    }

    @Test
    void renderTo_writesTheSameBytesAsRender_throughItsSmallBuffer() throws IOException {
        RequestTemplate template = RequestTemplate.compile("{\"a\": {{p}}, \"b\": \"x{{p}}y\", \"c\": \"{{p}}\"}",
                List.of(PROMPT));
        Map<String, JsonNode> typed = Map.of("p", string("é\"\n😀\u2028".repeat(5000) + "a".repeat(20_000)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = template.renderTo(typed, out);

        assertThat(out.toByteArray()).isEqualTo(template.render(typed));
        assertThat(written).isEqualTo(out.size());
        assertThat(render(template, typed)).startsWith("{\"a\": \"é\\\"\\n😀\\u2028");
    }

    @Test
    void renderTo_bodyTooLarge_writesNothing() {
        RequestTemplate template = RequestTemplate.compile("[{{p}}]", List.of(PROMPT), 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(violationsOf(() -> {
            try {
                template.renderTo(Map.of("p", string("a".repeat(20_000))), out);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        })).containsExactly(tooLarge(10));
        assertThat(out.size()).isZero();
    }

    @Test
    void renderTo_failingStream_throwsItsIOException() {
        RequestTemplate template = RequestTemplate.compile("[{{p}}]", List.of(PROMPT));
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> template.renderTo(Map.of("p", string("x")), broken))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
    }
}
