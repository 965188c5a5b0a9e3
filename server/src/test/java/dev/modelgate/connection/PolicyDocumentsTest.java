package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    private static final String PLATFORM = "arn:aws:iam::111111111111:user/modelgate-platform";
    private static final ExternalId EXTERNAL_ID = ExternalId.of("mg-demo-workspace-external-id");
    private final PolicyDocuments documents = new PolicyDocuments(PolicyDocuments.DEFAULT_ROLE_NAME, PLATFORM,
            EXTERNAL_ID);

    @Test
    void permissionPolicy_allowsTheFiveBedrockActions_prettyPrinted() {
        assertThat(documents.permissionPolicy()).isEqualTo("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "ModelgateBedrockAccess",
                      "Effect": "Allow",
                      "Action": [
                        "bedrock:InvokeModel",
                        "bedrock:InvokeModelWithResponseStream",
                        "bedrock:ListFoundationModels",
                        "bedrock:ListInferenceProfiles",
                        "bedrock:GetInferenceProfile"
                      ],
                      "Resource": "*"
                    }
                  ]
                }""");
    }

    @Test
    void permissionPolicy_withGuardrails_allowsApplyGuardrailOnExactlyThose() {
        PolicyDocuments withGuardrails = new PolicyDocuments(PolicyDocuments.DEFAULT_ROLE_NAME, PLATFORM, EXTERNAL_ID,
                List.of("arn:aws:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1",
                        "arn:aws:bedrock:us-east-1:222222222222:guardrail/othrguardrl2"));

        assertThat(withGuardrails.permissionPolicy()).isEqualTo("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "ModelgateBedrockAccess",
                      "Effect": "Allow",
                      "Action": [
                        "bedrock:InvokeModel",
                        "bedrock:InvokeModelWithResponseStream",
                        "bedrock:ListFoundationModels",
                        "bedrock:ListInferenceProfiles",
                        "bedrock:GetInferenceProfile"
                      ],
                      "Resource": "*"
                    },
                    {
                      "Sid": "ModelgateApplyGuardrail",
                      "Effect": "Allow",
                      "Action": "bedrock:ApplyGuardrail",
                      "Resource": [
                        "arn:aws:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1",
                        "arn:aws:bedrock:us-east-1:222222222222:guardrail/othrguardrl2"
                      ]
                    }
                  ]
                }""");
        assertThat(withGuardrails.cli().get(1)).contains("{\"Sid\":\"ModelgateApplyGuardrail\",\"Effect\":\"Allow\","
                + "\"Action\":\"bedrock:ApplyGuardrail\",\"Resource\":[");
    }

    @Test
    void permissionPolicy_withTooManyGuardrails_isRefused() {
        List<String> arns = java.util.stream.IntStream.rangeClosed(1, PolicyDocuments.MAX_GUARDRAIL_ARNS + 1)
                .mapToObj(i -> "arn:aws:bedrock:us-east-1:222222222222:guardrail/g%011d".formatted(i)).toList();

        assertThatThrownBy(() -> new PolicyDocuments(PolicyDocuments.DEFAULT_ROLE_NAME, PLATFORM, EXTERNAL_ID, arns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a policy names at most 50 guardrails, got 51");
    }

    @Test
    void allowPolicy_oneActionSeveralResources_writesTheActionAsAStringAndTheResourcesAsAList() {
        assertThat(PolicyDocuments.allowPolicy("ModelgateInvoke", List.of("bedrock:InvokeModel"), List.of(
                "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.x", "arn:aws:bedrock:*::foundation-model/x")))
                .isEqualTo("""
                        {
                          "Version": "2012-10-17",
                          "Statement": [
                            {
                              "Sid": "ModelgateInvoke",
                              "Effect": "Allow",
                              "Action": "bedrock:InvokeModel",
                              "Resource": [
                                "arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.x",
                                "arn:aws:bedrock:*::foundation-model/x"
                              ]
                            }
                          ]
                        }""");
    }

    @Test
    void putRolePolicyCommand_isOneShellLine() {
        assertThat(PolicyDocuments.putRolePolicyCommand("Tenant", "ModelgateInvoke", "ModelgateInvoke",
                List.of("bedrock:InvokeModel"), List.of("arn:aws:bedrock:us-east-1::foundation-model/it's")))
                .isEqualTo("aws iam put-role-policy --role-name Tenant --policy-name ModelgateInvoke --policy-document "
                        + "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ModelgateInvoke\",\"Effect\":\"Allow\","
                        + "\"Action\":\"bedrock:InvokeModel\",\"Resource\":\"arn:aws:bedrock:us-east-1::foundation-model/it'\\''s\"}]}'");
    }

    @Test
    void updateTrustPolicyCommand_replacesTheTrustPolicyWithTheExpectedOne() {
        assertThat(documents.updateTrustPolicyCommand()).isEqualTo("aws iam update-assume-role-policy --role-name "
                + "ModelgateBedrockAccess --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"" + PLATFORM + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"StringEquals\":{\"sts:ExternalId\":\"mg-demo-workspace-external-id\"}}}]}'");
    }

    @Test
    void trustPolicy_namesThePrincipal_andRequiresTheExternalId() {
        assertThat(documents.trustPolicy()).isEqualTo("""
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
                          "sts:ExternalId": "mg-demo-workspace-external-id"
                        }
                      }
                    }
                  ]
                }""");
    }

    @Test
    void cli_createsTheRole_andAttachesThePermissionPolicy() {
        assertThat(documents.cli()).containsExactly(
                "aws iam create-role --role-name ModelgateBedrockAccess --assume-role-policy-document "
                        + "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"AWS\":\"arn:aws:iam::111111111111:user/modelgate-platform\"},\"Action\":\"sts:AssumeRole\","
                        + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"mg-demo-workspace-external-id\"}}}]}'",
                "aws iam put-role-policy --role-name ModelgateBedrockAccess --policy-name ModelgateBedrockAccess "
                        + "--policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ModelgateBedrockAccess\","
                        + "\"Effect\":\"Allow\",\"Action\":[\"bedrock:InvokeModel\",\"bedrock:InvokeModelWithResponseStream\","
                        + "\"bedrock:ListFoundationModels\",\"bedrock:ListInferenceProfiles\",\"bedrock:GetInferenceProfile\"],"
                        + "\"Resource\":\"*\"}]}'");
    }

    @Test
    void cli_usesTheChosenRoleName() {
        PolicyDocuments named = new PolicyDocuments("tenant+bedrock@team", PLATFORM, EXTERNAL_ID);

        assertThat(named.cli()).allSatisfy(command -> assertThat(command).contains("--role-name tenant+bedrock@team "));
    }

    @Test
    void singleQuoted_singleQuoteInside_staysOneShellWord() {
        assertThat(PolicyDocuments.singleQuoted("{\"a\":\"it's\"}")).isEqualTo("'{\"a\":\"it'\\''s\"}'");
    }

    @Test
    void trustPrincipal_assumedRoleSession_isItsRole() {
        assertThat(PolicyDocuments.trustPrincipal("arn:aws:sts::111111111111:assumed-role/ModelgateRuntime/i-0abc"))
                .isEqualTo("arn:aws:iam::111111111111:role/ModelgateRuntime");
        assertThat(PolicyDocuments.trustPrincipal("arn:aws-cn:sts::111111111111:assumed-role/Run.time@x/a@b"))
                .isEqualTo("arn:aws-cn:iam::111111111111:role/Run.time@x");
    }

    @Test
    void trustPrincipal_userOrRoot_isItself() {
        assertThat(PolicyDocuments.trustPrincipal(PLATFORM)).isEqualTo(PLATFORM);
        assertThat(PolicyDocuments.trustPrincipal("arn:aws:iam::111111111111:root"))
                .isEqualTo("arn:aws:iam::111111111111:root");
    }

    @Test
    void roleName_breakingIamsRule_isRefusedNamingRoleName() {
        assertThatThrownBy(() -> new PolicyDocuments("my role", PLATFORM, EXTERNAL_ID))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(
                        Violation.of("roleName", "role-name",
                                "role name must be 1 to 64 letters, digits and _+=,.@-, got \"my role\"")));
        assertThatThrownBy(() -> new PolicyDocuments("r".repeat(65), PLATFORM, EXTERNAL_ID))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new PolicyDocuments("", PLATFORM, EXTERNAL_ID))
                .isInstanceOf(InvalidInputException.class);
    }
}
