package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.integer;
import static dev.modelgate.emulator.bedrock.BodySchema.number;
import static dev.modelgate.emulator.bedrock.BodySchema.object;
import static dev.modelgate.emulator.bedrock.BodySchema.string;

/**
 * Mistral AI text completion (7B Instruct, Large; PROTOCOL.md §5.5): {@code {"prompt", "max_tokens", "stop",
 * "temperature", "top_p", "top_k"}} in, {@code {"outputs":[{"text","stop_reason"}]}} out; stream chunks have the
 * same {@code outputs} shape.
 */
final class MistralCodec extends TextListCodec {

    private static final BodySchema BODY = object().required("prompt")
            .property("prompt", string())
            .property("max_tokens", integer(1, null))
            .property("stop", array(string(), 0, 10))
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("top_k", integer(1, 200))
            .closed();

    MistralCodec() {
        super(BODY, "max_tokens", "stop", "[INST]", "[/INST]", "outputs", 512);
    }
}
