package dev.modelgate.console;

import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Accounts;
import dev.modelgate.access.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Passwords in the console: a member changes their own (the current one first), and an admin sets a temporary one
 * for a locked-out member, which lets them in again; a password an admin set is changed right after signing in,
 * before the console shows anything else.
 */
class ConsolePasswordsIT extends ConsoleTestBase {

    @Override
    boolean signInFirst() {
        return false;
    }

    @Test
    void ownPassword_changedInTheHeader_replacesTheOldOne() {
        String member = account("dev-" + suffix(), Role.DEVELOPER, ConsoleServer.WORKSPACE_ID);
        signIn(member, passwordOf(member));

        click(By.id("change-password"));
        waitVisible(By.id("password-dialog"));
        screenshot("01-dialog");
        type(By.cssSelector("#password-dialog input[autocomplete='current-password']"), "not my password at all");
        typeNew("a brand new passphrase", "a brand new passphrase");
        click(By.id("save-password"));
        waitText(By.id("password-error"), "The current password is wrong.");
        screenshot("02-wrong-current");

        setText(By.cssSelector("#password-dialog input[autocomplete='current-password']"), passwordOf(member));
        click(By.id("save-password"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("password-dialog")));

        click(By.id("sign-out"));
        submitSignIn(member, passwordOf(member));
        waitText(By.id("sign-in-error"), "The username or password is wrong.");
        signIn(member, "a brand new passphrase");
    }

    @Test
    void adminSetsAPassword_forALockedOutMember_whoCanSignInAgain() {
        String member = account("locked-" + suffix(), Role.DEVELOPER, ConsoleServer.WORKSPACE_ID);
        for (int i = 0; i < 5; i++) {
            submitSignIn(member, "wrong password " + i);
            waitVisible(By.id("sign-in-error"));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
        }
        submitSignIn(member, passwordOf(member));
        waitText(By.id("sign-in-error"), "locked until");
        signIn(ADMIN, ADMIN_PASSWORD);
        open("#/members");
        assertThat(waitVisible(By.cssSelector("tr[data-username='" + member + "']")).getText()).contains("Locked until");

        click(By.cssSelector("button[aria-label='Set a password for " + member + "']"));
        waitVisible(By.cssSelector("dialog[open]"));
        type(By.id("member-new-password"), "a temporary passphrase");
        screenshot("03-set-password");
        click(By.xpath("//dialog//button[.='Set password']"));

        waitText(By.cssSelector("tr[data-username='" + member + "']"), "Can sign in, then must choose a password");
        click(By.id("sign-out"));
        submitSignIn(member, "a temporary passphrase");
        choosePassword("a temporary passphrase", "my very own passphrase");
        waitText(By.id("account-name"), member);
        noScriptErrors();
    }

    @Test
    void memberAddedByAnAdmin_choosesTheirOwnPassword_rightAfterSigningIn() {
        signIn(ADMIN, ADMIN_PASSWORD);
        open("#/members");
        String name = "new-" + suffix();
        type(By.id("member-username"), name);
        type(By.id("member-password"), "the admin's temporary one");
        click(By.id("add-member"));
        String member = name + "." + Accounts.namespace(ConsoleServer.WORKSPACE_ID);
        waitText(By.cssSelector("tr[data-username='" + member + "']"), "Can sign in, then must choose a password");
        click(By.id("sign-out"));

        submitSignIn(member, "the admin's temporary one");

        waitText(By.id("password-change-why"), "An admin set the password of " + member + ".");
        assertThat(driver.findElements(By.id("account-name"))).isEmpty();
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("password-change-current");
        screenshot("04-choose-password");
        type(By.id("password-change-current"), "the admin's temporary one");
        type(By.id("password-change-new"), "the admin's temporary one");
        type(By.id("password-change-again"), "the admin's temporary one");
        click(By.id("password-change-save"));
        waitText(By.id("password-change-error"), "Choose a password of your own, not the one your admin set.");

        setText(By.id("password-change-new"), "a passphrase of my own");
        setText(By.id("password-change-again"), "a passphrase of my own");
        click(By.id("password-change-save"));

        waitText(By.id("account-name"), member);
        waitVisible(By.cssSelector("h1"));
        assertThat(accounts.findByUsername(member).orElseThrow().passwordChangeRequired()).isFalse();
        click(By.id("sign-out"));
        signIn(member, "a passphrase of my own");
        noScriptErrors();
    }

    private void choosePassword(String temporary, String chosen) {
        waitVisible(By.id("password-change-why"));
        type(By.id("password-change-current"), temporary);
        type(By.id("password-change-new"), chosen);
        type(By.id("password-change-again"), chosen);
        click(By.id("password-change-save"));
    }

    private void typeNew(String password, String again) {
        var inputs = driver.findElements(By.cssSelector("#password-dialog input[autocomplete='new-password']"));
        inputs.get(0).sendKeys(password);
        inputs.get(1).sendKeys(again);
    }
}
