package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Failures of streaming calls. An exception frame in the middle of an event stream: the SDK hands the handler the
 * chunks before it, then the exception of the frame's {@code :exception-type} through {@code exceptionOccurred}, and
 * fails the call's future. An error before the stream starts is an ordinary error response.
 */
class StreamErrorsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String BODY = NativeBodies.claude("Tell me a long story about event streams");

    private static BedrockRuntimeAsyncClient async;

    @BeforeAll
    static void client() {
        async = BedrockSdk.asyncRuntime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        async.close();
    }

    private static Fault midStream(String operation, String exceptionType) {
        return new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null, operation, 2, exceptionType);
    }

    /** The call's future fails with the handler's exception (the SDK's copy, which adds the attempt count). */
    private static void assertFailedWith(StreamCapture<?, ?> capture, Class<? extends Throwable> type) {
        assertThat(capture.failure()).isExactlyInstanceOf(type)
                .hasMessageStartingWith(capture.error().getMessage());
    }

    @Test
    void modelStreamError_afterTwoChunks_reachesTheHandlerAfterExactlyThoseChunks() {
        aws.emulator().faults().enqueue(midStream("InvokeModelWithResponseStream", null));

        var capture = StreamCapture.invoke(async, HAIKU, BODY);

        assertThat(capture.response()).isNotNull();
        assertThat(capture.events()).extracting(c -> c.get("type").stringValue())
                .containsExactly("message_start", "content_block_start");
        assertThat(capture.error()).isInstanceOf(ModelStreamErrorException.class);
        assertFailedWith(capture, capture.error().getClass());
        var e = (ModelStreamErrorException) capture.error();
        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("modelStreamErrorException");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The model encountered an error while streaming the response.");
        assertThat(e.originalStatusCode()).isEqualTo(500);
        assertThat(e.originalMessage()).isEqualTo("upstream model failure");
    }

    @Test
    void throttlingException_afterTwoChunks_isAThrottlingException() {
        aws.emulator().faults().enqueue(midStream("InvokeModelWithResponseStream", "throttlingException"));

        var capture = StreamCapture.invoke(async, HAIKU, BODY);

        assertThat(capture.events()).hasSize(2);
        assertThat(capture.error()).isInstanceOf(ThrottlingException.class);
        assertFailedWith(capture, capture.error().getClass());
        var e = (ThrottlingException) capture.error();
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("throttlingException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Too many requests, please wait before trying again.");
    }

    @Test
    void serviceUnavailableException_afterTwoChunks_isInBedrocksWords() {
        aws.emulator().faults().enqueue(midStream("InvokeModelWithResponseStream", "serviceUnavailableException"));

        var capture = StreamCapture.invoke(async, HAIKU, BODY);

        assertThat(capture.events()).hasSize(2);
        assertThat(capture.error()).isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Bedrock is unable to process your request.");
        });
    }

    @Test
    void modelStreamErrorOnConverseStream_afterTwoEvents_reachesTheHandler() {
        aws.emulator().faults().enqueue(midStream("ConverseStream", null));

        var capture = StreamCapture.converse(async, ConverseStreamRequest.builder().modelId(HAIKU)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Tell me a long story"))).build());

        assertThat(capture.events()).hasSize(2).first().isInstanceOf(MessageStartEvent.class);
        assertThat(capture.error()).isInstanceOf(ModelStreamErrorException.class);
        assertFailedWith(capture, capture.error().getClass());
    }

    @Test
    void midStreamFault_leavesNonStreamingCallsAlone() {
        aws.emulator().faults().enqueue(midStream(null, null));

        try (var sync = BedrockSdk.runtimeWithoutRetries(aws.endpoint())) {
            sync.invokeModel(r -> r.modelId(HAIKU).body(BedrockSdk.utf8(BODY)));
        }

        assertThat(aws.emulator().faults().queued()).hasSize(1);
        var capture = StreamCapture.invoke(async, HAIKU, BODY);
        assertThat(capture.error()).isInstanceOf(ModelStreamErrorException.class);
        assertThat(aws.emulator().faults().queued()).isEmpty();
    }

    @Test
    void throttlingBeforeTheStreamStarts_failsTheCallWithoutEvents() {
        aws.emulator().faults().enqueue(new Fault(FaultKind.THROTTLING, 1, HAIKU, "InvokeModelWithResponseStream", 0, null));

        var capture = StreamCapture.invoke(async, HAIKU, BODY);

        assertThat(capture.events()).isEmpty();
        assertThat(capture.error()).isInstanceOf(ThrottlingException.class);
        var e = (ThrottlingException) capture.error();
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertFailedWith(capture, ThrottlingException.class);
        assertThat(aws.emulator().journal().last().errorCode()).isEqualTo("ThrottlingException");
    }
}
