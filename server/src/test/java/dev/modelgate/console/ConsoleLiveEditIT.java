package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.json.JsonMapper;

/**
 * Editing a live model through the console's wizard while an agent invokes it without pause: a broken edit saved and
 * Tested leaves revision 1 serving every call, the fixed edit that passes its Test goes live ("Make live when the
 * Test passes"), and a roll back from the model page serves revision 1 again. No agent call fails at any point.
 */
class ConsoleLiveEditIT extends ConsoleTestBase {

    /** More than any run of this test makes; a loop that never hears "stop" still ends. */
    private static final int MOST_CALLS = 100_000;
    /** Calls answered inside each settled phase before the test moves on. */
    private static final int CALLS_PER_PHASE = 20;

    @Test
    void liveModel_editedInTheWizard_keepsServingRevisionOne_untilTheFixPasses_andRollsBackFromTheModelPage() throws Exception {
        String id = createModel("alpha", true);
        String agentToken = apiKeys.create(WORKSPACE_ID, "support-bot", Role.AGENT, null, ADMIN).token();
        AgentCalls calls = new AgentCalls();
        Thread agent = Thread.ofPlatform().name("agent-invoking-alpha").start(() -> invokeUntilStopped(agentToken, calls));
        try {
            calls.awaitMore(CALLS_PER_PHASE);

            open("#/models/" + id + "/edit");
            waitText(By.id("step-heading"), "Credentials");
            click(By.cssSelector(".stepper li:nth-child(3) button"));
            waitText(By.id("step-heading"), "Test and map");
            assertThat(css("#promote-on-pass-hint").getText())
                    .isEqualTo("Saving makes a draft: agents keep getting revision 1 until a draft passes its Test and is made live.");
            assertThat(waitVisible(By.id("promote-on-pass")).isSelected()).isTrue();
            type(By.id("map-text"), "$.nothing[0].text");
            waitText(By.cssSelector(".title-row .unsaved"), "Unsaved changes");

            click(By.id("save-draft"));
            waitText(By.cssSelector("#toasts .toast-message"), "Saved “alpha” as a draft");
            assertThat(css("#toasts .toast-message").getText())
                    .isEqualTo("Saved “alpha” as a draft (revision 2). Agents keep getting revision 1.");
            calls.enter("broken draft saved", 1);
            click(By.id("run-test"));
            waitText(By.id("test-status"), "Test failed");
            assertThat(css("#test-status").getText()).isEqualTo("Test failed; see the diagnosis below.");
            assertThat(css("#test-result .test-run-head").getText()).startsWith("Test failed at “Map the output”");
            assertThat(css("#promote-on-pass-hint").getText())
                    .isEqualTo("Saving makes a draft: agents keep getting revision 1 until a draft passes its Test and is made live.");
            calls.awaitMore(CALLS_PER_PHASE);
            shot(1440, 900, "01-broken-draft-tested-1440", "#run-heading");
            shot(390, 844, "02-broken-draft-tested-390", "#run-heading");

            open("#/models/" + id);
            waitText(By.id("revision-state"), "Draft: revision 2");
            assertThat(css("#revision-state").getText())
                    .isEqualTo("Live: revision 1 · Draft: revision 2, Test failed — agents keep getting revision 1");
            assertThat(css("#promote-area").getText()).startsWith("Revision 2 cannot be promoted: its latest Test (run ")
                    .endsWith(") failed. Fix it and run its Test again.");
            calls.awaitMore(CALLS_PER_PHASE);
            shot(1440, 900, "03-model-page-broken-draft-1440", "#revisions");
            shot(390, 844, "04-model-page-broken-draft-390", "#revisions");

            open("#/models/" + id + "/edit/test");
            WebElement makeLive = waitVisible(By.id("promote-on-pass"));
            assertThat(makeLive.isSelected()).isTrue();
            assertThat(css("#map-text").getAttribute("value")).isEqualTo("$.nothing[0].text");
            type(By.id("map-text"), "$.content[0].text");
            calls.awaitMore(CALLS_PER_PHASE);
            calls.enter("fixed draft saved, Tested and made live", 1, 3);
            click(By.id("save"));
            waitText(By.cssSelector("#toasts .toast-ok .toast-message"), "is saved and Ready");
            assertThat(css("#toasts .toast-ok .toast-message").getText()).isEqualTo("“alpha” is saved and Ready.");
            calls.enter("revision 3 live", 3);
            calls.awaitMore(CALLS_PER_PHASE);

            open("#/models/" + id);
            waitText(By.id("revision-state"), "No draft");
            assertThat(css("#revision-state").getText()).isEqualTo("Live: revision 3 · No draft — agents get revision 3");
            calls.awaitMore(CALLS_PER_PHASE);
            shot(1440, 900, "05-fixed-and-live-1440", "#revisions");
            shot(390, 844, "06-fixed-and-live-390", "#revisions");

            click(By.cssSelector("#revision-history summary"));
            WebElement second = waitVisible(By.cssSelector(".revision-item[data-revision='2']"));
            assertThat(second.findElement(By.cssSelector(".revision-head")).getText()).contains("Test failed")
                    .doesNotContain("Was live");
            assertThat(css(".revision-item[data-revision='1'] .revision-head").getText()).contains("Was live");
            click(By.cssSelector("button[aria-label='Roll back to revision 1']"));
            WebElement dialog = waitVisible(By.cssSelector("dialog[open]"));
            assertThat(dialog.getText()).contains("Roll back to revision 1?")
                    .contains("Revision 1 was live before: it goes live at once and agents get it right away. "
                            + "Revision 3 (the latest saved) stays as the draft, to promote again later.");
            calls.enter("rolling back", 3, 1);
            click(By.xpath("//dialog//button[.='Roll back and go live']"));
            waitText(By.id("revision-notice"), "Rolled back");
            assertThat(css("#revision-notice").getText()).isEqualTo("Rolled back: revision 1 is live again.");
            assertThat(css("#revision-state").getText())
                    .isEqualTo("Live: revision 1 · Draft: revision 3, Test passed — agents keep getting revision 1");
            calls.enter("rolled back to revision 1", 1);
            calls.awaitMore(CALLS_PER_PHASE);
            shot(1440, 900, "07-rolled-back-1440", "#revisions");
            shot(390, 844, "08-rolled-back-390", "#revisions");
        } finally {
            calls.stop();
            agent.join(Duration.ofSeconds(30));
        }
        assertThat(agent.isAlive()).as("the agent's loop ended").isFalse();

        List<AgentCalls.Call> all = calls.all();
        assertThat(all.stream().filter(call -> call.error() != null || call.status() != 200).limit(5).toList())
                .as("calls of the %d not answered 200", all.size()).isEmpty();
        assertThat(all.stream().filter(call -> !calls.allowedFor(call).contains(call.revision())).limit(5).toList())
                .as("calls of the %d served by a revision that was not live while they ran", all.size()).isEmpty();
        assertThat(calls.servedWithin("broken draft saved")).as("calls while the broken draft was the draft")
                .hasSizeGreaterThanOrEqualTo(3 * CALLS_PER_PHASE).containsOnly(1L);
        assertThat(calls.servedWithin("revision 3 live")).as("calls after the fix went live")
                .hasSizeGreaterThanOrEqualTo(2 * CALLS_PER_PHASE).containsOnly(3L);
        assertThat(calls.servedWithin("rolled back to revision 1")).as("calls after the roll back")
                .hasSizeGreaterThanOrEqualTo(CALLS_PER_PHASE).containsOnly(1L);
        assertThat(all.size()).isLessThan(MOST_CALLS);
    }

