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
        org.openqa.selenium.Dimension laptop = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            scrollIntoView(css("#test-stale"));
            screenshot("02-stale-phone");
            scrollIntoView(css("#preset-select"));
            screenshot("03-preset-picker-phone");
        } finally {
            driver.manage().window().setSize(laptop);
        }

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

    @Test
    void saveAsDraft_onStepOne_keepsTheDraftInTheTab_andSaysWhatModelgateNeedsToStoreIt() {
        open("#/models/new");
        type(By.id("model-name"), "half-done");

        click(By.id("save-draft"));

        waitText(By.id("draft-kept"), "Draft kept in this browser tab");
        assertThat(css("#draft-kept").getText()).isEqualTo("Draft kept in this browser tab\n"
                + "Modelgate stores the model once it has a role (step 1), a model (step 2), a request template (step 3) "
                + "and an output text path (step 3). Until then the draft stays in this tab, across reloads; closing the "
                + "tab or signing out discards it.");
        assertThat(css("#draft-kept").findElement(By.xpath("..")).getAttribute("role")).isEqualTo("status");
        assertThat(css(".wizard-summary").isDisplayed()).as("no problems are claimed").isFalse();
        assertThat(models.count(WORKSPACE_ID)).isZero();
        screenshot("01-kept");

        driver.navigate().refresh();
        waitText(By.cssSelector(".notice"), "The model you were adding was restored.");
        assertThat(css("#model-name").getAttribute("value")).isEqualTo("half-done");
    }

    @Test
    void anEditMadeJustBeforeAReload_isKeptAcrossTheReload() {
        open("#/models/new");
        waitVisible(By.id("role-arn"));

        // The edit and the reload in one script: the page goes before any timer of the wizard could run.
        driver.executeScript("window.beforeTheReload = true;"
                + "const name = document.getElementById('model-name'); name.value = 'typed-then-reloaded';"
                + "name.dispatchEvent(new Event('input', {bubbles: true})); location.reload();");

        wait.until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return window.beforeTheReload === undefined && document.getElementById('role-arn') !== null")));
        assertThat(css("#model-name").getAttribute("value")).isEqualTo("typed-then-reloaded");
        assertThat(css(".notice").getText()).isEqualTo("The model you were adding was restored. Start over");
    }

    @Test
    void signOut_withUnsavedChanges_asksFirst_keepStaysAndDiscardSignsOut() {
        open("#/models/new");
        type(By.id("model-name"), "unsaved-one");

        click(By.id("sign-out"));

        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).isEqualTo("Sign out and discard your changes?\n"
                + "“unsaved-one” has changes that are not stored in Modelgate. Signing out discards them.\n"
                + "Keep editing\nDiscard and sign out");
        assertThat(activeElement().getText()).isEqualTo("Keep editing");
        screenshot("01-asked");
        activeElement().click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        assertThat(css("#model-name").getAttribute("value")).isEqualTo("unsaved-one");
        assertThat(css("#account-name").getText()).isEqualTo(ADMIN);

        click(By.id("sign-out"));
        click(By.xpath("//dialog//button[.='Discard and sign out']"));

        waitVisible(By.id("sign-in-username"));
        assertThat(driver.executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void modelPicker_isOneTabStop_arrowKeysMove_andEnterPicks() {
        open("#/models/new");
        type(By.id("role-arn"), TENANT_ROLE);
        click(By.id("next"));
        waitVisible(By.cssSelector(".pick-row[data-model-id='" + HAIKU + "']"));

        WebElement listbox = css("#catalog-listbox");
        assertThat(listbox.getAttribute("role")).isEqualTo("listbox");
        assertThat(listbox.getAttribute("aria-labelledby")).isEqualTo("catalog-label");
        assertThat(driver.findElements(By.cssSelector("#catalog-listbox .pick-row[tabindex='0']"))).hasSize(1);
        java.util.List<WebElement> options = driver.findElements(By.cssSelector("#catalog-listbox [role='option']"));
        assertThat(options).hasSizeGreaterThan(2);
        assertThat(options).allSatisfy(option -> assertThat(option.getAttribute("aria-selected")).isEqualTo("false"));

        click(By.id("catalog-filter"));
        activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(activeElement().getAttribute("data-model-id")).isEqualTo(options.get(0).getAttribute("data-model-id"));
        activeElement().sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
        activeElement().sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
        String third = options.get(2).getAttribute("data-model-id");
        assertThat(activeElement().getAttribute("data-model-id")).isEqualTo(third);
        activeElement().sendKeys(org.openqa.selenium.Keys.ARROW_UP);
        activeElement().sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
        activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);

        wait.until(d -> third.equals(css("#model-reference").getAttribute("value")));
        assertThat(css("#catalog-listbox .pick-row[data-model-id='" + third + "']").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(css("#catalog-listbox .pick-row[data-model-id='" + third + "']").getAttribute("tabindex")).isEqualTo("0");
        assertThat(driver.findElements(By.cssSelector("#catalog-listbox .pick-row[tabindex='0']"))).hasSize(1);
        activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(activeElement().getAttribute("role")).as("one Tab leaves the list").isNotEqualTo("option");
        scrollIntoView(listbox);
        screenshot("01-picked-by-keyboard");
    }

    @Test
    void stepThree_withoutAPreset_showsNoErrorBeforeTyping_andThePresetPickerKeepsItsChoice() {
        open("#/models/new/test");
        waitText(By.cssSelector(".code-verdict"), "Write the request body here, or start from a preset.");
        assertThat(driver.findElements(By.cssSelector(".code-problems li"))).isEmpty();
        assertThat(css(".wizard-summary").isDisplayed()).isFalse();
        screenshot("01-untouched");

        setText(By.id("request-template"), "{");
        waitText(By.cssSelector(".code-verdict"), "1 problem");
        setText(By.id("request-template"), "");
        waitText(By.cssSelector(".code-problems"), "the template is empty");

        new org.openqa.selenium.support.ui.Select(waitVisible(By.id("preset-select"))).selectByValue("ANTHROPIC_CLAUDE");
        click(By.id("use-preset-template"));

        wait.until(d -> "request-template".equals(activeElement().getAttribute("id")));
        assertThat(css("#request-template").getAttribute("value")).contains("\"anthropic_version\": \"bedrock-2023-05-31\"");
        assertThat(css("#preset-select").getAttribute("value")).isEqualTo("ANTHROPIC_CLAUDE");
        screenshot("02-preset-used");
    }

    @Test
    void stepThree_presetPicker_preselectsTheFamilyDetectedInStepTwo() {
        open("#/models/new/model");
        type(By.id("model-reference"), "us.anthropic.claude-3-haiku-20240307-v1:0");
        waitText(By.id("understood-model-id"), "us.anthropic.claude-3-haiku-20240307-v1:0");
        click(By.id("api-invoke-model"));
        click(By.id("next"));

        waitVisible(By.cssSelector("#preset-select option[value='ANTHROPIC_CLAUDE']"));
        assertThat(css("#preset-select").getAttribute("value")).isEqualTo("ANTHROPIC_CLAUDE");
    }

    @Test
    void usePreset_inStepTwo_movesFocusToWhatItDid() {
        open("#/models/new/test");
        setText(By.id("request-template"), "{}");
        click(By.cssSelector(".stepper li:nth-child(2) button"));
        type(By.id("model-reference"), HAIKU);
        waitText(By.id("understood-model-id"), HAIKU);
        click(By.id("api-invoke-model"));

        click(By.id("use-preset"));
        click(By.xpath("//dialog//button[.='Use the preset']"));

        wait.until(d -> "preset-offer".equals(activeElement().getAttribute("id")));
        assertThat(activeElement().getText()).contains("Step 3 starts from this preset");
    }

    @Test
    void inferenceSwitch_turningOff_asksFirst_keepItOnLeavesItOn() {
        String id = createModel("alpha", true);
        open("#/models/" + id);
        By toggle = By.cssSelector(".head-actions [role='switch']");

        click(toggle);

        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).isEqualTo("Turn off inference for “alpha”?\n"
                + "Agents that call it get 409 inference-disabled until it is turned on again. Its configuration and usage stay.\n"
                + "Keep it on\nTurn off");
        assertThat(activeElement().getText()).isEqualTo("Keep it on");
        screenshot("01-asked");
        activeElement().click();
        wait.until(d -> "switch".equals(activeElement().getAttribute("role")));
        assertThat(css(".head-actions [role='switch']").getAttribute("aria-checked")).isEqualTo("true");
        assertThat(models.get(WORKSPACE_ID, id).stored().inferenceEnabled()).isTrue();

        click(toggle);
        click(By.xpath("//dialog//button[.='Turn off']"));
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(toggle, "aria-checked", "false"));
        assertThat(models.get(WORKSPACE_ID, id).stored().inferenceEnabled()).isFalse();

        click(toggle); // turning it on asks nothing
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(toggle, "aria-checked", "true"));
        assertThat(driver.findElements(By.cssSelector("dialog"))).isEmpty();
    }

    @Test
    void copy_mappingFailureListsTheAnswersPathsOnce_andTheHintSaysWhereTheResponseIs() {
        String id = createModel("alpha", true);
        open("#/models/" + id + "/edit/test");
        assertThat(css("#map-text").findElement(By.xpath("ancestor::div[contains(@class,'field')][1]")).getText())
                .contains("No path yet? Run the Test, then click the text in the response shown beside these fields "
                        + "(above them on a narrow screen).");
        type(By.id("map-text"), "$.content[0].txt");
        type(By.id("map-input-tokens"), "$.usage.input");

        click(By.id("run-test"));

        waitText(By.cssSelector("#test-result .test-run-head"), "Test failed");
        WebElement diagnosis = css("#test-result .stage[data-stage='MAP'] .diagnosis");
        // the answer's paths once, as suggestions; each fix says what its own path found
        assertThat(diagnosis.getText()).isEqualTo("""
                A mapping path matched nothing
                2 fields of the output mapping failed: outputMapping.text, outputMapping.inputTokens.
                Try instead:
                $.content[0].type
                $.content[0].text
                $.usage.input_tokens
                $.usage.output_tokens
                How to fix it
                Fix outputMapping.text ($.content[0].txt): outputMapping.text: $.content[0].txt selected nothing; \
                nothing in $.content[0] matches .txt, which contains $.content[0].type, $.content[0].text
                Fix outputMapping.inputTokens ($.usage.input): outputMapping.inputTokens: $.usage.input selected \
                nothing; nothing in $.usage matches .input, which contains $.usage.input_tokens, $.usage.output_tokens
                Choose from the paths the answer has (the suggestions).
                Then run the Test again; the raw answer is shown in the INVOKE stage.""");
        scrollIntoView(diagnosis);
        screenshot("01-mapping-failed");
    }

    @Test
    void copy_oneFailedMappingPath_isNamedAboveItsFix_andTheAnswersPathsAreSaidOnce() {
        String id = createModel("alpha", true);
        open("#/models/" + id + "/edit/test");
        type(By.id("map-text"), "$.content[0].txt");

        click(By.id("run-test"));

        waitText(By.cssSelector("#test-result .test-run-head"), "Test failed");
        assertThat(css("#test-result .stage[data-stage='MAP'] .diagnosis").getText()).isEqualTo("""
                A mapping path matched nothing
                outputMapping.text ($.content[0].txt) selected nothing.
                Try instead:
                $.content[0].type
                $.content[0].text
                How to fix it
                Fix outputMapping.text ($.content[0].txt): outputMapping.text: $.content[0].txt selected nothing; \
                nothing in $.content[0] matches .txt, which contains $.content[0].type, $.content[0].text
                Choose from the paths the answer has (the suggestions).
                Then run the Test again; the raw answer is shown in the INVOKE stage.""");
    }

    @Test
    void copy_aTemplatesJsonErrorFromTheServer_isWordedAsTheConsoleChecksIt() {
        String id = createModel("alpha", true);
        open("#/models/" + id + "/edit/test");
        setText(By.id("request-template"), "{\"a\" \"b\"}");

        click(By.id("save"));

        waitText(By.id("template-error"), "not valid JSON at line 1, column 6");
        String shown = css("#template-error").getText() + "\n" + css(".wizard-summary").getText();
        assertThat(shown).doesNotContain("Unexpected character").doesNotContain("code 34");
        assertThat(css("#template-error").getText()).endsWith("template is not valid JSON at line 1, column 6: "
                + "expected ':' after the property name, found '\"'");
        screenshot("01-own-wording");
    }

    private WebElement activeElement() {
        return driver.switchTo().activeElement();
    }
}
