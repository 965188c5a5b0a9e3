package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which rule a refused path broke, in the order a person fixing it needs them. */
class PathRulesTest {

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
            /api/v1/models%2fx          | encoded-slash
            /api/v1/models%5c           | backslash
            /api/v1/models%00           | nul-character
            /api/v1/models%Z1           | invalid-percent-encoding
            /api/v1/models%4            | invalid-percent-encoding
            /api/v1/models%2541         | encoded-percent
            /api/v1/models;jsessionid=1 | path-parameter
            /api/v1/models%3Bx          | path-parameter
            /api/./v1/models            | dot-segment
            /api/v1/models/..           | dot-segment
            /api/%2E%2e/models          | dot-segment
            /api/v1/models.%2e          | encoded-period
            /api//v1/models             | empty-segment
            /api/v1/mo dels             | invalid-character
            /api/v1/models%0A           | control-character
            """)
    void brokenRule_isNamed(String path, String rule) {
        Violation broken = PathRules.broken(path);

        assertThat(broken).isNotNull();
        assertThat(broken.field()).isEqualTo("path");
        assertThat(broken.rule()).isEqualTo(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/models", "/api/v1/models/haiku-1.0/invoke", "/api/v1/models?x=%2F", "/"})
    void validPath_breaksNone(String path) {
        assertThat(PathRules.broken(path)).isNull();
    }
}