    /** The agent's loop: invoke, record, again, until told to stop (or {@link #MOST_CALLS} calls). */
    private void invokeUntilStopped(String token, AgentCalls calls) {
        JsonMapper json = JsonMapper.builder().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/models/alpha/invoke"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"variables\": {\"prompt\": \"Hi\"}}")).build();
            for (int n = 0; n < MOST_CALLS && !calls.stopped(); n++) {
                int phase = calls.phase();
                try {
                    HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long revision = reply.statusCode() == 200 ? json.readTree(reply.body()).path("revision").asLong(-1) : -1;
                    calls.answered(new AgentCalls.Call(phase, calls.phase(), reply.statusCode(), revision, reply.body(), null));
                } catch (Exception e) {
                    calls.answered(new AgentCalls.Call(phase, calls.phase(), -1, -1, null, e.toString()));
                    if (e instanceof InterruptedException) {
                        return;
                    }
                }
            }
        }
    }

    /** A screenshot at width × height with {@code selector} at the top of the window. */
    private void shot(int width, int height, String step, String selector) {
        Dimension laptop = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, height));
        try {
            driver.executeScript("document.querySelector(arguments[0]).scrollIntoView()", selector);
            screenshot(step);
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    /**
     * What the agent's calls answered, each with the phases of the edit in which it started and ended; a phase says
     * which revisions may serve a call made in it (two while one goes live). Safe across the agent's thread and the
     * test's.
     */
    static final class AgentCalls {

        record Call(int startPhase, int endPhase, int status, long revision, String body, String error) {
        }

        private record Phase(String name, Set<Long> serving) {
        }

        private final List<Phase> phases = new ArrayList<>(List.of(new Phase("before the edit", Set.of(1L))));
        private final List<Call> calls = new ArrayList<>();
        private boolean stopped;

        synchronized int phase() {
            return phases.size() - 1;
        }

        /** From now on calls are served by one of {@code serving}. */
        synchronized void enter(String name, long... serving) {
            phases.add(new Phase(name, java.util.Arrays.stream(serving).boxed().collect(java.util.stream.Collectors.toSet())));
        }

        synchronized void answered(Call call) {
            calls.add(call);
            notifyAll();
        }

        /**
         * Waits until {@code n} more calls that started in the current phase were answered (at most 60 s: an agent
         * that stalls fails the test).
         */
        synchronized void awaitMore(int n) throws InterruptedException {
            int target = startedInPhase() + n;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (startedInPhase() < target) {
                long left = deadline - System.nanoTime();
                if (stopped || left <= 0) {
                    throw new AssertionError("the agent answered " + startedInPhase() + " calls in phase \""
                            + phases.getLast().name() + "\"; waited for " + target);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        private int startedInPhase() {
            int p = phase();
            return (int) calls.stream().filter(c -> c.startPhase() == p).count();
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        synchronized boolean stopped() {
            return stopped;
        }

        synchronized List<Call> all() {
            return List.copyOf(calls);
        }

        /** The revisions live at some moment of the call: those of every phase it spanned. */
        synchronized Set<Long> allowedFor(Call call) {
            Set<Long> allowed = new TreeSet<>();
            for (int p = call.startPhase(); p <= call.endPhase(); p++) {
                allowed.addAll(phases.get(p).serving());
            }
            return allowed;
        }

        /** The revisions that served the calls made wholly within the named phase. */
        synchronized List<Long> servedWithin(String name) {
            int p = phases.stream().map(Phase::name).toList().indexOf(name);
            return calls.stream().filter(c -> c.startPhase() == p && c.endPhase() == p).map(Call::revision).toList();
        }
    }
}
