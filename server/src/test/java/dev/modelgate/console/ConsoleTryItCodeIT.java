package dev.modelgate.console;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The model page: Try it shows the call it just made as code to copy (curl, Python, JavaScript) with the key left as
 * {@code $MODELGATE_KEY}, and the usage card's totals cover the same 14 days as its charts.
 */
class ConsoleTryItCodeIT extends ConsoleTestBase {

    @Autowired
    UsageRecorder recorder;

    @BeforeEach
    void startWithNoUsage() {
        UsageTables.deleteAll(jdbc);
    }

    private String curl(String url, String json) {
        return """
                curl -X POST %s \\
                  -H "Authorization: Bearer $MODELGATE_KEY" \\
                  -H "Accept: application/json" \\
                  -H "Content-Type: application/json" \\
                  -d '%s'""".formatted(url, json);
    }

    private String python(String url, String json) {
        return """
                import json, os
                import requests

                body = json.loads(%s)
                r = requests.post("%s",
                    headers={"Authorization": "Bearer " + os.environ["MODELGATE_KEY"], "Accept": "application/json"},
                    json=body)
                print(r.status_code, r.json())""".formatted(jsonString(json), url);
    }

    private String javascript(String url, String json) {
        return """
                const r = await fetch("%s", {
                  method: "POST",
                  headers: { Authorization: `Bearer ${process.env.MODELGATE_KEY}`, Accept: "application/json", "Content-Type": "application/json" },
                  body: JSON.stringify(%s),
                });
                console.log(r.status, await r.json());""".formatted(url, json);
    }

    /** {@code text} as a JSON string literal (which Python reads alike). */
    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String snippet(String client) {
        return css("#call-" + client).getAttribute("textContent");
    }

    @Test
    void tryIt_showsTheCallItMadeAsCode_withTheKeyAsAPlaceholder_andCopiesIt() {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        String id = createModel("haiku-code", true);
        open("#/models/" + id);
        assertThat(driver.findElements(By.id("call-snippet"))).as("no call made yet").isEmpty();

        setText(By.id("try-prompt"), "It's a test");
        if (css("#try-stream").isSelected()) {
            click(By.id("try-stream"));
        }
        click(By.id("invoke"));
        waitVisible(By.id("call-snippet"));

        String url = base() + "/api/v1/models/haiku-code/invoke";
        String json = "{\"variables\":{\"system.prompt\":\"You are terse.\",\"prompt\":\"It's a test\","
                + "\"max_tokens\":64,\"temperature\":0.2}}";
        assertThat(snippet("curl")).isEqualTo(curl(url, json.replace("'", "'\\''")));
        assertThat(snippet("python")).isEqualTo(python(url, json));
        assertThat(snippet("javascript")).isEqualTo(javascript(url, json));
        assertThat(css("#call-snippet").getText()).doesNotContain("mgk_");
        assertThat(css("#call-curl").isDisplayed()).isTrue();
        assertThat(css("#call-python").isDisplayed()).isFalse();

        click(By.id("call-tab-python"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-python")));
        click(By.cssSelector("button[aria-label='Copy this call as Python']"));
        waitText(By.cssSelector("button[aria-label='Copy this call as Python']"), "Copied");
        assertThat(driver.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])"))
                .isEqualTo(python(url, json));
        scrollIntoView(css("#call-snippet"));
        screenshot("01-call-as-code");
        noScriptErrors();
    }

    @Test
    void usageCard_totalsCoverTheFourteenDaysItsChartsShow() {
        String id = createModel("haiku-usage", true);
        Instant now = Instant.now();
        record(id, now.minus(Duration.ofDays(20)));
        record(id, now.minus(Duration.ofDays(1)));
        open("#/models/" + id);

        waitText(By.id("usage-calls"), "1");
        assertThat(css("#usage .card-head .muted").getText()).startsWith("Last 14 days (UTC), Tests included");
        assertThat(css("#usage").getText()).contains("Calls per day (last 14 days)");
        screenshot("02-usage-14-days");
    }

    private void record(String modelId, Instant at) {
        recorder.record(UsageRecord.create(WORKSPACE_ID, modelId, "haiku-usage", UsageKind.INVOKE, "OK", 10L, 2L,
                TokenSource.HEADERS, 100, null, at));
    }
}
