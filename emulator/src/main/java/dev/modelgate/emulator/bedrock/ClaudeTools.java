package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Tool use in Claude's Messages API through InvokeModel: {@code tools} ({@code name}, {@code input_schema}),
 * {@code tool_choice} ({@code auto} | {@code any} | {@code tool} with {@code name} | {@code none}), {@code tool_use}
 * blocks in assistant turns and {@code tool_result} blocks in user turns. The emulated model follows the same rule
 * as Converse ({@link ConverseTools}): a forced choice always calls; else tool results are answered with
 * {@code The tool <name> returned: <content>}; else a tool named in the last user text is called; {@code none}
 * never calls.
 */
final class ClaudeTools {

    private ClaudeTools() {
    }

    /**
     * Anthropic's pairing rules, in its words: every {@code tool_result} answers a {@code tool_use} of the previous
     * message, and every {@code tool_use} is answered in the next message.
     */
    static void conversationRules(JsonNode messages) {
        for (int i = 0; i < messages.size(); i++) {
            List<String> results = ids(messages.get(i), "tool_result", "tool_use_id");
            List<String> previousUses = i == 0 ? List.of() : ids(messages.get(i - 1), "tool_use", "id");
            List<String> unexpected = results.stream().filter(id -> !previousUses.contains(id)).toList();
            if (!unexpected.isEmpty()) {
                throw BedrockException.validation("messages." + i + ".content.0: unexpected `tool_use_id` found in"
                        + " `tool_result` blocks: " + String.join(", ", unexpected) + ". Each `tool_result` block"
                        + " must have a corresponding `tool_use` block in the previous message.");
            }
            if (i + 1 < messages.size()) {
                List<String> uses = ids(messages.get(i), "tool_use", "id");
                List<String> answered = ids(messages.get(i + 1), "tool_result", "tool_use_id");
                List<String> missing = uses.stream().filter(id -> !answered.contains(id)).toList();
                if (!missing.isEmpty()) {
                    throw BedrockException.validation("messages." + i + ": `tool_use` ids were found without"
                            + " `tool_result` blocks immediately after: " + String.join(", ", missing) + ". Each"
                            + " `tool_use` block must have a corresponding `tool_result` block in the next message.");
                }
            }
        }
    }

    private static List<String> ids(JsonNode message, String type, String idField) {
        List<String> ids = new ArrayList<>();
        JsonNode content = message.get("content");
        if (content != null && content.isArray()) {
            for (JsonNode block : content) {
                if (type.equals(FamilySupport.text(block.get("type")))) {
                    ids.add(FamilySupport.text(block.get(idField)));
                }
            }
        }
        return ids;
    }

    /**
     * The generation for a Messages body with {@code tools}: a tool call, the answer to tool results, or null when
     * the model answers the usual text.
     *
     * @param generate the family's generation of a given reply text (cut by stop sequences and max_tokens)
     */
    static Generation answer(JsonNode body, Prompt prompt, java.util.function.Function<String, Generation> generate) {
        JsonNode messages = body.get("messages");
        conversationRules(messages);
        List<ConverseTools.Tool> tools = new ArrayList<>();
        JsonNode declared = body.get("tools");
        if (declared != null) {
            for (JsonNode tool : declared) {
                tools.add(new ConverseTools.Tool(tool.get("name").stringValue(), tool.get("input_schema")));
            }
        }
        JsonNode choice = body.get("tool_choice");
        String type = choice == null ? "auto" : choice.get("type").stringValue();
        JsonNode last = messages.get(messages.size() - 1);
        String userText = "user".equals(last.get("role").stringValue())
                ? ClaudeCodec.contentText(last.get("content")) : "";
        ConverseTools.Tool chosen = null;
        if (!tools.isEmpty() && type.equals("any")) {
            chosen = tools.getFirst();
        } else if (!tools.isEmpty() && type.equals("tool")) {
            String name = choice.hasNonNull("name") ? choice.get("name").stringValue() : null;
            chosen = tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                    BedrockException.validation("tool_choice.name: the tool " + name + " is not among the tools"
                            + " provided."));
        } else {
            String results = resultsText(messages);
            if (results != null) {
                return generate.apply(results);
            }
            if (!type.equals("none")) {
                String lower = userText.toLowerCase(Locale.ROOT);
                chosen = tools.stream().filter(t -> lower.contains(t.name().toLowerCase(Locale.ROOT))).findFirst()
                        .orElse(null);
            }
        }
        if (chosen == null) {
            return null;
        }
        var input = ConverseTools.input(chosen, userText);
        String id = "toolu_bdrk_01" + FamilySupport.base62(22, chosen.name(), userText,
                FamilySupport.MAPPER.writeValueAsString(messages));
        return new Generation("", prompt.inputTokens(), Math.max(1, Tokens.count(input.toString())), "tool_use",
                null, new Generation.ToolCall(id, chosen.name(), input));
    }

    /** {@code The tool <name> returned: <content>} per {@code tool_result} of the last user message, or null. */
    private static String resultsText(JsonNode messages) {
        if (messages.size() < 2) {
            return null;
        }
        Map<String, String> names = new LinkedHashMap<>();
        JsonNode previous = messages.get(messages.size() - 2).get("content");
        if (previous.isArray()) {
            for (JsonNode block : previous) {
                if ("tool_use".equals(FamilySupport.text(block.get("type")))) {
                    names.put(FamilySupport.text(block.get("id")), FamilySupport.text(block.get("name")));
                }
            }
        }
        JsonNode content = messages.get(messages.size() - 1).get("content");
        List<String> lines = new ArrayList<>();
        if (content.isArray()) {
            for (JsonNode block : content) {
                if (!"tool_result".equals(FamilySupport.text(block.get("type")))) {
                    continue;
                }
                JsonNode result = block.get("content");
                String text = result == null ? "" : result.isString() ? result.stringValue()
                        : ClaudeCodec.contentText(result);
                lines.add("The tool " + names.get(FamilySupport.text(block.get("tool_use_id"))) + " returned: "
                        + text);
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
