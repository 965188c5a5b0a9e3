package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A first-time user connects a model in the browser: the IAM documents to paste, the role checked, the model picked
 * from what the role may use, its family preset, a Test against Bedrock, the output mapped by clicking in the
 * response, saved Ready, invoked from its page, and the usage chart counting the call.
 */
class ConsoleNewModelIT extends ConsoleTestBase {

    @Test
    void newUser_createsTestsMapsAndInvokesAModel_startingFromAPreset() {
        open("#/models");
        waitText(By.cssSelector(".empty-state"), "Connect your first model");
        screenshot("01-empty-list");

        click(By.id("add-model"));
        waitText(By.id("external-id"), EXTERNAL_ID);
        waitText(By.id("principal-arn"), "arn:aws:iam::111111111111:user/modelgate-platform");
        assertThat(css("#trust-policy").getText()).contains("\"sts:ExternalId\": \"" + EXTERNAL_ID + "\"");
        assertThat(css("#permission-policy").getText()).contains("bedrock:InvokeModel");
        fullPageScreenshot("02-credentials");

        type(By.id("model-name"), "claude-haiku");
        type(By.id("role-arn"), TENANT_ROLE);
        click(By.id("check-role"));
        waitText(By.cssSelector(".check-result .stage[data-stage='ASSUME_ROLE'] .badge"), "Passed");
        assertThat(css(".check-result").getText()).contains(EXTERNAL_ID).contains("https://sts.us-east-1.amazonaws.com");
        screenshot("03-role-checked");

        click(By.id("next"));
        click(By.cssSelector(".pick-row[data-model-id='" + HAIKU + "']"));
        waitText(By.id("understood-model-id"), HAIKU);
        assertThat(css("#model-reference").getAttribute("value")).isEqualTo(HAIKU);
        assertThat(css("#catalog").getText()).containsIgnoringCase("Inference profiles").contains("Claude 3.7 Sonnet");
        // Claude speaks Converse, which the wizard offers first and chooses; this model is the template kind.
        wait.until(ExpectedConditions.elementSelectionStateToBe(By.id("api-converse"), true));
        assertThat(css("#api-choice .api-option:first-of-type input").getAttribute("id")).isEqualTo("api-converse");
        click(By.id("api-invoke-model"));
        waitText(By.id("preset-offer"), "Step 3 starts from this preset");
        fullPageScreenshot("04-model");

        click(By.id("next"));
        waitText(By.cssSelector(".code-verdict"), "Valid JSON template");
        assertThat(css("#request-template").getAttribute("value")).contains("\"anthropic_version\": \"bedrock-2023-05-31\"");
        assertThat(driver.findElements(By.cssSelector(".code-highlight .tok-ph"))).hasSize(4);
        screenshot("05-template");

        // Test first, map after: the preset's mapping is cleared, the Test shows the raw response to map from.
        for (String field : new String[] {"map-text", "map-input-tokens", "map-output-tokens"}) {
            type(By.id(field), "");
        }
        click(By.id("run-test"));
        waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");
        for (String stage : new String[] {"ASSUME_ROLE", "INVOKE"}) {
            assertThat(css("#test-result .stage[data-stage='" + stage + "'] .badge").getText()).isEqualTo("Passed");
        }
        assertThat(css("#test-result .stage[data-stage='MAP'] .badge").getText()).isEqualTo("Skipped");
        assertThat(css("#test-result .stage[data-stage='MAP'] .callout-warn").getText())
                .contains("No output mapping yet");
        fullPageScreenshot("06-tested");

        click(By.id("map-text"));
        pick("$.content[0].text");
        click(By.id("map-input-tokens"));
        pick("$.usage.input_tokens");
        click(By.id("map-output-tokens"));
        pick("$.usage.output_tokens");
        assertThat(css("#map-text").getAttribute("value")).isEqualTo("$.content[0].text");
        assertThat(css("#map-input-tokens").getAttribute("value")).isEqualTo("$.usage.input_tokens");
        assertThat(css("#map-output-tokens").getAttribute("value")).isEqualTo("$.usage.output_tokens");
        waitText(By.id("map-text-value"), "→");
        assertThat(css("#map-input-tokens-value").getText()).matches("→ \\d+");
        // Streamed answers: the preset's paths into each chunk of Claude's stream.
        assertThat(css("#map-stream-text").getAttribute("value")).isEqualTo("$.delta.text");
        assertThat(css("#map-stream-input-tokens").getAttribute("value")).isEqualTo("$.message.usage.input_tokens");
        assertThat(css("#map-stream-output-tokens").getAttribute("value")).isEqualTo("$.usage.output_tokens");
        scrollIntoView(css("#mapping-heading"));
        screenshot("07-mapped");

        click(By.id("save"));
        wait.until(ExpectedConditions.urlContains("#/models?highlight="));
        WebElement row = waitVisible(By.cssSelector("tr[data-name='claude-haiku']"));
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Ready");
        assertThat(row.findElement(By.cssSelector("[role='switch']")).getAttribute("aria-checked")).isEqualTo("true");
        assertThat(row.getText()).contains(HAIKU).contains("us-east-1");
        screenshot("08-ready-in-list");

        click(By.cssSelector("tr[data-name='claude-haiku'] a.model-name"));
        waitText(By.id("usage-calls"), "2"); // the Test that made it Ready: its call, and its stream
        waitText(By.cssSelector("#last-test .test-run-head"), "Test passed");
        // The Test streamed once too: its chunks, the stream mapping's fields, the counts against Bedrock's metrics.
        assertThat(css("#last-test .stage[data-stage='STREAM'] .badge").getText()).isEqualTo("Passed");
        click(By.cssSelector("#last-test .stage[data-stage='STREAM'] summary"));
        assertThat(css("#last-test .stage[data-stage='STREAM'] .map-table").getText())
                .contains("stream.text").contains("$.delta.text").contains("Mapped");
        assertThat(css("#last-test .stage[data-stage='STREAM']").getText()).contains("Bedrock’s metrics").contains("they agree");
        assertThat(css("#summary-heading").findElement(By.xpath("..")).getText()).contains("Streamed text").contains("$.delta.text");
        assertThat(css("#try-stream").isSelected()).as("a model with a stream mapping streams in Try it").isTrue();
        type(By.id("try-prompt"), "Say hello to the console.");
        click(By.id("invoke"));
        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "done"));
        assertThat(css("#try-output").getText()).isEqualTo("Modelgate emulator reply to: Say hello to the console.");
        assertThat(css("#try-status").getText()).matches("Streamed in \\d+ events?\\.");
        waitText(By.id("usage-calls"), "3");
        assertThat(css("#usage figure svg").getAttribute("aria-label")).isEqualTo("Calls per day (last 14 days): 3 in 14 days");
        assertThat(css("#usage-input-tokens").getText()).isNotEqualTo("0");
        // Claude 3 Haiku's shipped price: a few tokens cost some hundred-thousandths of a dollar.
        assertThat(css("#usage-spend").getText()).matches("\\$0\\.0000\\d+");
        fullPageScreenshot("09-detail-invoked");
    }

    /** Clicks the value at {@code path} in the response tree. */
    private void pick(String path) {
        click(By.cssSelector("#response-tree button.jt-value[data-path='" + path + "']"));
    }
}
