package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The model list's actions, saving drafts, and getting around with the keyboard alone. */
class ConsoleModelsIT extends ConsoleTestBase {

    @Test
    void list_showsEachModelsState_andTurnsInferenceOffInPlace() {
        createModel("alpha", true);
        String beta = createModel("beta", false);
        open("#/models");

        WebElement alpha = waitVisible(By.cssSelector("tr[data-name='alpha']"));
        assertThat(alpha.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Ready");
        assertThat(css("tr[data-name='beta'] .badge").getText()).isEqualTo("Draft");
        assertThat(css("tr[data-name='beta']").getText()).doesNotContain("Amazon Bedrock").contains(HAIKU)
                .contains("us-east-1").contains("just now");
        assertThat(css("tr[data-name='beta'] .model-ref").getAttribute("title")).isEqualTo("Amazon Bedrock: " + HAIKU);

        click(By.cssSelector("tr[data-name='beta'] [role='switch']"));
        click(By.xpath("//dialog//button[.='Turn off']"));

        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-name='beta'] [role='switch']"), "aria-checked", "false"));
        assertThat(models.get(WORKSPACE_ID, beta).stored().inferenceEnabled()).isFalse();
        screenshot("01-list");
    }

    @Test
    void duplicate_opensACopyToRename_thatSavesAsANewDraft() {
        createModel("alpha", true);
        open("#/models");

        click(By.cssSelector("tr[data-name='alpha'] a[aria-label='Duplicate alpha']"));

        waitText(By.cssSelector("main h1"), "Add a model");
        assertThat(css("#model-name").getAttribute("value")).isEqualTo("alpha-copy");
        assertThat(css("#role-arn").getAttribute("value")).isEqualTo(TENANT_ROLE);
        click(By.id("save-draft"));
        waitText(By.cssSelector("main h1"), "Edit alpha-copy");

        open("#/models");
        waitVisible(By.cssSelector("tr[data-name='alpha-copy']"));
        assertThat(css("tr[data-name='alpha-copy'] .badge").getText()).isEqualTo("Draft");
        assertThat(css("tr[data-name='alpha'] .badge").getText()).isEqualTo("Ready");
    }

    @Test
    void delete_asksFirst_andCancellingKeepsTheModel() {
        createModel("alpha", true);
        open("#/models");

        click(By.cssSelector("button[aria-label='Delete alpha']"));
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Delete “alpha”?").contains("cannot be undone");
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Cancel");
        screenshot("01-confirm");
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        assertThat(driver.findElements(By.cssSelector("tr[data-name='alpha']"))).hasSize(1);

        click(By.cssSelector("button[aria-label='Delete alpha']"));
        click(By.xpath("//dialog//button[.='Delete model']"));

        waitText(By.cssSelector(".empty-state"), "Connect your first model");
        assertThat(models.count(WORKSPACE_ID)).isZero();
    }

    @Test
    void saveAsDraft_refusedEdit_showsEachViolationAtItsField_andLeadsThere() {
        String id = createModel("alpha", false);
        open("#/models/" + id + "/edit/model");
        type(By.id("model-reference"), "");
        type(By.id("model-name"), "half done");

        click(By.id("save-draft"));

        waitText(By.id("model-name-error"), "name must be 1 to 64 characters");
        WebElement summary = css(".wizard-summary");
        assertThat(summary.getText()).contains("Step 2 · Model — model reference must not be blank");
        assertThat(css(".stepper li:nth-child(2)").getText()).contains("1 problem");
        screenshot("01-violations");

        click(By.xpath("//div[contains(@class,'wizard-summary')]//button[starts-with(., 'Step 2')]"));
        wait.until(d -> "model-reference".equals(d.switchTo().activeElement().getAttribute("id")));
        assertThat(css("#model-reference-error").getText()).contains("model reference must not be blank");
        assertThat(css("#model-name").getAttribute("value")).isEqualTo("half done");
        assertThat(models.get(WORKSPACE_ID, id).stored().name()).isEqualTo("alpha");
    }

    @Test
    void keyboardAlone_reachesTheWizard_andMovesBetweenSteps() {
        open("#/models");
        assertThat(driver.switchTo().activeElement().getTagName()).isEqualTo("h1");

        WebElement focused = driver.switchTo().activeElement();
        for (int i = 0; i < 10 && !"add-model".equals(focused.getAttribute("id")); i++) {
            focused.sendKeys(Keys.TAB);
            focused = driver.switchTo().activeElement();
        }
        assertThat(focused.getAttribute("id")).isEqualTo("add-model");
        focused.sendKeys(Keys.ENTER);

        waitText(By.cssSelector("main h1"), "Add a model");
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement name = driver.switchTo().activeElement();
        assertThat(name.getAttribute("id")).isEqualTo("model-name");
        name.sendKeys("by-keyboard");
        name.sendKeys(Keys.TAB, Keys.TAB, Keys.ENTER);

        waitText(By.cssSelector("#step-heading"), "Model");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("step-heading");
        assertThat(css(".stepper li.current").getText()).contains("Model");
        assertThat(css("#model-name").getAttribute("value")).isEqualTo("by-keyboard");
    }
}
