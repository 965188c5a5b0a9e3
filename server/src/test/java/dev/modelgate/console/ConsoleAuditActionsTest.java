package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.audit.AuditAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The audit pages name every action the API records, in its order: an action added to {@link AuditAction} without a
 * label in {@code audit.js} showed as its raw name ({@code PASSWORD_CHANGED}) in the log and was missing from the
 * action filter.
 */
class ConsoleAuditActionsTest {

    private static final Path AUDIT = Path.of("src", "main", "resources", "static", "console", "audit.js");
    private static final Pattern ACTIONS = Pattern.compile("export const ACTIONS = \\{([^}]*)}");
    private static final Pattern ENTRY = Pattern.compile("\\b([A-Z_]+): '([^']+)'");

    @Test
    void everyAuditAction_hasALabel_inTheApisOrder() throws IOException {
        Matcher table = ACTIONS.matcher(Files.readString(AUDIT));
        assertThat(table.find()).as("audit.js declares ACTIONS").isTrue();
        List<String> labelled = ENTRY.matcher(table.group(1)).results().map(m -> m.group(1)).toList();
        assertThat(labelled).containsExactlyElementsOf(Arrays.stream(AuditAction.values()).map(Enum::name).toList());
    }
}
