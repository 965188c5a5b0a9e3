package dev.modelgate.mapping;

/**
 * Where a node sits in a document: a chain of member names and array indexes back to the root. Built only while a
 * caller asks for paths, and rendered to text only on demand.
 */
final class Location {

    static final Location ROOT = new Location(null, null, -1, 0);

    private final Location parent;
    private final String name;
    private final int index;
    private final int depth;

    private Location(Location parent, String name, int index, int depth) {
        this.parent = parent;
        this.name = name;
        this.index = index;
        this.depth = depth;
    }

    Location member(String memberName) {
        return new Location(this, memberName, -1, depth + 1);
    }

    Location element(int elementIndex) {
        return new Location(this, null, elementIndex, depth + 1);
    }

    /** The normalized path of RFC 9535 §2.7: {@code $['content'][0]['text']}. */
    String normalized() {
        return render(false);
    }

    /**
     * The shortest JSONPath spelling: dotted names where RFC 9535 allows the shorthand, brackets otherwise, as in
     * {@code $.content[0].text} or {@code $['amazon-bedrock-invocationMetrics'].inputTokenCount}.
     */
    String shorthand() {
        return render(true);
    }

    private String render(boolean shorthand) {
        Location[] chain = new Location[depth];
        for (Location at = this; at.parent != null; at = at.parent) {
            chain[at.depth - 1] = at;
        }
        StringBuilder out = new StringBuilder(8 + depth * 8).append('$');
        for (Location step : chain) {
            if (step.name == null) {
                out.append('[').append(step.index).append(']');
            } else if (shorthand && isShorthandName(step.name)) {
                out.append('.').append(step.name);
            } else {
                appendQuotedName(out, step.name);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return normalized();
    }

    /** Appends {@code ['name']} with the escaping of a normalized path. */
    static void appendQuotedName(StringBuilder out, String name) {
        out.append("['");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append("']");
    }

    /** Whether {@code name} may be written as {@code .name} (RFC 9535 member-name-shorthand). */
    static boolean isShorthandName(String name) {
        if (name.isEmpty() || !isNameFirst(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isNameFirst(c) || (c >= '0' && c <= '9'))) {
                return false;
            }
            if (Character.isSurrogate(c) && !isPairedSurrogate(name, i)) {
                return false;
            }
        }
        return true;
    }

    /** name-first: ALPHA, "_" or any non-ASCII character (surrogate pairs are checked by the caller). */
    static boolean isNameFirst(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
