package dev.modelgate.emulator.bedrock;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Families whose body carries one raw {@code prompt} string in the model's chat template (Llama, Mistral, DeepSeek).
 * The user text is the last user segment of the template; the input tokens are those of the whole prompt.
 */
abstract class RawPromptCodec implements FamilyCodec {

    private final BodySchema schema;
    private final String maxTokensField;
    private final String stopField;
    private final String userOpen;
    private final String userClose;

    /**
     * @param schema         the body schema, requiring {@code prompt}
     * @param maxTokensField the field holding the output budget
     * @param stopField      the field holding stop sequences, or null when the family has none
     * @param userOpen       the template marker opening a user turn
     * @param userClose      the template marker closing it
     */
    RawPromptCodec(BodySchema schema, String maxTokensField, String stopField, String userOpen, String userClose) {
        this.schema = schema;
        this.maxTokensField = maxTokensField;
        this.stopField = stopField;
        this.userOpen = userOpen;
        this.userClose = userClose;
    }

    @Override
    public Prompt parse(JsonNode body, String modelId) {
        FamilySupport.check(schema, body);
        String prompt = body.get("prompt").stringValue();
        List<String> stops = stopField == null ? List.of() : FamilySupport.strings(body.get(stopField));
        return new Prompt("", FamilySupport.lastSegment(prompt, userOpen, userClose),
                FamilySupport.intOr(body, maxTokensField, defaultMaxTokens()), stops,
                Tokens.countInput(List.of(prompt)));
    }

    @Override
    public String endReason() {
        return "stop";
    }

    @Override
    public String maxTokensReason() {
        return "length";
    }

    @Override
    public String stopSequenceReason() {
        return "stop";
    }
}
