package dev.modelgate.console;

import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What each role sees: a developer only the models, an operator only the workspaces. */
class ConsoleRolesIT extends ConsoleTestBase {

    @Override
    boolean signInFirst() {
        return false;
    }

    @Test
    void developer_seesTheModels_andNoAdminPages() {
        String developer = account("dev-" + suffix(), Role.DEVELOPER, WORKSPACE_ID);

        signIn(developer, passwordOf(developer));

        waitText(By.cssSelector("main h1"), "External models");
        assertThat(navLinks()).containsExactly("External models", "IAM roles", "External ID", "Budgets", "Usage");
        assertThat(css("#account-role").getText()).isEqualTo("Developer");
        assertThat(css("#account-workspace").getText()).contains("default");
        screenshot("01-developer");

        for (var page : Map.of("#/keys", "API keys need the Admin role", "#/members", "Members need the Admin role",
                "#/audit", "Audit log needs the Admin role").entrySet()) {
            open(page.getKey());
            waitText(By.id("not-available"), page.getValue());
            assertThat(css("main h1").getText()).isEqualTo("Not available");
            assertThat(css("#not-available").getText()).contains("you are signed in as Developer");
        }
        screenshot("02-not-available");
    }

    @Test
    void operator_seesTheWorkspaces_createsOne_whoseAdminCanSignIn() {
        String operator = account("ops-" + suffix(), Role.OPERATOR, null);

        signIn(operator, passwordOf(operator));

        waitText(By.cssSelector("main h1"), "Workspaces");
        assertThat(driver.getCurrentUrl()).endsWith("#/workspaces");
        assertThat(navLinks()).containsExactly("Workspaces", "Role registrations", "Audit log", "Settings");
        assertThat(css("#account-role").getText()).isEqualTo("Platform operator");
        assertThat(driver.findElements(By.id("account-workspace"))).isEmpty();
        WebElement existing = waitVisible(By.cssSelector("tr[data-name='default']"));
        assertThat(existing.getText()).contains(EXTERNAL_ID);

        String name = "acme-" + suffix();
        String admin = "admin-" + name;
        type(By.id("workspace-name"), name);
        type(By.id("workspace-admin"), admin);
        type(By.id("workspace-admin-password"), "short");
        click(By.id("create-workspace"));
        waitText(By.id("workspace-admin-password-error"), "password must be 12 to 128 characters");
        screenshot("01-refused");

        type(By.id("workspace-admin-password"), passwordOf(admin));
        click(By.id("create-workspace"));

        WebElement created = waitVisible(By.cssSelector("tr.highlight[data-name='" + name + "']"));
        assertThat(created.findElement(By.cssSelector(".external-id")).getText()).startsWith("mg-");
        assertThat(css("#workspace-name").getAttribute("value")).isEmpty();
        fullPageScreenshot("02-created");

        open("#/models");
        waitText(By.cssSelector("main h1"), "Not available");

        click(By.id("sign-out"));
        signIn(admin, passwordOf(admin));
        waitText(By.cssSelector("main h1"), "External models");
        assertThat(css("#account-workspace").getText()).contains(name);
        waitText(By.cssSelector(".empty-state"), "Connect your first model");
    }

    private List<String> navLinks() {
        return driver.findElements(By.cssSelector("nav[aria-label='Main'] a")).stream().map(WebElement::getText).toList();
    }
}
