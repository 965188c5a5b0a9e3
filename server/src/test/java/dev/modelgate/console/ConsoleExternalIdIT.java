package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The External ID page: a rotation started and cancelled, and one started and confirmed, with its role checks. */
class ConsoleExternalIdIT extends ConsoleTestBase {

    /** ModelgateBedrockAccess's trust policy in console.yaml, which the emulator's reset does not restore. */
    private static final String TENANT_TRUST_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111111111111:user/modelgate-platform"}, "Action": "sts:AssumeRole",
              "Condition": {"StringEquals": {"sts:ExternalId": "%s"}}}]}""".formatted(EXTERNAL_ID);

    @AfterEach
    void restoreTrustPolicy() {
        aws.updateAssumeRolePolicy(TENANT_ROLE, TENANT_TRUST_POLICY);
    }

    @Test
    void rotation_startedShowsTheNewIdAndAPolicyWithBoth_thenCancelledKeepsTheCurrentId() {
        open("#/external-id");
        waitText(By.id("current-external-id"), EXTERNAL_ID);
        assertThat(css("#trust-policy").getText()).contains(EXTERNAL_ID).contains("modelgate-platform");
        fullPageScreenshot("01-current");

        click(By.id("start-rotation"));

        String pending = waitVisible(By.id("pending-external-id")).getText();
        assertThat(pending).isNotBlank().isNotEqualTo(EXTERNAL_ID);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("rotation-heading");
        assertThat(css("#transition-policy").getText()).contains(EXTERNAL_ID).contains(pending);
        assertThat(css("#after-rotation-policy").getText()).contains(pending).doesNotContain(EXTERNAL_ID);
        assertThat(css(".rotation-steps").getText()).contains("Update each role’s trust policy").contains("Confirm");
        assertThat(css("#current-external-id").getText()).isEqualTo(EXTERNAL_ID);
        fullPageScreenshot("02-rotating");

        click(By.id("cancel-rotation"));

        waitVisible(By.id("start-rotation"));
        assertThat(driver.findElements(By.id("pending-external-id"))).isEmpty();
        assertThat(css("#current-external-id").getText()).isEqualTo(EXTERNAL_ID);
        assertThat(jdbc.sql("SELECT pending_external_id FROM workspaces WHERE id = ?").param(WORKSPACE_ID)
                .query(String.class).optional()).isEmpty();
    }

    @Test
    void rotation_confirmed_makesTheNewIdCurrent_andShowsWhichRolesAcceptIt() {
        open("#/external-id");
        click(By.id("start-rotation"));
        String pending = waitVisible(By.id("pending-external-id")).getText();
        // The tenant updates one of its roles with the transition policy, as step 1 says; the others keep the old ID.
        aws.updateAssumeRolePolicy(TENANT_ROLE, css("#transition-policy").getText());

        click(By.id("confirm-rotation"));
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Switch to the new External ID?").contains(pending);
        screenshot("01-confirm");
        click(By.xpath("//dialog//button[.='Switch to the new ID']"));

        WebElement checks = waitVisible(By.cssSelector(".role-checks"));
        waitText(By.id("current-external-id"), pending);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("role-checks-heading");
        List<WebElement> roles = checks.findElements(By.cssSelector(".role-check-list li"));
        long approved = jdbc.sql("SELECT COUNT(*) FROM role_registrations WHERE workspace_id = ? AND state = 'APPROVED'")
                .param(WORKSPACE_ID).query(Long.class).single();
        assertThat(roles).hasSize((int) approved);
        WebElement tenant = checks.findElement(By.cssSelector("li[data-role-arn='" + TENANT_ROLE + "']"));
        assertThat(tenant.getAttribute("class")).isEqualTo("accepted");
        assertThat(tenant.getText()).contains("✓ Accepts");
        WebElement other = checks.findElement(By.cssSelector("li[data-role-arn$='role/NoBedrockAccess']"));
        assertThat(other.getAttribute("class")).isEqualTo("refused");
        assertThat(other.findElement(By.cssSelector(".role-check-problem")).getText()).contains("AccessDenied");
        assertThat(checks.findElements(By.cssSelector("li.accepted"))).hasSize(1);
        assertThat(checks.getText()).contains("1 of " + approved + " approved roles accept it")
                .contains("Update the trust policy of the others");
        assertThat(driver.findElements(By.id("pending-external-id"))).isEmpty();
        waitVisible(By.id("start-rotation"));
        assertThat(jdbc.sql("SELECT external_id FROM workspaces WHERE id = ?").param(WORKSPACE_ID)
                .query(String.class).single()).isEqualTo(pending);
        fullPageScreenshot("02-confirmed");

        open("#/audit?action=EXTERNAL_ID_ROTATED");
        waitText(By.cssSelector("tr[data-action='EXTERNAL_ID_ROTATED'] .badge"), "External ID rotated");
    }
}
