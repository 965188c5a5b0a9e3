package dev.modelgate.emulator.iam;

import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An IAM policy document: identity (permission) policy, role trust policy or STS session policy.
 * Parsed by {@link #parse(JsonNode)} or {@link #parse(String)}, which reject anything IAM would
 * reject and anything the emulator cannot evaluate faithfully (unsupported condition operators).
 *
 * @param version    {@code 2012-10-17}, {@code 2008-10-17}, or null when the document has none
 * @param id         the document's {@code Id}, or null
 * @param statements at least one statement
 * @param json       the document as written, for rendering it back
 */
public record PolicyDocument(String version, String id, List<Statement> statements, JsonNode json) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public PolicyDocument {
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new MalformedPolicyException("Statement", "must not be empty");
        }
        json = Objects.requireNonNull(json, "json").deepCopy();
    }

    /** A copy of the document as written. */
    @Override
    public JsonNode json() {
        return json.deepCopy();
    }

    /**
     * Parses a policy given as a JSON (or YAML-read) tree.
     *
     * @throws MalformedPolicyException naming the offending element and rule
     */
    public static PolicyDocument parse(JsonNode document) {
        return PolicyParser.parse(document);
    }

    /**
     * Parses a policy given as JSON text, as pasted from the AWS console or sent as an STS session policy.
     *
     * @throws MalformedPolicyException if the text is not JSON or not a valid policy
     */
    public static PolicyDocument parse(String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedPolicyException("", "is not valid JSON: " + PolicyParser.describe(e));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new MalformedPolicyException("", "is not valid JSON: it is empty");
        }
        return parse(tree);
    }

    /**
     * Checks the rules for identity and session policies: no {@code Principal}, and a
     * {@code Resource} or {@code NotResource} in every statement.
     *
     * @return this document
     * @throws MalformedPolicyException naming the statement that breaks a rule
     */
    public PolicyDocument requireIdentityPolicy() {
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            if (statement.principals() != null) {
                throw new MalformedPolicyException(statementPath(i),
                        "must not specify a Principal or NotPrincipal (an identity policy applies to its holder)");
            }
            if (statement.resources() == null) {
                throw new MalformedPolicyException(statementPath(i), "must have a Resource or NotResource");
            }
        }
        return this;
    }

    /**
     * Checks the rules for role trust policies: a {@code Principal} or {@code NotPrincipal} in every
     * statement, and no {@code Resource} (the role is the resource).
     *
     * @return this document
     * @throws MalformedPolicyException naming the statement that breaks a rule
     */
    public PolicyDocument requireTrustPolicy() {
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            if (statement.principals() == null) {
                throw new MalformedPolicyException(statementPath(i), "must have a Principal or NotPrincipal");
            }
            if (statement.resources() != null) {
                throw new MalformedPolicyException(statementPath(i),
                        "must not have a Resource or NotResource (a trust policy's resource is its role)");
            }
        }
        return this;
    }

    /** The document as compact JSON text. */
    public String toJsonString() {
        return JSON.writeValueAsString(json);
    }

    private String statementPath(int index) {
        return json.path("Statement").isArray() ? "Statement[" + index + "]" : "Statement";
    }
}
