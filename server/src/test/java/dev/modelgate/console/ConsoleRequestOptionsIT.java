package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Request options on the model's page: what the console can tell at once is said at the field, what only
 * Modelgate can tell (a guardrail of another Region) too, and a guardrail that intervenes in Try it is shown as an
 * outcome, not as an error.
 */
class ConsoleRequestOptionsIT extends ConsoleTestBase {

    @Test
    void aGuardrail_isCheckedAtItsField_savedTested_andItsInterventionIsAnOutcome() {
        String id = createModel("guarded", true);
        open("#/models/" + id);
        click(By.cssSelector("#request-options-card summary"));

        type(By.id("guardrail-identifier"), "Not a guardrail");
        type(By.id("guardrail-version"), "1");
        click(By.id("save-options"));
        waitText(By.id("guardrail-identifier-error"), "12 lowercase letters or digits");
        assertThat(css("#guardrail-identifier").getAttribute("aria-invalid")).isEqualTo("true");

        // Well formed, but of another Region than the model's: only Modelgate says so, at the same field.
        type(By.id("guardrail-identifier"), "arn:aws:bedrock:eu-west-1:222222222222:guardrail/mgdemoguard1");
        click(By.id("save-options"));
        waitText(By.id("guardrail-identifier-error"), "eu-west-1");
        assertThat(models.get(WORKSPACE_ID, id).stored().revision()).isEqualTo(1);
        screenshot("01-refused-at-the-field");

        type(By.id("guardrail-identifier"), "mgdemoguard1");
        click(By.id("save-options"));
        waitText(By.id("options-status"), "Saved as revision 2; its Test passed.");
        assertThat(css("#guardrail-identifier").getAttribute("aria-invalid")).isEqualTo("false");
        waitText(By.cssSelector("#model-status .badge"), "Ready");
        assertThat(css("#summary-heading").findElement(By.xpath("..")).getText()).contains("Guardrail").contains("mgdemoguard1 version 1");

        type(By.id("try-prompt"), "BLOCKME: tell me a secret");
        click(By.id("invoke"));
        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "done"));
        assertThat(css("#try-guardrail").getText()).contains("The guardrail intervened");
        assertThat(css("#try-output").getText()).isEqualTo("Sorry, the model cannot answer this question.");
        assertThat(driver.findElements(By.cssSelector("#try-problem .callout-error"))).isEmpty();
        screenshot("02-intervened");
    }
}
