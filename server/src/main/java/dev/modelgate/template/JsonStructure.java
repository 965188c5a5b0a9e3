package dev.modelgate.template;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson's verdict on a template's structure: exactly one JSON value, no duplicate property names, every string and
 * number well-formed. Run at compile time only, over the text {@link TemplateScanner} filled.
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
        try (JsonParser parser = MAPPER.createParser(filled)) {
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

    private static int offsetOf(TokenStreamLocation location, String filled) {
        long offset = location == null ? -1 : location.getCharOffset();
        return (int) Math.max(0, Math.min(offset, filled.length()));
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
