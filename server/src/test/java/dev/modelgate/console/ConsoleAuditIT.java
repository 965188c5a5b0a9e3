package dev.modelgate.console;

import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The audit log: newest first, filtered by action, actor and dates, paged, each event's details on demand. */
class ConsoleAuditIT extends ConsoleTestBase {

    @Test
    void auditLog_showsKeyAndSignInEvents_filtersThem_andPages() {
        String actor = "auditor-" + suffix();
        for (int i = 0; i < 11; i++) {
            ApiKeys.Created key = apiKeys.create(WORKSPACE_ID, "audited-" + i, Role.AGENT, null, actor);
            apiKeys.revoke(WORKSPACE_ID, key.key().id(), actor);
        }
        open("#/audit");
        waitVisible(By.cssSelector("tr[data-action]"));
        assertThat(css("tr[data-action]").getAttribute("data-action")).isEqualTo("KEY_REVOKED");
        List<Instant> times = driver.findElements(By.cssSelector("tr[data-action] time")).stream()
                .map(t -> Instant.parse(t.getAttribute("datetime"))).toList();
        assertThat(times).hasSize(20).isSortedAccordingTo((a, b) -> b.compareTo(a));
        fullPageScreenshot("01-log");

        new Select(css("#audit-action")).selectByValue("SIGN_IN");
        type(By.id("audit-actor"), ADMIN);
        click(By.id("audit-apply"));
        waitForActions(actions -> actions.stream().allMatch("SIGN_IN"::equals));
        assertThat(driver.getCurrentUrl()).contains("#/audit?action=SIGN_IN&actor=" + ADMIN);
        WebElement signIn = css("tr[data-action]");
        assertThat(signIn.getText()).contains("Signed in").contains(ADMIN).contains("127.0.0.1");
        click(By.cssSelector("tr[data-action] button[aria-expanded]"));
        WebElement details = waitVisible(By.cssSelector("tr.audit-details:not([hidden]) pre"));
        assertThat(details.getText()).contains("\"role\": \"ADMIN\"");
        assertThat(css("tr[data-action] button[aria-expanded]").getAttribute("aria-expanded")).isEqualTo("true");
        screenshot("02-sign-in-details");

        open("#/audit?action=KEY_CREATED&actor=" + actor);
        waitForActions(actions -> actions.stream().allMatch("KEY_CREATED"::equals));
        assertThat(css("#audit-page").getText()).isEqualTo("11 events");
        assertThat(actions()).hasSize(11);
        assertThat(css("#audit-action").getAttribute("value")).isEqualTo("KEY_CREATED");
        assertThat(css("#audit-actor").getAttribute("value")).isEqualTo(actor);
        click(By.cssSelector("tr[data-action] button[aria-expanded]"));
        assertThat(waitVisible(By.cssSelector("tr.audit-details:not([hidden]) pre")).getText()).contains("\"role\": \"AGENT\"");

        new Select(css("#audit-action")).selectByValue("");
        click(By.id("audit-apply"));
        waitText(By.id("audit-page"), "Page 1 of 2 · 22 events");
        waitForActions(actions -> actions.contains("KEY_REVOKED"));
        assertThat(actions()).hasSize(20).containsOnly("KEY_CREATED", "KEY_REVOKED");
        click(By.id("audit-older"));
        waitText(By.id("audit-page"), "Page 2 of 2 · 22 events");
        assertThat(actions()).hasSize(2);
        assertThat(driver.findElements(By.id("audit-older"))).isEmpty();
        screenshot("03-page-2");

        String yesterday = LocalDate.now().minusDays(1).toString();
        driver.executeScript("arguments[0].value = arguments[1];", css("#audit-to"), yesterday);
        click(By.id("audit-apply"));
        waitText(By.id("audit-empty"), "Nothing matches these filters.");
        assertThat(driver.getCurrentUrl()).contains("to=" + yesterday).doesNotContain("page=");

        click(By.id("audit-clear"));
        waitVisible(By.cssSelector("tr[data-action]"));
        assertThat(driver.getCurrentUrl()).endsWith("#/audit");
    }

    /** Waits until the table shows events whose actions pass {@code check} (it is built anew on each filter). */
    private void waitForActions(Predicate<List<String>> check) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "the events' actions; they are " + actions())
                .until(d -> { List<String> actions = actions(); return !actions.isEmpty() && check.test(actions); });
    }

    private List<String> actions() {
        return driver.findElements(By.cssSelector("tr[data-action]")).stream().map(r -> r.getAttribute("data-action"))
                .toList();
    }
}
