package dev.modelgate.emulator.iam;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorldValidationTest {

    private static final String TRUST = "{Statement: {Effect: Allow, Principal: {AWS: \"111111111111\"}, Action: \"sts:AssumeRole\"}}";

    private static String roleWorld(String roleYaml) {
        return """
                accounts:
                  - id: "111111111111"
                  - id: "222222222222"
                    roles:
                      - %s
                """.formatted(roleYaml);
    }

    private static String userWorld(String userYaml) {
        return """
                accounts:
                  - id: "111111111111"
                    users:
                      - %s
                """.formatted(userYaml);
    }

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> WorldLoader.parse(yaml))
                .isInstanceOf(InvalidWorldException.class)
                .hasMessage(message);
    }

    @Test
    void maxSessionDurationBelowAnHour_isRejectedWithPathAndRule() {
        assertRejected(roleWorld("{name: R, maxSessionDuration: 60, trustPolicy: " + TRUST + "}"),
                "accounts[1].roles[0].maxSessionDuration must be between 3600 and 43200, got 60");
    }

    @Test
    void maxSessionDurationAboveTwelveHours_isRejected() {
        assertRejected(roleWorld("{name: R, maxSessionDuration: 43201, trustPolicy: " + TRUST + "}"),
                "accounts[1].roles[0].maxSessionDuration must be between 3600 and 43200, got 43201");
    }

    @Test
    void maxSessionDurationNotANumber_isRejected() {
        assertRejected(roleWorld("{name: R, maxSessionDuration: 1h, trustPolicy: " + TRUST + "}"),
                "accounts[1].roles[0].maxSessionDuration must be a whole number, got \"1h\"");
    }

    @Test
    void unknownKeys_areRejectedNamingKeyAndPath() {
        assertRejected("accounts: []\ndefaults: {}", "has unknown key \"defaults\"; allowed: accounts");
        assertRejected("accounts: [{id: \"111111111111\", user: []}]",
                "accounts[0] has unknown key \"user\"; allowed: id, users, roles, stsDisabledRegions, guardrails");
        assertRejected(userWorld("{name: u, acessKeys: []}"),
                "accounts[0].users[0] has unknown key \"acessKeys\"; allowed: name, path, accessKeys, policies");
        assertRejected(userWorld("{name: u, accessKeys: [{id: AKIAEXAMPLE000000001, secret: s, note: x}]}"),
                "accounts[0].users[0].accessKeys[0] has unknown key \"note\"; allowed: id, secret");
        assertRejected(roleWorld("{name: R, trust: {}}"),
                "accounts[1].roles[0] has unknown key \"trust\"; allowed: name, path, maxSessionDuration, trustPolicy, policies");
    }

    @Test
    void missingAccounts_andEmptyFile_areRejected() {
        assertRejected("{}", "accounts is required");
        assertRejected("", "world file is empty; it needs an \"accounts\" list");
        assertRejected("accounts: {id: x}", "accounts must be a list, got an object");
    }

    @Test
    void invalidYaml_isRejected() {
        assertThatThrownBy(() -> WorldLoader.parse("accounts: [unclosed"))
                .isInstanceOf(InvalidWorldException.class)
                .hasMessageStartingWith("world file is not valid YAML: ");
    }

    @Test
    void duplicateYamlKeys_areRejected() {
        assertThatThrownBy(() -> WorldLoader.parse("accounts: []\naccounts: []"))
                .isInstanceOf(InvalidWorldException.class)
                .hasMessageContaining("Duplicate")
                .hasMessageContaining("accounts");
    }

    @Test
    void accountIds_mustBeTwelveDigitsAndUnique() {
        assertRejected("accounts: [{id: \"12345\"}]", "accounts[0].id must be 12 digits, got \"12345\"");
        assertRejected("accounts: [{id: 12345}]",
                "accounts[0].id must be 12 digits, got 12345 (quote account ids in YAML to keep leading zeros)");
        assertRejected("accounts: [{users: []}]", "accounts[0].id is required");
        assertRejected("accounts: [{id: \"111111111111\"}, {id: \"111111111111\"}]",
                "accounts[1].id duplicates accounts[0].id, got \"111111111111\"");
    }

    @Test
    void accessKeyIds_mustBeUniqueAcrossTheWorld() {
        assertRejected("""
                accounts:
                  - id: "111111111111"
                    users: [{name: a, accessKeys: [{id: AKIASHAREDKEY0000001, secret: s}]}]
                  - id: "222222222222"
                    users: [{name: b, accessKeys: [{id: AKIASHAREDKEY0000001, secret: t}]}]
                """, "accounts[1].users[0].accessKeys[0].id duplicates accounts[0].users[0].accessKeys[0].id, "
                + "got \"AKIASHAREDKEY0000001\"");
    }

    @Test
    void accessKeys_needAnAkiaIdAndASecret() {
        assertRejected(userWorld("{name: u, accessKeys: [{id: ASIATEMPORARY0000001, secret: s}]}"),
                "accounts[0].users[0].accessKeys[0].id must be AKIA followed by 12 to 124 upper-case letters or digits, "
                        + "got \"ASIATEMPORARY0000001\"");
        assertRejected(userWorld("{name: u, accessKeys: [{id: AKIAEXAMPLE000000001}]}"),
                "accounts[0].users[0].accessKeys[0].secret is required");
        assertRejected(userWorld("{name: u, accessKeys: [{id: AKIAEXAMPLE000000001, secret: \"a b\"}]}"),
                "accounts[0].users[0].accessKeys[0].secret must be 1 to 128 characters without whitespace (length 3)");
    }

    @Test
    void namesAndPaths_followIamRules() {
        assertRejected(userWorld("{name: \"bad name\"}"),
                "accounts[0].users[0].name must be 1 to 64 characters of letters, digits and +=,.@_-, got \"bad name\"");
        assertRejected(userWorld("{path: /x/}"), "accounts[0].users[0].name is required");
        assertRejected(userWorld("{name: u, path: team}"),
                "accounts[0].users[0].path must be \"/\" or start and end with \"/\" with printable ASCII between "
                        + "(at most 512 characters), got \"team\"");
        assertRejected("accounts: [{id: \"111111111111\", users: [{name: Bob}, {name: bob}]}]",
                "accounts[0].users[1].name duplicates users[0].name (IAM names ignore case), got \"bob\"");
    }

    @Test
    void roles_needATrustPolicyWithPrincipals() {
        assertRejected(roleWorld("{name: R}"), "accounts[1].roles[0].trustPolicy is required");
        assertRejected(roleWorld("{name: R, trustPolicy: {Statement: {Effect: Allow, Action: \"sts:AssumeRole\"}}}"),
                "accounts[1].roles[0].trustPolicy.Statement must have a Principal or NotPrincipal");
        assertRejected(roleWorld("{name: R, trustPolicy: {Statement: [{Effect: Allow, Principal: \"*\", "
                        + "Action: \"sts:AssumeRole\", Resource: \"*\"}]}}"),
                "accounts[1].roles[0].trustPolicy.Statement[0] must not have a Resource or NotResource "
                        + "(a trust policy's resource is its role)");
    }

    @Test
    void permissionPolicies_mustNotNamePrincipalsAndNeedResources() {
        assertRejected(userWorld("{name: u, policies: [{Statement: [{Effect: Allow, Action: \"s3:*\"}]}]}"),
                "accounts[0].users[0].policies[0].Statement[0] must have a Resource or NotResource");
        assertRejected(userWorld("{name: u, policies: [{Statement: [{Effect: Allow, Principal: \"*\", "
                        + "Action: \"s3:*\", Resource: \"*\"}]}]}"),
                "accounts[0].users[0].policies[0].Statement[0] must not specify a Principal or NotPrincipal "
                        + "(an identity policy applies to its holder)");
    }

    @Test
    void malformedPolicies_areReportedUnderTheirPathInTheFile() {
        assertRejected(userWorld("{name: u, policies: [{Statement: [{Action: \"s3:*\", Resource: \"*\"}]}]}"),
                "accounts[0].users[0].policies[0].Statement[0].Effect is required");
        assertRejected(roleWorld("{name: R, trustPolicy: '{\"Statement\": ['}"),
                "accounts[1].roles[0].trustPolicy is not valid JSON: Unexpected end-of-input: expected close marker "
                        + "for Array (line 1, column 16)");
        assertRejected(roleWorld("{name: R, trustPolicy: " + TRUST.replace("Condition", "X") + ", policies: [42]}"),
                "accounts[1].roles[0].policies[0] must be a policy document (a map, or a JSON string), got number 42");
    }

    @Test
    void stsDisabledRegions_mustBeRegionNames() {
        assertRejected("accounts: [{id: \"111111111111\", stsDisabledRegions: [Mars]}]",
                "accounts[0].stsDisabledRegions must list region names such as us-east-1, got \"Mars\"");
    }

    @Test
    void records_builtInCode_reportRelativePaths() {
        PolicyDocument trust = PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}}");
        Role role = new Role("222222222222", "R", "/", 3600, trust, List.of());

        assertThatThrownBy(() -> new Account("111111111111", List.of(), List.of(role), Set.of()))
                .isInstanceOf(InvalidWorldException.class)
                .hasMessage("roles[0] belongs to account 222222222222, not 111111111111");
        assertThatThrownBy(() -> new Role("222222222222", "R", "/", 60, trust, List.of()))
                .hasMessage("maxSessionDuration must be between 3600 and 43200, got 60");
    }

    @Test
    void guardrails_areCheckedNamingThePath() {
        assertRejected("accounts: [{id: \"111111111111\", guardrails: [{id: Bad-Id, versions: [DRAFT]}]}]",
                "accounts[0].guardrails[0].id must be 12 lowercase letters or digits, got \"Bad-Id\"");
        assertRejected("accounts: [{id: \"111111111111\", guardrails: [{id: abcdefabcdef, versions: [v2]}]}]",
                "accounts[0].guardrails[0].versions[0] must be DRAFT or a number from 1 to 99999999, got \"v2\"");
        assertRejected("accounts: [{id: \"111111111111\", guardrails: [{id: abcdefabcdef, versions: [1, \"1\"]}]}]",
                "accounts[0].guardrails[0].versions[1] duplicates an earlier version, got \"1\"");
        assertRejected("accounts: [{id: \"111111111111\", guardrails: [{id: abcdefabcdef, versions: [DRAFT]},"
                + " {id: abcdefabcdef, versions: [DRAFT]}]}]",
                "accounts[0].guardrails[1].id duplicates guardrails[0].id, got \"abcdefabcdef\"");
    }

    @Test
    void guardrails_loadWithTheirVersionsAndDefaultMessage() {
        World world = WorldLoader.parse("accounts: [{id: \"111111111111\", guardrails: [{id: abcdefabcdef,"
                + " versions: [DRAFT, 3]}]}]");
        Guardrail guardrail = world.account("111111111111").orElseThrow().guardrail("abcdefabcdef").orElseThrow();
        org.assertj.core.api.Assertions.assertThat(guardrail.versions()).containsExactly("DRAFT", "3");
        org.assertj.core.api.Assertions.assertThat(guardrail.blockedMessage())
                .isEqualTo(Guardrail.DEFAULT_BLOCKED_MESSAGE);
        org.assertj.core.api.Assertions.assertThat(guardrail.arn("eu-west-1"))
                .isEqualTo("arn:aws:bedrock:eu-west-1:111111111111:guardrail/abcdefabcdef");
    }
}
