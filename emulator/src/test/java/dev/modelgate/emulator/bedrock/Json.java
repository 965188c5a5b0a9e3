package dev.modelgate.emulator.bedrock;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test helpers for JSON text. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** Parses JSON written with single quotes for readability ({@code {'a':1}}). */
    static JsonNode parse(String json) {
        return MAPPER.readTree(json.replace('\'', '"'));
    }

    static JsonNode parse(byte[] json) {
        return MAPPER.readTree(json);
    }

    static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
