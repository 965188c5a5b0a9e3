package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.model.ExternalModels;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A Converse model, end to end in the browser: the wizard offers Converse first for a family that speaks it, asks
 * for defaults instead of a template and a mapping (a tool among them), its Test shows the answer as Modelgate
 * parsed it, the model saves Ready, and Try it gets a tool call from it.
 */
class ConsoleConverseIT extends ConsoleTestBase {

    @Test
    void aConverseModel_isSetUpWithoutATemplate_testedSavedAndAnswersWithAToolCall() {
        open("#/models/new");
        type(By.id("model-name"), "claude-converse");
        type(By.id("role-arn"), TENANT_ROLE);
        click(By.id("next"));

        click(By.cssSelector(".pick-row[data-model-id='" + HAIKU + "']"));
        waitText(By.id("understood-model-id"), HAIKU);
        wait.until(ExpectedConditions.elementSelectionStateToBe(By.id("api-converse"), true));
        assertThat(css("#api-choice .api-option:first-of-type input").getAttribute("id")).isEqualTo("api-converse");
        waitText(By.id("preset-offer"), "Converse: no template to write");
        // Request options travel with Converse too: the tenant's guardrail, checked when a field is left.
        click(By.cssSelector("#request-options summary"));
        type(By.id("guardrail-identifier"), "mgdemoguard1");
        type(By.id("guardrail-version"), "DRAF");
        css("#guardrail-version").sendKeys(org.openqa.selenium.Keys.TAB);
        waitText(By.id("guardrail-version-error"), "DRAFT or a version number");
        type(By.id("guardrail-version"), "DRAFT");
        css("#guardrail-version").sendKeys(org.openqa.selenium.Keys.TAB);
        wait.until(ExpectedConditions.attributeToBe(By.id("guardrail-version"), "aria-invalid", "false"));
        fullPageScreenshot("01-converse-chosen");
        assertThat(css("#next").getText()).isEqualTo("Next: Converse defaults and Test →");

        click(By.id("next"));
        waitText(By.id("step-heading"), "Converse defaults and Test");
        assertThat(css(".stepper li:nth-child(3) .step-title").getText()).isEqualTo("Converse defaults and Test");
        ConsoleLayoutIT.viewport(ConsoleLayoutIT.PHONE);
        try {
            assertThat(wordsBrokenInTheStepper()).as("step titles broken inside a word on a phone").isEmpty();
            screenshot("02-phone-stepper");
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
        }
        assertThat(driver.findElements(By.id("request-template"))).isEmpty();
        assertThat(driver.findElements(By.id("map-text"))).isEmpty();
        type(By.id("converse-system"), "You are terse.");
        type(By.id("converse-max-tokens"), "256");
        click(By.id("example-tool"));
        assertThat(css("#converse-tools").getAttribute("value")).contains("\"name\": \"get_weather\"");
        type(By.id("converse-test-prompt"), "Say hello to Modelgate.");

        click(By.id("run-test"));

        waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");
        waitText(By.id("converse-text"), "Say hello to Modelgate.");
        assertThat(css("#converse-stop-reason").getText()).startsWith("end_turn");
        assertThat(css("#converse-usage").getText()).matches("\\d+ input · \\d+ output.*");
        fullPageScreenshot("02-tested");

        click(By.id("save"));
        wait.until(ExpectedConditions.urlContains("#/models?highlight="));
        WebElement row = waitVisible(By.cssSelector("tr[data-name='claude-converse']"));
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Ready");

        click(By.cssSelector("tr[data-name='claude-converse'] a.model-name"));
        waitText(By.id("summary-api"), "Converse");
        assertThat(css("#summary-heading").findElement(By.xpath("..")).getText()).contains("get_weather").contains("You are terse.")
                .contains("mgdemoguard1 version DRAFT");
        assertThat(waitVisible(By.id("try-stream")).isSelected()).as("a Converse model streams by default").isTrue();
        type(By.id("try-prompt"), "What is the weather? Ask get_weather about Paris");
        click(By.id("invoke"));

        WebElement call = waitVisible(By.cssSelector("#try-tool-calls li[data-tool='get_weather']"));
        assertThat(call.findElement(By.cssSelector(".tool-input")).getText()).contains("\"city\": \"Paris\"");
        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "done"));
        assertThat(css("#try-stop-reason").getText()).startsWith("Stop reason: tool_use");
        assertThat(css("#try-output").isDisplayed()).as("an answer that is only a tool call has no text to show").isFalse();
        assertThat(css("#try-usage").getText()).matches("(?s)\\d+ input and \\d+ output tokens.*");
        fullPageScreenshot("03-tool-call");

        // The same without streaming: the whole answer, parsed alike.
        click(By.id("try-stream"));
        type(By.id("try-prompt"), "Just say hello");
        click(By.id("invoke"));
        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "done"));
        assertThat(css("#try-output").getText()).contains("Just say hello");
        assertThat(css("#try-stop-reason").getText()).startsWith("Stop reason: end_turn");
        assertThat(driver.findElements(By.cssSelector("#try-tool-calls li"))).isEmpty();

        // The guardrail steps in, streamed: an outcome with its stop reason, not an error.
        click(By.id("try-stream"));
        type(By.id("try-prompt"), "BLOCKME and say hello");
        click(By.id("invoke"));
        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "done"));
        assertThat(css("#try-guardrail").getText()).contains("The guardrail intervened");
        assertThat(css("#try-output").getText()).isEqualTo("Sorry, the model cannot answer this question.");
        assertThat(css("#try-stop-reason").getText()).startsWith("Stop reason: guardrail_intervened");
        assertThat(driver.findElements(By.cssSelector("#try-problem .callout-error"))).isEmpty();
        fullPageScreenshot("04-guardrail");
    }

    @Test
    void tryIt_onAConverseModelNotReady_namesItsConverseStep() {
        ExternalModels.Saved saved = models.create(WORKSPACE_ID, presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .converseDraft("converse-not-ready", TENANT_ROLE, null, "us-east-1", HAIKU), "console-test");
        open("#/models/" + saved.stored().id());
        type(By.id("try-prompt"), "Say hello");
        click(By.id("invoke"));

        waitText(By.id("try-problem"), "Run its Test below (or in Edit → Converse defaults and Test): a passed Test makes it Ready.");
    }

    /** The words of the stepper's titles that the page breaks across two lines. */
    @SuppressWarnings("unchecked")
    private static java.util.List<String> wordsBrokenInTheStepper() {
        return (java.util.List<String>) driver.executeScript("return [...document.querySelectorAll('.stepper .step-title')].flatMap((t) => {"
                + "  const text = t.firstChild, out = []; let at = 0;"
                + "  for (const word of text.data.split(' ')) {"
                + "    const r = document.createRange(); r.setStart(text, at); r.setEnd(text, at + word.length);"
                + "    if (r.getClientRects().length > 1) out.push(word);"
                + "    at += word.length + 1; }"
                + "  return out; });");
    }
}
