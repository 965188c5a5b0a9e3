package dev.modelgate.connection;

import java.util.List;
import java.util.Map;

/**
 * Writes policy documents (maps, lists and strings) as JSON the way the IAM console shows them: keys in the given
 * order, {@code "key": value}, 2-space indentation. Written by hand so that the text does not depend on a JSON
 * library's pretty-printer defaults.
 */
final class PolicyJson {

    private PolicyJson() {
    }

    static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0, true);
        return out.toString();
    }

    static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0, false);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth, boolean pretty) {
        switch (value) {
            case String text -> string(text, out);
            case Map<?, ?> map -> {
                out.append('{');
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(i++ == 0 ? "" : ",");
                    newline(out, depth + 1, pretty);
                    string((String) entry.getKey(), out);
                    out.append(pretty ? ": " : ":");
                    write(entry.getValue(), out, depth + 1, pretty);
                }
                newline(out, depth, pretty);
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    newline(out, depth + 1, pretty);
                    write(list.get(i), out, depth + 1, pretty);
                }
                newline(out, depth, pretty);
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a policy value: " + value.getClass().getName());
        }
    }

    private static void newline(StringBuilder out, int depth, boolean pretty) {
        if (pretty) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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
        out.append('"');
    }
}
