package dev.modelgate.emulator.iam;

/**
 * A policy document that cannot be parsed or breaks IAM's grammar: a missing {@code Effect}, no
 * {@code Action}, an unsupported condition operator, a principal in an identity policy, and so on.
 * STS answers it as {@code MalformedPolicyDocument}; the world loader reports it under the path of
 * the document in the world file.
 */
public final class MalformedPolicyException extends RuntimeException {

    private final String path;
    private final String rule;

    /**
     * @param path where in the document, e.g. {@code Statement[0].Effect}; empty for the document itself
     * @param rule what is wrong, e.g. {@code must be "Allow" or "Deny", got "Permit"}
     */
    public MalformedPolicyException(String path, String rule) {
        super(path.isEmpty() ? "policy document " + rule : path + " " + rule);
        this.path = path;
        this.rule = rule;
    }

    /** Where in the document the problem is; empty when it concerns the whole document. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String rule() {
        return rule;
    }
}
