package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.model.ModelDraft;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The revisions card compares any two revisions (live and the draft at first) field by field, and each revision in
 * the history says how many calls it served and how its Tests went, with its latest Test runs and calls on demand.
 */
class ConsoleRevisionCompareIT extends ConsoleTestBase {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private String agentToken;

    @BeforeEach
    void agentKey() {
        agentToken = apiKeys.create(WORKSPACE_ID, "support-bot", Role.AGENT, null, ADMIN).token();
    }

    @Test
    void compareTwoRevisions_andEachRevisionsCallsAndTests() throws Exception {
        String id = createModel("beta", true);
        ModelDraft original = models.draftOf(models.get(WORKSPACE_ID, id).stored());
        long[] tokens = {0, 0};
        for (int call = 0; call < 2; call++) {
            JsonNode usage = invoke().get("usage");
            tokens[0] += usage.get("inputTokens").asLong();
            tokens[1] += usage.get("outputTokens").asLong();
        }
        ModelDraft.Mapping m = original.outputMapping();
        models.update(WORKSPACE_ID, id, 1, withMapping(original, new ModelDraft.Mapping("$.nothing[0].text",
                m.inputTokens(), m.outputTokens(), m.extras(), m.stream())), ADMIN);
        models.update(WORKSPACE_ID, id, 2, withDescription(original, "Answers in one line."), ADMIN);
        String run = testDraft(id);

        open("#/models/" + id);
        waitText(By.id("revision-state"), "Draft: revision 3, Test passed");
        click(By.cssSelector("#revision-compare summary"));
        waitVisible(By.cssSelector("#revision-compare-diff"));
        assertThat(new Select(css("#revision-compare-from")).getFirstSelectedOption().getText())
                .isEqualTo("Revision 1 · live");
        assertThat(new Select(css("#revision-compare-to")).getFirstSelectedOption().getText())
                .isEqualTo("Revision 3 · draft");
        assertThat(headings()).containsExactly("Field", "Revision 1", "Revision 3");
        assertThat(rows()).containsExactly("description " + original.description() + " Answers in one line.");

        new Select(css("#revision-compare-from")).selectByValue("2");
        waitText(By.cssSelector("#revision-compare-diff thead"), "Revision 2");
        assertThat(rows()).containsExactly("description " + original.description() + " Answers in one line.",
                "outputMapping.text $.nothing[0].text $.content[0].text");

        click(By.cssSelector("#revision-history summary"));
        assertThat(counts(3)).isEqualTo("No calls · 1 Test, 1 passed");
        assertThat(counts(2)).isEqualTo("No calls · no Tests");
        assertThat(counts(1)).startsWith("2 calls, 0 failed, %d in · %d out tokens · no Tests · last call "
                .formatted(tokens[0], tokens[1]));

        click(By.cssSelector("#revision-activity-3 summary"));
        waitVisible(By.id("revision-runs-3"));
        List<WebElement> runs = driver.findElements(By.cssSelector("#revision-runs-3 li"));
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst().getAttribute("data-run")).isEqualTo(run);
        assertThat(runs.getFirst().getText()).startsWith("Passed ").endsWith(" · run " + run);
        // the Test's two Bedrock calls (an answer, then a stream) are its revision's calls, marked as the Test's
        assertThat(driver.findElements(By.cssSelector("#revision-calls-3 li"))).hasSize(2)
                .allSatisfy(call -> assertThat(call.getText()).startsWith("OK ").contains(" (Test) · "));
        click(By.cssSelector("#revision-activity-1 summary"));
        waitVisible(By.id("revision-calls-1"));
        assertThat(css("#revision-runs-1").getText()).isEqualTo("No Test run of this revision.");
        assertThat(driver.findElements(By.cssSelector("#revision-calls-1 li"))).hasSize(2)
                .allSatisfy(call -> assertThat(call.getText()).startsWith("OK ").contains(" (support-bot) · ")
                        .doesNotContain("(Test)"));

        for (int[] size : new int[][] {{1440, 900}, {1280, 800}, {390, 844}}) {
            fitsAt(size[0], size[1], "revision-compare", "01-compare");
            fitsAt(size[0], size[1], "revision-activity-3", "02-activity");
        }

        new Select(css("#revision-compare-from")).selectByValue("3");
        waitVisible(By.cssSelector("p#revision-compare-diff"));
        assertThat(css("#revision-compare-diff").getText())
                .isEqualTo("Both sides are revision 3: pick another revision to compare it with.");
        new Select(css("#revision-compare-to")).selectByValue("1");
        waitText(By.cssSelector("#revision-compare-diff thead"), "Revision 1");
        assertThat(rows()).containsExactly("description Answers in one line. " + original.description());
        noScriptErrors();
    }

    @Test
    void compare_ofTwoIdenticalRevisions_saysSo() {
        String id = createModel("gamma", true);
        ModelDraft original = models.draftOf(models.get(WORKSPACE_ID, id).stored());
        models.update(WORKSPACE_ID, id, 1, withDescription(original, "Another description."), ADMIN);
        models.update(WORKSPACE_ID, id, 2, original, ADMIN);

        open("#/models/" + id);
        waitText(By.id("revision-state"), "Draft: revision 3");
        click(By.cssSelector("#revision-compare summary"));
        waitVisible(By.cssSelector("p#revision-compare-diff"));

        assertThat(css("#revision-compare-diff").getText())
                .isEqualTo("Revisions 1 and 3 are identical: no field differs.");
    }

    /**
     * At width × height, with {@code elementId} at the top of the window: nothing scrolls sideways, and a screenshot
     * shows it.
     */
    private void fitsAt(int width, int height, String elementId, String step) {
        Dimension laptop = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, height));
        try {
            driver.executeScript("document.getElementById(arguments[0]).scrollIntoView()", elementId);
            long overflow = ((Number) driver.executeScript(
                    "const e = document.scrollingElement; return e.scrollWidth - e.clientWidth;")).longValue();
            screenshot(step + "-" + width);
            assertThat(overflow).as("page width beyond a window %d wide", width).isLessThanOrEqualTo(0);
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    private List<String> headings() {
        return driver.findElements(By.cssSelector("#revision-compare-diff thead th")).stream()
                .map(WebElement::getText).toList();
    }

    private List<String> rows() {
        return driver.findElements(By.cssSelector("#revision-compare-diff tbody tr")).stream()
                .map(WebElement::getText).toList();
    }

    private String counts(long revision) {
        return waitVisible(By.cssSelector(".revision-counts[data-counts='" + revision + "']")).getText();
    }

    /** Invokes the model as the agent: 200, served by revision 1 (live); the answer. */
    private JsonNode invoke() throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models/beta/invoke"))
                .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variables\": {\"prompt\": \"Hi\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode answer = json.readTree(reply.body());
        assertThat(answer.get("revision").asLong()).isEqualTo(1);
        return answer;
    }

    /** Tests the model's draft through the API without promoting it; the run's id. */
    private String testDraft(String id) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models/" + id + "/test"))
                .header("Authorization", "Bearer " + adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"promoteOnPass\": false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode answer = json.readTree(reply.body());
        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
        return answer.get("id").stringValue();
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
