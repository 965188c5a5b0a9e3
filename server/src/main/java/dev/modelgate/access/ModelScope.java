package dev.modelgate.access;

import dev.modelgate.validation.Violation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The models an API key may call, by the name agents call them by: exact names ({@code haiku}) and globs where
 * {@code *} stands for any run of characters, none included ({@code support-*}). Matching is case-sensitive, as model
 * names are. A key without a scope (null where one is held) may call every model of its workspace.
 *
 * <p>Rules: 1 to {@value #MAX_ENTRIES} entries, each 1 to {@value #MAX_ENTRY} of the characters model names allow
 * ({@code A-Z a-z 0-9 . _ -}, see {@code ModelConfiguration.NAME}) and {@code *}; an entry given twice counts once.
 * Compiled once, when built: {@link #allows} looks names up in a set and walks each glob's literal parts once, so a
 * call costs no regular expression and no backtracking whatever the patterns.
 *
 * <p>Not a record: it keeps its compiled form beside the entries. Equal by its entries.
 */
public final class ModelScope implements Serializable {

    public static final int MAX_ENTRIES = 20;
    public static final int MAX_ENTRY = 100;
    /** The characters of model names ({@code ModelConfiguration.NAME}) and {@code *}. */
    private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9._*-]{1," + MAX_ENTRY + "}");
    /** How entries are kept in one database column: no entry can hold a line break. */
    private static final String STORED_SEPARATOR = "\n";

    private final List<String> entries;
    private final Set<String> exact;
    private final List<Glob> globs;

    private ModelScope(List<String> entries) {
        List<Violation> violations = check(entries, "models");
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.getFirst().message());
        }
        this.entries = List.copyOf(new LinkedHashSet<>(entries));
        this.exact = this.entries.stream().filter(e -> e.indexOf('*') < 0).collect(Collectors.toUnmodifiableSet());
        this.globs = this.entries.stream().filter(e -> e.indexOf('*') >= 0).map(Glob::compile).toList();
    }

    /**
     * The scope of those entries.
     *
     * @throws IllegalArgumentException naming the first rule broken and the value that broke it
     */
    public static ModelScope of(List<String> entries) {
        return new ModelScope(Objects.requireNonNull(entries, "entries"));
    }

    /** The scope as {@link #stored()} wrote it; null (every model) for null. */
    public static ModelScope parse(String stored) {
        return stored == null ? null : of(List.of(stored.split(STORED_SEPARATOR, -1)));
    }

    /**
     * The rules {@code entries} break, each naming {@code field} or {@code field[i]}; empty when they make a scope.
     */
    public static List<Violation> check(List<String> entries, String field) {
        List<Violation> violations = new ArrayList<>();
        if (entries.isEmpty()) {
            violations.add(Violation.of(field, "key-models-empty", field + " must name at least one model or "
                    + "pattern; leave it out for a key that may call every model of the workspace"));
            return violations;
        }
        if (entries.size() > MAX_ENTRIES) {
            violations.add(Violation.of(field, "key-models-size", field + " may hold at most " + MAX_ENTRIES
                    + " names or patterns, got " + entries.size()));
        }
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null || !ENTRY.matcher(entry).matches()) {
                String indexed = field + "[" + i + "]";
                violations.add(Violation.of(indexed, "key-model-pattern", indexed + " must be 1 to " + MAX_ENTRY
                        + " of the characters A-Z a-z 0-9 . _ - and *, got "
                        + (entry == null ? "null" : "\"" + shown(entry) + "\"")));
            }
        }
        return violations;
    }

    /** Whether a key of this scope may call the model agents call {@code modelName}. */
    public boolean allows(String modelName) {
        if (modelName == null) {
            return false;
        }
        if (exact.contains(modelName)) {
            return true;
        }
        for (Glob glob : globs) {
            if (glob.matches(modelName)) {
                return true;
            }
        }
        return false;
    }

    /** The names and patterns, in the order given, each once. */
    public List<String> entries() {
        return entries;
    }

    /** The entries as one column value, one a line; {@link #parse} reads it back. */
    public String stored() {
        return String.join(STORED_SEPARATOR, entries);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelScope scope && entries.equals(scope.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** The entries quoted and comma-separated: {@code "haiku", "support-*"}. */
    @Override
    public String toString() {
        return entries.stream().map(e -> "\"" + e + "\"").collect(Collectors.joining(", "));
    }

    /** A value as a message may show it: control characters escaped, at most 120 characters. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(120).forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 120 ? out + "…" : out.toString();
    }

    /**
     * A pattern with at least one {@code *}, split at them: the name starts with {@code prefix}, ends with
     * {@code suffix}, and holds each of {@code middle} in order between them, none overlapping.
     */
    private record Glob(String prefix, List<String> middle, String suffix) implements Serializable {

        static Glob compile(String pattern) {
            String[] parts = pattern.split("\\*", -1);
            List<String> middle = new ArrayList<>();
            for (int i = 1; i < parts.length - 1; i++) {
                if (!parts[i].isEmpty()) {
                    middle.add(parts[i]);
                }
            }
            return new Glob(parts[0], List.copyOf(middle), parts[parts.length - 1]);
        }

        /** Leftmost matches of the middle parts are as good as any: each leaves the most room to the next. */
        boolean matches(String name) {
            int end = name.length() - suffix.length();
            if (end < prefix.length() || !name.startsWith(prefix) || !name.endsWith(suffix)) {
                return false;
            }
            int at = prefix.length();
            for (String part : middle) {
                int found = name.indexOf(part, at);
                if (found < 0 || found + part.length() > end) {
                    return false;
                }
                at = found + part.length();
            }
            return true;
        }
    }
}
