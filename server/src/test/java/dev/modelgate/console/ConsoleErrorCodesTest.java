package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem type or diagnosis code the console's scripts act on ({@code e.slug === 'model-not-ready'},
 * {@code diagnosis.code === 'role-not-approved'}, the sign-in titles by code) is a code of {@link ErrorCode}: a
 * renamed code cannot leave a screen switching on the old name.
 */
class ConsoleErrorCodesTest {

    private static final Path CONSOLE = Path.of("src", "main", "resources", "static", "console");
    private static final Pattern COMPARED = Pattern.compile("\\b(?:slug|code) === '([a-z0-9-]+)'");
    private static final Pattern SIGN_IN_TITLES = Pattern.compile("SIGN_IN_TITLES = \\{([^}]*)}");
    private static final Pattern KEY = Pattern.compile("'([a-z0-9-]+)':");

    @Test
    void everyCodeTheConsoleSwitchesOn_isInTheTable() throws IOException {
        List<String> codes = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(CONSOLE)) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                String text = Files.readString(script);
                COMPARED.matcher(text).results().forEach(m -> codes.add(m.group(1)));
                Matcher titles = SIGN_IN_TITLES.matcher(text);
                while (titles.find()) {
                    KEY.matcher(titles.group(1)).results().forEach(m -> codes.add(m.group(1)));
                }
            }
        }

        assertThat(codes).contains("model-not-ready", "role-not-approved", "assume-role-failed", "sign-in-failed")
                .allSatisfy(code -> assertThat(ErrorCode.of(code)).as("console code %s", code).isPresent());
    }
}
