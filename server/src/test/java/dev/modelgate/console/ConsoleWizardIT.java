package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The wizard tells the truth about what is on screen and keeps the user's place: a Test result that no longer matches
 * the working copy says so, a running Test shows its stages, focus lands where the work goes on.
 */
class ConsoleWizardIT extends ConsoleTestBase {

    @Test
    void testResult_afterTheTemplateOrRoleChanges_isMarkedStale_untilTheTestRunsAgain() {
        String id = createModel("alpha", true);
        open("#/models/" + id + "/edit/test");
        waitVisible(By.id("run-test"));

        // The click and the look in one script: what shows before the server answers, whatever its speed.
        String running = (String) driver.executeScript(
                "document.getElementById('run-test').click(); return document.getElementById('test-result').innerText;");
        assertThat(running).isEqualTo("Test running…\nAssume the role\nRunning\nInvoke the model\nPending\nMap the output\nPending");
        waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");
        assertThat(activeElement().getText()).isEqualTo("Test passed");
        assertThat(driver.findElements(By.id("test-stale"))).isEmpty();
        assertThat(css("#test-result").getAttribute("class")).doesNotContain("test-stale");

        setText(By.id("request-template"), "{\"messages\": ");

        waitText(By.id("test-stale"), "Stale — re-run the Test");
        assertThat(css("#test-stale").getText()).isEqualTo("Stale — re-run the Test\n"
                + "The request template changed since this Test ran. The result below is of the earlier version.");
        assertThat(css("#test-stale-note").getAttribute("role")).isEqualTo("status");
        assertThat(css("#test-result").getAttribute("class")).contains("test-stale");
        assertThat(css("#response-tree").getAttribute("class")).contains("test-stale");
        assertThat(css("#test-status").getText()).isEmpty();
        scrollIntoView(css("#run-heading"));
        screenshot("01-stale-template");

        click(By.cssSelector(".stepper li:nth-child(1) button"));
        type(By.id("role-arn"), "arn:aws:iam::222222222222:role/Other");
        click(By.cssSelector(".stepper li:nth-child(3) button"));
        waitText(By.id("test-stale"), "The role and the request template changed since this Test ran.");
    }

    @Test
    void testResult_afterTheTestRunsAgain_isFreshAndFocused() {
        String id = createModel("alpha", true);
        open("#/models/" + id + "/edit/test");
        click(By.id("run-test"));
        waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");
        type(By.id("map-text"), "$.content[0].text");
        assertThat(driver.findElements(By.id("test-stale"))).as("the mapping previews the last response itself").isEmpty();
        setText(By.id("request-template"), "{\"prompt\": \"{{prompt}}\"}");
        waitVisible(By.id("test-stale"));

        click(By.id("run-test"));

        waitText(By.cssSelector("#test-result .test-run-head"), "Test failed");
        assertThat(driver.findElements(By.id("test-stale"))).isEmpty();
        assertThat(css("#test-result").getAttribute("class")).doesNotContain("test-stale");
        assertThat(activeElement().getText()).startsWith("Test failed");
        assertThat(activeElement().getTagName()).isEqualTo("h3");
        screenshot("01-rerun-failed");
    }

    private WebElement activeElement() {
        return driver.switchTo().activeElement();
    }
}
