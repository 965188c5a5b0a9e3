package dev.modelgate.invoke;

import dev.modelgate.mapping.MappingReport;
import dev.modelgate.mapping.MappingResult;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one {@link ModelInvoker#invoke} produced: Bedrock's answer and what the model's output mapping read from it.
 * A mapping that failed (a path that matched nothing) is reported here, not thrown: the call itself succeeded.
 *
 * @param call    Bedrock's answer, with its headers and the raw body
 * @param mapping each mapped field's value or failure
 */
public record ModelInvocation(BedrockCall call, MappingReport mapping) {

    public ModelInvocation {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(mapping, "mapping");
    }

    /** The mapped input token count, or else Bedrock's {@code X-Amzn-Bedrock-Input-Token-Count} header. */
    public OptionalLong inputTokens() {
        return mapping.inputTokens() instanceof MappingResult.Mapped<Long> m ? OptionalLong.of(m.value())
                : call.inputTokens();
    }

    /** The mapped output token count, or else Bedrock's {@code X-Amzn-Bedrock-Output-Token-Count} header. */
    public OptionalLong outputTokens() {
        return mapping.outputTokens() instanceof MappingResult.Mapped<Long> m ? OptionalLong.of(m.value())
                : call.outputTokens();
    }
}
