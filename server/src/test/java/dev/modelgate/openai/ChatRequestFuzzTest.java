package dev.modelgate.openai;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.config.ApiJsonMapper;
import dev.modelgate.converse.ConverseDefaults;
import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.model.ChatRule;
import dev.modelgate.validation.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of chat completions bodies as the server reads them (its configured {@link JsonMapper}).
 * An input is the body. Seeds and reproducers: {@code src/test/resources/dev/modelgate/openai/ChatRequestFuzzTestInputs/read/}.
 *
 * <p>Properties: {@link ChatRequest#read} throws only {@link InvalidInputException}; what it reads translates for a
 * Converse model into a body that {@link ConverseRequests#read} accepts or refuses with {@link InvalidInputException}
 * only, and for a template model into variables or an {@link InvalidInputException}.
 */
class ChatRequestFuzzTest {

    private static final JsonMapper MAPPER = ApiJsonMapper.create();
    private static final ConverseDefaults NO_DEFAULTS = ConverseDefaults.compile(null, List.of());
    private static final ChatRule EVERY_VARIABLE = new ChatRule("prompt", "system.prompt", "messages", "tools",
            "max_tokens", "temperature", "top_p", "stop");

    @FuzzTest(maxDuration = "5m")
    void read(byte[] data) {
        JsonNode body;
        try {
            body = MAPPER.readTree(new String(data, StandardCharsets.UTF_8));
        } catch (JacksonException unreadable) {
            return;
        }
        ChatRequest request;
        try {
            request = ChatRequest.read(body);
        } catch (InvalidInputException refused) {
            return;
        }
        try {
            ConverseRequests.read(ConverseTranslation.translate(request).body(), NO_DEFAULTS, false);
        } catch (InvalidInputException refused) {
            // Converse's own rules
        }
        try {
            TemplateTranslation.variables(request, EVERY_VARIABLE, "m");
        } catch (InvalidInputException refused) {
            // what a template cannot honour
        }
    }
}
