package dev.modelgate.template;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson's verdict on a template's structure: exactly one JSON value, no duplicate property names, every string and
 * number well-formed. Run at compile time only, over the text {@link TemplateScanner} filled, encoded as the UTF-8
 * bytes a body is sent as (Jackson's byte parser is stricter than its char parser: it refuses an unpaired surrogate
 * escape in a property name).
 */
final class JsonStructure {

    /**
     * Where and why the JSON breaks.
     *
     * @param offset char offset of the offending character in the template
     * @param reason Jackson's reason, in words
     */
    record Break(int offset, String reason) {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonStructure() {
    }

    /** The first place {@code filled} stops being one JSON value, or null when it is one. */
    static Break check(String filled) {
        try (JsonParser parser = MAPPER.createParser(filled.getBytes(StandardCharsets.UTF_8))) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new Break(0, "the template is empty; it must be one JSON value (usually an object)");
            }
            int depth = 0;
            do {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    parser.getString();
                }
            } while (depth > 0 && (token = parser.nextToken()) != null);
            if (parser.nextToken() != null) {
                return new Break(offsetOf(parser.currentTokenLocation(), filled),
                        "unexpected content after the end of the JSON value; a template is exactly one JSON value");
            }
            return null;
        } catch (JacksonException e) {
            return new Break(offsetOf(e.getLocation(), filled), reason(e.getOriginalMessage()));
        }
    }

    /** The char offset in {@code filled} of a byte offset Jackson reports in its UTF-8 encoding. */
    private static int offsetOf(TokenStreamLocation location, String filled) {
        long target = location == null ? -1 : location.getByteOffset();
        long bytes = 0;
        int offset = 0;
        while (offset < filled.length() && bytes < target) {
            char c = filled.charAt(offset);
            boolean pair = Character.isHighSurrogate(c) && offset + 1 < filled.length()
                    && Character.isLowSurrogate(filled.charAt(offset + 1));
            bytes += pair ? 4 : c < 0x80 || Character.isSurrogate(c) ? 1 : c < 0x800 ? 2 : 3;
            offset += pair ? 2 : 1;
        }
        return offset;
    }

    /** Jackson's message without the source-location aside it appends to some messages. */
    private static String reason(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int aside = message.indexOf(" (start marker at");
        return aside < 0 ? message : message.substring(0, aside);
    }
}
