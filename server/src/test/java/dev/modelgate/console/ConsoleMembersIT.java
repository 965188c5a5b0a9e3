package dev.modelgate.console;

import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Accounts;
import dev.modelgate.access.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Members: the list, adding one with a temporary password (named in the workspace's namespace, so that a name used
 * outside the workspace is no answer's business), removing one after a confirmation.
 */
class ConsoleMembersIT extends ConsoleTestBase {

    @Test
    void member_addedAndRemoved_andNeverYourself() {
        open("#/members");
        WebElement me = waitVisible(By.cssSelector("tr[data-username='" + ADMIN + "']"));
        assertThat(me.getText()).contains("You").contains("Admin");
        assertThat(me.findElements(By.cssSelector("button"))).isEmpty();
        String namespace = Accounts.namespace(ConsoleServer.WORKSPACE_ID);
        assertThat(css("#member-username-hint").getText()).endsWith("they sign in as username." + namespace);

        String elsewhere = account("ops-" + suffix(), Role.OPERATOR, null);
        String member = elsewhere + "." + namespace;
        type(By.id("member-username"), elsewhere);
        type(By.id("member-password"), "too short");
        click(By.id("add-member"));
        waitText(By.id("member-password-error"), "password must be 12 to 128 characters");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("member-password");
        assertThat(accounts.findByUsername(member)).isEmpty();
        screenshot("01-refused");

        type(By.id("member-password"), passwordOf(member));
        // The platform operator's name, added here: created in the workspace's namespace, not "taken".
        new Select(css("#member-role")).selectByValue("DEVELOPER");
        click(By.id("add-member"));

        WebElement row = waitVisible(By.cssSelector("tr.highlight[data-username='" + member + "']"));
        assertThat(row.getText()).contains("Developer").contains("by " + ADMIN).contains("Can sign in");
        assertThat(css("#member-username").getAttribute("value")).isEmpty();
        assertThat(css("#member-password-error").isDisplayed()).isFalse();
        assertThat(accounts.findByUsername(member)).isPresent();
        fullPageScreenshot("02-added");

        click(By.cssSelector("button[aria-label='Remove " + member + "']"));
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Remove “" + member + "”?");
        screenshot("03-confirm-remove");
        click(By.xpath("//dialog//button[.='Remove member']"));

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-username='" + member + "']"), 0));
        assertThat(driver.findElements(By.cssSelector("tr[data-username='" + ADMIN + "']"))).hasSize(1);
        assertThat(accounts.findByUsername(member)).isEmpty();
    }
}
