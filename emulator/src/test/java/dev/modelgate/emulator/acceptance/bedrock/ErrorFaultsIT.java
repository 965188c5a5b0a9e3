package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Each injected error fault reaches the SDK as its own exception type, status and code. The client makes one
 * attempt per call, so each fault is seen exactly once; model and operation filters pick the calls a fault hits.
 */
class ErrorFaultsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String NOVA = "amazon.nova-lite-v1:0";

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static Throwable invokeHaiku() {
        return catchThrowable(() -> bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi")))));
    }

    private static void assertError(Throwable thrown, Class<? extends AwsServiceException> type, int status,
                                    String message) {
        assertThat(thrown).isExactlyInstanceOf(type);
        AwsServiceException e = (AwsServiceException) thrown;
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type.getSimpleName());
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).as("one attempt").hasSize(1);
    }

    @Test
    void throttling_isAThrottlingException() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.THROTTLING));

        assertError(invokeHaiku(), ThrottlingException.class, 429, "Too many requests, please wait before trying again.");
    }

    @Test
    void serviceUnavailable_isAServiceUnavailableExceptionInBedrocksWords() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.SERVICE_UNAVAILABLE));

        assertError(invokeHaiku(), ServiceUnavailableException.class, 503, "Bedrock is unable to process your request.");
    }

    @Test
    void internalServer_isAnInternalServerException() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.INTERNAL_SERVER));

        assertError(invokeHaiku(), InternalServerException.class, 500,
                "The server encountered an internal error while processing the request.");
    }

    @Test
    void modelTimeout_isAModelTimeoutException() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_TIMEOUT));

        assertError(invokeHaiku(), ModelTimeoutException.class, 408,
                "Model has timed out in processing the request. Try your request again.");
    }

    @Test
    void modelNotReady_isAModelNotReadyException() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_NOT_READY));

        assertError(invokeHaiku(), ModelNotReadyException.class, 429,
                "Model is not ready for inference. Wait and try your request again.");
    }

    @Test
    void modelError_isAModelErrorException() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_ERROR));

        assertError(invokeHaiku(), ModelErrorException.class, 424,
                "The request failed due to an error while processing the model.");
    }

    @Test
    void faultForOneModel_doesNotHitAnother() {
        aws.emulator().faults().enqueue(new Fault(FaultKind.INTERNAL_SERVER, 1, NOVA, null, 0, null));

        bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));
        Throwable thrown = catchThrowable(
                () -> bedrock.invokeModel(r -> r.modelId(NOVA).body(utf8(NativeBodies.nova("Hi")))));

        assertThat(thrown).isExactlyInstanceOf(InternalServerException.class);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel"))
                .extracting(RecordedRequest::modelId, RecordedRequest::status)
                .containsExactly(tuple(HAIKU, 200), tuple(NOVA, 500));
    }

    @Test
    void faultForConverse_doesNotHitInvokeModel() {
        aws.emulator().faults().enqueue(new Fault(FaultKind.SERVICE_UNAVAILABLE, 1, null, "Converse", 0, null));

        bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));
        Throwable thrown = catchThrowable(() -> bedrock.converse(r -> r.modelId(HAIKU)
                .messages(m -> m.role("user").content(c -> c.text("Hi")))));

        assertThat(thrown).isExactlyInstanceOf(ServiceUnavailableException.class);
        assertThat(aws.emulator().faults().queued()).isEmpty();
        assertThat(aws.emulator().journal().all()).extracting(RecordedRequest::operation, RecordedRequest::status)
                .containsExactly(tuple("InvokeModel", 200), tuple("Converse", 503));
    }
}
