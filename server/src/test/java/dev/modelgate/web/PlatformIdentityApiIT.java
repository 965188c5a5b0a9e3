package dev.modelgate.web;

import static dev.modelgate.web.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/platform/identity} against the emulator's STS, with Modelgate's credentials found by the SDK's
 * default chain (its system properties, set here before the server starts). The identity is not cached here
 * ({@code identity-ttl} 0), so each request asks STS with the credentials of the moment.
 */
class PlatformIdentityApiIT extends ApiTestBase {

    private static final String PATH = "/api/v1/platform/identity";
    private static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    private static final String KEY_ID = "AKIAMODELGATEPLATFRM";
    private static final String SECRET = "mgPlatformFakeSecretKey00000000000000001";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private String externalId;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
        registry.add("modelgate.platform.identity-ttl", () -> "PT0S");
    }

    @BeforeAll
    static void platformCredentials() {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
    }

    @AfterAll
    static void clearPlatformCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void readExternalId() {
        externalId = workspace().externalId();
    }

    @Test
    void identity_answersThePrincipal_andTheWorkspacesDocuments() {
        PolicyDocuments documents = new PolicyDocuments("ModelgateBedrockAccess", PLATFORM_ARN,
                ExternalId.of(externalId));

        api.get(PATH).assertJson(200, expected("ModelgateBedrockAccess", documents));

        assertThat(aws.emulator().journal().ofOperation("GetCallerIdentity")).singleElement()
                .satisfies(call -> assertThat(call.caller()).isEqualTo(PLATFORM_ARN));
    }

    @Test
    void identity_policiesAreTheDocumentsAsJson() {
        ObjectNode body = (ObjectNode) api.get(PATH).json();

        assertThat(body.get("trustPolicy")).isEqualTo(JSON.readTree("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::111111111111:user/modelgate-platform"},
                  "Action": "sts:AssumeRole",
                  "Condition": {"StringEquals": {"sts:ExternalId": "%s"}}}]}""".formatted(externalId)));
        assertThat(body.get("permissionPolicy").get("Statement").get(0).get("Action").values())
                .extracting(node -> node.stringValue()).containsExactly("bedrock:InvokeModel",
                        "bedrock:InvokeModelWithResponseStream", "bedrock:ListFoundationModels",
                        "bedrock:ListInferenceProfiles", "bedrock:GetInferenceProfile");
    }

    @Test
    void identity_withRoleName_usesItInTheCommands() {
        PolicyDocuments documents = new PolicyDocuments("TenantBedrock", PLATFORM_ARN, ExternalId.of(externalId));

        api.get(PATH + "?roleName=TenantBedrock").assertJson(200, expected("TenantBedrock", documents));
    }

    @Test
    void identity_modelsOfTheRoleWithGuardrails_allowApplyGuardrailOnEach_andOnlyThose() {
        ObjectNode byId = Drafts.valid("guarded");
        byId.putObject("options").putObject("guardrail").put("identifier", "mgdemoguard1").put("version", "1");
        create(byId);
        ObjectNode byArn = Drafts.valid("guarded-by-arn");
        byArn.putObject("options").putObject("guardrail")
                .put("identifier", "arn:aws:bedrock:us-east-1:999999999999:guardrail/sharedguard9").put("version", "DRAFT");
        create(byArn);
        ObjectNode sameGuardrail = Drafts.valid("guarded-too");
        sameGuardrail.putObject("options").putObject("guardrail").put("identifier", "mgdemoguard1").put("version", "2");
        create(sameGuardrail);
        ObjectNode otherRole = Drafts.valid("other-role").put("roleArn", "arn:aws:iam::123456789012:role/Other");
        otherRole.putObject("options").putObject("guardrail").put("identifier", "otherguard12").put("version", "1");
        create(otherRole);
        create(Drafts.valid("unguarded"));
        PolicyDocuments documents = new PolicyDocuments("ModelgateBedrockAccess", PLATFORM_ARN,
                ExternalId.of(externalId), java.util.List.of(
                        "arn:aws:bedrock:us-east-1:123456789012:guardrail/mgdemoguard1",
                        "arn:aws:bedrock:us-east-1:999999999999:guardrail/sharedguard9"));

        api.get(PATH).assertJson(200, expected("ModelgateBedrockAccess", documents));
        assertThat(api.get(PATH + "?roleName=Other").json().get("permissionPolicy").get("Statement").get(1)
                .get("Resource").stringValue()).isEqualTo("arn:aws:bedrock:us-east-1:123456789012:guardrail/otherguard12");
    }

    @Test
    void identity_invalidRoleName_is422NamingRoleName() {
        api.get(PATH + "?roleName=my%20role").assertProblem(Api.invalid(PATH, Api.violation("roleName", "role-name",
                "role name must be 1 to 64 letters, digits and _+=,.@-, got \"my role\"")));
        assertThat(aws.emulator().journal().ofOperation("GetCallerIdentity")).isEmpty();
    }

    @Test
    void identity_wrongSecret_is503WithoutTheSecret() {
        System.setProperty("aws.secretAccessKey", "notTheSecretKey0000000000000000000000000");
        try {
            api.get(PATH).assertProblem(Api.problem(503, "platform-identity-unavailable",
                    "Platform identity unavailable", "STS at " + aws.endpoint() + " refused Modelgate's credentials "
                            + "(SignatureDoesNotMatch); check the access key, secret and session token the SDK's "
                            + "default credentials chain finds (environment, profile, web identity, container or "
                            + "instance role)", PATH));
        } finally {
            System.setProperty("aws.secretAccessKey", SECRET);
        }
    }

    @Test
    void identity_unknownAccessKey_is503() {
        System.setProperty("aws.accessKeyId", "AKIAUNKNOWNKEY000000");
        try {
            api.get(PATH).assertProblem(Api.problem(503, "platform-identity-unavailable",
                    "Platform identity unavailable", "STS at " + aws.endpoint() + " refused Modelgate's credentials "
                            + "(InvalidClientTokenId); check the access key, secret and session token the SDK's "
                            + "default credentials chain finds (environment, profile, web identity, container or "
                            + "instance role)", PATH));
        } finally {
            System.setProperty("aws.accessKeyId", KEY_ID);
        }
    }

    private ObjectNode expected(String roleName, PolicyDocuments documents) {
        ObjectNode body = JSON.createObjectNode()
                .put("principalArn", PLATFORM_ARN)
                .put("accountId", "111111111111")
                .put("trustPrincipalArn", PLATFORM_ARN)
                .put("externalId", externalId)
                .put("roleName", roleName);
        body.set("permissionPolicy", JSON.readTree(documents.permissionPolicy()));
        body.set("trustPolicy", JSON.readTree(documents.trustPolicy()));
        body.set("cli", Api.array(documents.cli().stream().map(JSON.getNodeFactory()::textNode)
                .toArray(JsonNode[]::new)));
        return body;
    }
}
