package dev.modelgate.invoke;

import dev.modelgate.mapping.MappingReport;
import dev.modelgate.mapping.MappingResult;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one {@link ModelInvoker#invoke} produced: Bedrock's answer and what the model's output mapping read from it.
 * A mapping that failed (a path that matched nothing) is reported here, not thrown: the call itself succeeded.
 *
 * @param call                Bedrock's answer, with its headers and the raw body
 * @param mapping             each mapped field's value or failure
 * @param guardrailIntervened whether the model's guardrail intervened: the answer carries
 *                            {@code "amazon-bedrock-guardrailAction": "INTERVENED"} and its text is the guardrail's
 *                            blocked message, not the model's
 */
public record ModelInvocation(BedrockCall call, MappingReport mapping, boolean guardrailIntervened) {

    /** Bedrock's member of an InvokeModel answer saying what the guardrail did. */
    public static final String GUARDRAIL_ACTION = "amazon-bedrock-guardrailAction";

    public ModelInvocation {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(mapping, "mapping");
    }

    /** An answer no guardrail intervened in. */
    public ModelInvocation(BedrockCall call, MappingReport mapping) {
        this(call, mapping, false);
    }

    /** Whether {@code document}, an InvokeModel answer, says that a guardrail intervened. */
    public static boolean guardrailIntervened(tools.jackson.databind.JsonNode document) {
        tools.jackson.databind.JsonNode action = document.get(GUARDRAIL_ACTION);
        return action != null && action.isString() && "INTERVENED".equals(action.stringValue());
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
