package dev.modelgate.emulator.acceptance.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts what an SDK client throws for an error the emulator answered: exact type, code, status and message. */
public final class ServiceErrors {

    private ServiceErrors() {
    }

    /**
     * Runs {@code call} and checks that it throws exactly {@code type} with the AWS error code, HTTP status and
     * message (the service's message, without the SDK's suffix); returns the exception for further checks.
     */
    public static <T extends AwsServiceException> T assertServiceError(ThrowingCallable call, Class<T> type,
                                                                      String code, int status, String message) {
        T error = assertServiceError(call, type, code, status);
        assertThat(error.awsErrorDetails().errorMessage()).as("message").isEqualTo(message);
        return error;
    }

    /** As {@link #assertServiceError(ThrowingCallable, Class, String, int, String)}, the message matching a regex. */
    public static <T extends AwsServiceException> T assertServiceErrorMatching(ThrowingCallable call, Class<T> type,
                                                                              String code, int status, String regex) {
        T error = assertServiceError(call, type, code, status);
        assertThat(error.awsErrorDetails().errorMessage()).as("message").matches(regex);
        return error;
    }

    private static <T extends AwsServiceException> T assertServiceError(ThrowingCallable call, Class<T> type,
                                                                       String code, int status) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("what the call threw").isExactlyInstanceOf(type);
        T error = type.cast(thrown);
        assertThat(error.awsErrorDetails().errorCode()).as("error code").isEqualTo(code);
        assertThat(error.statusCode()).as("HTTP status").isEqualTo(status);
        assertThat(error.requestId()).as("request id").isNotBlank();
        return error;
    }
}
