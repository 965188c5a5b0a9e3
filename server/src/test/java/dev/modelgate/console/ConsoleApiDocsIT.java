package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Swagger UI at /api/docs, as a browser shows it: the API's title, its feature tags and the Authorize button. */
class ConsoleApiDocsIT extends ConsoleTestBase {

    @Override
    boolean signInFirst() {
        return false;
    }

    @Test
    void apiDocs_showTheTitle_featureTags_andAnAuthorizeButton_offeringTheKeyAndTheSession() {
        driver.get(base() + "/api/docs");

        waitText(By.cssSelector(".info .title"), "Modelgate API");
        List<String> tags = driver.findElements(By.cssSelector(".opblock-tag[data-tag]")).stream()
                .map(tag -> tag.getAttribute("data-tag")).toList();
        assertThat(tags).containsExactly("Sign-in", "Invoke", "Test", "Models", "Presets and catalog",
                "OpenAI-compatible", "Role registrations", "Workspace", "Members and API keys", "Usage and audit",
                "Operator");
        screenshot("01-swagger-ui");

        click(By.cssSelector(".auth-wrapper .btn.authorize"));
        WebElement dialog = waitVisible(By.cssSelector(".dialog-ux .modal-ux"));
        assertThat(dialog.getText().replaceAll(" +", " ")).contains("apiKey (http, Bearer)").contains("session (apiKey)")
                .contains("MODELGATE_SESSION");
        screenshot("02-authorize");
    }
}
