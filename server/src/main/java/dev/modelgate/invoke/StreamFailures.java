package dev.modelgate.invoke;

import dev.modelgate.invoke.InvokeException.Kind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Translates what ends a Bedrock event stream badly into an {@link InvokeException}. The stream's exception events
 * ({@code modelStreamErrorException}, {@code throttlingException}, {@code validationException},
 * {@code modelTimeoutException}, {@code serviceUnavailableException}, {@code internalServerException}) arrive as the
 * SDK's exception classes, told apart by class since their codes are spelt in lower camel case; an HTTP error before
 * the stream is translated as {@link BedrockFailures} does for {@code InvokeModel}.
 */
final class StreamFailures {

    private StreamFailures() {
    }

    static InvokeException translate(Throwable error, int attempts) {
        Throwable e = unwrap(error);
        if (e instanceof InvokeException invoke) {
            return invoke;
        }
        if (e instanceof AwsServiceException service) {
            Kind kind = switch (service) {
                case ModelStreamErrorException x -> Kind.MODEL_STREAM_ERROR;
                case ThrottlingException x -> Kind.THROTTLED;
                case ValidationException x -> null; // the message decides, as for InvokeModel
                case ModelTimeoutException x -> Kind.TIMEOUT;
                case ServiceUnavailableException x -> Kind.UNAVAILABLE;
                case InternalServerException x -> Kind.UNAVAILABLE;
                default -> null;
            };
            InvokeException translated = BedrockFailures.translate(service, attempts);
            if (kind == null || kind == translated.kind()) {
                return translated;
            }
            return new InvokeException(kind, translated.detail(), translated.statusCode(),
                    translated.errorCode().orElse(null), translated.requestId().orElse(null), attempts, service);
        }
        if (e instanceof SdkException sdk) {
            return BedrockFailures.translate(sdk, attempts);
        }
        if (e instanceof CancellationException) {
            return new InvokeException(Kind.UNAVAILABLE, "the stream was cancelled", 0, null, null, attempts, e);
        }
        return new InvokeException(Kind.INVALID_RESPONSE, "could not read Bedrock's stream: " + e, 0, null, null,
                attempts, e);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null
                && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }
}
