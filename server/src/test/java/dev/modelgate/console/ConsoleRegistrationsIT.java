package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Role registrations in the console: an admin registers a role, a platform operator approves it (or automatic
 * approval does), an admin revokes one; the wizard's credentials step shows the role's state and registers it in
 * place; a developer only reads.
 */
class ConsoleRegistrationsIT extends ConsoleTestBase {

    private static final String NO_BEDROCK_ROLE = "arn:aws:iam::222222222222:role/NoBedrockAccess";
    private static final String OTHER_WORKSPACE_ROLE = "arn:aws:iam::222222222222:role/TrustsAnotherWorkspace";
    private static final String PLATFORM_PRINCIPAL = "arn:aws:iam::111111111111:user/modelgate-platform";

    @Test
    void unapprovedRole_isPendingWithThePolicy_theOperatorApprovesIt_theAdminSeesItApproved() {
        forget(NO_BEDROCK_ROLE);
        open("#/registrations");
        type(By.id("registration-role-arn"), "arn:aws:iam::2222:role/x");
        waitText(By.id("registration-role-arn-error"), "A role ARN looks like");
        type(By.id("registration-role-arn"), NO_BEDROCK_ROLE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("registration-role-arn-error")));

        click(By.id("register-role"));

        WebElement outcome = waitVisible(By.cssSelector(".registration-outcome[data-state='PENDING']"));
        assertThat(outcome.getText()).contains("Pending: a platform operator must approve it").contains("sts:AssumeRole")
                .contains(NO_BEDROCK_ROLE);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("registration-outcome-title");
        WebElement row = waitVisible(rowOf(NO_BEDROCK_ROLE));
        assertThat(row.findElement(By.cssSelector(".registration-state")).getText()).isEqualTo("Pending");
        assertThat(row.getText()).contains("by " + ADMIN);
        fullPageScreenshot("01-pending");

        click(By.cssSelector("button[aria-label='Policy for the operator, NoBedrockAccess']"));
        WebElement policy = waitVisible(By.cssSelector("tr.registration-policy pre"));
        assertThat(policy.getText()).contains("\"Action\": \"sts:AssumeRole\"").contains("\"Resource\": \"" + NO_BEDROCK_ROLE + "\"");

        String operator = switchTo(account("ops-" + suffix(), Role.OPERATOR, null));
        open("#/operator/registrations");
        waitText(By.id("platform-principal-arn"), PLATFORM_PRINCIPAL);
        By card = By.cssSelector("article[data-role-arn='" + NO_BEDROCK_ROLE + "']");
        WebElement pending = waitVisible(card);
        assertThat(pending.getAttribute("data-state")).isEqualTo("PENDING");
        assertThat(driver.findElements(By.cssSelector("article.registration-card")).getFirst().getAttribute("data-state"))
                .as("pending first").isEqualTo("PENDING");
        assertThat(pending.findElement(By.cssSelector(".registration-workspace")).getText()).isEqualTo("default");
        assertThat(pending.findElement(By.cssSelector("pre.code-block")).getText()).contains(NO_BEDROCK_ROLE);
        fullPageScreenshot("02-operator-queue");

        click(By.cssSelector("article[data-role-arn='" + NO_BEDROCK_ROLE + "'] button[data-decision='approve']"));
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Approve NoBedrockAccess for default?").contains("verifies the role first");
        type(By.id("decision-note"), "Added to the platform policy.");
        screenshot("03-approve-dialog");
        click(By.xpath("//dialog//button[.='Approve']"));
        waitText(By.cssSelector("article[data-role-arn='" + NO_BEDROCK_ROLE + "'] .registration-state"), "Approved");
        assertThat(css("article[data-role-arn='" + NO_BEDROCK_ROLE + "']").getText()).contains("by " + operator)
                .contains("Added to the platform policy.");

        new Select(css("#registration-filter")).selectByValue("PENDING");
        waitVisible(By.id("operator-registrations-empty"));
        assertThat(driver.getCurrentUrl()).endsWith("#/operator/registrations?state=PENDING");

        switchTo(ADMIN, ADMIN_PASSWORD);
        open("#/registrations");
        waitText(By.cssSelector("tr[data-role-arn='" + NO_BEDROCK_ROLE + "'] .registration-state"), "Approved");
        assertThat(css("tr[data-role-arn='" + NO_BEDROCK_ROLE + "']").getText()).contains("by " + operator)
                .contains("Added to the platform policy.");
        fullPageScreenshot("04-approved");

