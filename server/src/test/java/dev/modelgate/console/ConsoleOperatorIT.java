package dev.modelgate.console;

import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.registration.TestApprovals;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.workspace.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The platform operator's view of workspaces: each one's counts, its overview (models, keys, members, registrations)
 * and its audit log, filtered like a workspace admin's.
 */
class ConsoleOperatorIT extends ConsoleTestBase {

    private static final List<Dimension> SIZES = List.of(new Dimension(1440, 900), new Dimension(1280, 800),
            new Dimension(390, 844));

    @org.springframework.beans.factory.annotation.Autowired
    Workspaces workspaces;

    @org.springframework.beans.factory.annotation.Autowired
    UsageRecorder recorder;

    @Override
    boolean signInFirst() {
        return false;
    }

    @AfterEach
    void laptopAgain() {
        driver.manage().window().setSize(new Dimension(1366, 768));
    }

    /** A workspace with two models (one live, one changed since it was created), two keys (one revoked), agents' calls and approved roles. */
    private Workspaces.Created acme(String name) {
        Workspaces.Created acme = workspaces.create(name, "admin-" + name, "the admin's passphrase", "test");
        String id = acme.workspace().id();
        ExternalModels.Saved live = models.create(id, presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft("summarizer", TENANT_ROLE, null, "us-east-1", HAIKU), "test");
        models.markReady(id, live.stored().id(), live.stored().revision());
        ModelDraft d = presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft("next-summarizer", TENANT_ROLE, null, "us-east-1", HAIKU);
        ExternalModels.Saved next = models.create(id, d, "test");
        models.update(id, next.stored().id(), 1, new ModelDraft(d.name(), "Summaries for the support team",
                d.inferenceEnabled(), d.roleArn(), d.stsEndpoint(), d.region(), d.modelReference(), d.variables(),
                d.requestTemplate(), d.outputMapping(), d.timeouts(), d.options(), d.api(), d.converse(), d.chat()),
                "test");
        ApiKeys.Created agent = apiKeys.create(id, "support-agent", Role.AGENT, null, "test");
        ApiKeys.Created old = apiKeys.create(id, "old-agent", Role.AGENT, null, "test");
        apiKeys.revoke(id, old.key().id(), "test");
        Instant now = Instant.now();
        UsageCaller caller = new UsageCaller(UsageCaller.Kind.KEY, agent.key().id(), agent.key().prefix() + " (support-agent)");
        for (Map.Entry<String, Duration> call : Map.of("OK", Duration.ofHours(2), "THROTTLED", Duration.ofDays(1),
                "MAPPING_FAILED", Duration.ofDays(40)).entrySet()) {
            recorder.record(UsageRecord.create(id, live.stored().id(), "summarizer", UsageKind.INVOKE, call.getKey(), 12L,
                    8L, TokenSource.MAPPING, 90, null, now.minus(call.getValue())).withCaller(caller));
        }
        recorder.record(UsageRecord.create(id, live.stored().id(), "summarizer", UsageKind.INVOKE, "OK", 30L, 20L,
                TokenSource.MAPPING, 90, null, now.minus(Duration.ofMinutes(5))).withCaller(caller));
        TestApprovals.approveWorldFor(jdbc, name, aws.world());
        return acme;
    }

