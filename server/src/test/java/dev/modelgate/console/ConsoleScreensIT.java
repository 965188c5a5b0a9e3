package dev.modelgate.console;

import static dev.modelgate.console.ConsoleLayoutIT.LAPTOP;
import static dev.modelgate.console.ConsoleLayoutIT.PHONE;
import static dev.modelgate.console.ConsoleLayoutIT.WIDE;
import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.model.ExternalModels;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The screens {@link ConsoleLayoutIT} does not reach by a route alone, at 1440×900, 1280×800 and 390×844: signing in
 * and choosing a password, every wizard step of a new model, of an edit and of a copy (a Converse model's too), a
 * Test's result, the model page with its Test open and Try it answered, the keys' and members' forms refusing what
 * was typed, and the confirmations. Each fits the window: nothing scrolls sideways, and nothing is cut off at the
 * window's edge outside a box that scrolls. Screenshots of each go to {@code target/screenshots}.
 */
class ConsoleScreensIT extends ConsoleTestBase {

    private static final List<Dimension> SIZES = List.of(WIDE, LAPTOP, PHONE);

    @Override
    boolean signInFirst() {
        return false;
    }

    @AfterEach
    void laptopAgain() {
        driver.manage().window().setSize(new Dimension(1366, 768));
    }

    @Test
    void signInAndPasswordChange_fitTheWindow() {
        String member = account("dev-" + suffix(), Role.DEVELOPER, WORKSPACE_ID);
        accounts.resetPassword(WORKSPACE_ID, accounts.findByUsername(member).orElseThrow().id(), passwordOf(member), ADMIN);
        for (Dimension size : SIZES) {
            ConsoleLayoutIT.viewport(size);
            signedOut();
            fits(size, "sign-in");
            submitSignIn(member, "not the password");
            waitText(By.id("sign-in-error"), "The username or password is wrong.");
            fits(size, "sign-in-refused");

            submitSignIn(member, passwordOf(member));
            waitVisible(By.id("password-change-why"));
            fits(size, "password-change");
            type(By.id("password-change-current"), passwordOf(member));
            type(By.id("password-change-new"), "too short");
            type(By.id("password-change-again"), "too short");
            click(By.id("password-change-save"));
            waitVisible(By.id("password-change-error"));
            fits(size, "password-change-refused");
        }
    }

    @Test
    void everyWizardStep_newEditCopyAndConverse_fitsTheWindow() {
        signIn(ADMIN, ADMIN_PASSWORD);
        String id = createModel("customer-support-summarizer", true);
        String converse = createConverseModel("claude-converse-assistant");
        for (Dimension size : SIZES) {
            ConsoleLayoutIT.viewport(size);
            for (String step : List.of("credentials", "model", "test")) {
                fitsAt(size, "new-" + step, "#/models/new/" + step);
                fitsAt(size, "edit-" + step, "#/models/" + id + "/edit/" + step);
                fitsAt(size, "copy-" + step, "#/models/copy/" + id + "/" + step);
            }
            for (String step : List.of("model", "test")) {
                fitsAt(size, "edit-converse-" + step, "#/models/" + converse + "/edit/" + step);
            }

            open("#/models/" + id + "/edit/test");
            click(By.id("run-test"));
            waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");
            fits(size, "edit-test-passed");
            type(By.id("map-text"), "$.nothing[0].text");
            click(By.id("run-test"));
            waitText(By.cssSelector("#test-result .test-run-head"), "Test failed");
            fits(size, "edit-test-failed");

            open("#/models/" + converse + "/edit/test");
            waitText(By.id("step-heading"), "Converse defaults and Test");
            click(By.id("run-test"));
            waitText(By.cssSelector("#test-result .test-run-head"), "Test passed");
            fits(size, "edit-converse-test-passed");
            open("#/models");
            driver.executeScript("sessionStorage.clear()"); // the next size starts from the saved models again
        }

        open("#/models/new");
        type(By.id("model-name"), "claude-converse-new");
        type(By.id("role-arn"), TENANT_ROLE);
        click(By.id("next"));
        click(By.cssSelector(".pick-row[data-model-id='" + HAIKU + "']"));
        wait.until(ExpectedConditions.elementSelectionStateToBe(By.id("api-converse"), true));
        open("#/models"); // leaving the wizard stores its working copy at once (a reload could beat the storing)
        for (Dimension size : SIZES) {
            ConsoleLayoutIT.viewport(size);
            fitsAt(size, "new-converse-model", "#/models/new/model");
            open("#/models/new/test");
            waitText(By.id("step-heading"), "Converse defaults and Test");
            fits(size, "new-converse-test");
        }
    }

    @Test
    void modelPageWithItsTestAndTryIt_formsRefusing_andConfirmations_fitTheWindow() {
        signIn(ADMIN, ADMIN_PASSWORD);
        String id = createModel("customer-support-summarizer", true);
        for (Dimension size : SIZES) {
            ConsoleLayoutIT.viewport(size);
            open("#/models/" + id);
            click(By.id("detail-run-test"));
            waitText(By.cssSelector("#last-test .test-run-head"), "Test passed");
            driver.executeScript("document.querySelectorAll('#last-test details').forEach((d) => { d.open = true; })");
            click(By.id("invoke"));
            waitText(By.id("try-result"), "Modelgate emulator reply to:");
            fits(size, "detail-tested-and-tried");

            open("#/keys");
            click(By.id("create-key"));
            waitText(By.id("key-name-error"), "Give the key a name.");
            fits(size, "keys-refused");

            open("#/members");
            type(By.id("member-username"), "new-member");
            type(By.id("member-password"), "too short");
            click(By.id("add-member"));
            waitText(By.id("member-password-error"), "password must be 12 to 128 characters");
            fits(size, "members-refused");

            open("#/models");
            click(By.cssSelector("tr[data-model-id='" + id + "'] button[aria-label^='Delete']"));
            waitVisible(By.cssSelector("dialog[open]"));
            fitsInWindow(size, "delete-dialog");
            click(By.xpath("//dialog//button[.='Cancel']"));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));

            click(By.cssSelector("tr[data-model-id='" + id + "'] button[role='switch']"));
            waitText(By.cssSelector("dialog[open]"), "Turn off inference for “customer-support-summarizer”?");
            fitsInWindow(size, "inference-off-dialog");
            click(By.xpath("//dialog//button[.='Keep it on']"));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
        }
    }

    private String createConverseModel(String name) {
        ExternalModels.Saved saved = models.create(WORKSPACE_ID, presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .converseDraft(name, TENANT_ROLE, null, "us-east-1", HAIKU), "console-test");
        models.markReady(WORKSPACE_ID, saved.stored().id(), saved.stored().revision());
        return saved.stored().id();
    }

    /** The sign-in screen of a browser without a session. */
    private void signedOut() {
        driver.manage().deleteAllCookies();
        driver.get(base() + "/console/favicon.svg");
        driver.executeScript("sessionStorage.clear();");
        driver.get(base() + "/");
        waitVisible(By.id("sign-in-username"));
    }

    private void fitsAt(Dimension size, String name, String route) {
        open(route);
        fits(size, name);
    }

    /** The page as shown now, whole: checked, and screenshot (on a phone, also a window's height at a time). */
    private void fits(Dimension size, String name) {
        ConsoleLayoutIT.waitLoaded();
        fullPageScreenshot(size.getWidth() + "-" + name);
        check(size, name);
        if (size.equals(PHONE)) {
            long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
            for (int part = 0; part * 800L < height - 44; part++) {
                driver.executeScript("window.scrollTo(0, arguments[0])", part * 800);
                screenshot(size.getWidth() + "-" + name + "-part" + part);
            }
        }
    }

    /** What the window shows now (a dialog over the page): checked, and screenshot. */
    private void fitsInWindow(Dimension size, String name) {
        screenshot(size.getWidth() + "-" + name);
        check(size, name);
    }

    private void check(Dimension size, String name) {
        assertThat(ConsoleLayoutIT.overflow()).as("%s at %s: page width beyond the window; the widest: %s", name, size,
                ConsoleLayoutIT.widest()).isLessThanOrEqualTo(0);
        assertThat(ConsoleLayoutIT.cutOff()).as("%s at %s: cut off at the window's right edge", name, size).isEmpty();
        if (!driver.findElements(By.cssSelector(".topbar")).isEmpty() && css(".topbar").isDisplayed()) {
            assertThat(css(".topbar").getSize().getHeight()).as("%s at %s: header height", name, size).isLessThanOrEqualTo(53);
        }
    }
}
