package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.integer;
import static dev.modelgate.emulator.bedrock.BodySchema.number;
import static dev.modelgate.emulator.bedrock.BodySchema.object;
import static dev.modelgate.emulator.bedrock.BodySchema.string;

/**
 * DeepSeek-R1 (PROTOCOL.md §5.8): {@code {"prompt", "temperature", "top_p", "max_tokens", "stop"}} in (temperature
 * and top_p at most 1, max_tokens 1..32768, at most 10 stop sequences), {@code {"choices":[{"text",
 * "stop_reason"}]}} out; stream chunks have the same {@code choices} shape.
 */
final class DeepSeekCodec extends TextListCodec {

    private static final BodySchema BODY = object().required("prompt")
            .property("prompt", string())
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("max_tokens", integer(1, 32768))
            .property("stop", array(string(), 0, 10))
            .closed();

    DeepSeekCodec() {
        super(BODY, "max_tokens", "stop", "<｜User｜>", "<｜Assistant｜>", "choices", 8192);
    }
}
