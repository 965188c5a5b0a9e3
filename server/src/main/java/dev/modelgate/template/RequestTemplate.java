package dev.modelgate.template;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's Bedrock request body: JSON text with {@code {{name}}} placeholders, compiled once when saved and rendered
 * on every invocation. Immutable and thread-safe; rendering never re-reads the template text.
 *
 * <p>A placeholder is written {@code {{name}}} or {@code {{ name }}} and may stand in two places:
 * <ul>
 *   <li>inside a JSON string ({@code "text": "Hello {{name}}!"}), for any type: the value's text is inserted
 *       JSON-escaped ({@code "}, {@code \}, control characters, U+2028/U+2029 and unpaired surrogates included) and
 *       stays text of that string; for a non-string type its JSON text is inserted ({@code 512}, {@code true},
 *       {@code {\"a\":1}}). An optional variable with no value and no default inserts nothing.</li>
 *   <li>as a whole JSON value ({@code "max_tokens": {{max_tokens}}}, an array element, the whole body): the value as
 *       typed JSON: a quoted string, a number, an integer, {@code true}/{@code false}, or any JSON value re-serialized
 *       compactly. An optional variable with no value and no default inserts {@code null}.</li>
 * </ul>
 * Anywhere else (a property name, next to other tokens) is a {@code placeholder-position} error. Values are never
 * expanded again: a value containing {@code {{x}}} is just text.
 */
public final class RequestTemplate {

    /** The largest template accepted, in bytes of UTF-8 (256 KiB). */
    public static final int MAX_TEMPLATE_BYTES = 256 * 1024;
    /** The most variables a template may declare. */
    public static final int MAX_VARIABLES = 100;
    /**
     * The most placeholders ({@code {{...}}}, well formed or not) a template may hold: compiling, checking and
     * reporting cost grows with each one, and no model's body needs more.
     */
    public static final int MAX_PLACEHOLDERS = 1_000;
    /** The most problems with a template's text reported at once; the rest are counted in one more violation. */
    public static final int MAX_REPORTED_PROBLEMS = 100;
    /** The default limit on a rendered body: Bedrock's InvokeModel limit of 25,000,000 bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 25_000_000;

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final String text;
    private final List<PromptVariable> variables;
    private final List<Placeholder> placeholders;
    private final List<Violation> warnings;
    private final int maxBodyBytes;
    private final byte[][] literals;
    private final int[] slotVariables;
    private final boolean[] slotInString;
    private final int[] standaloneUses;
    private final int[] inStringUses;
    private final long literalBytes;
    private final Object[] defaults;

    RequestTemplate(String text, List<PromptVariable> variables, List<Placeholder> placeholders,
                    List<Violation> warnings, byte[][] literals, int[] slotVariables, boolean[] slotInString,
                    int maxBodyBytes) {
        this.text = text;
        this.variables = List.copyOf(variables);
        this.placeholders = List.copyOf(placeholders);
        this.warnings = List.copyOf(warnings);
        this.literals = literals;
        this.slotVariables = slotVariables;
        this.slotInString = slotInString;
        this.maxBodyBytes = maxBodyBytes;
        this.standaloneUses = new int[variables.size()];
        this.inStringUses = new int[variables.size()];
        for (int i = 0; i < slotVariables.length; i++) {
            (slotInString[i] ? inStringUses : standaloneUses)[slotVariables[i]]++;
        }
        long bytes = 0;
        for (byte[] literal : literals) {
            bytes += literal.length;
        }
        this.literalBytes = bytes;
        this.defaults = RenderValues.defaults(this.variables);
    }

    /**
     * Compiles {@code text} with a body limit of {@link #DEFAULT_MAX_BODY_BYTES}.
     *
     * @see #compile(String, List, int)
     */
    public static RequestTemplate compile(String text, List<PromptVariable> variables) {
        return compile(text, variables, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Checks a template and compiles it into literal byte segments and placeholder slots.
     *
     * <p>Rules, each a {@link Violation} code, all reported at once (field {@code template} with the 1-based line
     * and column, counted in UTF-16 chars, where one applies):
     * <ul>
     *   <li>{@code template-too-large}: over {@link #MAX_TEMPLATE_BYTES}; reported with the variable rules only, the
     *       text is not read further;</li>
     *   <li>{@code too-many-placeholders}: over {@link #MAX_PLACEHOLDERS} <code>{{</code> openers; reported with the
     *       variable rules only, the placeholders are not checked one by one;</li>
     *   <li>{@code too-many-problems}: more than {@link #MAX_REPORTED_PROBLEMS} problems in the text; the first
     *       {@link #MAX_REPORTED_PROBLEMS} are reported, this one counts the rest;</li>
     *   <li>{@code too-many-variables} (over {@link #MAX_VARIABLES}) and {@code duplicate-variable}, on fields
     *       {@code variables} and {@code variables[i].name};</li>
     *   <li>{@code malformed-placeholder}: <code>{{</code> not closed on its line, {@code {{}}},
     *       {@code {{bad name}}};</li>
     *   <li>{@code undeclared-variable}: a placeholder naming no declared variable;</li>
     *   <li>{@code placeholder-position}: a placeholder in or as a property name, or joined to another token;</li>
     *   <li>{@code invalid-json}: the first place the UTF-8 body stops being one JSON value once every placeholder
     *       holds a value, with Jackson's reason (duplicate property names count); also a leading byte order mark
     *       and unpaired surrogates in the text.</li>
     * </ul>
     * Variables declared but never used are returned as {@link #warnings()}.
     *
     * @param text         the body template
     * @param variables    the declared variables, in order (their violations name fields {@code variables[i].name})
     * @param maxBodyBytes the largest body {@link #render} may produce, in bytes
     * @throws InvalidInputException    listing every broken rule
     * @throws IllegalArgumentException when {@code maxBodyBytes} is not positive
     */
    public static RequestTemplate compile(String text, List<PromptVariable> variables, int maxBodyBytes) {
        return TemplateCompiler.compile(text, variables, maxBodyBytes);
    }

    /**
     * Renders the body for one invocation, as UTF-8 JSON that always parses.
     *
     * <p>{@code values} maps variable names to JSON values (as the invocation API parsed them); a name mapped to
     * Java {@code null} counts as absent. Types are checked strictly, as {@link VariableType} describes.
     *
     * @throws InvalidInputException with {@code missing-variable}, {@code wrong-type} and {@code unknown-variable}
     *                               violations (all at once, fields {@code values.<name>}), or {@code body-too-large}
     *                               when the body would pass {@link #maxBodyBytes()}, detected before it is built
     */
    public byte[] render(Map<String, ? extends JsonNode> values) {
        Object[] forms = resolve(values);
        ByteSink sink = ByteSink.exact((int) measure(forms));
        write(forms, sink);
        return sink.toByteArray();
    }

    /**
     * {@link #render}, with the violations named after the request field that carried the values: {@code values.x}
     * becomes {@code <valuesField>.x} (the invoke and Test requests call them {@code variables}).
     */
    public byte[] render(Map<String, ? extends JsonNode> values, String valuesField) {
        try {
            return render(values);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.violations().stream().map(v -> v.field().equals("values")
                    || v.field().startsWith("values.") || v.field().startsWith("values[")
                    ? v.under(valuesField + v.field().substring("values".length())) : v).toList());
        }
    }

    /**
     * Renders the body into {@code out} through a small buffer, without holding the whole body. Checks and errors
     * are those of {@link #render}, and all happen before the first byte is written. {@code out} is flushed, not
     * closed.
     *
     * @return the number of bytes written
     * @throws IOException when {@code out} fails
     */
    public long renderTo(Map<String, ? extends JsonNode> values, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        Object[] forms = resolve(values);
        measure(forms);
        ByteSink sink = ByteSink.draining(out);
        try {
            write(forms, sink);
            sink.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sink.size();
    }

    /**
     * Where the part of a rendered body that {@code pointer} names comes from in this template: its line and column,
     * whether the template writes it or a variable's value fills it, and which variables stand in it. For diagnoses
     * (Bedrock names the offending part of a body by such a pointer); it reads the template text again on each call.
     *
     * @param pointer a JSON pointer (RFC 6901) into a body this template renders: {@code ""} for the whole body,
     *                {@code /messages/0/content}
     * @return the part, or its deepest ancestor the template writes; empty only for a template with no JSON value
     * @throws IllegalArgumentException when {@code pointer} is neither empty nor starts with {@code /}
     */
    public Optional<TemplateLocation> locate(String pointer) {
        return TemplateLocator.locate(text, Objects.requireNonNull(pointer, "pointer"));
    }

    /** The template text as compiled. */
    public String text() {
        return text;
    }

    /** The declared variables, in declaration order. */
    public List<PromptVariable> variables() {
        return variables;
    }

    /** Every placeholder in text order, with where it stands and how it inserts its value. */
    public List<Placeholder> placeholders() {
        return placeholders;
    }

    /** Advice that does not stop a save: {@code unused-variable} for each variable no placeholder uses. */
    public List<Violation> warnings() {
        return warnings;
    }

    /** The largest body {@link #render} produces, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * A value for every variable, for previews and test runs: its test value, else its default, else
     * {@link VariableType#sample()}. {@code render(sampleValues())} renders a preview. A fresh, unmodifiable map in
     * declaration order on each call.
     */
    public Map<String, JsonNode> sampleValues() {
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        for (PromptVariable variable : variables) {
            JsonNode value = variable.testValue() != null ? variable.testValue()
                    : variable.defaultValue() != null ? variable.defaultValue() : variable.type().sample();
            samples.put(variable.name(), value);
        }
        return Collections.unmodifiableMap(samples);
    }

    @Override
    public String toString() {
        return "RequestTemplate[" + placeholders.size() + " placeholders, " + variables.size() + " variables, "
                + literalBytes + " literal bytes]";
    }

    private Object[] resolve(Map<String, ? extends JsonNode> values) {
        return RenderValues.resolve(variables, defaults, Objects.requireNonNull(values, "values"), maxBodyBytes);
    }

    /** The exact length of the body, computed without building it; stops as soon as it passes the limit. */
    private long measure(Object[] forms) {
        long total = literalBytes;
        for (int v = 0; v < forms.length && total <= maxBodyBytes; v++) {
            Object form = forms[v];
            long budget = maxBodyBytes - total;
            if (standaloneUses[v] > 0) {
                long length = form instanceof String s ? 2 + JsonEscapes.escapedLength(s, budget)
                        : form instanceof byte[] json ? json.length : NULL.length;
                total += standaloneUses[v] * length;
            }
            if (inStringUses[v] > 0 && total <= maxBodyBytes) {
                long length = form instanceof String s ? JsonEscapes.escapedLength(s, budget)
                        : form instanceof byte[] json ? JsonEscapes.escapedJsonLength(json) : 0;
                total += inStringUses[v] * length;
            }
        }
        if (total > maxBodyBytes) {
            throw new InvalidInputException(RenderValues.bodyTooLarge(maxBodyBytes));
        }
        return total;
    }

    private void write(Object[] forms, ByteSink sink) {
        for (int i = 0; i < slotVariables.length; i++) {
            sink.write(literals[i]);
            Object form = forms[slotVariables[i]];
            if (slotInString[i]) {
                if (form instanceof String s) {
                    sink.writeEscaped(s);
                } else if (form instanceof byte[] json) {
                    sink.writeEscapedJson(json);
                }
            } else if (form instanceof String s) {
                sink.writeAscii('"');
                sink.writeEscaped(s);
                sink.writeAscii('"');
            } else {
                sink.write(form instanceof byte[] json ? json : NULL);
            }
        }
        sink.write(literals[slotVariables.length]);
    }
}
