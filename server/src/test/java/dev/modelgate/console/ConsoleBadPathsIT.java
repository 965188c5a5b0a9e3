package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What goes wrong is said where it went wrong: next to the field (linked with aria-describedby, marked aria-invalid),
 * or in the stage of the Test that failed, with Modelgate's diagnosis.
 */
class ConsoleBadPathsIT extends ConsoleTestBase {

    @Test
    void credentials_badRoleArnAndForeignStsHost_areExplainedNextToTheirFields_asTyped() {
        open("#/models/new");
        type(By.id("role-arn"), "arn:aws:iam::12:role/x");

        waitText(By.id("role-arn-error"), "role ARN must look like arn:aws:iam::<12 digits>:role/<name>, got \"arn:aws:iam::12:role/x\"");
        WebElement roleArn = css("#role-arn");
        assertThat(roleArn.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(roleArn.getAttribute("aria-describedby")).contains("role-arn-error");

        new Select(css("#sts-choice")).selectByValue("__other__");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("sts-endpoint");
        type(By.id("sts-endpoint"), "https://sts.us-east-1.amazonaws.com.evil.example");

        waitText(By.id("sts-endpoint-error"), "host \"sts.us-east-1.amazonaws.com.evil.example\" is not one");
        assertThat(css("#sts-endpoint").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(css("#sts-endpoint").getAttribute("aria-describedby")).contains("sts-endpoint-error");
        scrollIntoView(css("#sts-choice"));
        screenshot("01-field-errors");

        type(By.id("role-arn"), TENANT_ROLE);
        type(By.id("sts-endpoint"), "https://sts.eu-west-1.amazonaws.com");
        wait.until(d -> css("#role-arn-error").getAttribute("hidden") != null && css("#sts-endpoint-error").getAttribute("hidden") != null);
        assertThat(css("#role-arn").getAttribute("aria-invalid")).isEqualTo("false");
    }

    @Test
    void checkRole_roleThatTrustsAnotherExternalId_showsTheDiagnosisUnderTheButton() {
        open("#/models/new");
        type(By.id("role-arn"), "arn:aws:iam::222222222222:role/TrustsAnotherWorkspace");

        click(By.id("check-role"));

        WebElement stage = waitVisible(By.cssSelector(".check-result .stage[data-stage='ASSUME_ROLE']"));
        assertThat(stage.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Failed");
        WebElement diagnosis = stage.findElement(By.cssSelector(".diagnosis"));
        assertThat(diagnosis.getAttribute("role")).isEqualTo("alert");
        assertThat(diagnosis.getAttribute("data-code")).isEqualTo("trust-policy-or-role");
        assertThat(diagnosis.findElements(By.cssSelector(".fix-code pre")).stream().map(WebElement::getText))
                .as("the trust policy to paste, ready to copy")
                .anyMatch(code -> code.contains("\"sts:ExternalId\": \"" + EXTERNAL_ID + "\""));
        assertThat(diagnosis.getText()).contains("External ID").contains(EXTERNAL_ID).contains("AccessDenied");
        scrollIntoView(stage);
        screenshot("01-wrong-external-id");
    }

    @Test
    void model_roleThatMayNotList_leavesFreeText_andEachPastedReferenceIsExplained() {
        open("#/models/new");
        type(By.id("role-arn"), "arn:aws:iam::222222222222:role/NoBedrockAccess");
        click(By.id("next"));

        waitText(By.id("catalog-note"), "The role may not call bedrock:ListFoundationModels");
        assertThat(css("#catalog-note").getText()).isEqualTo("The list of models is not available\n"
                + "The role may not call bedrock:ListFoundationModels or bedrock:ListInferenceProfiles "
                + "(AccessDeniedException); add them to the role's permission policy to pick from a list. "
                + "Type the model ID, inference profile ID or ARN instead.");

        type(By.id("model-reference"),
                "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        waitText(By.id("understood-model-id"),
                "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        assertThat(css("#understood").getText()).contains("Cross-Region inference profile ARN")
                .contains("anthropic.claude-3-7-sonnet-20250219-v1:0").contains("us-east-1").contains("222222222222");
        waitText(By.id("api-choice"), "Converse (recommended for this family)");
        click(By.id("api-invoke-model"));
        waitText(By.id("preset-offer"), "Anthropic Claude (Messages API)");
        fullPageScreenshot("01-understood");

        type(By.id("model-reference"),
                "arn:aws:bedrock:us-west-2:222222222222:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        waitText(By.id("model-reference-error"), "model ARN is in us-west-2 but the model's region is us-east-1");
        assertThat(css("#understood").getText()).isEmpty();
        assertThat(css("#model-reference").getAttribute("aria-invalid")).isEqualTo("true");
        scrollIntoView(css("#model-reference"));
        screenshot("02-wrong-region");

        type(By.id("model-reference"), "us.us.anthropic.claude-3-haiku-20240307-v1:0");
        waitText(By.id("model-reference-error"), "model reference must start with at most one geography prefix");
        assertThat(css("#model-reference-error").getText())
                .contains("did you mean us.anthropic.claude-3-haiku-20240307-v1:0?");
        assertThat(css("#understood").getText()).as("not a us. profile of a model us.anthropic…").isEmpty();
        screenshot("03-stacked-geo-prefix");
    }

    @Test
    void template_invalidJson_isPointedAtAsTyped_andSavingKeepsWhatWasTyped() {
        open("#/models/new/test");
        String broken = "{\n  \"a\": 1\n  \"b\": 2\n}";
        setText(By.id("request-template"), broken);

        waitText(By.cssSelector(".code-problems"), "Line 3, column 3");
        assertThat(css(".code-problems").getText()).contains("expected ',' or '}' after a property value");
        assertThat(css(".code-verdict").getText()).isEqualTo("1 problem");
        assertThat(driver.findElements(By.cssSelector(".code-highlight .tok-err"))).hasSize(1);
        click(By.cssSelector(".code-problems button"));
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("request-template");
        assertThat(driver.executeScript("return document.activeElement.selectionStart")).isEqualTo(13L);
        screenshot("01-template-error");

        click(By.id("save")); // Save as draft of a model without a name or role keeps it in the tab, asking nothing

        waitText(By.id("template-error"), "Line 3, column 3: template is not valid JSON at line 3, column 3");
        assertThat(css(".wizard-summary").getText()).contains("Name — name is required")
                .contains("Step 1 · Role ARN").contains("Step 3 · Request template — line 3, column 3");
        assertThat(css(".stepper").getText()).contains("problem");
        fullPageScreenshot("02-save-refused");

        driver.navigate().refresh();
        waitVisible(By.id("request-template"));
        assertThat(css("#request-template").getAttribute("value")).isEqualTo(broken);
        assertThat(css(".notice").getText()).contains("restored");
    }

    @Test
    void mapping_pathThatMatchesNothing_saysSoAsTyped_andInTheTest() {
        String id = createModel("haiku", false);
        open("#/models/" + id + "/edit/test");
        click(By.id("run-test"));
        waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");

        type(By.id("map-text"), "$.content[0].txt");

        waitText(By.id("map-text-value"), "$.content[0].txt matches nothing in the last response; it has $.content[0].type, $.content[0].text");
        assertThat(css("#map-text-value").getAttribute("class")).contains("bad");
        scrollIntoView(css("#map-text"));
        screenshot("01-live");

        click(By.id("run-test"));

        waitText(By.cssSelector("#test-result .test-run-head"), "Test failed at “Map the output”");
        assertThat(css("#test-result .stage[data-stage='MAP'] .badge").getText()).isEqualTo("Failed");
        waitText(By.id("map-text-error"), "$.content[0].txt selected nothing");
        assertThat(css("#map-text").getAttribute("aria-invalid")).isEqualTo("true");
        scrollIntoView(css("#map-text"));
        screenshot("02-tested");
    }
}