    @Test
    void operator_seesCounts_drillsIntoAWorkspace_andReadsItsAuditLog() {
        String name = "acme-" + suffix();
        Workspaces.Created acme = acme(name);
        String id = acme.workspace().id();
        String operator = account("ops-" + suffix(), Role.OPERATOR, null);
        signIn(operator, passwordOf(operator));

        By row = By.cssSelector("tr[data-workspace-id='" + id + "']");
        waitVisible(row);
        WebElement acmeRow = css("tr[data-workspace-id='" + id + "']");
        assertThat(cell(acmeRow, "models")).isEqualTo("2\n1 live");
        assertThat(cell(acmeRow, "keys")).isEqualTo("1");
        assertThat(cell(acmeRow, "members")).isEqualTo("1");
        assertThat(cell(acmeRow, "calls")).isEqualTo("3\n1 failed");
        assertThat(acmeRow.findElement(By.cssSelector("td[data-label='Last call'] time")).getText()).isEqualTo("5 minutes ago");
        assertThat(acmeRow.findElement(By.cssSelector("code.external-id")).getText()).isEqualTo(acme.workspace().externalId());
        screenshots("01-workspaces");

        click(By.cssSelector("tr[data-workspace-id='" + id + "'] a.workspace-name"));
        waitText(By.cssSelector("main h1"), name);
        assertThat(driver.getCurrentUrl()).endsWith("#/workspaces/" + id);
        assertThat(css("[data-count='models'] dd").getText()).isEqualTo("2\n1 live");
        assertThat(css("[data-count='calls'] dd").getText()).isEqualTo("3\nby agents");
        assertThat(css("[data-count='failed'] dd").getText()).isEqualTo("1");
        assertThat(texts("table.workspace-models tbody tr .model-name")).containsExactly("next-summarizer", "summarizer");
        assertThat(texts("table.workspace-models tr[data-name='summarizer'] td"))
                .containsExactly("Ready", "revision 1", "3", "1", "54 / 36");
        assertThat(texts("table.workspace-models tr[data-name='next-summarizer'] td"))
                .containsExactly("Draft", "none", "0", "0", "0 / 0");
        assertThat(texts("table.workspace-keys tbody tr .key-name")).containsExactly("old-agent", "support-agent");
        assertThat(css("table.workspace-keys tr[data-prefix='" + apiKeys.list(id).stream()
                .filter(k -> k.name().equals("support-agent")).findFirst().orElseThrow().prefix() + "'] td:last-child")
                .getText()).isEqualTo("5 minutes ago");
        assertThat(texts("table.workspace-keys tbody tr td:nth-of-type(2)")).as("roles named as the members list names them")
                .containsExactly("Agent", "Agent");
        assertThat(texts("table.workspace-members tbody tr .member-name")).containsExactly("admin-" + name);
        long approved = jdbc.sql("SELECT COUNT(*) FROM role_registrations WHERE workspace_id = ? AND state = 'APPROVED'")
                .param(id).query(Long.class).single();
        assertThat(approved).isPositive();
        assertThat(css("#workspace-registration-states").getText()).isEqualTo("Approved " + approved);
        assertThat(texts("table.workspace-registrations tbody tr")).hasSize((int) approved);
        assertThat(driver.getPageSource()).doesNotContain("secretHash").doesNotContain("\"token\"");
        screenshots("02-workspace");

        click(By.id("workspace-audit"));
        waitVisible(By.cssSelector("tr[data-action]"));
        assertThat(driver.getCurrentUrl()).endsWith("#/operator/audit?workspaceId=" + id);
        assertThat(new Select(css("#audit-workspace")).getFirstSelectedOption().getText()).isEqualTo(name);
        assertThat(texts("tr[data-action] td.audit-workspace")).isNotEmpty().containsOnly(name);
        assertThat(actions()).contains("WORKSPACE_CREATED", "MEMBER_ADDED", "MODEL_CREATED", "MODEL_UPDATED",
                "KEY_CREATED", "KEY_REVOKED");
        screenshots("03-audit");

        new Select(css("#audit-action")).selectByValue("MODEL_UPDATED");
        click(By.id("audit-apply"));
        waitText(By.id("audit-page"), "1 event");
        assertThat(driver.getCurrentUrl()).endsWith("#/operator/audit?workspaceId=" + id + "&action=MODEL_UPDATED");
        assertThat(actions()).containsExactly("MODEL_UPDATED");
        click(By.cssSelector("tr[data-action] button[aria-expanded]"));
        String details = waitVisible(By.cssSelector("tr.audit-details:not([hidden]) pre")).getText();
        assertThat(details).contains("\"description\"").contains("\"after\": \"Summaries for the support team\"");
        screenshot("04-model-updated-diff");

        new Select(css("#audit-workspace")).selectByValue("");
        new Select(css("#audit-action")).selectByValue("SIGN_IN");
        type(By.id("audit-actor"), operator);
        click(By.id("audit-apply"));
        waitText(By.id("audit-page"), "1 event");
        assertThat(texts("tr[data-action] td.audit-workspace")).containsExactly("Platform");
    }

    @Test
    void unknownWorkspace_saysSo() {
        String operator = account("ops-" + suffix(), Role.OPERATOR, null);
        signIn(operator, passwordOf(operator));
        open("#/workspaces/no-such-workspace");
        waitText(By.cssSelector(".callout-error .callout-title"), "The workspace could not be loaded");
        assertThat(css(".callout-error").getText()).contains("no workspace with id no-such-workspace");
    }

    private static String cell(WebElement row, String kind) {
        return row.findElement(By.cssSelector("td.count-" + kind)).getText();
    }

    private List<String> texts(String selector) {
        return driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
    }

    private List<String> actions() {
        return driver.findElements(By.cssSelector("tr[data-action]")).stream().map(r -> r.getAttribute("data-action"))
                .toList();
    }

    /** The whole page at each size, the window set back to the widest after. */
    private void screenshots(String step) {
        for (Dimension size : SIZES) {
            driver.manage().window().setSize(size);
            fullPageScreenshot(size.getWidth() + "-" + step);
        }
        driver.manage().window().setSize(SIZES.getFirst());
    }
}
