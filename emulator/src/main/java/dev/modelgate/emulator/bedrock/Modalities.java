package dev.modelgate.emulator.bedrock;

import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Content a model cannot take: {@code image} content to a model whose catalogue input modalities lack IMAGE, a
 * Converse {@code document} to a model without document chat. Bedrock refuses such a request with
 * ValidationException "This model doesn't support the image content block that you provided. Update the content
 * block and try again." (AWS's wording; the document variant follows it) and never answers it.
 */
public final class Modalities {

    private static final List<String> MEDIA_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private Modalities() {
    }

    /**
     * Checks the image and document blocks of a Converse body (messages' content and tool results' content) against
     * the model.
     */
    public static void requireConverse(JsonNode body, FoundationModel model) {
        JsonNode messages = body.get("messages");
        if (messages == null) {
            return;
        }
        for (JsonNode message : messages) {
            for (JsonNode block : message.get("content")) {
                converseBlock(block, model);
                JsonNode result = block.get("toolResult");
                if (result != null) {
                    for (JsonNode item : result.get("content")) {
                        converseBlock(item, model);
                    }
                }
            }
        }
    }

    private static void converseBlock(JsonNode block, FoundationModel model) {
        if (block.has("image") && !model.acceptsImages()) {
            throw unsupported("image");
        }
        if (block.has("document") && !model.documentChat()) {
            throw unsupported("document");
        }
    }

    /**
     * Checks the image content of an InvokeModel body whose family takes images in its native body: Claude's
     * {@code {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "…"}}} blocks (their
     * source validated as Anthropic does) and Nova's {@code {"image": {…}}} blocks.
     */
    public static void requireInvoke(JsonNode body, ModelFamily family, FoundationModel model) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return;
        }
        for (int m = 0; m < messages.size(); m++) {
            JsonNode content = messages.get(m).get("content");
            if (content == null || !content.isArray()) {
                continue;
            }
            for (int b = 0; b < content.size(); b++) {
                JsonNode block = content.get(b);
                boolean image = family == ModelFamily.ANTHROPIC_CLAUDE
                        ? "image".equals(FamilySupport.text(block.get("type")))
                        : family == ModelFamily.AMAZON_NOVA && block.has("image");
                if (!image) {
                    continue;
                }
                if (family == ModelFamily.ANTHROPIC_CLAUDE) {
                    claudeImage(block, "messages." + m + ".content." + b + ".image");
                }
                if (!model.acceptsImages()) {
                    throw unsupported("image");
                }
            }
        }
    }

    private static void claudeImage(JsonNode block, String at) {
        JsonNode source = block.get("source");
        if (source == null || !source.isObject()) {
            throw BedrockException.validation(at + ".source: Field required");
        }
        if (!"base64".equals(FamilySupport.text(source.get("type")))) {
            throw BedrockException.validation(at + ".source.type: Input should be 'base64'");
        }
        if (!MEDIA_TYPES.contains(FamilySupport.text(source.get("media_type")))) {
            throw BedrockException.validation(at + ".source.base64.media_type: Input should be 'image/jpeg',"
                    + " 'image/png', 'image/gif' or 'image/webp'");
        }
        String data = FamilySupport.text(source.get("data"));
        boolean valid = !data.isEmpty();
        try {
            Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw BedrockException.validation(at + ".source.base64.data: The image data is not valid base64.");
        }
    }

    private static BedrockException unsupported(String block) {
        return BedrockException.validation("This model doesn't support the " + block + " content block that you"
                + " provided. Update the content block and try again.");
    }
}
