package dev.modelgate.testrun;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Test run's answer as the JSON its record keeps, at most a given number of characters. Over it, the parts that
 * can be large are cut, each marked: the request and response bodies of the INVOKE stage ({@code "bodyTruncated":
 * true, "bodyLength": <characters before the cut>}) and mapped values ({@code "valueTruncated": true}); the answer
 * then carries {@code "truncated": true}. If even that is too long, only the summary is kept, without stages.
 */
final class RecordedAnswers {

    /** Characters of a body kept in a cut answer. */
    static final int BODY_CHARS = 32_768;
    /** Characters of a mapped string value kept in a cut answer. */
    static final int VALUE_CHARS = 4_096;

    private RecordedAnswers() {
    }

    static String write(JsonMapper json, TestRun run, int maxChars) {
        ObjectNode answer = json.valueToTree(run);
        String text = json.writeValueAsString(answer);
        if (text.length() <= maxChars) {
            return text;
        }
        answer.put("truncated", true);
        for (JsonNode stage : answer.path("stages")) {
            cutBody(stage.get("request"));
            cutBody(stage.get("response"));
            for (JsonNode field : stage.path("fields")) {
                JsonNode value = field.get("value");
                if (value != null && value.isString() && value.stringValue().length() > VALUE_CHARS) {
                    ((ObjectNode) field).put("value", cut(value.stringValue(), VALUE_CHARS))
                            .put("valueTruncated", true);
                }
            }
        }
        text = json.writeValueAsString(answer);
        if (text.length() <= maxChars) {
            return text;
        }
        answer.remove("stages");
        answer.putArray("stages");
        return json.writeValueAsString(answer);
    }

    private static void cutBody(JsonNode part) {
        if (part instanceof ObjectNode object && object.path("body").isString()) {
            String body = object.get("body").stringValue();
            if (body.length() > BODY_CHARS) {
                object.put("body", cut(body, BODY_CHARS)).put("bodyTruncated", true).put("bodyLength", body.length());
            }
        }
    }

    /** The first {@code chars} characters, one fewer rather than half a surrogate pair. */
    private static String cut(String text, int chars) {
        int end = Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars;
        return text.substring(0, end);
    }
}
