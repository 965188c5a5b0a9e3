package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import tools.jackson.core.JacksonException;

/**
 * A 200 answer whose body is damaged. InvokeModel hands the raw bytes to the caller, so the SDK call succeeds and the
 * caller finds they are not JSON; Converse is unmarshalled by the SDK, which fails with {@code SdkClientException}.
 */
class BodyFaultsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static String invokeHaiku() {
        InvokeModelResponse response = bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));
        assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
        return response.body().asUtf8String();
    }

    private static Throwable converseHaiku() {
        return catchThrowable(() -> bedrock.converse(r -> r.modelId(HAIKU)
                .messages(m -> m.role("user").content(c -> c.text("Hi")))));
    }

    @Test
    void truncatedBodyOnInvokeModel_reachesTheCallerAsTheFirstHalfOfTheAnswer() {
        String whole = invokeHaiku();
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.TRUNCATED_BODY));

        String truncated = invokeHaiku();

        assertThat(truncated).isNotEmpty().isEqualTo(whole.substring(0, whole.getBytes(StandardCharsets.UTF_8).length / 2));
        assertThat(catchThrowable(() -> BedrockSdk.json(truncated.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void nonJsonBodyOnInvokeModel_reachesTheCallerAsIs() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.NON_JSON_BODY));

        String body = invokeHaiku();

        assertThat(body).startsWith("<html>");
        assertThat(catchThrowable(() -> BedrockSdk.json(body.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void truncatedBodyOnConverse_failsTheSdksUnmarshalling() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.TRUNCATED_BODY));

        Throwable thrown = converseHaiku();

        assertThat(thrown).isInstanceOf(SdkClientException.class).isNotInstanceOf(SdkServiceException.class);
        assertThat(aws.emulator().journal().last().status()).isEqualTo(200);
    }

    @Test
    void nonJsonBodyOnConverse_failsTheSdksUnmarshalling() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.NON_JSON_BODY));

        Throwable thrown = converseHaiku();

        assertThat(thrown).isInstanceOf(SdkClientException.class).isNotInstanceOf(SdkServiceException.class);
        assertThat(aws.emulator().journal().last().status()).isEqualTo(200);
    }
}
