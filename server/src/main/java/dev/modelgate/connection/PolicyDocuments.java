package dev.modelgate.connection;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM documents a tenant pastes to let Modelgate call Bedrock in its account: the permission policy of the
 * tenant role, its trust policy (Modelgate's principal, only with the workspace's External ID), and the AWS CLI
 * commands that create the role with both. Pure: no I/O, the same input gives the same text.
 *
 * <p>The permission policy allows its {@linkplain #BEDROCK_ACTIONS actions} on {@code "*"}: the List operations
 * have no resource-level permissions, and which foundation models, inference profiles (cross-Region ones touch
 * several Regions) or imported models a workspace registers is not known when the role is created. A tenant may
 * narrow it afterwards.
 *
 * <p>When models of the role set a guardrail, the permission policy has a second statement allowing
 * {@value #APPLY_GUARDRAIL} on exactly those guardrails: Bedrock checks it on the guardrail's ARN for every call that
 * names one.
 *
 * @param roleName          the tenant role's name, checked with IAM's rule
 * @param trustPrincipalArn the principal the trust policy names (see {@link #trustPrincipal(String)})
 * @param externalId        the workspace's External ID the trust policy requires
 * @param guardrailArns     the guardrails the role's models apply (ARNs, in order, at most
 *                          {@value #MAX_GUARDRAIL_ARNS}); empty when none
 */
public record PolicyDocuments(String roleName, String trustPrincipalArn, ExternalId externalId,
                              List<String> guardrailArns) {

    /** The role name suggested when the tenant does not choose one. */
    public static final String DEFAULT_ROLE_NAME = "ModelgateBedrockAccess";
    /** The name of the inline permission policy the CLI commands attach. */
    public static final String POLICY_NAME = "ModelgateBedrockAccess";
    /** What Modelgate calls in the tenant account. */
    public static final List<String> BEDROCK_ACTIONS = List.of("bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream", "bedrock:ListFoundationModels", "bedrock:ListInferenceProfiles",
            "bedrock:GetInferenceProfile");

    /** What Bedrock checks on a guardrail's ARN when a call names the guardrail. */
    public static final String APPLY_GUARDRAIL = "bedrock:ApplyGuardrail";
    /** The Sid of the statement allowing {@value #APPLY_GUARDRAIL}. */
    public static final String GUARDRAIL_STATEMENT = "ModelgateApplyGuardrail";
    /** The most guardrail ARNs one policy names (IAM limits an inline role policy to 10,240 characters). */
    public static final int MAX_GUARDRAIL_ARNS = 50;

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1," + RoleArn.MAX_NAME_LENGTH + "}");
    private static final Pattern ASSUMED_ROLE = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):sts::([0-9]{12}):assumed-role/([\\w+=,.@-]+)/[^/]+");

    /**
     * Checks the parts.
     *
     * @throws InvalidInputException (field {@code roleName}, rule {@code role-name}) when {@code roleName} breaks
     *                               IAM's rule: 1 to 64 of letters, digits and {@code _+=,.@-}
     */
    public PolicyDocuments {
        Objects.requireNonNull(trustPrincipalArn, "trustPrincipalArn");
        Objects.requireNonNull(externalId, "externalId");
        guardrailArns = List.copyOf(guardrailArns);
        if (guardrailArns.size() > MAX_GUARDRAIL_ARNS) {
            throw new IllegalArgumentException("a policy names at most " + MAX_GUARDRAIL_ARNS + " guardrails, got "
                    + guardrailArns.size());
        }
        validateRoleName(roleName);
    }

    /** The documents of a role whose models set no guardrail. */
    public PolicyDocuments(String roleName, String trustPrincipalArn, ExternalId externalId) {
        this(roleName, trustPrincipalArn, externalId, List.of());
    }

    /**
     * Checks {@code roleName} with IAM's rule: 1 to 64 of letters, digits and {@code _+=,.@-}.
     *
     * @throws InvalidInputException (field {@code roleName}, rule {@code role-name}) when it breaks the rule
     */
    public static void validateRoleName(String roleName) {
        if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
            throw new InvalidInputException(Violation.of("roleName", "role-name", "role name must be 1 to "
                    + RoleArn.MAX_NAME_LENGTH + " letters, digits and _+=,.@-, got "
                    + Quoted.of(String.valueOf(roleName))));
        }
    }

    /**
     * The principal a trust policy must name for the caller {@code callerArn} (a {@code GetCallerIdentity} ARN).
     * An assumed-role session {@code arn:aws:sts::A:assumed-role/R/S} cannot be a principal; its role
     * {@code arn:aws:iam::A:role/R} is named instead. The session ARN does not carry the role's path, so for a role
     * with a path other than {@code /} the tenant must add it. Any other ARN (a user, a root) is returned as is.
     */
    public static String trustPrincipal(String callerArn) {
        Matcher matcher = ASSUMED_ROLE.matcher(Objects.requireNonNull(callerArn, "callerArn"));
        if (matcher.matches()) {
            return "arn:" + matcher.group(1) + ":iam::" + matcher.group(2) + ":role/" + matcher.group(3);
        }
        return callerArn;
    }

    /** The permission policy, pretty-printed with 2-space indentation. */
    public String permissionPolicy() {
        return PolicyJson.pretty(permission());
    }

    /** The trust policy, pretty-printed with 2-space indentation. */
    public String trustPolicy() {
        return PolicyJson.pretty(trust());
    }

    /**
     * The AWS CLI commands that create the role with the trust policy and attach the permission policy as the
     * inline policy {@value #POLICY_NAME}; each document is on one line inside single quotes, for a POSIX shell.
     */
    public List<String> cli() {
        return List.of(
                "aws iam create-role --role-name " + roleName + " --assume-role-policy-document "
                        + singleQuoted(PolicyJson.compact(trust())),
                "aws iam put-role-policy --role-name " + roleName + " --policy-name " + POLICY_NAME
                        + " --policy-document " + singleQuoted(PolicyJson.compact(permission())));
    }

    /**
     * The AWS CLI command that replaces the role's trust policy with {@link #trustPolicy()} (one line, the document in
     * single quotes, for a POSIX shell).
     */
    public String updateTrustPolicyCommand() {
        return "aws iam update-assume-role-policy --role-name " + roleName + " --policy-document "
                + singleQuoted(PolicyJson.compact(trust()));
    }

    /**
     * A trust policy like {@link #trustPolicy()}, accepting any of {@code externalIds}: during an External ID
     * rotation, the current and the new one, so that the tenant can update its role before the rotation is confirmed
     * and Modelgate switches. One ID is written as a string, several as a list. Pretty-printed.
     */
    public static String trustPolicy(String trustPrincipalArn, List<ExternalId> externalIds) {
        Objects.requireNonNull(trustPrincipalArn, "trustPrincipalArn");
        if (externalIds.isEmpty()) {
            throw new IllegalArgumentException("a trust policy needs at least one External ID");
        }
        List<String> values = externalIds.stream().map(ExternalId::value).toList();
        return PolicyJson.pretty(trust(trustPrincipalArn, values.size() == 1 ? values.getFirst() : values));
    }

    /**
     * A policy of one statement that allows {@code actions} on {@code resources}, pretty-printed as the IAM console
     * shows it: {@code {"Version": "2012-10-17", "Statement": [{"Sid": …, "Effect": "Allow", "Action": …,
     * "Resource": …}]}}. A single action or resource is written as a string, several as a list.
     */
    public static String allowPolicy(String sid, List<String> actions, List<String> resources) {
        return PolicyJson.pretty(allow(sid, actions, resources));
    }

    /**
     * The AWS CLI command that puts {@link #allowPolicy} on the role {@code roleName} as the inline policy
     * {@code policyName} (one line, the document in single quotes, for a POSIX shell).
     */
    public static String putRolePolicyCommand(String roleName, String policyName, String sid, List<String> actions,
                                              List<String> resources) {
        return "aws iam put-role-policy --role-name " + roleName + " --policy-name " + policyName
                + " --policy-document " + singleQuoted(PolicyJson.compact(allow(sid, actions, resources)));
    }

    private static Map<String, Object> allow(String sid, List<String> actions, List<String> resources) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions.size() == 1 ? actions.getFirst() : List.copyOf(actions));
        statement.put("Resource", resources.size() == 1 ? resources.getFirst() : List.copyOf(resources));
        return document(statement);
    }

    private Map<String, Object> permission() {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "ModelgateBedrockAccess");
        statement.put("Effect", "Allow");
        statement.put("Action", BEDROCK_ACTIONS);
        statement.put("Resource", "*");
        if (guardrailArns.isEmpty()) {
            return document(statement);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement, guardrailStatement(guardrailArns)));
        return document;
    }

    /** The statement allowing {@value #APPLY_GUARDRAIL} on {@code arns}. */
    private static Map<String, Object> guardrailStatement(List<String> arns) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", GUARDRAIL_STATEMENT);
        statement.put("Effect", "Allow");
        statement.put("Action", APPLY_GUARDRAIL);
        statement.put("Resource", arns.size() == 1 ? arns.getFirst() : List.copyOf(arns));
        return statement;
    }

    private Map<String, Object> trust() {
        return trust(trustPrincipalArn, externalId.value());
    }

    private static Map<String, Object> trust(String trustPrincipalArn, Object externalIds) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", trustPrincipalArn));
        statement.put("Action", "sts:AssumeRole");
        statement.put("Condition", Map.of("StringEquals", Map.of("sts:ExternalId", externalIds)));
        return document(statement);
    }

    private static Map<String, Object> document(Map<String, Object> statement) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement));
        return document;
    }

    /** {@code text} as one POSIX shell word: inside single quotes, each {@code '} written as {@code '\''}. */
    static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
