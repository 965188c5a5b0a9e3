package dev.modelgate.mapping;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * How a workspace's model response maps to output text, token counts and named extra fields, each a JSONPath
 * (RFC 9535) compiled once, when the mapping is saved.
 *
 * <p>On a response:
 * <ul>
 *   <li><b>text</b> (required) must select at least one node. Strings are concatenated in the order selected, with
 *       nothing between them, so {@code $.content[*].text} joins Claude's text blocks; numbers and booleans
 *       contribute their JSON text, nulls nothing. An object or an array fails with {@code not-text}.</li>
 *   <li><b>inputTokens</b>, <b>outputTokens</b> (optional) must select exactly one node ({@code no-match},
 *       {@code multiple-matches}) holding an integral JSON number from 0 to 2^63 - 1
 *       ({@code not-a-non-negative-integer}): {@code 12.0}, {@code "12"} and {@code -1} are rejected, since a model
 *       that sends them is not sending what the path was written for.</li>
 *   <li><b>extras</b> (at most {@value #MAX_EXTRAS}, named like {@code stopReason} or {@code usage.cache_read}):
 *       a singular path ({@code $.stop_reason}) yields the node it selects and must match; any other path
 *       ({@code $.content[*].type}) yields an array of every node selected, possibly empty.</li>
 * </ul>
 * A field that fails names itself ({@code outputMapping.inputTokens}), the rule and the paths the response does
 * contain there ({@link MappingResult.Failed#available()}). Each field's path is evaluated with a fixed
 * {@link EvaluationBudget}; one that runs out fails with {@code mapping-too-costly}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OutputMapping {

    /** The most extra fields a mapping may have. */
    public static final int MAX_EXTRAS = 20;
    /** The longest JSONPath expression accepted, in characters. */
    public static final int MAX_EXPRESSION_LENGTH = 1_000;
    /** The longest extra field name. */
    public static final int MAX_EXTRA_NAME_LENGTH = 64;
    /** The most paths a failure lists as available. */
    public static final int DIAGNOSTIC_PATH_LIMIT = 50;

    private static final Pattern EXTRA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final String FIELD = "outputMapping.";

    private final JsonPath text;
    private final JsonPath inputTokens;
    private final JsonPath outputTokens;
    private final Map<String, JsonPath> extras;
    private final StreamMapping stream;

    private OutputMapping(JsonPath text, JsonPath inputTokens, JsonPath outputTokens, Map<String, JsonPath> extras,
                          StreamMapping stream) {
        this.text = text;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.extras = Collections.unmodifiableMap(extras);
        this.stream = stream;
    }

    /** This mapping with {@code stream} as its stream part (null for none). */
    public OutputMapping withStream(StreamMapping stream) {
        return new OutputMapping(text, inputTokens, outputTokens, extras, stream);
    }

    /** How a streamed answer's chunks map; empty when the model has no stream mapping (and is not streamed). */
    public Optional<StreamMapping> stream() {
        return Optional.ofNullable(stream);
    }

    /**
     * Checks and compiles a mapping.
     *
     * @param text         JSONPath of the output text, required
     * @param inputTokens  JSONPath of the input token count, or null (or blank) for none
     * @param outputTokens JSONPath of the output token count, or null (or blank) for none
     * @param extras       extra field name → JSONPath, in display order; null for none
     * @throws InvalidInputException listing every problem: {@code required}, {@code invalid-jsonpath} (with the
     *                               column), {@code jsonpath-too-costly} (a path that searches the whole
     *                               document in filters nested more than 2 deep, with the column),
     *                               {@code jsonpath-too-long}, {@code invalid-extra-name},
     *                               {@code too-many-extras}; on fields {@code outputMapping.text},
     *                               {@code outputMapping.inputTokens}, {@code outputMapping.outputTokens},
     *                               {@code outputMapping.extras} and {@code outputMapping.extras.<name>}
     */
    public static OutputMapping compile(String text, String inputTokens, String outputTokens, Map<String, String> extras) {
        List<Violation> violations = new ArrayList<>();
        JsonPath textPath = path(FIELD + "text", text, true, violations);
        JsonPath inputPath = path(FIELD + "inputTokens", inputTokens, false, violations);
        JsonPath outputPath = path(FIELD + "outputTokens", outputTokens, false, violations);
        Map<String, String> extraSources = extras == null ? Map.of() : extras;
        if (extraSources.size() > MAX_EXTRAS) {
            violations.add(Violation.of(FIELD + "extras", "too-many-extras",
                    FIELD + "extras may have at most " + MAX_EXTRAS + " fields, got " + extraSources.size()));
        }
        Map<String, JsonPath> extraPaths = new LinkedHashMap<>();
        extraSources.forEach((name, source) -> {
            if (name == null || name.length() > MAX_EXTRA_NAME_LENGTH || !EXTRA_NAME.matcher(name).matches()) {
                violations.add(Violation.of(FIELD + "extras", "invalid-extra-name", FIELD + "extras names must match "
                        + EXTRA_NAME.pattern() + " and have at most " + MAX_EXTRA_NAME_LENGTH + " characters, got "
                        + (name == null ? "null" : "\"" + ResponseShape.shorten(name) + "\"")));
            } else {
                extraPaths.put(name, path(FIELD + "extras." + name, source, true, violations));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new OutputMapping(textPath, inputPath, outputPath, extraPaths, null);
    }

    private static JsonPath path(String field, String source, boolean required, List<Violation> violations) {
        return path(field, source, required, violations, "$.content[0].text");
    }

    /** Compiles one field's path, adding its violations; {@code example} shows a path in the "required" message. */
    static JsonPath path(String field, String source, boolean required, List<Violation> violations, String example) {
        if (source == null || source.isBlank()) {
            if (required) {
                violations.add(Violation.of(field, "required", field + " is required: a JSONPath such as " + example));
            }
            return null;
        }
        if (source.length() > MAX_EXPRESSION_LENGTH) {
            violations.add(Violation.of(field, "jsonpath-too-long", field + " may have at most " + MAX_EXPRESSION_LENGTH
                    + " characters, got " + source.length()));
            return null;
        }
        try {
            return JsonPath.compile(source);
        } catch (InvalidJsonPathException e) {
            violations.add(e.toViolation(field));
            return null;
        }
    }

    /** The text path. */
    public JsonPath text() {
        return text;
    }

    /** The input token count path, if any. */
    public Optional<JsonPath> inputTokens() {
        return Optional.ofNullable(inputTokens);
    }

    /** The output token count path, if any. */
    public Optional<JsonPath> outputTokens() {
        return Optional.ofNullable(outputTokens);
    }

    /** The extra fields' paths by name, in the order given. */
    public Map<String, JsonPath> extras() {
        return extras;
    }

    /** Maps {@code response}, reporting every field's outcome whether or not others fail. */
    public MappingReport evaluate(JsonNode response) {
        Objects.requireNonNull(response, "response");
        Map<String, MappingResult<JsonNode>> extraResults = new LinkedHashMap<>();
        extras.forEach((name, path) -> extraResults.put(name, FieldExtraction.extra(FIELD + "extras." + name, path, response)));
        return new MappingReport(FieldExtraction.text(FIELD + "text", text, response),
                tokenCount("inputTokens", inputTokens, response), tokenCount("outputTokens", outputTokens, response),
                extraResults);
    }

    /**
     * Maps {@code response}.
     *
     * @throws MappingException when any field fails; it carries every field's outcome
     */
    public MappedOutput apply(JsonNode response) {
        return evaluate(response).output();
    }

    private static MappingResult<Long> tokenCount(String name, JsonPath path, JsonNode response) {
        return path == null ? new MappingResult.Unmapped<>(FIELD + name) : FieldExtraction.tokenCount(FIELD + name, path, response);
    }

    /**
     * The paths of the leaves of {@code value} (scalars, empty arrays, empty objects), in document order, at most
     * {@code limit}: {@code $.content[0].type}, {@code $.content[0].text}, {@code $.usage.input_tokens}, ... Each
     * is a JSONPath, written with the dotted shorthand where RFC 9535 allows it, that selects exactly that leaf.
     */
    public static List<String> leafPaths(JsonNode value, int limit) {
        Objects.requireNonNull(value, "value");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        List<String> paths = new ArrayList<>();
        ResponseShape.leafPaths(value, Location.ROOT, limit, paths);
        return paths;
    }

    @Override
    public String toString() {
        return "OutputMapping[text=" + text + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens
                + ", extras=" + extras + ", stream=" + stream + "]";
    }
}
