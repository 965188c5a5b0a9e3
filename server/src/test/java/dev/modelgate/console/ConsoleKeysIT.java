package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** An API key's life in the console: created, its token shown once, used, revoked. */
class ConsoleKeysIT extends ConsoleTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void key_createdShownOnceListedUsedAndRevoked() throws Exception {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        open("#/keys");
        type(By.id("key-name"), "ci-pipeline");
        new Select(css("#key-role")).selectByValue("DEVELOPER");
        String expiry = LocalDate.now().plusDays(30).toString();
        driver.executeScript("arguments[0].value = arguments[1];", css("#key-expires"), expiry);

        click(By.id("create-key"));

        WebElement token = waitVisible(By.id("new-key-token"));
        String secret = token.getAttribute("value");
        assertThat(secret).startsWith("mgk_");
        assertThat(css(".new-key").getText()).contains("Your new key “ci-pipeline”").contains("you won’t see it again");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("new-key-title");
        String prefix = secret.substring(0, 12);
        WebElement row = waitVisible(By.cssSelector("tr[data-prefix='" + prefix + "']"));
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Active");
        assertThat(row.getText()).contains("ci-pipeline").contains("Developer").contains("by " + ADMIN)
                .doesNotContain(secret);
        fullPageScreenshot("01-created");

        click(By.cssSelector("button[aria-label='Copy the API key']"));
        waitText(By.cssSelector("button[aria-label='Copy the API key']"), "Copied");
        assertThat(driver.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])")).isEqualTo(secret);

        assertThat(models(secret)).isEqualTo(200);
        assertThat((String) driver.executeScript("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
                .doesNotContain(secret);

        click(By.id("new-key-done"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.id("new-key-token"), 0));
        assertThat(driver.getPageSource()).doesNotContain(secret);

        click(By.cssSelector("tr[data-prefix='" + prefix + "'] button[aria-label^='Revoke']"));
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Revoke “ci-pipeline”?").contains(prefix);
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Cancel");
        screenshot("02-confirm-revoke");
        click(By.xpath("//dialog//button[.='Revoke key']"));

        waitText(By.cssSelector("tr[data-prefix='" + prefix + "'] .badge"), "Revoked");
        WebElement revoked = css("tr[data-prefix='" + prefix + "']");
        assertThat(revoked.findElements(By.cssSelector("button[aria-label^='Revoke']"))).isEmpty();
        assertThat(revoked.getText()).contains("by " + ADMIN);
        assertThat(models(secret)).isEqualTo(401);
        fullPageScreenshot("03-revoked");
    }

    @Test
    void key_limitedToSomeModels_isCreatedWithItsScope_andTheListShowsIt() {
        String unscoped = apiKeys.create(WORKSPACE_ID, "any-model-bot", Role.AGENT, null, ADMIN).key().prefix();
        open("#/keys");
        type(By.id("key-name"), "support-bot");
        type(By.id("key-models"), "haiku\nsupport-*, claude.v2");
        assertThat(css("#key-models-hint").getText()).contains("one name or pattern per line, or comma-separated")
                .contains("At most 20").contains("Empty: every model");

        click(By.id("create-key"));

        String prefix = waitVisible(By.id("new-key-token")).getAttribute("value").substring(0, 12);
        WebElement row = waitVisible(By.cssSelector("tr[data-prefix='" + prefix + "']"));
        assertThat(row.findElement(By.cssSelector(".key-models")).getText()).isEqualTo("haiku, support-*, claude.v2");
        assertThat(css("tr[data-prefix='" + unscoped + "'] .key-models").getText()).isEqualTo("all models");
        assertThat(css("#key-models").getAttribute("value")).isEmpty();
        fullPageScreenshot("04-scoped");
    }

    @Test
    void key_withItsOwnRateLimit_isCreatedWithIt_andTheListShowsIt() {
        String plain = apiKeys.create(WORKSPACE_ID, "default-limit-bot", Role.AGENT, null, ADMIN).key().prefix();
        open("#/keys");
        type(By.id("key-name"), "fast-bot");
        type(By.id("key-rate"), "5");
        type(By.id("key-burst"), "10");
        assertThat(css("#key-rate-hint").getText()).contains("1–10,000").contains("Both empty");

        click(By.id("create-key"));

        String prefix = waitVisible(By.id("new-key-token")).getAttribute("value").substring(0, 12);
        WebElement row = waitVisible(By.cssSelector("tr[data-prefix='" + prefix + "']"));
        assertThat(row.findElement(By.cssSelector(".key-limits")).getText()).isEqualTo("5/s, burst 10");
        assertThat(css("tr[data-prefix='" + plain + "'] .key-limits").getText()).isEqualTo("default");
        assertThat(apiKeys.list(WORKSPACE_ID).stream().filter(k -> k.prefix().equals(prefix)).findFirst()
                .orElseThrow().limits()).isEqualTo(new dev.modelgate.access.RateLimits.Limit(5, 10));
    }

    @Test
    void key_withATokenLimit_isCreatedWithIt_andTheListShowsIt() {
        open("#/keys");
        type(By.id("key-name"), "token-bot");
        type(By.id("key-tokens"), "50000");

        click(By.id("create-key"));

        String prefix = waitVisible(By.id("new-key-token")).getAttribute("value").substring(0, 12);
        WebElement row = waitVisible(By.cssSelector("tr[data-prefix='" + prefix + "']"));
        assertThat(row.findElement(By.cssSelector(".key-limits")).getText())
                .isEqualTo("default rate; 50,000 tokens/min");
        assertThat(apiKeys.list(WORKSPACE_ID).stream().filter(k -> k.prefix().equals(prefix)).findFirst()
                .orElseThrow().tokenLimit()).isEqualTo(new dev.modelgate.access.RateLimits.TokenLimit(50_000));
    }

    @Test
    void key_withABurstButNoRate_isRefusedAtTheRateField() {
        open("#/keys");
        type(By.id("key-name"), "half-limit");
        type(By.id("key-burst"), "10");

        click(By.id("create-key"));

        waitText(By.id("key-rate-error"), "limits.requestsPerSecond must be 1 to 10000, got null");
        assertThat(driver.findElements(By.id("new-key-token"))).isEmpty();
    }

    @Test
    void key_withABadModelPattern_isRefusedAtTheModelsField() {
        open("#/keys");
        type(By.id("key-name"), "bad-scope");
        type(By.id("key-models"), "haiku, a/b");

        click(By.id("create-key"));

        waitText(By.id("key-models-error"), "models[1] must be 1 to 100 of the characters A-Z a-z 0-9 . _ - and *, "
                + "got \"a/b\"");
        assertThat(driver.findElements(By.id("new-key-token"))).isEmpty();
    }

    @Test
    void key_withoutAName_isRefusedAtTheField() {
        open("#/keys");

        click(By.id("create-key"));

        waitText(By.id("key-name-error"), "Give the key a name.");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("key-name");
        assertThat(driver.findElements(By.id("new-key-token"))).isEmpty();
    }

    private int models(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
