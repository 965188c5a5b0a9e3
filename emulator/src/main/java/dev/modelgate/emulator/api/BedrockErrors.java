package dev.modelgate.emulator.api;

import dev.modelgate.emulator.http.Reply;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bedrock's rest-json error answers: {@code {"message": ...}} with {@code x-amzn-ErrorType}. */
public final class BedrockErrors {

    private static final String NAMESPACE = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    private BedrockErrors() {
    }

    /** An error answer as Bedrock sends it. */
    public static Reply error(int status, String errorType, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", errorType + NAMESPACE);
        String body = "{\"message\":" + jsonString(message) + "}";
        return new Reply.Full(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON text of a string, quoted and escaped. */
    public static String jsonString(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
