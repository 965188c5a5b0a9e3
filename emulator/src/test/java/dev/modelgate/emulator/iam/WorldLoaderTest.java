package dev.modelgate.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldLoaderTest {

    /** The world file shape of the emulator's documentation, verbatim. */
    static final String DOCUMENTED_WORLD = """
            accounts:
              - id: "111111111111"
                users:
                  - name: modelgate-platform
                    accessKeys: [{id: AKIAEXAMPLEPLATFORM1, secret: "..."}]
                    policies: [{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/*"}]}]
              - id: "222222222222"
                roles:
                  - name: ModelgateBedrockAccess
                    maxSessionDuration: 3600
                    trustPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/modelgate-platform"}, Action: "sts:AssumeRole", Condition: {StringEquals: {"sts:ExternalId": "..."}}}]}
                    policies: [{Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:ListFoundationModels"], Resource: "*"}]}]
            """;

    @Test
    void parse_documentedShape_isAcceptedVerbatim() {
        World world = WorldLoader.parse(DOCUMENTED_WORLD);

        assertThat(world.accounts()).extracting(Account::id).containsExactly("111111111111", "222222222222");
        User user = world.accessKey("AKIAEXAMPLEPLATFORM1").orElseThrow().user();
        assertThat(user.arn()).isEqualTo("arn:aws:iam::111111111111:user/modelgate-platform");
        assertThat(user.path()).isEqualTo("/");
        Role role = world.role("arn:aws:iam::222222222222:role/ModelgateBedrockAccess").orElseThrow();
        assertThat(role.maxSessionDuration()).isEqualTo(3600);
        assertThat(role.trustPolicy().statements()).hasSize(1);
        assertThat(role.policies().getFirst().statements().getFirst().actions().values()).hasSize(3);
    }

    @Test
    void parse_policiesAsJsonStrings_areParsedLikeMaps() {
        World world = WorldLoader.parse("""
                accounts:
                  - id: "222222222222"
                    roles:
                      - name: Pasted
                        trustPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}]}'
                        policies: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*"}]}']
                """);

        Role role = world.role("arn:aws:iam::222222222222:role/Pasted").orElseThrow();
        assertThat(role.trustPolicy().statements().getFirst().principals().byType())
                .containsEntry("AWS", List.of("111111111111"));
        assertThat(role.policies().getFirst().statements().getFirst().actions().values()).containsExactly("bedrock:*");
    }

    @Test
    void parse_jsonWorldFile_isAccepted() {
        World world = WorldLoader.parse("""
                {"accounts": [{"id": "333333333333", "stsDisabledRegions": ["ap-east-1"],
                  "users": [{"name": "u", "path": "/team/", "accessKeys": [{"id": "AKIAJSONWORLD0000001", "secret": "s"}]}]}]}
                """);

        Account account = world.account("333333333333").orElseThrow();
        assertThat(account.stsDisabledRegions()).containsExactly("ap-east-1");
        assertThat(account.users().getFirst().arn()).isEqualTo("arn:aws:iam::333333333333:user/team/u");
    }

    @Test
    void parse_unquotedYamlScalarsInPolicies_areReadAsPolicyText() {
        World world = WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    users:
                      - name: u
                        policies:
                          - Version: 2012-10-17
                            Statement:
                              - Effect: Deny
                                Action: "*"
                                Resource: "*"
                                Condition: {Bool: {aws:SecureTransport: false}}
                """);

        PolicyDocument policy = world.accounts().getFirst().users().getFirst().policies().getFirst();
        assertThat(policy.version()).isEqualTo("2012-10-17");
        assertThat(policy.statements().getFirst().conditions().getFirst().values()).containsExactly("false");
    }

    @Test
    void parse_unquotedTwelveDigitAccountId_isAccepted() {
        World world = WorldLoader.parse("accounts: [{id: 444444444444}]");

        assertThat(world.account("444444444444")).isPresent();
    }

    @Test
    void parse_roleWithPath_hasPathInArnButNotInRoleName() {
        World world = WorldLoader.parse("""
                accounts:
                  - id: "222222222222"
                    roles:
                      - name: R
                        path: /service-role/
                        trustPolicy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
                """);

        Role role = world.accounts().getFirst().roles().getFirst();
        assertThat(role.arn()).isEqualTo("arn:aws:iam::222222222222:role/service-role/R");
        assertThat(world.role("arn:aws:iam::222222222222:role/service-role/R")).contains(role);
        assertThat(world.role("arn:aws:iam::222222222222:role/R")).isEmpty();
    }

    @Test
    void load_fromPathAndStream_readTheSameWorld(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("world.yaml");
        Files.writeString(file, DOCUMENTED_WORLD);

        World fromPath = WorldLoader.load(file);
        World fromStream = WorldLoader.load(new ByteArrayInputStream(DOCUMENTED_WORLD.getBytes(StandardCharsets.UTF_8)));

        assertThat(fromPath).isEqualTo(fromStream).isEqualTo(WorldLoader.parse(DOCUMENTED_WORLD));
    }

    @Test
    void ids_areStableAndShapedLikeIam() {
        World first = WorldLoader.parse(DOCUMENTED_WORLD);
        World second = WorldLoader.parse(DOCUMENTED_WORLD);
        User user = first.accounts().getFirst().users().getFirst();
        Role role = first.accounts().get(1).roles().getFirst();

        assertThat(user.userId()).matches("AIDA[A-Z2-7]{17}")
                .isEqualTo(second.accounts().getFirst().users().getFirst().userId());
        assertThat(role.roleId()).matches("AROA[A-Z2-7]{17}")
                .isEqualTo(second.accounts().get(1).roles().getFirst().roleId());
        assertThat(role.roleId()).isNotEqualTo(
                WorldLoader.parse(DOCUMENTED_WORLD.replace("ModelgateBedrockAccess", "Other"))
                        .accounts().get(1).roles().getFirst().roleId());
    }

    @Test
    void toJson_showsArnsIdsSecretsAndPolicies() {
        World world = WorldLoader.parse(DOCUMENTED_WORLD);

        var json = world.toJson();

        var user = json.get("accounts").get(0).get("users").get(0);
        assertThat(user.get("arn").stringValue()).isEqualTo("arn:aws:iam::111111111111:user/modelgate-platform");
        assertThat(user.get("userId").stringValue()).startsWith("AIDA");
        assertThat(user.get("accessKeys").get(0).get("id").stringValue()).isEqualTo("AKIAEXAMPLEPLATFORM1");
        assertThat(user.get("accessKeys").get(0).get("secret").stringValue()).isEqualTo("...");
        var role = json.get("accounts").get(1).get("roles").get(0);
        assertThat(role.get("arn").stringValue()).isEqualTo("arn:aws:iam::222222222222:role/ModelgateBedrockAccess");
        assertThat(role.get("maxSessionDuration").intValue()).isEqualTo(3600);
        assertThat(role.at("/trustPolicy/Statement/0/Condition/StringEquals/sts:ExternalId").stringValue())
                .isEqualTo("...");
        assertThat(role.at("/policies/0/Statement/0/Action/2").stringValue()).isEqualTo("bedrock:ListFoundationModels");
    }

    @Test
    void toString_ofUsersAndKeys_hidesSecrets() {
        World world = WorldLoader.parse(DOCUMENTED_WORLD.replace("secret: \"...\"", "secret: TopSecretValue"));

        assertThat(world.toString()).doesNotContain("TopSecretValue").contains("AKIAEXAMPLEPLATFORM1");
        assertThat(world.accessKey("AKIAEXAMPLEPLATFORM1").orElseThrow().toString()).doesNotContain("TopSecretValue");
    }

    @Test
    void defaultWorld_holdsThePlatformUserTenantRolesAndTenantAdmin() {
        World world = WorldLoader.defaultWorld();

        UserAccessKey platform = world.accessKey("AKIAMODELGATEPLATFRM").orElseThrow();
        assertThat(platform.user().arn()).isEqualTo("arn:aws:iam::111111111111:user/modelgate-platform");
        assertThat(platform.key().secret()).hasSize(40);
        assertThat(world.accessKey("AKIATENANTADMIN00001").orElseThrow().user().arn())
                .isEqualTo("arn:aws:iam::222222222222:user/tenant-admin");
        assertThat(world.account("222222222222").orElseThrow().roles()).extracting(Role::name)
                .containsExactly("ModelgateBedrockAccess", "NoBedrockAccess", "NoExternalIdRole", "TrustsSomeoneElse");
        Principal platformUser = new Principal.IamUser(platform.user());
        for (String action : List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream",
                "bedrock:ListFoundationModels", "bedrock:GetFoundationModel", "bedrock:ListInferenceProfiles",
                "bedrock:GetInferenceProfile")) {
            Role role = world.role("arn:aws:iam::222222222222:role/ModelgateBedrockAccess").orElseThrow();
            assertThat(PolicyEvaluator.evaluate(role.policies(), action, "*", Map.of())).isEqualTo(Decision.ALLOW);
        }
        assertThat(PolicyEvaluator.evaluate(platformUser, "sts:GetCallerIdentity", "*", Map.of()))
                .isEqualTo(Decision.ALLOW);
    }
}
