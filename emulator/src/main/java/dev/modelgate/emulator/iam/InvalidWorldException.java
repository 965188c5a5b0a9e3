package dev.modelgate.emulator.iam;

/**
 * A world (file or records) that breaks a rule: its message names where and which rule, e.g.
 * {@code accounts[1].roles[0].maxSessionDuration must be between 3600 and 43200, got 60}.
 */
public final class InvalidWorldException extends RuntimeException {

    private final String path;
    private final String rule;

    /**
     * @param path where, relative to the value being checked (e.g. {@code maxSessionDuration}); empty
     *             when the problem concerns the value as a whole
     * @param rule what is wrong, e.g. {@code must be between 3600 and 43200, got 60}
     */
    public InvalidWorldException(String path, String rule) {
        super(path.isEmpty() ? rule : path + " " + rule);
        this.path = path;
        this.rule = rule;
    }

    /** Where the problem is, e.g. {@code accounts[1].roles[0].maxSessionDuration}. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String rule() {
        return rule;
    }

    /** The same problem seen from an enclosing value at {@code prefix}, e.g. {@code accounts[1]}. */
    InvalidWorldException under(String prefix) {
        return new InvalidWorldException(join(prefix, path), rule);
    }

    static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }
}
