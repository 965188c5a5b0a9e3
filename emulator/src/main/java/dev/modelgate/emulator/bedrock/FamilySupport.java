package dev.modelgate.emulator.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Helpers the model families share: JSON in and out, deterministic ids, and the emulator's reply. */
final class FamilySupport {

    /** Every reply starts with this, followed by the last user text. */
    static final String REPLY_PREFIX = "Modelgate emulator reply to: ";

    /** Tokens per streamed text piece. */
    static final int TOKENS_PER_PIECE = 3;

    /**
     * Parses request bodies. Decimals become {@link java.math.BigDecimal} so that validation messages print a number
     * the way the request wrote it ({@code 1.50}, as org.json does in AWS's validator).
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FamilySupport() {
    }

    /**
     * Reads a request body as JSON. An empty body, or text that is not JSON at all, is rejected as
     * "Malformed input request: expected a JSON object, found invalid JSON, please reformat your input and try again."
     * (emulator wording: AWS's text for this case is not known).
     */
    static JsonNode readBody(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            throw BedrockException.malformedInput("expected a JSON object, found invalid JSON");
        }
        return node;
    }

    /**
     * Rejects a body with schema violations: "Malformed input request: {violations, concatenated}, please reformat
     * your input and try again." AWS concatenates several violations with nothing between them, e.g.
     * {@code #: required key [message] not found#: extraneous key [prompt] is not permitted} (observed 2024-2025;
     * older responses said "N schema violations found" instead).
     */
    static void check(BodySchema schema, JsonNode body) {
        List<String> violations = schema.violations(body);
        if (!violations.isEmpty()) {
            throw BedrockException.malformedInput(String.join("", violations));
        }
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** SHA-256 of the parts (joined by NUL), as lower-case hex. */
    static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A name-based UUID of the parts: the same parts always give the same UUID. */
    static UUID uuid(String... parts) {
        return UUID.nameUUIDFromBytes(digest(parts).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code length} characters of [0-9A-Za-z] derived from the parts. */
    static String base62(int length, String... parts) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        String hex = digest(parts);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int b = Integer.parseInt(hex.substring((2 * i) % 64, (2 * i) % 64 + 2), 16);
            out.append(alphabet.charAt(b % 62));
        }
        return out.toString();
    }

    /** A stable identity of a generation, for response ids. */
    static String identity(String family, String modelId, Generation g) {
        return g.toolCall() == null
                ? digest(family, modelId, g.text(), Integer.toString(g.inputTokens()), g.stopReason())
                : digest(family, modelId, g.text(), Integer.toString(g.inputTokens()), g.stopReason(),
                        g.toolCall().id());
    }

    /** The text of the {@code amazon-bedrock-invocationMetrics} object. */
    static ObjectNode metrics(InvocationMetrics m) {
        ObjectNode node = object();
        node.put("inputTokenCount", m.inputTokenCount());
        node.put("outputTokenCount", m.outputTokenCount());
        node.put("invocationLatency", m.invocationLatency());
        node.put("firstByteLatency", m.firstByteLatency());
        return node;
    }

    /** The text pieces a stream sends for {@code text}. */
    static List<String> pieces(String text) {
        return Tokens.pieces(text, TOKENS_PER_PIECE);
    }

    /** Pieces with cumulative token counts, for families that report them per chunk. */
    static List<Integer> cumulativeTokens(List<String> pieces) {
        List<Integer> counts = new ArrayList<>(pieces.size());
        int total = 0;
        for (String piece : pieces) {
            total += Tokens.count(piece);
            counts.add(total);
        }
        return counts;
    }

    /** The string value of a text node, or "" when the node is absent or not a string. */
    static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : "";
    }

    /**
     * The last user segment of a raw prompt: the text after the last {@code open} marker up to the next
     * {@code close} marker (or the end), trimmed; the whole prompt trimmed when {@code open} does not occur.
     */
    static String lastSegment(String prompt, String open, String close) {
        int at = prompt.lastIndexOf(open);
        if (at < 0) {
            return prompt.strip();
        }
        String rest = prompt.substring(at + open.length());
        int end = rest.indexOf(close);
        return (end < 0 ? rest : rest.substring(0, end)).strip();
    }

    /** The stop sequences in a string array node, in order; empty when the node is absent. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                if (item.isString()) {
                    out.add(item.stringValue());
                }
            }
        }
        return out;
    }

    /**
     * An int field, or {@code fallback} when absent (validation has already checked the type); values past
     * {@link Integer#MAX_VALUE} saturate.
     */
    static int intOr(JsonNode parent, String field, int fallback) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || !node.isIntegralNumber()) {
            return fallback;
        }
        return node.canConvertToInt() ? node.intValue() : Integer.MAX_VALUE;
    }
}
