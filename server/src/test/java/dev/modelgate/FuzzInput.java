package dev.modelgate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fuzz target's raw input read as readable text, so that a seed file shows what it tests: UTF-8 (malformed bytes
 * read as U+FFFD), split into parts at lines that hold only {@value #SEPARATOR}. A seed for a target that takes a
 * Region and a value is {@code us-east-1}, a line break, then the value; a template seed is the variables, a
 * {@code %%} line, the template, a {@code %%} line and the values.
 */
public final class FuzzInput {

    /** The line between two parts. */
    public static final String SEPARATOR = "%%";

    private final List<String> parts;

    private FuzzInput(List<String> parts) {
        this.parts = parts;
    }

    /** The input split into at most {@code maxParts} parts; the last keeps any further separators as text. */
    public static FuzzInput of(byte[] data, int maxParts) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>();
        String delimiter = "\n" + SEPARATOR + "\n";
        int from = 0;
        while (parts.size() < maxParts - 1) {
            int at = text.indexOf(delimiter, from);
            if (at < 0) {
                break;
            }
            parts.add(text.substring(from, at));
            from = at + delimiter.length();
        }
        parts.add(text.substring(from));
        return new FuzzInput(parts);
    }

    /** The input's first line and the rest, as two parts (the rest may be empty or hold more line breaks). */
    public static FuzzInput firstLineAndRest(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return new FuzzInput(newline < 0 ? List.of(text, "") : List.of(text.substring(0, newline), text.substring(newline + 1)));
    }

    /** Part {@code index}, or {@code ""} when the input has fewer parts. */
    public String part(int index) {
        return index < parts.size() ? parts.get(index) : "";
    }

    /**
     * The option whose {@code toString()} is {@code key}, else one chosen by the key's hash, so that every input
     * picks some option and a mutated key still reaches them all.
     */
    public static <T> T pick(String key, List<T> options) {
        for (T option : options) {
            if (option.toString().equals(key)) {
                return option;
            }
        }
        return options.get(Math.floorMod(key.hashCode(), options.size()));
    }
}
