package dev.modelgate.emulator.bedrock;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a guardrail decided about a request.
 *
 * @param guardrailId    the guardrail's id (not its ARN)
 * @param intervened     whether it blocked the input
 * @param blockedMessage its blocked-input message, answered instead of the model when it intervened
 * @param trace          whether the request asked for the guardrail trace
 */
public record GuardrailVerdict(String guardrailId, boolean intervened, String blockedMessage, boolean trace) {

    /** The word every emulated guardrail's word filter blocks. */
    static final String MATCH = "BLOCKME";

    /**
     * InvokeModel's {@code amazon-bedrock-trace} value: {@code {"guardrail":{"input":{"<id>":{…assessment…}}}}}.
     */
    ObjectNode invokeTrace() {
        ObjectNode trace = FamilySupport.object();
        trace.putObject("guardrail").putObject("input").set(guardrailId, assessment());
        return trace;
    }

    /** Converse's {@code trace} value: {@code {"guardrail":{"inputAssessment":{"<id>":{…assessment…}}}}}. */
    ObjectNode converseTrace() {
        ObjectNode trace = FamilySupport.object();
        trace.putObject("guardrail").putObject("inputAssessment").set(guardrailId, assessment());
        return trace;
    }

    private ObjectNode assessment() {
        ObjectNode assessment = FamilySupport.object();
        if (intervened) {
            assessment.putObject("wordPolicy").putArray("customWords").addObject()
                    .put("match", MATCH).put("action", "BLOCKED");
        }
        return assessment;
    }
}
