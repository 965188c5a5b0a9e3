package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Property tests over seeded random templates and hostile values (reproducible from each test's seed). */
class RequestTemplatePropertyTest {

    private static final int CASES = 1_000;

    @Test
    void render_randomTemplateAndHostileValues_parsesToTheExpectedJson() throws IOException {
        SplittableRandom random = new SplittableRandom(20261125L);
        for (int c = 0; c < CASES; c++) {
            RandomTemplates generator = new RandomTemplates(random);
            JsonNode expected = generator.template(0);
            String text = generator.text();
            Map<String, JsonNode> values = generator.values();

            RequestTemplate template = RequestTemplate.compile(text, RandomTemplates.VARIABLES);
            byte[] body = template.render(values);

            assertThat(MAPPER.readTree(strictUtf8(body))).as("case %d: template %s with %s", c, text, values)
                    .isEqualTo(expected);
            assertThat(template.placeholders()).hasSize(generator.placeholders());
            if (c % 10 == 0) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                template.renderTo(values, out);
                assertThat(out.toByteArray()).as("case %d renderTo", c).isEqualTo(body);
            }
        }
    }

    @Test
    void jsonText_ofAnyValue_readsBackAsThatValue() {
        SplittableRandom random = new SplittableRandom(99L);
        for (int c = 0; c < CASES; c++) {
            JsonNode value = new RandomTemplates(random).values().get("j.value");

            byte[] json = JsonValues.toJson(value, Integer.MAX_VALUE - 8);

            assertThat(MAPPER.readTree(strictUtf8(json))).as("case %d", c).isEqualTo(value);
        }
    }

    @Test
    void escapedLength_equalsTheBytesWritten() {
        SplittableRandom random = new SplittableRandom(4242L);
        for (int c = 0; c < CASES; c++) {
            String value = RandomTemplates.hostileString(random, 20);
            ByteSink sink = ByteSink.capped(8, Integer.MAX_VALUE - 8);

            sink.writeEscaped(value);

            assertThat(JsonEscapes.escapedLength(value, Long.MAX_VALUE)).as(value).isEqualTo(sink.size());
            assertThat(MAPPER.readTree(strictUtf8(withQuotes(sink.toByteArray()))).stringValue()).isEqualTo(value);
        }
    }

    @Test
    void compile_mutatedTemplates_eitherCompileToValidJsonOrReportPositionsInsideTheText() {
        SplittableRandom random = new SplittableRandom(777L);
        String[] tokens = {"{", "}", "[", "]", "\"", ":", ",", " ", "\n", "\\", "{{s}}", "{{ n }}", "{{", "}}", "{{}}",
                "{{bad name}}", "{{nope}}", "1", "-", "true", "a", "\u2028", "\ud800", "é"};
        int compiled = 0;
        for (int c = 0; c < CASES; c++) {
            RandomTemplates generator = new RandomTemplates(random);
            generator.template(0);
            StringBuilder text = new StringBuilder(generator.text());
            for (int m = random.nextInt(3); m >= 0; m--) {
                int at = random.nextInt(text.length() + 1);
                if (random.nextBoolean() && at < text.length()) {
                    text.deleteCharAt(at);
                } else {
                    text.insert(at, tokens[random.nextInt(tokens.length)]);
                }
            }
            try {
                RequestTemplate template = RequestTemplate.compile(text.toString(), RandomTemplates.VARIABLES);
                MAPPER.readTree(strictUtf8(template.render(generator.values())));
                compiled++;
            } catch (InvalidInputException e) {
                LineIndex lines = new LineIndex(text.toString());
                int lastLine = lines.line(text.length());
                for (Violation violation : e.violations()) {
                    assertThat(violation.line()).as("%s in %s", violation, text).isBetween(1, lastLine);
                    assertThat(violation.column()).as("%s in %s", violation, text).isPositive();
                }
            }
        }
        assertThat(compiled).as("mutations that still compile").isBetween(CASES / 20, CASES - CASES / 20);
    }

    private static byte[] withQuotes(byte[] content) {
        byte[] quoted = new byte[content.length + 2];
        quoted[0] = '"';
        System.arraycopy(content, 0, quoted, 1, content.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static byte[] strictUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return body;
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }
}
