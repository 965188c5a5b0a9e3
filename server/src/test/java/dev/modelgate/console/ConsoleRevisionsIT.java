package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.model.ModelDraft;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Editing a live model in the console while an agent keeps invoking it: a failing edit leaves the live revision
 * serving (and the model page says so), a passing one Tested without "Make live" waits for Promote, and a roll back
 * to a revision that was live before serves it again at once.
 */
class ConsoleRevisionsIT extends ConsoleTestBase {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private String agentToken;

    @BeforeEach
    void agentKey() {
        agentToken = apiKeys.create(WORKSPACE_ID, "support-bot", Role.AGENT, null, ADMIN).token();
    }

    @Test
    void failingEditKeepsTheLiveRevisionServing_passingEditIsPromoted_andRollBackServesTheEarlierOne() throws Exception {
        String id = createModel("alpha", true);
        ModelDraft original = models.draftOf(models.get(WORKSPACE_ID, id).stored());
        assertServedBy(1);

        ModelDraft.Mapping m = original.outputMapping();
        models.update(WORKSPACE_ID, id, 1, withMapping(original, new ModelDraft.Mapping("$.nothing[0].text",
                m.inputTokens(), m.outputTokens(), m.extras(), m.stream())), ADMIN);
        assertServedBy(1);

        open("#/models/" + id);
        waitText(By.id("revision-state"), "Draft: revision 2");
        assertThat(css("#revision-state").getText())
                .isEqualTo("Live: revision 1 · Draft: revision 2, not tested yet — agents keep getting revision 1");
        assertThat(css("#promote-area").getText())
                .isEqualTo("Revision 2 cannot be promoted: it has not been tested. Run its Test (Last Test below).");

        click(By.id("detail-run-test"));
        waitText(By.id("revision-state"), "Test failed");
        assertThat(css("#revision-state").getText())
                .isEqualTo("Live: revision 1 · Draft: revision 2, Test failed — agents keep getting revision 1");
        assertThat(css("#promote-area").getText()).startsWith("Revision 2 cannot be promoted: its latest Test (run ")
                .endsWith(") failed. Fix it and run its Test again.");
        assertThat(driver.findElements(By.id("promote"))).isEmpty();
        assertServedBy(1);
        shotAt(1440, 900, "01-failed-draft-1440", false);
        shotAt(390, 844, "02-failed-draft-390", false);

        models.update(WORKSPACE_ID, id, 2, withDescription(original, "Answers in one line."), ADMIN);
        open("#/models/" + id + "/edit/test");
        WebElement makeLive = waitVisible(By.id("promote-on-pass"));
        assertThat(makeLive.isSelected()).isTrue();
        assertThat(css("#promote-on-pass-hint").getText())
                .isEqualTo("Saving makes a draft: agents keep getting revision 1 until a draft passes its Test and is made live.");
        click(By.id("promote-on-pass"));
        click(By.id("run-test"));
        waitText(By.id("test-status"), "Test passed.");
        assertServedBy(1);

        open("#/models/" + id);
        waitText(By.id("revision-state"), "Test passed");
        assertThat(css("#revision-state").getText())
                .isEqualTo("Live: revision 1 · Draft: revision 3, Test passed — agents keep getting revision 1");
        click(By.id("promote"));
        waitText(By.id("revision-state"), "No draft");
        assertThat(css("#revision-state").getText()).isEqualTo("Live: revision 3 · No draft — agents get revision 3");
        assertThat(css("#revision-notice").getText()).isEqualTo("Revision 3 is live: agents get it now.");
        assertServedBy(3);

        click(By.cssSelector("#revision-history summary"));
        WebElement third = waitVisible(By.cssSelector(".revision-item[data-revision='3']"));
        assertThat(third.findElement(By.cssSelector(".revision-head")).getText()).contains("Revision 3").contains("Live")
                .contains("Test passed").contains("by " + ADMIN);
        // revision 3 is revision 1 with a new description: from revision 2 it also restores the output text path,
        // shown as the one nested field that changed
        var rows = third.findElements(By.cssSelector(".revision-diff tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).isEqualTo("description " + original.description() + " Answers in one line.");
        assertThat(rows.get(1).getText()).isEqualTo("outputMapping.text $.nothing[0].text $.content[0].text");
        assertThat(third.findElements(By.cssSelector("button"))).isEmpty();
        assertThat(css(".revision-item[data-revision='2'] .revision-head").getText()).contains("Test failed")
                .doesNotContain("Was live");
        assertThat(css(".revision-item[data-revision='1'] .revision-head").getText()).contains("Was live");
        shotAt(1440, 900, "03-history-1440", false);
        shotAt(390, 844, "04-history-390", false);

        click(By.cssSelector("button[aria-label='Roll back to revision 1']"));
        WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Roll back to revision 1?").contains("it goes live at once")
                .contains("Revision 3 (the latest saved) stays as the draft");
        click(By.xpath("//dialog//button[.='Roll back and go live']"));
        waitText(By.id("revision-state"), "Live: revision 1");
        assertThat(css("#revision-state").getText())
                .isEqualTo("Live: revision 1 · Draft: revision 3, Test passed — agents keep getting revision 1");
        assertThat(css("#promote").getText()).isEqualTo("Promote revision 3");
        assertThat(css("#revision-notice").getText()).isEqualTo("Rolled back: revision 1 is live again.");
        assertServedBy(1);
        shotAt(1440, 900, "05-rolled-back-1440", false);
        shotAt(390, 844, "06-rolled-back-390", false);
    }

    /** A screenshot at width × height with the revisions card at the top of the window. */
    private void shotAt(int width, int height, String step, boolean wholePage) {
        Dimension laptop = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, height));
        try {
            driver.executeScript("document.getElementById('revisions').scrollIntoView()");
            if (wholePage) {
                fullPageScreenshot(step);
            } else {
                screenshot(step);
            }
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    /** Invokes the model as the agent: 200, and the answer names the revision that served it. */
    private void assertServedBy(long revision) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models/alpha/invoke"))
                .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variables\": {\"prompt\": \"Hi\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode answer = json.readTree(reply.body());
        assertThat(answer.get("revision").asLong()).as(reply.body()).isEqualTo(revision);
    }

    private static ModelDraft withMapping(ModelDraft d, ModelDraft.Mapping mapping) {
        return new ModelDraft(d.name(), d.description(), d.inferenceEnabled(), d.roleArn(), d.stsEndpoint(), d.region(),
                d.modelReference(), d.variables(), d.requestTemplate(), mapping, d.timeouts(), d.options(), d.api(),
                d.converse(), d.chat());
    }

    private static ModelDraft withDescription(ModelDraft d, String description) {
        return new ModelDraft(d.name(), description, d.inferenceEnabled(), d.roleArn(), d.stsEndpoint(), d.region(),
                d.modelReference(), d.variables(), d.requestTemplate(), d.outputMapping(), d.timeouts(), d.options(),
                d.api(), d.converse(), d.chat());
    }
}
