package dev.modelgate.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of error codes: well-formed, and listed in the README exactly as it is. */
class ErrorCodeTest {

    @Test
    void everyCode_isKebabCaseAndUnique_withAnErrorStatusOrNoneAndAllItsWords() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"));
        assertThat(ErrorCode.values()).allSatisfy(code -> {
            assertThat(code.status() == 0 || code.status() >= 400 && code.status() <= 599).as("%s", code).isTrue();
            assertThat(code.title()).as("%s", code).isNotBlank().doesNotContain("|");
            assertThat(code.meaning()).as("%s", code).isNotBlank().endsWith(".").doesNotContain("|");
            assertThat(code.type()).isEqualTo("https://modelgate.dev/problems/" + code.code());
            assertThat(ErrorCode.of(code.code())).contains(code);
        });
    }

    @Test
    void aCodeOnlyTheTestGives_namesTheApisCodeForTheSameFailure_whichTheApiAnswers() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(code -> code.answeredAs().isPresent()))
                .isNotEmpty()
                .allSatisfy(code -> {
                    ErrorCode api = code.answeredAs().orElseThrow();
                    assertThat(api.answered()).as("%s answered as %s", code, api).isTrue();
                    assertThat(code.status()).isEqualTo(api.status());
                    assertThat(code.answered()).isFalse();
                });
    }

    @Test
    void theDuplicatesOfOneMeaning_areGone() {
        assertThat(List.of("timed-out", "expired-credentials", "malformed-request", "model-not-invocable",
                "mapping-failed")).allSatisfy(old -> assertThat(ErrorCode.of(old)).as(old).isEmpty());
        assertThat(ErrorCode.of("model-not-ready")).contains(ErrorCode.MODEL_NOT_READY);
        assertThat(ErrorCode.MODEL_NOT_READY.status()).isEqualTo(409);
        assertThat(ErrorCode.MODEL_NOT_READY_AT_BEDROCK.status()).isEqualTo(503);
    }

    @Test
    void mappingRules_areTheTablesCodes() {
        assertThat(dev.modelgate.mapping.JsonPathTooCostlyException.CODE).isEqualTo(ErrorCode.MAPPING_TOO_COSTLY.code());
    }

    @Test
    void readme_listsTheTableAsItIs() throws IOException {
        String readme = Files.readString(readme());
        int section = readme.indexOf("\n## Error codes\n");
        assertThat(section).as("README.md has a section \"## Error codes\"").isPositive();
        int next = readme.indexOf("\n## ", section + 1);
        String body = readme.substring(section, next < 0 ? readme.length() : next);
        int start = body.indexOf("\n| code |");
        assertThat(start).as("the section has a table starting \"| code |\"").isPositive();
        StringBuilder table = new StringBuilder();
        for (String line : body.substring(start + 1).split("\n", -1)) {
            if (!line.startsWith("|")) {
                break;
            }
            table.append(line).append('\n');
        }
        assertThat(table.toString())
                .as("README.md's table of error codes; it must read (generated from ErrorCode):%n%s",
                        ErrorCodeTable.markdown())
                .isEqualTo(ErrorCodeTable.markdown());
    }

    /** The repository's README: tests run in the server module's directory. */
    private static Path readme() {
        return Files.isDirectory(Path.of("src", "main", "java", "dev", "modelgate")) ? Path.of("..", "README.md")
                : Path.of("README.md");
    }
}
