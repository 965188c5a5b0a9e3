package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Try it streams: the text shows up chunk by chunk while the model is still generating, the final event fills in the
 * facts, Stop ends the request, and a failure before or during the stream is shown as the console shows problems.
 * The emulator spaces the chunks of a stream ({@code chunkGapMs}) so that the page can be seen between two of them.
 */
class ConsoleStreamingIT extends ConsoleTestBase {

    private static final String PROMPT = "Tell the console a story of many words, one after another";
    private static final String REPLY = "Modelgate emulator reply to: " + PROMPT;

    @Test
    void tryIt_showsTheTextAsItArrives_andTheDoneEventFillsUsageAndTimings() {
        String id = createStreamingModel("streamer", true);
        aws.faults().setLatency(HAIKU, Latency.ofMillis(0, 0, 0, 300));
        open("#/models/" + id);

        assertThat(waitVisible(By.id("try-stream")).isSelected()).as("a model with a stream mapping streams by default").isTrue();
        type(By.id("try-prompt"), PROMPT);
        click(By.id("invoke"));

        // Between two chunks: some text, but not all of it, and the answer not done.
        String partial = partialText();
        assertThat(css("#try-output").getAttribute("aria-busy")).isEqualTo("true");
        assertThat(css("#stop-invoke").isDisplayed()).isTrue();
        assertThat(css("#try-meta").getText()).isEmpty();
        screenshot("01-streaming");

        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "done"));
        String full = css("#try-output").getText();
        assertThat(full).isEqualTo(REPLY).startsWith(partial).isNotEqualTo(partial);
        assertThat(css("#try-usage").getText()).matches("(?s)\\d+ input and \\d+ output tokens.*ms.*");
        assertThat(css("#try-ttft").getText()).matches("· first token after [\\d,]+ ms");
        assertThat(css("#try-request-id").getText()).isNotBlank();
        assertThat(css("#try-status").getText()).matches("Streamed in \\d+ events\\.");
        assertThat(css("#stop-invoke").isDisplayed()).isFalse();
        waitText(By.id("usage-calls"), "1");
        screenshot("02-done");
    }

    @Test
    void stop_endsTheRequest_keepingWhatArrived() {
        String id = createStreamingModel("streamer", true);
        aws.faults().setLatency(HAIKU, Latency.ofMillis(0, 0, 0, 1_500));
        open("#/models/" + id);
        type(By.id("try-prompt"), PROMPT);
        click(By.id("invoke"));
        partialText();

        click(By.id("stop-invoke"));

        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "stopped"));
        assertThat(css("#try-status").getText()).startsWith("Stopped: you ended the request after");
        assertThat(css("#try-output").getText()).isNotBlank().isNotEqualTo(REPLY);
        assertThat(REPLY).startsWith(css("#try-output").getText());
        assertThat(css("#try-meta").getText()).isEmpty();
        assertThat(css("#invoke").isEnabled()).isTrue();
        assertThat(css("#stop-invoke").isDisplayed()).isFalse();
        screenshot("01-stopped");
        // Stop closed the connection: Modelgate saw the caller go away, cancelled upstream and metered it so.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                jdbc.sql("SELECT outcome FROM usage_records").query(String.class).list()).containsExactly("CLIENT_CLOSED"));
    }

    @Test
    void aFailureMidStream_showsTheProblemAfterTheTextThatArrived() {
        String id = createStreamingModel("streamer", true);
        aws.faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, HAIKU, "InvokeModelWithResponseStream", 4,
                "modelStreamErrorException"));
        open("#/models/" + id);
        type(By.id("try-prompt"), PROMPT);
        click(By.id("invoke"));

        wait.until(ExpectedConditions.attributeToBe(By.id("try-output"), "data-state", "failed"));
        WebElement problem = css("#try-problem .callout-error");
        assertThat(problem.findElement(By.cssSelector(".callout-title")).getText()).isNotBlank();
        assertThat(css("#try-problem .problem-code code").getText()).isNotBlank();
        assertThat(REPLY).startsWith(css("#try-output").getText());
        screenshot("01-failed-mid-stream");
    }

    @Test
    void aRefusalBeforeTheStream_isShownAsAProblem() {
        String id = createStreamingModel("not-ready", false);
        open("#/models/" + id);
        assertThat(waitVisible(By.id("try-stream")).isSelected()).isTrue();
        type(By.id("try-prompt"), PROMPT);
        click(By.id("invoke"));

        waitText(By.id("try-problem"), "Run its Test below");
        assertThat(css("#try-problem .problem-code").getText()).isEqualTo("Code model-not-ready · HTTP 409");
        assertThat(css("#try-output").isDisplayed()).isFalse();
    }

    /** Waits, looking often, for the output to show some of the reply while the stream is still going; answers it. */
    private String partialText() {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(25))
                .withMessage("partial text while streaming")
                .until(d -> {
                    WebElement output = d.findElement(By.id("try-output"));
                    String text = output.getText();
                    boolean streaming = "streaming".equals(output.getAttribute("data-state"));
                    return streaming && !text.isBlank() && text.length() < REPLY.length() ? text : null;
                });
    }
}