        open("#/audit?action=REGISTRATION_APPROVED");
        waitText(By.cssSelector("tr[data-action='REGISTRATION_APPROVED'] .badge"), "Registration approved");
        assertThat(css("tr[data-action='REGISTRATION_APPROVED']").getText()).contains("Role registration")
                .contains(operator);
    }

    @Test
    void operatorApproval_ofARoleTrustingAnotherWorkspacesExternalId_isRefused_andTheCardsSayTheWorkspaceFixesIt() {
        forget(OTHER_WORKSPACE_ROLE);
        open("#/registrations");
        type(By.id("registration-role-arn"), OTHER_WORKSPACE_ROLE);
        click(By.id("register-role"));
        waitVisible(By.cssSelector(".registration-outcome[data-state='PENDING']"));

        switchTo(account("ops-" + suffix(), Role.OPERATOR, null));
        open("#/operator/registrations");
        By card = By.cssSelector("article[data-role-arn='" + OTHER_WORKSPACE_ROLE + "']");
        waitVisible(card);
        click(By.cssSelector("article[data-role-arn='" + OTHER_WORKSPACE_ROLE + "'] button[data-decision='approve']"));
        waitVisible(By.cssSelector("dialog[open]"));
        click(By.xpath("//dialog//button[.='Approve']"));

        WebElement refused = waitVisible(By.cssSelector(".toast-bad"));
        assertThat(refused.getText()).startsWith("Not approved: the workspace must fix its role: registration ")
                .contains("(trust-policy-or-role, for the workspace to fix)");
        String note = jdbc.sql("SELECT note FROM role_registrations WHERE role_arn = ?").param(OTHER_WORKSPACE_ROLE)
                .query(String.class).single();
        assertThat(note).startsWith("approval refused, verification failed (trust-policy-or-role, for the workspace "
                + "to fix): AssumeRole with the workspace's External ID was refused by the tenant's side");
        waitText(By.cssSelector("article[data-role-arn='" + OTHER_WORKSPACE_ROLE + "'] .registration-note"), note);
        assertThat(css("article[data-role-arn='" + OTHER_WORKSPACE_ROLE + "']").getAttribute("data-state"))
                .isEqualTo("PENDING");
        fullPageScreenshot("01-approval-refused");

        switchTo(ADMIN, ADMIN_PASSWORD);
        open("#/registrations");
        waitText(By.cssSelector("tr[data-role-arn='" + OTHER_WORKSPACE_ROLE + "'] .registration-state"), "Pending");
        assertThat(css("tr[data-role-arn='" + OTHER_WORKSPACE_ROLE + "']").getText()).contains(note);
        fullPageScreenshot("02-pending-for-the-workspace");
    }

    @Test
    void approvedRole_revokedAfterConfirmation_canBeRegisteredAgain() {
        open("#/registrations");
        By revoke = By.cssSelector("button[aria-label='Revoke ModelgateBedrockAccess']");

        click(revoke);
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Revoke ModelgateBedrockAccess?").contains(TENANT_ROLE)
                .contains("stops assuming this role");
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Cancel");
        screenshot("01-confirm");
        click(By.xpath("//dialog//button[.='Cancel']"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
        assertThat(css("tr[data-role-arn='" + TENANT_ROLE + "'] .registration-state").getText()).isEqualTo("Approved");

        click(revoke);
        type(By.id("revoke-note"), "Moving to another account.");
        click(By.xpath("//dialog//button[.='Revoke role']"));

        waitText(By.cssSelector("tr[data-role-arn='" + TENANT_ROLE + "'] .registration-state"), "Revoked");
        WebElement row = css("tr[data-role-arn='" + TENANT_ROLE + "']");
        assertThat(row.getText()).contains("Moving to another account.").contains("by " + ADMIN);
        assertThat(row.findElements(revoke)).isEmpty();
        assertThat(jdbc.sql("SELECT state FROM role_registrations WHERE role_arn = ?").param(TENANT_ROLE)
                .query(String.class).single()).isEqualTo("REVOKED");
        fullPageScreenshot("02-revoked");

        click(By.cssSelector("button[aria-label='Register ModelgateBedrockAccess again']"));
        waitText(By.cssSelector("tr[data-role-arn='" + TENANT_ROLE + "'] .registration-state"), "Pending");
    }

    @Test
    void automaticApproval_approvesARoleThatTrustsTheWorkspaceAtOnce_andLeavesAnotherPendingWithTheReason() {
        forget(NO_BEDROCK_ROLE);
        forget(OTHER_WORKSPACE_ROLE);
        switchTo(account("ops-" + suffix(), Role.OPERATOR, null));
        open("#/operator/settings");
        wait.until(ExpectedConditions.attributeToBe(By.id("auto-approve"), "aria-checked", "false"));
        assertThat(css("#auto-approve-what").getText()).contains("assumes the role once with that workspace’s External ID");

        click(By.id("auto-approve"));

        // The switch is drawn anew with the answer: the one looked at may go while it is read.
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.id("auto-approve"), "aria-checked", "true"));
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("auto-approve");
        waitVisible(By.id("auto-approve-changed"));
        screenshot("01-settings-on");

        switchTo(ADMIN, ADMIN_PASSWORD);
        open("#/registrations");
        type(By.id("registration-role-arn"), NO_BEDROCK_ROLE);
        click(By.id("register-role"));
        WebElement approved = waitVisible(By.cssSelector(".registration-outcome[data-state='APPROVED']"));
        assertThat(approved.getText()).contains("Approved at once");
        waitText(By.cssSelector("tr[data-role-arn='" + NO_BEDROCK_ROLE + "'] .registration-state"), "Approved");
        fullPageScreenshot("02-approved-at-once");

        type(By.id("registration-role-arn"), OTHER_WORKSPACE_ROLE);
        click(By.id("register-role"));
        WebElement pending = waitVisible(By.cssSelector(".registration-outcome[data-state='PENDING']"));
        String note = jdbc.sql("SELECT note FROM role_registrations WHERE role_arn = ?").param(OTHER_WORKSPACE_ROLE)
                .query(String.class).single();
        assertThat(note).isNotBlank();
        assertThat(pending.findElement(By.cssSelector(".registration-note")).getText())
                .startsWith("Why it was not approved at once:").contains(note);
        assertThat(css("tr[data-role-arn='" + OTHER_WORKSPACE_ROLE + "']").getText()).contains(note);
        fullPageScreenshot("03-pending-with-reason");
    }

    @Test
    void wizard_showsTheRoleState_andAnAdminRegistersItInPlace() {
        forget(TENANT_ROLE);
        open("#/models/new");
        type(By.id("role-arn"), TENANT_ROLE);
        waitVisible(By.cssSelector("#role-registration-state .registration-line[data-state='NOT_REGISTERED']"));
        assertThat(css("#role-registration-state").getText()).contains("Not registered");

        click(By.id("check-role"));
        WebElement diagnosis = waitVisible(By.cssSelector(".diagnosis[data-code='role-not-approved']"));
        assertThat(diagnosis.getText()).contains("The role is not approved for this workspace").contains("IAM roles");
        fullPageScreenshot("01-not-registered");

        click(By.id("register-this-role"));

        waitVisible(By.cssSelector("#role-registration-state .registration-outcome[data-state='PENDING']"));
        assertThat(css("#role-registration-state .registration-line").getAttribute("data-state")).isEqualTo("PENDING");
        assertThat(css("#role-registration-state").getText()).contains("Pending").contains(TENANT_ROLE);
        assertThat(driver.findElements(By.id("register-this-role"))).isEmpty();
        fullPageScreenshot("02-registered-pending");

        type(By.id("role-arn"), NO_BEDROCK_ROLE);
        waitVisible(By.cssSelector("#role-registration-state .registration-line[data-state='APPROVED']"));
        assertThat(css("#role-registration-state").getText()).contains("✓");
    }

    @Test
    void developer_readsRegistrations_andIsToldToAskAnAdmin() {
        forget(TENANT_ROLE);
        jdbc.sql("UPDATE role_registrations SET note = 'Checked by the platform team.' WHERE role_arn = ?")
                .param(NO_BEDROCK_ROLE).update();
        switchTo(account("dev-" + suffix(), Role.DEVELOPER, WORKSPACE_ID));

        open("#/registrations");
        waitText(By.cssSelector("tr[data-role-arn='" + NO_BEDROCK_ROLE + "'] .registration-state"), "Approved");
        assertThat(css("tr[data-role-arn='" + NO_BEDROCK_ROLE + "']").getText()).contains("Checked by the platform team.");
        assertThat(css("#registrations-read-only").getText()).contains("for workspace admins");
        assertThat(driver.findElements(By.id("registration-form"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("tr[data-role-arn] button[aria-label^='Revoke']"))).isEmpty();
        fullPageScreenshot("01-read-only");

        open("#/external-id");
        waitText(By.id("current-external-id"), EXTERNAL_ID);
        assertThat(driver.findElements(By.id("start-rotation"))).isEmpty();

        open("#/models/new");
        type(By.id("role-arn"), TENANT_ROLE);
        waitText(By.id("ask-an-admin"), "ask one of them to register this role");
        assertThat(driver.findElements(By.id("register-this-role"))).isEmpty();
        screenshot("02-wizard-ask-an-admin");
    }

    /** This workspace's registration of the role goes, as if it had never been asked for. */
    private void forget(String roleArn) {
        jdbc.sql("DELETE FROM role_registrations WHERE role_arn = ?").param(roleArn).update();
        approvals.forgetAll();
    }

    private By rowOf(String roleArn) {
        return By.cssSelector("tr[data-role-arn='" + roleArn + "']");
    }

    /** Signs out and in again as the account; answers its username. */
    private String switchTo(String username) {
        switchTo(username, passwordOf(username));
        return username;
    }

    private void switchTo(String username, String password) {
        click(By.id("sign-out"));
        waitVisible(By.id("sign-in-username"));
        signIn(username, password);
        // The first page of the role is shown, so that no route to it is still on its way when the test opens another.
        wait.until(d -> !d.getCurrentUrl().endsWith("#/") && !d.findElements(By.cssSelector("main .page-head h1")).isEmpty());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
