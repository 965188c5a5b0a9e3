package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** Each read limit, hit with a parser whose limits are small, is refused naming that limit. */
class StrictJsonProblemsTest {

    private static final JsonMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(3).maxNumberLength(4)
                            .maxStringLength(8).maxNameLength(6).maxDocumentLength(100).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static ResponseEntity<ProblemDetail> refusal(String json) {
        JacksonException e = catchThrowableOfType(JacksonException.class,
                () -> STRICT.readTree(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertThat(e).as("%s is refused", json).isNotNull();
        return StrictJsonProblems.of(e);
    }

    private static Map<String, Object> violation(ResponseEntity<ProblemDetail> refusal) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) refusal.getBody().getProperties()
                .get("violations");
        assertThat(violations).hasSize(1);
        return violations.getFirst();
    }

    @Test
    void stringTooLong_namesMaxStringLength() {
        ResponseEntity<ProblemDetail> refusal = refusal("{\"a\": \"123456789\"}");

        assertThat(refusal.getStatusCode().value()).isEqualTo(400);
        assertThat(refusal.getBody().getType().toString()).isEqualTo("https://modelgate.dev/problems/json-limit-exceeded");
        assertThat(violation(refusal)).containsEntry("rule", "max-string-length")
                .containsEntry("message", "the request body has a string longer than 8 characters");
    }

    @Test
    void nameTooLong_namesMaxNameLength() {
        assertThat(violation(refusal("{\"abcdefg\": 1}"))).containsEntry("rule", "max-name-length")
                .containsEntry("message", "the request body has a property name longer than 6 characters");
    }

    @Test
    void tooDeep_namesMaxNestingDepth() {
        assertThat(violation(refusal("[[[[1]]]]"))).containsEntry("rule", "max-nesting-depth")
                .containsEntry("message", "the request body nests objects and arrays more than 3 deep");
    }

    @Test
    void numberTooLong_namesMaxNumberLength() {
        assertThat(violation(refusal("[123456]"))).containsEntry("rule", "max-number-length")
                .containsEntry("message", "the request body has a number of 6 characters; the limit is 4");
    }

    @Test
    void documentTooLong_is413NamingMaxDocumentLength() {
        ResponseEntity<ProblemDetail> refusal = refusal("[" + "1,".repeat(10_000) + "1]");

        assertThat(refusal.getStatusCode().value()).isEqualTo(413);
        assertThat(refusal.getBody().getType().toString()).isEqualTo("https://modelgate.dev/problems/payload-too-large");
        assertThat(violation(refusal)).containsEntry("rule", "max-document-length")
                .containsEntry("message", "the request body is longer than 100 characters");
    }

    @Test
    void duplicateAtTheTop_namesTheKeyAndWhereItStarts() {
        ResponseEntity<ProblemDetail> refusal = refusal("{\"a\": 1,\n \"a\": 2}");

        assertThat(refusal.getStatusCode().value()).isEqualTo(400);
        assertThat(refusal.getBody().getDetail())
                .isEqualTo("duplicate key \"a\": a key may appear only once in an object (line 2, column 2)");
        assertThat(violation(refusal)).containsEntry("field", "a").containsEntry("rule", "duplicate-key")
                .containsEntry("line", 2).containsEntry("column", 2);
    }

    @Test
    void otherParseErrors_areNotTheStrictParsesToAnswer() {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> STRICT.readTree("{\"a\": }"));

        assertThat(StrictJsonProblems.of(e)).isNull();
    }
}
