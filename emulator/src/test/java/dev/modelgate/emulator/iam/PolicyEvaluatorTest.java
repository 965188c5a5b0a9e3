package dev.modelgate.emulator.iam;

import static dev.modelgate.emulator.iam.Decision.ALLOW;
import static dev.modelgate.emulator.iam.Decision.EXPLICIT_DENY;
import static dev.modelgate.emulator.iam.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    private static final String MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

    private static Decision evaluate(String statements, String action, String resource, Map<String, String> context) {
        PolicyDocument policy = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}");
        return PolicyEvaluator.evaluate(List.of(policy), action, resource, context);
    }

    private static Decision evaluate(String statements, String action, String resource) {
        return evaluate(statements, action, resource, Map.of());
    }

    private static String allow(String action, String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
    }

    @Test
    void noPolicies_isAnImplicitDeny() {
        assertThat(PolicyEvaluator.evaluate(List.of(), "bedrock:InvokeModel", MODEL, Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void actionWildcards_matchCaseInsensitively() {
        assertThat(evaluate(allow("bedrock:*", "*"), "bedrock:InvokeModel", MODEL)).isEqualTo(ALLOW);
        assertThat(evaluate(allow("bedrock:Invoke*", "*"), "bedrock:InvokeModelWithResponseStream", MODEL)).isEqualTo(ALLOW);
        assertThat(evaluate(allow("Bedrock:invokemodel", "*"), "bedrock:InvokeModel", MODEL)).isEqualTo(ALLOW);
        assertThat(evaluate(allow("bedrock:Get?oundationModel", "*"), "bedrock:GetFoundationModel", MODEL)).isEqualTo(ALLOW);
        assertThat(evaluate(allow("*", "*"), "s3:GetObject", "arn:aws:s3:::b/k")).isEqualTo(ALLOW);
        assertThat(evaluate(allow("bedrock:Invoke*", "*"), "bedrock:ListFoundationModels", MODEL)).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(allow("bedrock:InvokeModel", "*"), "bedrock:InvokeModelWithResponseStream", MODEL))
                .isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void resourceWildcards_matchCaseSensitively() {
        assertThat(evaluate(allow("bedrock:*", "arn:aws:bedrock:*::foundation-model/anthropic.*"), "bedrock:InvokeModel", MODEL))
                .isEqualTo(ALLOW);
        assertThat(evaluate(allow("bedrock:*", "arn:aws:bedrock:*::foundation-model/Anthropic.*"), "bedrock:InvokeModel", MODEL))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(allow("bedrock:*", "arn:aws:bedrock:us-east-?::foundation-model/*"), "bedrock:InvokeModel", MODEL))
                .isEqualTo(ALLOW);
        assertThat(evaluate(allow("bedrock:*", "arn:aws:bedrock:eu-*"), "bedrock:InvokeModel", MODEL)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void explicitDeny_winsOverAllow() {
        String statements = "[" + allow("bedrock:*", "*") + ","
                + "{\"Effect\":\"Deny\",\"Action\":\"bedrock:InvokeModel*\",\"Resource\":\"*\"}]";

        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL)).isEqualTo(EXPLICIT_DENY);
        assertThat(evaluate(statements, "bedrock:ListFoundationModels", "*")).isEqualTo(ALLOW);
    }

    @Test
    void denyInAnotherPolicy_winsToo() {
        PolicyDocument allowAll = PolicyDocument.parse("{\"Statement\":" + allow("*", "*") + "}");
        PolicyDocument denyBedrock = PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}}");

        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyBedrock), "bedrock:InvokeModel", MODEL, Map.of()))
                .isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void notAction_allowsEverythingButTheListedActions() {
        String statements = "{\"Effect\":\"Allow\",\"NotAction\":\"bedrock:Invoke*\",\"Resource\":\"*\"}";

        assertThat(evaluate(statements, "bedrock:ListFoundationModels", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void notResource_coversEverythingButTheListedResources() {
        String statements = "{\"Effect\":\"Deny\",\"Action\":\"bedrock:*\",\"NotResource\":\"arn:aws:bedrock:*::foundation-model/amazon.*\"}";
        String both = "[" + allow("bedrock:*", "*") + "," + statements + "]";

        assertThat(evaluate(both, "bedrock:InvokeModel", MODEL)).isEqualTo(EXPLICIT_DENY);
        assertThat(evaluate(both, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0"))
                .isEqualTo(ALLOW);
    }

    @Test
    void stringEquals_needsTheKeyWithAMatchingValue() {
        String statements = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"us-west-2\"]}}}";

        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL, Map.of("aws:RequestedRegion", "us-west-2"))).isEqualTo(ALLOW);
        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL, Map.of("aws:RequestedRegion", "US-WEST-2")))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL, Map.of("aws:RequestedRegion", "eu-west-1")))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL, Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void conditionKeys_matchCaseInsensitively() {
        String statements = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"AWS:requestedregion\":\"us-east-1\"}}}";

        assertThat(evaluate(statements, "bedrock:InvokeModel", MODEL, Map.of("aws:RequestedRegion", "us-east-1"))).isEqualTo(ALLOW);
    }

    @Test
    void stringEqualsIgnoreCase_ignoresCaseOfValues() {
        String statements = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEqualsIgnoreCase\":{\"aws:username\":\"Alice\"}}}";

        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of("aws:username", "ALICE"))).isEqualTo(ALLOW);
    }

    @Test
    void negatedOperators_holdWhenTheKeyIsAbsentOrNoValueMatches() {
        String statements = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalAccount\":[\"111111111111\",\"222222222222\"]}}}";

        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of("aws:PrincipalAccount", "333333333333")))
                .isEqualTo(EXPLICIT_DENY);
        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of())).isEqualTo(EXPLICIT_DENY);
        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of("aws:PrincipalAccount", "222222222222")))
                .isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void stringLikeAndNotLike_useWildcards() {
        String like = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringLike\":{\"aws:userid\":\"AROA*:gw-*\"}}}";
        String notLike = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotLike\":{\"aws:userid\":\"AROA*:gw-*\"}}}";

        assertThat(evaluate(like, "s3:GetObject", "*", Map.of("aws:userid", "AROAEXAMPLE:gw-tenant-42"))).isEqualTo(ALLOW);
        assertThat(evaluate(like, "s3:GetObject", "*", Map.of("aws:userid", "AIDAEXAMPLE"))).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(like, "s3:GetObject", "*", Map.of())).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(notLike, "s3:GetObject", "*", Map.of("aws:userid", "AIDAEXAMPLE"))).isEqualTo(ALLOW);
        assertThat(evaluate(notLike, "s3:GetObject", "*", Map.of("aws:userid", "AROAEXAMPLE:gw-1"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void ifExists_holdsWhenTheKeyIsAbsent() {
        String statements = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEqualsIfExists\":{\"sts:ExternalId\":\"abc\"}}}";

        assertThat(evaluate(statements, "sts:AssumeRole", "*", Map.of())).isEqualTo(ALLOW);
        assertThat(evaluate(statements, "sts:AssumeRole", "*", Map.of("sts:ExternalId", "abc"))).isEqualTo(ALLOW);
        assertThat(evaluate(statements, "sts:AssumeRole", "*", Map.of("sts:ExternalId", "xyz"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void nullOperator_testsPresence() {
        String mustBeAbsent = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Null\":{\"sts:ExternalId\":\"true\"}}}";
        String mustBePresent = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Null\":{\"sts:ExternalId\":false}}}";

        assertThat(evaluate(mustBeAbsent, "sts:AssumeRole", "*", Map.of())).isEqualTo(ALLOW);
        assertThat(evaluate(mustBeAbsent, "sts:AssumeRole", "*", Map.of("sts:ExternalId", "x"))).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(mustBePresent, "sts:AssumeRole", "*", Map.of("sts:ExternalId", "x"))).isEqualTo(ALLOW);
        assertThat(evaluate(mustBePresent, "sts:AssumeRole", "*", Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void bool_comparesTrueAndFalseIgnoringCase() {
        String statements = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":false}}}";

        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of("aws:SecureTransport", "FALSE"))).isEqualTo(EXPLICIT_DENY);
        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of("aws:SecureTransport", "true"))).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(statements, "s3:GetObject", "*", Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void allConditionsOfAStatement_mustHold() {
        String statements = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{"
                + "\"StringEquals\":{\"aws:PrincipalAccount\":\"111111111111\",\"aws:RequestedRegion\":\"us-east-1\"},"
                + "\"StringLike\":{\"aws:userid\":\"AIDA*\"}}}";
        Map<String, String> all = Map.of("aws:PrincipalAccount", "111111111111", "aws:RequestedRegion", "us-east-1",
                "aws:userid", "AIDAEXAMPLE");

        assertThat(evaluate(statements, "s3:GetObject", "*", all)).isEqualTo(ALLOW);
        for (String missing : all.keySet()) {
            Map<String, String> partial = new java.util.HashMap<>(all);
            partial.remove(missing);
            assertThat(evaluate(statements, "s3:GetObject", "*", partial)).as("without %s", missing).isEqualTo(IMPLICIT_DENY);
        }
    }

    @Test
    void principalEvaluation_addsThePrincipalsOwnContextKeys() {
        User user = new User("111111111111", "alice", "/", List.of(), List.of(PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:username\":\"alice\",\"aws:PrincipalAccount\":\"111111111111\"}}}}")));

        assertThat(PolicyEvaluator.evaluate(new Principal.IamUser(user), "s3:GetObject", "*", Map.of())).isEqualTo(ALLOW);
    }

    @Test
    void sessionPolicies_intersectWithTheRolesPolicies() {
        Role role = TrustEvaluationTest.role("222222222222", "R",
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}",
                "{\"Effect\":\"Allow\",\"Action\":[\"bedrock:InvokeModel\",\"bedrock:ListFoundationModels\"],\"Resource\":\"*\"}");
        PolicyDocument sessionPolicy = PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"bedrock:InvokeModel\",\"s3:*\"],\"Resource\":\"*\"}}");
        Principal limited = new Principal.RoleSession(role, "s1", List.of(sessionPolicy), null);
        Principal unlimited = new Principal.RoleSession(role, "s1", List.of(), null);

        assertThat(PolicyEvaluator.evaluate(limited, "bedrock:InvokeModel", MODEL, Map.of())).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluate(limited, "bedrock:ListFoundationModels", "*", Map.of())).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(limited, "s3:GetObject", "*", Map.of())).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(unlimited, "bedrock:ListFoundationModels", "*", Map.of())).isEqualTo(ALLOW);
    }

    @Test
    void denyInASessionPolicy_isAnExplicitDeny() {
        Role role = TrustEvaluationTest.role("222222222222", "R",
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}",
                "{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}");
        PolicyDocument sessionPolicy = PolicyDocument.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"bedrock:InvokeModel\",\"Resource\":\"*\"}]}");

        assertThat(PolicyEvaluator.evaluate(new Principal.RoleSession(role, "s1", List.of(sessionPolicy), null),
                "bedrock:InvokeModel", MODEL, Map.of())).isEqualTo(EXPLICIT_DENY);
    }
}
