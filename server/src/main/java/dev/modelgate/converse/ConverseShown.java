package dev.modelgate.converse;

import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Converse request as Converse's JSON (without the model ID, which is in the path), for the Test to show what was
 * sent. Only the members Modelgate sends are written: messages (text, image, document, toolUse, toolResult blocks),
 * system, inferenceConfig, toolConfig, additionalModelRequestFields.
 */
public final class ConverseShown {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConverseShown() {
    }

    /** The request's body as JSON text. */
    public static String body(ConverseRequest request) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            ObjectNode message = messages.addObject().put("role", m.roleAsString());
            ArrayNode content = message.putArray("content");
            m.content().forEach(b -> block(content.addObject(), b));
        }
        if (request.hasSystem()) {
            ArrayNode system = body.putArray("system");
            for (SystemContentBlock b : request.system()) {
                system.addObject().put("text", b.text());
            }
        }
        if (request.inferenceConfig() != null) {
            var c = request.inferenceConfig();
            ObjectNode config = body.putObject("inferenceConfig");
            if (c.maxTokens() != null) {
                config.put("maxTokens", c.maxTokens());
            }
            if (c.temperature() != null) {
                config.put("temperature", c.temperature());
            }
            if (c.topP() != null) {
                config.put("topP", c.topP());
            }
            if (c.hasStopSequences()) {
                ArrayNode stops = config.putArray("stopSequences");
                c.stopSequences().forEach(stops::add);
            }
        }
        if (request.toolConfig() != null) {
            ObjectNode config = body.putObject("toolConfig");
            ArrayNode tools = config.putArray("tools");
            for (Tool tool : request.toolConfig().tools()) {
                ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", tool.toolSpec().name());
                if (tool.toolSpec().description() != null) {
                    spec.put("description", tool.toolSpec().description());
                }
                spec.putObject("inputSchema").set("json", ConverseJson.json(tool.toolSpec().inputSchema().json()));
            }
            var choice = request.toolConfig().toolChoice();
            if (choice != null) {
                ObjectNode c = config.putObject("toolChoice");
                if (choice.auto() != null) {
                    c.putObject("auto");
                } else if (choice.any() != null) {
                    c.putObject("any");
                } else if (choice.tool() != null) {
                    c.putObject("tool").put("name", choice.tool().name());
                }
            }
        }
        if (request.additionalModelRequestFields() != null) {
            body.set("additionalModelRequestFields", ConverseJson.json(request.additionalModelRequestFields()));
        }
        return JSON.writeValueAsString(body);
    }

    private static void block(ObjectNode out, ContentBlock b) {
        if (b.text() != null) {
            out.put("text", b.text());
        } else if (b.image() != null) {
            image(out.putObject("image"), b.image());
        } else if (b.document() != null) {
            document(out.putObject("document"), b.document());
        } else if (b.toolUse() != null) {
            out.putObject("toolUse").put("toolUseId", b.toolUse().toolUseId()).put("name", b.toolUse().name())
                    .set("input", ConverseJson.json(b.toolUse().input()));
        } else if (b.toolResult() != null) {
            ObjectNode result = out.putObject("toolResult").put("toolUseId", b.toolResult().toolUseId());
            ArrayNode content = result.putArray("content");
            for (ToolResultContentBlock c : b.toolResult().content()) {
                ObjectNode part = content.addObject();
                if (c.text() != null) {
                    part.put("text", c.text());
                } else if (c.json() != null) {
                    part.set("json", ConverseJson.json(c.json()));
                } else if (c.image() != null) {
                    image(part.putObject("image"), c.image());
                } else if (c.document() != null) {
                    document(part.putObject("document"), c.document());
                }
            }
            if (b.toolResult().status() != null) {
                result.put("status", b.toolResult().statusAsString());
            }
        }
    }

    private static void image(ObjectNode out, ImageBlock image) {
        out.put("format", image.formatAsString()).putObject("source")
                .put("bytes", Base64.getEncoder().encodeToString(image.source().bytes().asByteArrayUnsafe()));
    }

    private static void document(ObjectNode out, DocumentBlock document) {
        out.put("format", document.formatAsString()).put("name", document.name()).putObject("source")
                .put("bytes", Base64.getEncoder().encodeToString(document.source().bytes().asByteArrayUnsafe()));
    }

    /** The names of the tools a request offers. */
    public static List<String> toolNames(ConverseRequest request) {
        return request.toolConfig() == null ? List.of()
                : request.toolConfig().tools().stream().map(t -> t.toolSpec().name()).toList();
    }
}
