package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The sign-in screen, its refusals, signing out, and a session that ends mid-use. */
class ConsoleSignInIT extends ConsoleTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    boolean signInFirst() {
        return false;
    }

    @Test
    void signIn_rightPassword_showsTheModels_andWhoIsSignedIn() {
        WebElement username = waitVisible(By.id("sign-in-username"));
        waitText(By.cssSelector("main h1"), "Sign in to Modelgate");
        assertThat(driver.switchTo().activeElement()).isEqualTo(username);
        assertThat(username.getAttribute("autocomplete")).isEqualTo("username");
        assertThat(css("#sign-in-password").getAttribute("autocomplete")).isEqualTo("current-password");
        assertThat(css("#sign-in-password").getAttribute("type")).isEqualTo("password");
        assertThat(driver.findElements(By.cssSelector("nav[aria-label='Main'] a"))).isEmpty();
        screenshot("01-sign-in");

        signIn(ADMIN, ADMIN_PASSWORD);

        waitText(By.cssSelector("main h1"), "External models");
        assertThat(driver.getCurrentUrl()).endsWith("#/models");
        assertThat(css("#account-role").getText()).isEqualTo("Admin");
        assertThat(css("#account-workspace").getText()).contains("default");
        assertThat(driver.findElements(By.cssSelector("nav[aria-label='Main'] a")).stream().map(WebElement::getText))
                .containsExactly("External models", "IAM roles", "External ID", "API keys", "Members", "Budgets", "Usage",
                        "Audit log");
        screenshot("02-signed-in");

        css(".skip-link").sendKeys(Keys.ENTER);
        wait.until(d -> "main".equals(d.switchTo().activeElement().getAttribute("id")));
        assertThat(driver.getCurrentUrl()).endsWith("#/models");
        assertThat(css("main h1").getText()).isEqualTo("External models");
    }

    @Test
    void signIn_wrongPassword_saysSo_withoutEchoingIt() {
        String user = account("wrong-" + suffix(), Role.DEVELOPER, WORKSPACE_ID);

        submitSignIn(user, "not my password at all");

        waitText(By.id("sign-in-error"), "The username or password is wrong.");
        assertThat(css("#sign-in-error").getText()).doesNotContain("not my password");
        assertThat(css("#sign-in-password").getAttribute("value")).isEmpty();
        assertThat(css("#sign-in-password").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(css("#sign-in-password").getAttribute("aria-describedby")).contains("sign-in-error");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("sign-in-password");
        assertThat(css("#sign-in-username").getAttribute("value")).isEqualTo(user);
        screenshot("01-wrong-password");
    }

    @Test
    void signIn_fiveWrongPasswords_lockTheAccount_andOnlyTheRightPasswordLearnsUntilWhen() {
        String user = account("locked-" + suffix(), Role.DEVELOPER, WORKSPACE_ID);
        for (int attempt = 1; attempt <= 6; attempt++) {
            submitSignIn(user, "wrong password " + attempt);
            waitText(By.id("sign-in-error"), "The username or password is wrong.");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
        }
        assertThat(css("#sign-in-error").getText()).doesNotContain("locked");

        submitSignIn(user, passwordOf(user));
        waitText(By.id("sign-in-error"), "this account is locked until");
        assertThat(css("#sign-in-error").getText()).containsPattern("locked until \\w{3} \\d{1,2}, \\d{4}, \\d{2}:\\d{2}:\\d{2}")
                .contains("ask an admin to reset the password");
        assertThat(driver.findElements(By.id("account-name"))).isEmpty();
        screenshot("01-locked");
    }

    @Test
    void signOut_returnsToSignIn_andTheApiRefusesTheOldSession() throws Exception {
        signIn(ADMIN, ADMIN_PASSWORD);
        String session = sessionCookie();
        assertThat(apiSession(session)).isEqualTo(200);

        click(By.id("sign-out"));

        waitVisible(By.id("sign-in-username"));
        waitText(By.cssSelector("main h1"), "Sign in to Modelgate");
        assertThat(driver.findElements(By.id("account-name"))).isEmpty();
        assertThat(apiSession(session)).isEqualTo(401);
        screenshot("01-signed-out");

        signIn(ADMIN, ADMIN_PASSWORD);
        waitText(By.cssSelector("main h1"), "External models");
    }

    @Test
    void sessionEndedMidUse_signingInAgain_returnsToTheWizard_withWhatWasTyped() {
        signIn(ADMIN, ADMIN_PASSWORD);
        open("#/models/new");
        type(By.id("model-name"), "kept-while-away");
        type(By.id("role-arn"), TENANT_ROLE);

        driver.manage().deleteCookieNamed("MODELGATE_SESSION");
        // The as-you-type check of the role ARN may find the session gone first and show the sign-in screen while
        // a mouse click is on its way to where the button was (its mousedown would then focus <main>): click in
        // the page, and only if the button is still there.
        driver.executeScript("document.getElementById('next')?.click()"); // step 2 asks Bedrock for the role's models

        waitVisible(By.id("session-expired"));
        assertThat(css("#sign-in-username").getAttribute("value")).isEqualTo(ADMIN);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("sign-in-password");
        assertThat(driver.getCurrentUrl()).contains("#/models/new");
        screenshot("01-session-ended");
        type(By.id("sign-in-password"), ADMIN_PASSWORD);
        click(By.id("sign-in"));

        waitText(By.cssSelector("main h1"), "Add a model");
        assertThat(waitVisible(By.id("model-name")).getAttribute("value")).isEqualTo("kept-while-away");
        click(By.cssSelector(".stepper li:nth-child(1) button"));
        assertThat(waitVisible(By.id("role-arn")).getAttribute("value")).isEqualTo(TENANT_ROLE);
        assertThat(models.count(WORKSPACE_ID)).isZero();
    }

    private int apiSession(String sessionId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/session"))
                .header("Cookie", "MODELGATE_SESSION=" + sessionId).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
