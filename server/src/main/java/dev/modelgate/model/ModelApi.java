package dev.modelgate.model;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.util.List;

/** Which Bedrock API a model is called through. */
public enum ModelApi {
    /** {@code InvokeModel} with the model's request template and output mapping (the default). */
    INVOKE_MODEL,
    /** {@code Converse}: Bedrock's fixed chat shape; no template, no mapping. */
    CONVERSE;

    /**
     * The API a draft names; null (absent) is {@link #INVOKE_MODEL}.
     *
     * @throws InvalidInputException {@code api}: {@code invalid-api}
     */
    public static ModelApi parse(String text) {
        if (text == null) {
            return INVOKE_MODEL;
        }
        for (ModelApi api : values()) {
            if (api.name().equals(text)) {
                return api;
            }
        }
        throw new InvalidInputException(Violation.of("api", "invalid-api", "api must be one of "
                + List.of(values()) + ", got " + Quoted.of(text)));
    }
}
