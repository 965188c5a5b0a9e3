package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Budgets in the console: added on a model's page and on the keys page, listed with what they spent on the budgets
 * screen, a bad one refused at its field, and a banner above every screen once one is past its soft threshold or
 * spent.
 */
class ConsoleBudgetsIT extends ConsoleTestBase {

    @AfterEach
    void dropTheBudgets() {
        jdbc.sql("DELETE FROM budgets").update();
    }

    /** Adds {@code tokens} to today's usage rollups of the model (a row of its own), as recorded calls would. */
    private void spend(String modelId, long tokens) {
        jdbc.sql("INSERT INTO usage_daily (workspace_id, utc_day, model_id, model_name, kind, revision, caller_kind, "
                        + "caller_id, caller_name, calls, succeeded, input_tokens, output_tokens, cache_read_tokens, "
                        + "cache_write_tokens, unknown_tokens, last_at) VALUES (?, ?, ?, ?, 'INVOKE', 1, '', '', '', "
                        + "1, 1, ?, 0, 0, 0, 0, CURRENT_TIMESTAMP)")
                .params(WORKSPACE_ID, LocalDate.now(ZoneOffset.UTC).toEpochDay(), modelId, "name " + tokens, tokens)
                .update();
    }

    @Test
    void modelBudget_addedOnItsPage_warnsInABannerPastItsSoftLimit_andIsRefusedWhenSpent() {
        String id = createModel("budgeted", true);
        open("#/models/" + id);
        type(By.id("model-budget-limit"), "100");
        type(By.id("model-budget-soft-limit"), "10");

        click(By.id("model-budget-create"));

        WebElement row = waitVisible(By.cssSelector("#model-budget-budgets tr[data-scope='MODEL']"));
        assertThat(row.findElement(By.cssSelector("th")).getText()).isEqualTo("Model budgeted");
        assertThat(row.findElement(By.cssSelector(".budget-spent")).getText())
                .isEqualTo("0 of 100 tokens (warns at 10)");
        assertThat(row.findElement(By.cssSelector(".budget-state")).getText()).isEqualTo("Within");
        assertThat(driver.findElements(By.cssSelector("#budget-banner .budget-banner"))).isEmpty();

        spend(id, 40);
        open("#/models/" + id);

        waitText(By.cssSelector("#budget-banner .callout-title"), "A budget is past the soft limit.");
        assertThat(css("#budget-banner li").getText()).startsWith("Model budget: 40 of 100 tokens this day, resets");
        waitText(By.cssSelector("#model-budget-budgets .budget-state"), "Past soft limit");
        fullPageScreenshot("01-model-budget-warning");

        spend(id, 60);
        open("#/budgets");

        waitText(By.cssSelector("#budget-banner .callout-title"),
                "A budget is spent: calls it covers are refused until it resets.");
        WebElement listed = waitVisible(By.cssSelector("table.budgets tr[data-scope='MODEL']"));
        assertThat(listed.getText()).contains("Model budgeted").contains("100 of 100 tokens").contains("Spent");
        fullPageScreenshot("02-budgets-spent");
    }

    @Test
    void usdBudget_addedOnTheBudgetsScreen_isListedInDollars_andItsBannerShowsTheCost() {
        open("#/budgets");
        new Select(waitVisible(By.id("workspace-budget-unit"))).selectByVisibleText("US dollars");
        type(By.id("workspace-budget-limit"), "25");
        type(By.id("workspace-budget-soft-limit"), "10");

        click(By.id("workspace-budget-create"));

        WebElement row = waitVisible(By.cssSelector("table.budgets tr[data-scope='WORKSPACE']"));
        assertThat(row.findElement(By.cssSelector(".budget-spent")).getText())
                .isEqualTo("$0.00 of $25.00 (warns at $10.00)");
        assertThat(jdbc.sql("SELECT unit || ' ' || hard_limit FROM budgets").query(String.class).single())
                .isEqualTo("USD 25000000000");

        jdbc.sql("INSERT INTO usage_daily (workspace_id, utc_day, model_id, model_name, kind, revision, caller_kind, "
                        + "caller_id, caller_name, calls, succeeded, input_tokens, output_tokens, cache_read_tokens, "
                        + "cache_write_tokens, unknown_tokens, cost_nanos, last_at) VALUES (?, ?, ?, 'priced', "
                        + "'INVOKE', 1, '', '', '', 1, 1, 0, 0, 0, 0, 0, 12500000000, CURRENT_TIMESTAMP)")
                .params(WORKSPACE_ID, LocalDate.now(ZoneOffset.UTC).toEpochDay(), "priced-model").update();
        open("#/budgets");

        waitText(By.cssSelector("#budget-banner .callout-title"), "A budget is past the soft limit.");
        assertThat(css("#budget-banner li").getText())
                .startsWith("Workspace budget: $12.50 of $25.00 this day, resets");
        assertThat(waitVisible(By.cssSelector("table.budgets tr[data-scope='WORKSPACE'] .budget-spent")).getText())
                .isEqualTo("$12.50 of $25.00 (warns at $10.00)");
        fullPageScreenshot("05-usd-budget");
        noScriptErrors();
    }

    @Test
    void keyBudget_addedOnTheKeysPage_namesItsKey() {
        String prefix = apiKeys.create(WORKSPACE_ID, "budget-bot", Role.AGENT, null, ADMIN).key().prefix();
        open("#/keys");
        new Select(waitVisible(By.id("key-budget-target"))).selectByVisibleText("budget-bot (" + prefix + ")");
        new Select(css("#key-budget-period")).selectByValue("MONTH");
        type(By.id("key-budget-limit"), "5000");

        click(By.id("key-budget-create"));

        WebElement row = waitVisible(By.cssSelector("#key-budget-budgets tr[data-scope='KEY']"));
        assertThat(row.getText()).contains("API key budget-bot (" + prefix + ")").contains("Month")
                .contains("0 of 5,000 tokens");
        fullPageScreenshot("03-key-budget");
    }

    @Test
    void workspaceBudget_withASoftLimitNotBelowItsLimit_isRefusedAtThatField_thenAdded() {
        open("#/budgets");
        type(By.id("workspace-budget-limit"), "1000");
        type(By.id("workspace-budget-soft-limit"), "1000");

        click(By.id("workspace-budget-create"));

        waitText(By.id("workspace-budget-soft-limit-error"),
                "softLimit must be at least 1 and below limit (1000), got 1000");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("workspace-budget-soft-limit");
        screenshot("04-refused");

        setText(By.id("workspace-budget-soft-limit"), "800");
        click(By.id("workspace-budget-create"));

        WebElement row = waitVisible(By.cssSelector("table.budgets tr[data-scope='WORKSPACE']"));
        assertThat(row.getText()).contains("Workspace").contains("Day").contains("0 of 1,000 tokens (warns at 800)");
        noScriptErrors();
    }
}
