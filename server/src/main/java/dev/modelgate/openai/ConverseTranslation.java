package dev.modelgate.openai;

import dev.modelgate.openai.ChatRequest.Image;
import dev.modelgate.openai.ChatRequest.Message;
import dev.modelgate.openai.ChatRequest.Part;
import dev.modelgate.openai.ChatRequest.Text;
import dev.modelgate.openai.ChatRequest.Tool;
import dev.modelgate.openai.ChatRequest.ToolCall;
import dev.modelgate.openai.ChatRequest.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat → a Converse model's invoke body: the JSON {@code ConverseRequests.read} takes ({@code messages},
 * {@code system}, {@code inferenceConfig}, {@code toolConfig}), and the way back from a Converse violation's field
 * to the OpenAI parameter it came from. The mapping, member by member, is in the package documentation.
 */
public final class ConverseTranslation {

    /** The tool a {@code response_format} of type json_object forces. */
    public static final String JSON_OBJECT_TOOL = "json_object";
    /** The description of a structured output tool when the JSON schema gives none. */
    static final String STRUCTURED_OUTPUT_DESCRIPTION = "Give the answer as this tool's input: JSON that follows its "
            + "schema.";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MESSAGE = Pattern.compile("messages\\[(\\d{1,9})\\](.*)", Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile("\\.content\\[(\\d{1,9})\\](.*)", Pattern.DOTALL);
    private static final Pattern SYSTEM = Pattern.compile("system\\[(\\d{1,9})\\].*", Pattern.DOTALL);
    private static final Pattern TOOL = Pattern.compile("toolConfig\\.tools\\[(\\d{1,9})\\](.*)", Pattern.DOTALL);

    private ConverseTranslation() {
    }

    /**
     * What a chat becomes for a Converse model.
     *
     * @param body                 the invoke body
     * @param structuredOutputTool the tool that {@code response_format} json_* forced (its input is the answer: send
     *                             it as the message's content, finish_reason "stop" unless the answer was cut),
     *                             or null
     * @param origins              where each part of the body came from, for {@link #param}
     */
    public record Translated(ObjectNode body, String structuredOutputTool, Origins origins) {

        public Translated(ObjectNode body, String structuredOutputTool) {
            this(body, structuredOutputTool, Origins.NONE);
        }

        /**
         * The OpenAI parameter a Converse violation's field names: {@code messages[3].content[1].image.source.bytes}
         * → {@code messages[5].content}, {@code messages[2].content[0].toolUse.input} →
         * {@code messages[4].tool_calls[0].function.arguments}, {@code system[0].text} →
         * {@code messages[0].content}, {@code inferenceConfig.topP} → {@code top_p},
         * {@code toolConfig.tools[1].toolSpec.name} → {@code tools[1].function.name}; others as they are.
         */
        public String param(String converseField) {
            return origins.param(converseField);
        }
    }

    /**
     * Where the body's parts came from.
     *
     * @param messages  per Converse message, the OpenAI path of its first message ({@code messages[4]})
     * @param blocks    per Converse message, per block, its OpenAI origin: {@code messages[4].content} (a part),
     *                  {@code messages[5].tool_calls[1]} (a tool call) or {@code messages[6]} (a tool message)
     * @param system    per system block, the OpenAI path of its message
     * @param maxTokens the parameter that gave inferenceConfig.maxTokens
     * @param structured whether toolConfig is the structured output tool
     */
    public record Origins(List<String> messages, List<List<String>> blocks, List<String> system, String maxTokens,
                          boolean structured) {

        static final Origins NONE = new Origins(List.of(), List.of(), List.of(), null, false);

        public Origins {
            messages = List.copyOf(messages);
            blocks = blocks.stream().map(List::copyOf).toList();
            system = List.copyOf(system);
        }

        String param(String field) {
            Matcher m = MESSAGE.matcher(field);
            if (m.matches()) {
                int k = Integer.parseInt(m.group(1));
                if (k >= messages.size()) {
                    return "messages";
                }
                String rest = m.group(2);
                Matcher b = BLOCK.matcher(rest);
                if (b.matches() && Integer.parseInt(b.group(1)) < blocks.get(k).size()) {
                    return block(blocks.get(k).get(Integer.parseInt(b.group(1))), b.group(2));
                }
                return messages.get(k) + (rest.equals(".role") ? ".role" : rest.startsWith(".content") ? ".content"
                        : "");
            }
            Matcher s = SYSTEM.matcher(field);
            if (s.matches()) {
                int k = Integer.parseInt(s.group(1));
                return k < system.size() ? system.get(k) + ".content" : "messages";
            }
            if (field.equals("system")) {
                return "messages";
            }
            if (field.startsWith("inferenceConfig.")) {
                String member = field.substring("inferenceConfig.".length());
                if (member.equals("maxTokens")) {
                    return maxTokens != null ? maxTokens : "max_tokens";
                }
                if (member.equals("temperature")) {
                    return "temperature";
                }
                if (member.equals("topP")) {
                    return "top_p";
                }
                if (member.startsWith("stopSequences")) {
                    return "stop";
                }
            }
            if (field.startsWith("toolConfig")) {
                Matcher t = TOOL.matcher(field);
                String tail = t.matches() ? t.group(2) : "";
                if (structured) {
                    return field.startsWith("toolConfig.toolChoice") ? "response_format"
                            : tail.startsWith(".toolSpec.name") ? "response_format.json_schema.name"
                            : tail.startsWith(".toolSpec.description") ? "response_format.json_schema.description"
                            : tail.startsWith(".toolSpec.inputSchema") ? "response_format.json_schema.schema"
                            : "response_format";
                }
                if (field.startsWith("toolConfig.toolChoice")) {
                    return "tool_choice";
                }
                if (!t.matches()) {
                    return "tools";
                }
                String tool = "tools[" + t.group(1) + "]";
                return tool + (tail.startsWith(".toolSpec.name") ? ".function.name"
                        : tail.startsWith(".toolSpec.description") ? ".function.description"
                        : tail.startsWith(".toolSpec.inputSchema") ? ".function.parameters" : "");
            }
            return field;
        }

        private static String block(String origin, String tail) {
            if (origin.endsWith(".content")) {
                return origin;
            }
            if (origin.contains(".tool_calls[")) {
                return origin + (tail.startsWith(".toolUse.toolUseId") ? ".id"
                        : tail.startsWith(".toolUse.name") ? ".function.name"
                        : tail.startsWith(".toolUse.input") ? ".function.arguments" : "");
            }
            return origin + (tail.startsWith(".toolResult.toolUseId") ? ".tool_call_id" : ".content");
        }
    }

    /** Translates a validated chat; never throws for a valid request (Converse's own rules are checked on read). */
    public static Translated translate(ChatRequest request) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = JSON.createArrayNode();
        ArrayNode system = JSON.createArrayNode();
        List<String> messageOrigins = new ArrayList<>();
        List<List<String>> blockOrigins = new ArrayList<>();
        List<String> systemOrigins = new ArrayList<>();
        String previousRole = null;
        ArrayNode content = null;
        boolean toolBlocks = false;
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            String path = "messages[" + i + "]";
            if (message.role().equals("system") || message.role().equals("developer")) {
                String text = message.text();
                if (!text.isBlank()) {
                    system.addObject().put("text", text);
                    systemOrigins.add(path);
                }
                continue;
            }
            String role = message.role().equals("assistant") ? "assistant" : "user";
            if (!role.equals(previousRole)) {
                ObjectNode converse = messages.addObject();
                converse.put("role", role);
                content = converse.putArray("content");
                messageOrigins.add(path);
                blockOrigins.add(new ArrayList<>());
                previousRole = role;
            }
            List<String> origins = blockOrigins.getLast();
            if (message.role().equals("tool")) {
                ObjectNode result = content.addObject().putObject("toolResult");
                result.put("toolUseId", message.toolCallId());
                result.putArray("content").addObject().put("text", message.text());
                origins.add(path);
                toolBlocks = true;
                continue;
            }
            for (Part part : message.content()) {
                if (part instanceof Text text && !text.text().isBlank()) {
                    content.addObject().put("text", text.text());
                    origins.add(path + ".content");
                } else if (part instanceof Image image) {
                    ObjectNode block = content.addObject().putObject("image");
                    block.put("format", image.format());
                    block.putObject("source").put("bytes", image.base64());
                    origins.add(path + ".content");
                }
            }
            for (int j = 0; j < message.toolCalls().size(); j++) {
                ToolCall call = message.toolCalls().get(j);
                ObjectNode use = content.addObject().putObject("toolUse");
                use.put("toolUseId", call.id());
                use.put("name", call.name());
                use.set("input", call.input().deepCopy());
                origins.add(path + ".tool_calls[" + j + "]");
                toolBlocks = true;
            }
        }
        body.set("messages", messages);
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        ObjectNode inference = inferenceConfig(request);
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        String structured = null;
        if (request.responseFormat() != null && request.responseFormat().json()) {
            structured = request.responseFormat().type().equals("json_schema") ? request.responseFormat().name()
                    : JSON_OBJECT_TOOL;
            ObjectNode tools = body.putObject("toolConfig");
            ObjectNode spec = tools.putArray("tools").addObject().putObject("toolSpec");
            spec.put("name", structured);
            spec.put("description", request.responseFormat().description() != null
                    ? request.responseFormat().description() : STRUCTURED_OUTPUT_DESCRIPTION);
            spec.putObject("inputSchema").set("json", request.responseFormat().schema() != null
                    ? request.responseFormat().schema().deepCopy() : JSON.createObjectNode().put("type", "object"));
            tools.putObject("toolChoice").putObject("tool").put("name", structured);
        } else if (!request.tools().isEmpty()) {
            ToolChoice choice = request.toolChoice();
            if (choice == null || !choice.none() || toolBlocks) {
                body.set("toolConfig", toolConfig(request.tools(), choice));
            }
        }
        return new Translated(body, structured, new Origins(messageOrigins, blockOrigins, systemOrigins,
                request.maxTokensParameter(), structured != null));
    }

    private static ObjectNode inferenceConfig(ChatRequest request) {
        ObjectNode inference = JSON.createObjectNode();
        if (request.maxTokens() != null) {
            inference.put("maxTokens", request.maxTokens());
        }
        if (request.temperatureJson() != null) {
            inference.set("temperature", request.temperatureJson().deepCopy());
        }
        if (request.topPJson() != null) {
            inference.set("topP", request.topPJson().deepCopy());
        }
        if (request.stop() != null && !request.stop().isEmpty()) {
            ArrayNode stops = inference.putArray("stopSequences");
            request.stop().forEach(stops::add);
        }
        return inference;
    }

    private static ObjectNode toolConfig(List<Tool> tools, ToolChoice choice) {
        ObjectNode config = JSON.createObjectNode();
        ArrayNode specs = config.putArray("tools");
        for (Tool tool : tools) {
            ObjectNode spec = specs.addObject().putObject("toolSpec");
            spec.put("name", tool.name());
            if (tool.description() != null) {
                spec.put("description", tool.description());
            }
            spec.putObject("inputSchema").set("json", tool.parameters() != null && !tool.parameters().isEmpty()
                    ? tool.parameters().deepCopy()
                    : JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode()));
        }
        if (choice != null && !choice.none()) {
            ObjectNode converse = config.putObject("toolChoice");
            switch (choice.type()) {
                case "auto" -> converse.putObject("auto");
                case "required" -> converse.putObject("any");
                default -> converse.putObject("tool").put("name", choice.name());
            }
        }
        return config;
    }
}
