package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.preset.Presets;
import dev.modelgate.registration.RegistrationApprovals;
import dev.modelgate.registration.TestApprovals;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server pointed at the emulator's {@code worlds/testrun.yaml}, signing as Modelgate's platform user (its
 * credentials found by the SDK's default chain, in system properties), acting for a workspace whose External ID the
 * world's roles trust: the workspace is put in place, with that External ID, before the first request creates one.
 * One emulator serves every test class of this base, so that they share one cached Spring context (which points at
 * it); each test starts with the emulator reset and no sessions, Test runs, automatic approval or cached approvals
 * left from the test or class before it.
 */
@TestPropertySource(properties = {"modelgate.bedrock.retry.base-delay=PT0.001S", "modelgate.bedrock.retry.max-delay=PT0.005S"})
abstract class TestRunApiTestBase extends ApiTestBase {

    static final String EXTERNAL_ID = "mg-testrun-workspace-external-id";
    static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    static final String PLATFORM_KEY_ID = "AKIAMODELGATEPLATFRM";
    static final String PLATFORM_SECRET = "mgPlatformFakeSecretKey00000000000000001";
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String TEST = Api.MODELS + "/test";
    private static final Pattern SESSION_KEY_ID = Pattern.compile("ASIA[A-Z0-9]{12,}");

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withWorldResource("/worlds/testrun.yaml").sharedAcrossClasses();

    @Autowired
    TenantCredentials tenantCredentials;

    @Autowired
    RegistrationApprovals registrationApprovals;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
    }

    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void clearPlatformCredentials() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
    }

    @BeforeEach
    void testWorkspace() {
        tenantCredentials.invalidateAll(); // the emulator forgot the sessions it issued
        jdbc.sql("DELETE FROM test_runs").update();
        jdbc.sql("UPDATE platform_settings SET auto_approve_registrations = FALSE").update();
        assertThat(workspace().externalId()).as("the workspace the world's roles trust").isEqualTo(EXTERNAL_ID);
        if (approveWorldRoles()) {
            TestApprovals.approveWorld(jdbc, workspace().id(), aws.emulator().world(), role("NoSuchRole"),
                    role("R"), "arn:aws:iam::555555555555:role/ModelgateBedrockAccess");
        }
        registrationApprovals.forgetAll();
    }

    /** Whether every test starts with the world's roles approved for the workspace (tests of the gate say no). */
    boolean approveWorldRoles() {
        return true;
    }

    @Override
    String workspaceName() {
        return "testrun";
    }

    @Override
    String workspaceExternalId() {
        return EXTERNAL_ID;
    }

    static String role(String name) {
        return "arn:aws:iam::222222222222:role/" + name;
    }

    /** A draft from the built-in preset of {@code family}, for {@code role} (a name in the tenant account or an ARN). */
    static ObjectNode preset(String family, String name, String role, String region, String modelReference) {
        String roleArn = role.startsWith("arn:") ? role : role(role);
        return Api.JSON.valueToTree(Presets.builtIn().forFamily(family).orElseThrow()
                .draft(name, roleArn, null, region, modelReference));
    }

    /** A Claude 3 Haiku draft (the Claude preset) in us-east-1. */
    static ObjectNode claude(String name, String role) {
        return preset("ANTHROPIC_CLAUDE", name, role, "us-east-1", HAIKU);
    }

    /** Tests a draft: {@code {"model": draft}}. */
    Api.Reply testDraft(ObjectNode draft) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.set("model", draft);
        return api.post(TEST, body);
    }

    /** A 200 answer of a Test, checked to hold no secret. */
    JsonNode answer(Api.Reply reply) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertNoSecret(reply.body());
        return reply.json();
    }

    /**
     * No access key of a session, no secret access key, no session token, and nothing of the platform's own key: the
     * emulator-issued session of the tenant key the Test used is looked up in the server's session cache.
     */
    void assertNoSecret(String text) {
        assertThat(SESSION_KEY_ID.matcher(text).find()).as("a session access key ID in %s", text).isFalse();
        assertThat(text).doesNotContain(PLATFORM_SECRET).doesNotContain(PLATFORM_KEY_ID).doesNotContain("IQoJb3JpZ2lu");
        aws.emulator().journal().ofOperation("InvokeModel").forEach(call -> {
            String authorization = call.header("authorization");
            String keyId = authorization.substring(authorization.indexOf("Credential=") + 11, authorization.indexOf('/'));
            assertThat(text).doesNotContain(keyId);
        });
    }

    static JsonNode stage(JsonNode answer, String stage) {
        for (JsonNode s : answer.get("stages")) {
            if (s.get("stage").stringValue().equals(stage)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + stage + " in " + answer);
    }

    static JsonNode diagnosis(JsonNode answer, String stage) {
        return stage(answer, stage).get("diagnosis");
    }
}
