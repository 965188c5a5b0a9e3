package dev.modelgate.emulator.iam;

import static dev.modelgate.emulator.iam.Decision.ALLOW;
import static dev.modelgate.emulator.iam.Decision.EXPLICIT_DENY;
import static dev.modelgate.emulator.iam.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustEvaluationTest {

    private static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/platform";
    private static final String ASSUME_ANY_ROLE = "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}";

    static Role role(String account, String name, String trustStatements, String... permissionStatements) {
        PolicyDocument trust = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + trustStatements + "]}");
        List<PolicyDocument> policies = Arrays.stream(permissionStatements)
                .map(s -> PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + s + "]}"))
                .toList();
        return new Role(account, name, "/", 3600, trust, policies);
    }

    static Principal user(String account, String name, String... permissionStatements) {
        List<PolicyDocument> policies = Arrays.stream(permissionStatements)
                .map(s -> PolicyDocument.parse("{\"Statement\":[" + s + "]}"))
                .toList();
        return new Principal.IamUser(new User(account, name, "/", List.of(), policies));
    }

    private static String trusting(String awsPrincipal) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + awsPrincipal + "\"},\"Action\":\"sts:AssumeRole\"}";
    }

    private static Decision trust(String trustStatements, Principal caller) {
        return PolicyEvaluator.evaluateTrust(role("222222222222", "R", trustStatements).trustPolicy(), caller,
                "sts:AssumeRole", Map.of());
    }

    @Test
    void principalForms_matchTheCallersArnAccountOrAnyone() {
        Principal platform = user("111111111111", "platform");

        assertThat(trust(trusting(PLATFORM_ARN), platform)).isEqualTo(ALLOW);
        assertThat(trust(trusting("arn:aws:iam::111111111111:root"), platform)).isEqualTo(ALLOW);
        assertThat(trust(trusting("111111111111"), platform)).isEqualTo(ALLOW);
        assertThat(trust(trusting("*"), platform)).isEqualTo(ALLOW);
        assertThat(trust("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}", platform)).isEqualTo(ALLOW);
        assertThat(trust(trusting("arn:aws:iam::111111111111:user/other"), platform)).isEqualTo(IMPLICIT_DENY);
        assertThat(trust(trusting("arn:aws:iam::333333333333:root"), platform)).isEqualTo(IMPLICIT_DENY);
        assertThat(trust(trusting("333333333333"), platform)).isEqualTo(IMPLICIT_DENY);
        assertThat(trust("{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}",
                platform)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void assumedRoleCallers_matchByTheirRoleArnOrSessionArn() {
        Role first = role("111111111111", "First", trusting("*"));
        Principal session = new Principal.RoleSession(first, "sess", List.of(), null);

        assertThat(trust(trusting("arn:aws:iam::111111111111:role/First"), session)).isEqualTo(ALLOW);
        assertThat(trust(trusting("arn:aws:sts::111111111111:assumed-role/First/sess"), session)).isEqualTo(ALLOW);
        assertThat(trust(trusting("arn:aws:sts::111111111111:assumed-role/First/other"), session)).isEqualTo(IMPLICIT_DENY);
        assertThat(trust(trusting("111111111111"), session)).isEqualTo(ALLOW);
        assertThat(trust(trusting("arn:aws:iam::111111111111:role/Second"), session)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void trustOnlyCoversItsActions() {
        assertThat(PolicyEvaluator.evaluateTrust(role("222222222222", "R", trusting(PLATFORM_ARN)).trustPolicy(),
                user("111111111111", "platform"), "sts:TagSession", Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void notPrincipalDeny_deniesEveryoneElse() {
        String statements = trusting("111111111111") + ",{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + PLATFORM_ARN
                + "\"},\"Action\":\"sts:AssumeRole\"}";

        assertThat(trust(statements, user("111111111111", "platform"))).isEqualTo(ALLOW);
        assertThat(trust(statements, user("111111111111", "intruder"))).isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void externalIdCondition_needsTheExactExternalId() {
        Role role = role("222222222222", "R", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + PLATFORM_ARN
                + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"tenant-42\"}}}");
        Principal platform = user("111111111111", "platform", ASSUME_ANY_ROLE);

        assertThat(PolicyEvaluator.evaluateAssumeRole(platform, role, Map.of("sts:ExternalId", "tenant-42"))).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluateAssumeRole(platform, role, Map.of("sts:ExternalId", "tenant-43")))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluateAssumeRole(platform, role, Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void crossAccount_needsTrustAndIdentityPolicy() {
        Role role = role("222222222222", "R", trusting(PLATFORM_ARN));

        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform", ASSUME_ANY_ROLE), role, Map.of()))
                .isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform"), role, Map.of()))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform",
                "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/Other\"}"),
                role, Map.of())).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "other", ASSUME_ANY_ROLE), role, Map.of()))
                .isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void sameAccountWithTheCallerNamedExplicitly_needsOnlyTheTrustPolicy() {
        Role role = role("111111111111", "R", trusting(PLATFORM_ARN));

        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform"), role, Map.of())).isEqualTo(ALLOW);
    }

    @Test
    void sameAccountTrustingTheAccountRoot_stillNeedsTheIdentityPolicy() {
        Role role = role("111111111111", "R", trusting("arn:aws:iam::111111111111:root"));

        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform"), role, Map.of())).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform", ASSUME_ANY_ROLE), role, Map.of()))
                .isEqualTo(ALLOW);
    }

    @Test
    void identityDeny_winsEvenWhenTrustNamesTheCaller() {
        Role role = role("111111111111", "R", trusting(PLATFORM_ARN));
        Principal denied = user("111111111111", "platform",
                "{\"Effect\":\"Deny\",\"Action\":\"sts:*\",\"Resource\":\"*\"}");

        assertThat(PolicyEvaluator.evaluateAssumeRole(denied, role, Map.of())).isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void trustDeny_winsOverTrustAllow() {
        Role role = role("222222222222", "R", trusting("111111111111") + ",{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
                + PLATFORM_ARN + "\"},\"Action\":\"sts:AssumeRole\"}");

        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform", ASSUME_ANY_ROLE), role, Map.of()))
                .isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void sameAccountSessionTrustedByRoleArn_isLimitedByItsSessionPolicy() {
        Role first = role("111111111111", "First", trusting("*"));
        Role second = role("111111111111", "Second", trusting("arn:aws:iam::111111111111:role/First"));
        PolicyDocument onlyBedrock = PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}}");

        assertThat(PolicyEvaluator.evaluateAssumeRole(new Principal.RoleSession(first, "s1", List.of(), null), second, Map.of()))
                .isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluateAssumeRole(new Principal.RoleSession(first, "s1", List.of(onlyBedrock), null),
                second, Map.of())).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void callerDenial_whenOnlyTheCallersPolicyRefuses_namesThatPolicyType() {
        Role role = role("222222222222", "R", trusting(PLATFORM_ARN));

        assertThat(PolicyEvaluator.assumeRoleCallerDenial(user("111111111111", "platform"), role, Map.of()))
                .contains(" because no identity-based policy allows the sts:AssumeRole action");
        assertThat(PolicyEvaluator.assumeRoleCallerDenial(user("111111111111", "platform", ASSUME_ANY_ROLE,
                "{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/R\"}"),
                role, Map.of())).contains(" with an explicit deny in an identity-based policy");
        assertThat(PolicyEvaluator.assumeRoleCallerDenial(user("111111111111", "platform", ASSUME_ANY_ROLE), role,
                Map.of())).isEmpty();
    }

    @Test
    void callerDenial_whenTheTrustRefusesToo_isEmpty() {
        Role role = role("222222222222", "R", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + PLATFORM_ARN
                + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ws-1\"}}}");

        assertThat(PolicyEvaluator.assumeRoleCallerDenial(user("111111111111", "platform"), role, Map.of())).isEmpty();
        assertThat(PolicyEvaluator.assumeRoleCallerDenial(user("111111111111", "platform"), role,
                Map.of("sts:ExternalId", "ws-1"))).isPresent();
    }

    @Test
    void callerDenial_ofASessionLimitedByItsSessionPolicy_namesTheSessionPolicy() {
        Role first = role("111111111111", "First", trusting("*"), ASSUME_ANY_ROLE);
        Role second = role("222222222222", "Second", trusting("arn:aws:iam::111111111111:role/First"));
        PolicyDocument onlyBedrock = PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}}");

        assertThat(PolicyEvaluator.assumeRoleCallerDenial(new Principal.RoleSession(first, "s1", List.of(onlyBedrock),
                null), second, Map.of())).contains(" because no session policy allows the sts:AssumeRole action");
    }

    @Test
    void callerDenial_sameAccountTrustNamingTheCaller_needsNoIdentityPolicy() {
        Role role = role("111111111111", "R", trusting(PLATFORM_ARN));

        assertThat(PolicyEvaluator.assumeRoleCallerDenial(user("111111111111", "platform"), role, Map.of())).isEmpty();
    }

    @Test
    void callerContextKeys_areAvailableToTrustConditions() {
        Role role = role("222222222222", "R", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalArn\":\"" + PLATFORM_ARN + "\"}}}");

        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "platform", ASSUME_ANY_ROLE), role, Map.of()))
                .isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluateAssumeRole(user("111111111111", "other", ASSUME_ANY_ROLE), role, Map.of()))
                .isEqualTo(IMPLICIT_DENY);
    }
}
