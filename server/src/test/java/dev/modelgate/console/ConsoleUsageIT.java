package dev.modelgate.console;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The workspace's usage page: totals, per model, per API key or account, per day, and the recent calls (time, model,
 * caller, outcome, tokens, latency, request ID), reached from the header.
 */
class ConsoleUsageIT extends ConsoleTestBase {

    private static final UsageCaller CI_KEY = new UsageCaller(UsageCaller.Kind.KEY,
            "33333333-3333-3333-3333-333333333333", "mgk_ab12cd34 (ci)");

    @Autowired
    UsageRecorder recorder;

    @BeforeEach
    void startWithNoUsage() {
        UsageTables.deleteAll(jdbc);
    }

    private void record(UsageCaller caller, String modelId, String name, String outcome, Long in, Long out,
                        long latency, String requestId, Instant at) {
        TokenSource source = in == null ? TokenSource.NONE : TokenSource.HEADERS;
        recorder.record(new UsageRecord(java.util.UUID.randomUUID().toString(), WORKSPACE_ID, modelId, name,
                UsageKind.INVOKE, outcome, in, out, source, latency, requestId, at, null, null, null, caller));
    }

    private List<String> column(String table, int column) {
        return driver.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(column).getText()).toList();
    }

    @Test
    void usagePage_showsEveryModel_perKeyAndDay_andTheRecentCallsWithoutBodies() {
        String id = createModel("haiku-usage", true);
        Instant now = Instant.now();
        record(CI_KEY, id, "haiku-usage", "OK", 120L, 30L, 420, "req-ok-1", now.minus(Duration.ofHours(2)));
        record(CI_KEY, id, "haiku-usage", "THROTTLED", null, null, 1500, null, now.minus(Duration.ofHours(1)));
        record(null, null, "draft-x", "OK", 5L, 1L, 80, "req-draft", now.minus(Duration.ofMinutes(30)));
        record(CI_KEY, id, "haiku-usage", "OK", 9L, 9L, 10, "req-too-old", now.minus(Duration.ofDays(40)));

        open("#/models");
        click(By.cssSelector("a[href='#/usage']"));
        waitText(By.id("usage-total-calls"), "3");
        assertThat(css("#usage-total-failed").getText()).isEqualTo("1");
        assertThat(css("#usage-total-input").getText()).isEqualTo("125");
        assertThat(column("usage-models", 0)).containsExactly("draft-x (unsaved draft)", "haiku-usage");
        assertThat(column("usage-models", 1)).containsExactly("1", "2");
        assertThat(column("usage-callers", 0)).containsExactly("key mgk_ab12cd34 (ci)", "unknown");
        assertThat(column("usage-callers", 1)).containsExactly("2", "1");
        assertThat(column("usage-calls", 1)).containsExactly("draft-x", "haiku-usage", "haiku-usage");
        assertThat(column("usage-calls", 2)).containsExactly("unknown", "key mgk_ab12cd34 (ci)", "key mgk_ab12cd34 (ci)");
        assertThat(column("usage-calls", 3)).containsExactly("OK", "THROTTLED", "OK");
        assertThat(column("usage-calls", 4)).containsExactly("5 in · 1 out", "—", "120 in · 30 out");
        assertThat(column("usage-calls", 5)).containsExactly("80 ms", "1,500 ms", "420 ms");
        assertThat(column("usage-calls", 6)).containsExactly("req-draft", "—", "req-ok-1");
        assertThat(css("#usage-page").getText()).isEqualTo("Page 1");
        assertThat(driver.findElements(By.id("usage-older"))).isEmpty();
        fullPageScreenshot("01-usage-1440");

        click(By.id("usage-range-30"));
        waitText(By.cssSelector(".page-head .lead"), "the last 30 days (UTC)");
        WebElement link = waitVisible(By.cssSelector("#usage-models a")); // the lead changes before the report loads
        assertThat(link.getAttribute("href")).endsWith("#/models/" + id);
        noScriptErrors();

        org.openqa.selenium.Dimension laptop = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            open("#/usage");
            waitText(By.id("usage-total-calls"), "3");
            fullPageScreenshot("02-usage-390");
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    @Test
    void usagePage_showsSpend_inTotalPerModelCallerDayAndCall_theUnpricedCalls_andExportsCsv() {
        String id = createModel("haiku-spend", true);
        // Yesterday (UTC), so that the three calls fall on one day whenever the test runs.
        Instant yesterday = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(1));
        recorder.record(priced(CI_KEY, id, "haiku-spend", 1_250_000_000L, yesterday.plus(Duration.ofHours(1))));
        recorder.record(priced(null, id, "haiku-spend", 3L, yesterday.plus(Duration.ofHours(2))));
        recorder.record(priced(CI_KEY, null, "draft-y", null, yesterday.plus(Duration.ofHours(3))));

        open("#/usage");
        waitText(By.id("usage-total-calls"), "3");

        assertThat(css("#usage-total-spend").getText()).isEqualTo("$1.250000003");
        assertThat(css("#usage-total-unpriced").getText()).isEqualTo("1");
        assertThat(column("usage-models", 0)).containsExactly("draft-y (unsaved draft)", "haiku-spend");
        assertThat(column("usage-models", 5)).containsExactly("$0.00 + 1 unpriced", "$1.250000003");
        assertThat(column("usage-callers", 4)).containsExactly("$1.25 + 1 unpriced", "$0.000000003");
        assertThat(column("usage-days", 4)).containsExactly(css("#usage-total-spend").getText() + " + 1 unpriced");
        assertThat(column("usage-calls", 7)).containsExactly("—", "$0.000000003", "$1.25");
        String href = css("#usage-export").getAttribute("href");
        assertThat(href).contains("/api/v1/usage/export.csv?from=");
        String csv = (String) ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('failed: ' + e));", href);
        assertThat(csv).startsWith("day,modelId,modelName,kind,callerKind,callerId,callerName,calls,")
                .contains(",haiku-spend,INVOKE,KEY,33333333-3333-3333-3333-333333333333,mgk_ab12cd34 (ci),1,1,0,"
                        + "10,1,0,0,0,1.250000000,0");
        noScriptErrors();
    }

    private static UsageRecord priced(UsageCaller caller, String modelId, String name, Long cost, Instant at) {
        UsageRecord record = new UsageRecord(java.util.UUID.randomUUID().toString(), WORKSPACE_ID, modelId, name,
                UsageKind.INVOKE, "OK", 10L, 1L, TokenSource.HEADERS, 10, null, at, null, null, null, caller);
        return cost == null ? record.withCost(dev.modelgate.usage.PricingMode.UNPRICED, null, null)
                : record.withCost(dev.modelgate.usage.PricingMode.ON_DEMAND, cost, "shipped 2026-12-08");
    }
}
