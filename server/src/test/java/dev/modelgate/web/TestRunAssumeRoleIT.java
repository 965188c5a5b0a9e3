package dev.modelgate.web;

import static dev.modelgate.web.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testrun.TestRunRecord;
import dev.modelgate.testrun.TestRunRepository;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every diagnosis of the ASSUME_ROLE stage, each caused for real by a role of {@code worlds/testrun.yaml}, an STS
 * fault or wrong platform credentials. Sessions are asked for two hours here, which only NoExternalIdRole allows.
 */
@TestPropertySource(properties = "modelgate.sessions.duration=PT2H")
class TestRunAssumeRoleIT extends TestRunApiTestBase {

    private static final String TRUST_POLICY = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {
                    "AWS": "arn:aws:iam::111111111111:user/modelgate-platform"
                  },
                  "Action": "sts:AssumeRole",
                  "Condition": {
                    "StringEquals": {
                      "sts:ExternalId": "mg-testrun-workspace-external-id"
                    }
                  }
                }
              ]
            }""";
    private static final String DENIED = "User: " + PLATFORM_ARN + " is not authorized to perform: sts:AssumeRole on "
            + "resource: ";

    @Autowired
    TestRunRepository runs;

    /** A failed Test of a draft of {@code role}: its ASSUME_ROLE stage, after checking the others were skipped. */
    private JsonNode failedAssumeRole(ObjectNode draft) {
        JsonNode answer = answer(testDraft(draft));
        assertThat(answer.get("outcome").stringValue()).as("%s", answer).isEqualTo("FAILED");
        assertThat(answer.get("failedStage").stringValue()).isEqualTo("ASSUME_ROLE");
        assertThat(stage(answer, "INVOKE").get("outcome").stringValue()).isEqualTo("SKIPPED");
        assertThat(stage(answer, "INVOKE").get("request").get("body").stringValue()).contains("Say hello to Modelgate.");
        assertThat(stage(answer, "MAP").get("outcome").stringValue()).isEqualTo("SKIPPED");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
        JsonNode stage = stage(answer, "ASSUME_ROLE");
        assertThat(answer.get("diagnosisCode")).isEqualTo(stage.get("diagnosis").get("code"));
        return stage;
    }

    private static String requestId(JsonNode stage) {
        return stage.get("diagnosis").get("aws").get("requestId").stringValue();
    }

    @Test
    void roleTrustingOnlyAnotherWorkspacesExternalId_isTrustPolicyOrRole_withTheChecklist() {
        JsonNode stage = failedAssumeRole(claude("m", "OtherWorkspacesRole"));

        String role = role("OtherWorkspacesRole");
        assertThat(stage.get("diagnosis")).isEqualTo(JSON.createObjectNode()
                .put("code", "trust-policy-or-role")
                .put("title", "STS refused to let Modelgate assume the role")
                .put("detail", "STS refused to let Modelgate (" + PLATFORM_ARN + ") assume " + role + ". AWS gives this "
                        + "same answer when the role does not exist, when its trust policy does not name Modelgate's "
                        + "principal, and when the External ID condition does not match; it does not say which, so "
                        + "that no one can probe another account. Check the three in order.")
                .setAll((ObjectNode) JSON.readTree("""
                        {"fixes": [
                          "Check that the role exists with exactly this ARN: %1$s (account 222222222222, path /, name OtherWorkspacesRole): aws iam get-role --role-name OtherWorkspacesRole",
                          "Check that its trust policy's Principal names Modelgate's principal: %2$s",
                          "Check that its Condition requires sts:ExternalId to equal this workspace's External ID: mg-testrun-workspace-external-id",
                          "The complete trust policy it should have:\\n%3$s",
                          "With the AWS CLI: aws iam update-assume-role-policy --role-name OtherWorkspacesRole --policy-document '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"%2$s\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"StringEquals\\":{\\"sts:ExternalId\\":\\"mg-testrun-workspace-external-id\\"}}}]}'"],
                         "suggestions": [], "locations": [], "evidence": [],
                         "aws": {"errorCode": "AccessDenied", "message": "%4$s%1$s", "status": 403, "requestId": "%5$s"}}
                        """.formatted(role, PLATFORM_ARN, TRUST_POLICY.replace("\n", "\\n").replace("\"", "\\\""),
                        DENIED, requestId(stage)))));
        assertThat(stage.get("requestId").stringValue()).isEqualTo(requestId(stage));
        assertThat(stage.get("sessionName").isNull()).isTrue();
        assertThat(stage.get("externalIdRequired").isNull()).isTrue();
    }

    @Test
    void roleTrustingAnotherAccount_isTrustPolicyOrRole() {
        JsonNode stage = failedAssumeRole(claude("m", "TrustsSomeoneElse"));

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("trust-policy-or-role");
        assertThat(stage.get("diagnosis").get("aws").get("message").stringValue())
                .isEqualTo(DENIED + role("TrustsSomeoneElse"));
    }

    @Test
    void roleThatDoesNotExist_isTrustPolicyOrRole() {
        JsonNode stage = failedAssumeRole(claude("m", "NoSuchRole"));

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("trust-policy-or-role");
        assertThat(stage.get("diagnosis").get("fixes").get(0).stringValue()).startsWith(
                "Check that the role exists with exactly this ARN: arn:aws:iam::222222222222:role/NoSuchRole");
    }

    @Test
    void roleAssumedByAnEarlierTest_nowRefused_saysItChangedSince() {
        Instant earlier = Instant.parse("2026-11-20T09:30:00Z");
        String workspace = workspace().id();
        runs.insert(new TestRunRecord("5d0b8a43-90a4-4d6e-8c1c-2b6c2b1f0a11", workspace, null, null, "m", "FAILED",
                "INVOKE", "throttled", 40, 30, 0, 70, role("OtherWorkspacesRole"), EXTERNAL_ID,
                "https://sts.us-east-1.amazonaws.com", earlier, "local-user", "{}"));
        runs.insert(new TestRunRecord("6e1c9b54-a1b5-4e7f-9d2d-3c7d3c2f1b22", workspace, null, null, "m", "FAILED",
                "ASSUME_ROLE", "trust-policy-or-role", 40, 0, 0, 40, role("OtherWorkspacesRole"), EXTERNAL_ID,
                "https://sts.us-east-1.amazonaws.com", earlier.plusSeconds(60), "local-user", "{}"));

        JsonNode stage = failedAssumeRole(claude("m", "OtherWorkspacesRole"));

        assertThat(stage.get("diagnosis").get("evidence")).isEqualTo(Api.array(JSON.getNodeFactory().stringNode(
                "This role was assumed successfully at 2026-11-20T09:30:00Z with the same External ID and STS "
                        + "endpoint; its trust policy or the role changed since.")));
    }

    @Test
    void roleOfAnAccountThePlatformsPolicyDoesNotCover_isPlatformNotAllowed_forTheOperator() {
        String role = "arn:aws:iam::555555555555:role/ModelgateBedrockAccess";

        JsonNode stage = failedAssumeRole(claude("m", role));

        assertThat(stage.get("diagnosis")).isEqualTo(JSON.readTree("""
                {"code": "platform-not-allowed", "title": "Modelgate's own principal may not assume this role",
                 "detail": "STS says that Modelgate's own principal %1$s may not call sts:AssumeRole on %2$s because no identity-based policy allows the sts:AssumeRole action. This is for the Modelgate operator, not the tenant: the role is not registered with the platform.",
                 "fixes": [
                   "The Modelgate operator registers the role with the platform: allow %1$s sts:AssumeRole on it with this statement:\\n{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Statement\\": [\\n    {\\n      \\"Sid\\": \\"AssumeTenantRole\\",\\n      \\"Effect\\": \\"Allow\\",\\n      \\"Action\\": \\"sts:AssumeRole\\",\\n      \\"Resource\\": \\"%2$s\\"\\n    }\\n  ]\\n}",
                   "Then run the Test again. Nothing in the tenant account needs to change."],
                 "suggestions": [], "locations": [], "evidence": [],
                 "aws": {"errorCode": "AccessDenied", "message": "%3$s%2$s because no identity-based policy allows the sts:AssumeRole action", "status": 403, "requestId": "%4$s"}}
                """.formatted(PLATFORM_ARN, role, DENIED, requestId(stage))));
    }

    @Test
    void roleThePlatformsPolicyDenies_isPlatformNotAllowed_namingTheDeny() {
        JsonNode stage = failedAssumeRole(claude("m", "DeniedToModelgate"));

        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("platform-not-allowed");
        assertThat(diagnosis.get("detail").stringValue()).contains(
                "may not call sts:AssumeRole on " + role("DeniedToModelgate") + " with an explicit deny in an "
                        + "identity-based policy.");
        assertThat(diagnosis.get("fixes").get(0).stringValue()).isEqualTo("The Modelgate operator removes or narrows "
                + "the Deny statement in the policies of " + PLATFORM_ARN + " that covers sts:AssumeRole on "
                + role("DeniedToModelgate") + ".");
    }

    @Test
    void roleThatDoesNotRequireTheExternalId_failsTheStage_althoughItWasAssumed() {
        JsonNode stage = failedAssumeRole(claude("m", "NoExternalIdRole"));

        assertThat(stage.get("assumedRoleArn").stringValue())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/NoExternalIdRole/modelgate-" + workspace().id());
        assertThat(stage.get("externalIdRequired").booleanValue()).isFalse();
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("external-id-not-required");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("The role does not require the External ID");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Modelgate could assume " + role("NoExternalIdRole")
                + " without an External ID. Any Modelgate workspace that learns this role's ARN could then use it "
                + "(the confused-deputy problem); its trust policy must require this workspace's External ID, "
                + EXTERNAL_ID + ".");
        assertThat(diagnosis.get("fixes").get(0).stringValue()).isEqualTo("Add this Condition to the statement of "
                + "NoExternalIdRole's trust policy that names Modelgate: {\"StringEquals\": {\"sts:ExternalId\": \""
                + EXTERNAL_ID + "\"}}");
        assertThat(diagnosis.get("fixes").get(1).stringValue()).isEqualTo("The complete trust policy it should have:\n"
                + TRUST_POLICY);
        assertThat(diagnosis.get("aws").isNull()).isTrue();
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(2).satisfiesExactly(
                first -> assertThat(first.body()).contains("ExternalId=" + EXTERNAL_ID),
                probe -> assertThat(probe.body()).doesNotContain("&ExternalId="));
    }

    @Test
    void stsDisabledInTheEndpointsRegion_isStsRegionDisabled() {
        ObjectNode draft = claude("m", "arn:aws:iam::444444444444:role/ModelgateBedrockAccess")
                .put("stsEndpoint", "https://sts.ap-east-1.amazonaws.com");

        JsonNode stage = failedAssumeRole(draft);

        assertThat(stage.get("stsEndpoint").stringValue()).isEqualTo("https://sts.ap-east-1.amazonaws.com");
        assertThat(stage.get("diagnosis")).isEqualTo(JSON.readTree("""
                {"code": "sts-region-disabled", "title": "STS is not activated in ap-east-1 for account 444444444444",
                 "detail": "STS at https://sts.ap-east-1.amazonaws.com refused: the tenant account 444444444444 has deactivated STS in ap-east-1. Activate it there, or choose an STS endpoint in a Region where it is active.",
                 "fixes": [
                   "In account 444444444444, open IAM → Account settings → Security Token Service (STS) → Endpoints and activate ap-east-1 (an administrator of that account can).",
                   "Or set the model's STS endpoint to one of a Region where STS is active, e.g. https://sts.us-east-1.amazonaws.com."],
                 "suggestions": [], "locations": [], "evidence": [],
                 "aws": {"errorCode": "RegionDisabledException", "message": "STS is not activated in this region for account:444444444444. Your account administrator can activate STS in this region using the IAM Console.", "status": 403, "requestId": "%s"}}
                """.formatted(requestId(stage))));
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).singleElement()
                .satisfies(call -> assertThat(call.header("authorization")).contains("/ap-east-1/sts/aws4_request"));
    }

    @Test
    void platformsSecretWrong_isPlatformCredentials_theOperatorsProblem_withoutTheSecret() {
        String wrongSecret = "mgPlatformWrongSecretKey000000000000000099";
        System.setProperty("aws.secretAccessKey", wrongSecret);
        Api.Reply reply;
        try {
            reply = testDraft(claude("m", "ModelgateBedrockAccess"));
        } finally {
            System.setProperty("aws.secretAccessKey", PLATFORM_SECRET);
        }

        assertThat(reply.body()).doesNotContain(wrongSecret);
        JsonNode diagnosis = stage(answer(reply), "ASSUME_ROLE").get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("platform-credentials");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("Modelgate's own AWS credentials were refused");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("This is a problem of this Modelgate installation, "
                + "not of the tenant's role: STS refused Modelgate's own credentials (SignatureDoesNotMatch: The "
                + "request signature we calculated does not match the signature you provided. Check your AWS Secret "
                + "Access Key and signing method. Consult the service documentation for details.). Nothing in the "
                + "tenant account needs to change.");
        assertThat(diagnosis.get("aws").get("errorCode").stringValue()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void platformsKeyUnknown_isPlatformCredentials() {
        System.setProperty("aws.accessKeyId", "AKIAUNKNOWNKEY000000");
        JsonNode stage;
        try {
            stage = failedAssumeRole(claude("m", "ModelgateBedrockAccess"));
        } finally {
            System.setProperty("aws.accessKeyId", PLATFORM_KEY_ID);
        }

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("platform-credentials");
        assertThat(stage.get("diagnosis").get("aws").get("errorCode").stringValue()).isEqualTo("InvalidClientTokenId");
    }

    @Test
    void stsDown_isStsUnavailable_afterTheSdksRetries() {
        aws.emulator().faults().setStsDown(true);

        JsonNode stage = failedAssumeRole(claude("m", "ModelgateBedrockAccess"));

        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("sts-unavailable");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("STS at https://sts.us-east-1.amazonaws.com is "
                + "failing or could not be reached, after retries: Service is unable to handle request.");
        assertThat(diagnosis.get("aws").get("errorCode").stringValue()).isEqualTo("ServiceUnavailable");
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSizeGreaterThan(1);
    }

    @Test
    void sessionLongerThanTheRolesMaximum_isStsRejectedRequest_withTheFix() {
        JsonNode stage = failedAssumeRole(claude("m", "ModelgateBedrockAccess"));

        assertThat(stage.get("diagnosis")).isEqualTo(JSON.readTree("""
                {"code": "sts-rejected-request", "title": "STS rejected the AssumeRole request",
                 "detail": "STS refused the request's values: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                 "fixes": [
                   "Raise the role's maximum session duration to at least the session duration this Modelgate asks for (modelgate.sessions.duration, one hour unless its operator changed it): aws iam update-role --role-name ModelgateBedrockAccess --max-session-duration <seconds>",
                   "Or the Modelgate operator lowers modelgate.sessions.duration to the role's maximum."],
                 "suggestions": [], "locations": [], "evidence": [],
                 "aws": {"errorCode": "ValidationError", "message": "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", "status": 400, "requestId": "%s"}}
                """.formatted(requestId(stage))));
    }

    @Test
    void checkRole_givesTheSameDiagnosis_asATest() {
        JsonNode stage = answer(api.post(Api.MODELS + "/check-role", """
                {"roleArn": "arn:aws:iam::555555555555:role/ModelgateBedrockAccess", "region": "us-east-1"}"""));

        assertThat(stage.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("platform-not-allowed");
    }
}
