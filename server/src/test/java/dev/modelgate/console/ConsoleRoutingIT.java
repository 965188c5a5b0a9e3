package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A model's fallbacks and balance on its page: a link that breaks a rule is refused at its field and nothing is
 * saved, a valid routing is saved and shown as the chain, kept across a reload, and the model's Test shows the chain
 * with each link called.
 */
class ConsoleRoutingIT extends ConsoleTestBase {

    @Test
    void routing_refusedAtItsField_thenSaved_shownAsTheChain_andTheTestCallsEachLink() {
        String alpha = createModel("alpha", true);
        createModel("beta", true);

        open("#/models/" + alpha);
        waitVisible(By.id("routing-fallbacks"));
        assertThat(css("#routing-chain").getText()).isEqualTo("No fallbacks: calls are served by this model alone.");

        setText(By.id("routing-fallbacks"), "nothing, beta");
        click(By.id("routing-save"));
        waitText(By.id(css("#routing-fallbacks").getAttribute("id") + "-error"), "no model named");
        assertThat(css("#routing-fallbacks-error").getText())
                .isEqualTo("fallbacks[0]: the workspace has no model named \"nothing\"");
        assertThat(css("#routing-fallbacks").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(css("#routing-chain").getText()).isEqualTo("No fallbacks: calls are served by this model alone.");

        setText(By.id("routing-fallbacks"), "beta");
        setText(By.id("routing-balance"), "alpha=3, beta=1");
        click(By.id("routing-save"));
        waitText(By.id("routing-chain"), "tried in order");
        assertThat(css("#routing-chain").getText()).isEqualTo("Calls are spread by weight over alpha (3), beta (1); "
                + "the one picked goes first, then this model.\nWhen throttled or unavailable, tried in order: "
                + "alpha → beta");

        driver.navigate().refresh();
        waitVisible(By.id("routing-fallbacks"));
        assertThat(css("#routing-fallbacks").getAttribute("value")).isEqualTo("beta");
        assertThat(css("#routing-balance").getAttribute("value")).isEqualTo("alpha=3, beta=1");

        click(By.id("detail-run-test"));
        WebElement route = waitVisible(By.cssSelector("#last-test article[data-stage='ROUTE']"));
        assertThat(route.findElement(By.cssSelector(".stage-head")).getText()).startsWith("Try the fallbacks\nPassed");
        route.findElement(By.cssSelector("summary")).click();
        WebElement link = waitVisible(By.cssSelector("#last-test .route-table tr[data-model='beta']"));
        assertThat(link.getText()).startsWith("fallback beta").contains("yes").endsWith("Passed");
        noScriptErrors();
    }
}
