package dev.modelgate.emulator.bedrock;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What Converse takes per model beyond the body's shape: tool use, a forced tool choice, and tool results beside other
 * blocks in one turn. Bedrock refuses a request that asks a model for more with ValidationException, in its own words:
 *
 * <ul>
 *   <li>a {@code toolConfig} to a model without Converse tool use (Titan Text, DeepSeek-R1, Mistral 7B Instruct,
 *       Mixtral 8x7B, Llama 3 8B/70B, the small Llama 3.2 models): "This model doesn't support tool use."</li>
 *   <li>{@code toolChoice} {@code any} to a model other than Claude, Nova and Mistral Large, or {@code tool} to a
 *       model other than Claude and Nova (the service model's {@code SpecificToolChoice}: "Only supported by Anthropic
 *       Claude 3 and Amazon Nova models"): "This model doesn't support the toolConfig.toolChoice.any field. Remove
 *       toolConfig.toolChoice.any and try again." ({@code .tool} likewise);</li>
 *   <li>a message that holds {@code toolResult} blocks and other blocks, to Llama and Mistral models:
 *       "messages.2.content: Conversation blocks and tool result blocks cannot be provided in the same turn."</li>
 * </ul>
 *
 * The checks run in that order, after the body's shape and constraints (so a malformed body is refused as such first).
 */
public final class ConverseFeatures {

    /** Base model IDs, by prefix, that take no {@code toolConfig} in Converse. */
    private static final List<String> NO_TOOL_USE = List.of("amazon.titan-text-", "deepseek.", "mistral.mistral-7b-",
            "mistral.mixtral-", "meta.llama3-8b-", "meta.llama3-70b-", "meta.llama3-2-1b-", "meta.llama3-2-3b-",
            "meta.llama3-2-11b-");
    /** Base model IDs, by prefix, of the one family beyond Claude and Nova that can be made to call some tool. */
    private static final List<String> FORCED_ANY = List.of("mistral.mistral-large-");

    private ConverseFeatures() {
    }

    /** Checks a Converse body, already validated against the shape, against what {@code model} takes. */
    public static void require(JsonNode body, FoundationModel model) {
        JsonNode toolConfig = body.get("toolConfig");
        if (toolConfig != null && !toolConfig.isNull()) {
            if (startsWithAny(model.modelId(), NO_TOOL_USE)) {
                throw BedrockException.validation("This model doesn't support tool use.");
            }
            JsonNode choice = toolConfig.get("toolChoice");
            if (choice != null && !choice.isNull()) {
                String kind = choice.propertyNames().iterator().next();
                if (!kind.equals("auto") && !forcible(model, kind)) {
                    throw BedrockException.validation("This model doesn't support the toolConfig.toolChoice." + kind
                            + " field. Remove toolConfig.toolChoice." + kind + " and try again.");
                }
            }
        }
        if (model.family() == ModelFamily.META_LLAMA || model.family() == ModelFamily.MISTRAL) {
            JsonNode messages = body.get("messages");
            for (int i = 0; i < messages.size(); i++) {
                boolean results = false;
                boolean others = false;
                for (JsonNode block : messages.get(i).get("content")) {
                    results |= block.has("toolResult");
                    others |= !block.has("toolResult");
                }
                if (results && others) {
                    throw BedrockException.validation("messages." + i + ".content: Conversation blocks and tool result"
                            + " blocks cannot be provided in the same turn.");
                }
            }
        }
    }

    /** Whether {@code model} can be made to call a tool by {@code toolChoice} {@code any} or {@code tool}. */
    private static boolean forcible(FoundationModel model, String kind) {
        if (model.family() == ModelFamily.ANTHROPIC_CLAUDE || model.family() == ModelFamily.AMAZON_NOVA) {
            return true;
        }
        return kind.equals("any") && startsWithAny(model.modelId(), FORCED_ANY);
    }

    private static boolean startsWithAny(String modelId, List<String> prefixes) {
        return prefixes.stream().anyMatch(modelId::startsWith);
    }
}
