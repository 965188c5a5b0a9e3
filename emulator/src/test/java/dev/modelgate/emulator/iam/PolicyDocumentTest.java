package dev.modelgate.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    private static void assertMalformed(String json, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(json))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    @Test
    void parse_singleStatementObject_andStringAction() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Version":"2012-10-17","Id":"p1","Statement":{"Sid":"One","Effect":"Deny","Action":"s3:*","Resource":"*"}}""");

        assertThat(policy.version()).isEqualTo("2012-10-17");
        assertThat(policy.id()).isEqualTo("p1");
        Statement statement = policy.statements().getFirst();
        assertThat(statement.sid()).isEqualTo("One");
        assertThat(statement.effect()).isEqualTo(Statement.Effect.DENY);
        assertThat(statement.actions()).isEqualTo(new Statement.Patterns(List.of("s3:*"), false));
        assertThat(statement.resources()).isEqualTo(new Statement.Patterns(List.of("*"), false));
        assertThat(statement.principals()).isNull();
    }

    @Test
    void parse_notActionNotResourceAndPrincipalForms() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Statement":[
                  {"Effect":"Allow","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::secret/*"},
                  {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
                  {"Effect":"Deny","NotPrincipal":{"AWS":["111111111111","arn:aws:iam::111111111111:root"],
                    "Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");

        assertThat(policy.version()).isNull();
        assertThat(policy.statements().get(0).actions().negated()).isTrue();
        assertThat(policy.statements().get(0).resources().negated()).isTrue();
        assertThat(policy.statements().get(1).principals().anyone()).isTrue();
        Principals notPrincipal = policy.statements().get(2).principals();
        assertThat(notPrincipal.negated()).isTrue();
        assertThat(notPrincipal.byType()).containsOnlyKeys("AWS", "Service", "Federated");
    }

    @Test
    void parse_conditionValuesMayBeScalarsOrLists() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
                  "StringLikeIfExists":{"aws:userid":["AIDA*","AROA*"]},"Bool":{"aws:SecureTransport":true},
                  "Null":{"sts:ExternalId":"false"}}}}""");

        assertThat(policy.statements().getFirst().conditions()).containsExactly(
                new Condition(ConditionOperator.STRING_LIKE, true, "aws:userid", List.of("AIDA*", "AROA*")),
                new Condition(ConditionOperator.BOOL, false, "aws:SecureTransport", List.of("true")),
                new Condition(ConditionOperator.NULL, false, "sts:ExternalId", List.of("false")));
    }

    @Test
    void json_keepsTheDocumentAsWritten() {
        String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

        assertThat(PolicyDocument.parse(text).toJsonString()).isEqualTo(text);
    }

    @Test
    void malformedDocuments_areRejectedNamingElementAndRule() {
        assertMalformed("[]", "policy document must be a JSON object, got a list");
        assertMalformed("", "policy document is not valid JSON: it is empty");
        assertMalformed("{\"Version\":\"2012-10-17\"}", "Statement is required");
        assertMalformed("{\"Statement\":[]}", "Statement must not be empty");
        assertMalformed("{\"Statement\":\"Allow\"}", "Statement must be an object or a list of objects, got \"Allow\"");
        assertMalformed("{\"Version\":\"2020-01-01\",\"Statement\":{}}",
                "Version must be \"2012-10-17\" or \"2008-10-17\", got \"2020-01-01\"");
        assertMalformed("{\"Statment\":{}}", "policy document has unknown key \"Statment\"; allowed: Version, Id, Statement");
        assertMalformed("{\"Statement\":[{\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "Statement[0].Effect is required");
        assertMalformed("{\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3:*\"}]}",
                "Statement[0].Effect must be \"Allow\" or \"Deny\", got \"allow\"");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
                "Statement must have Action or NotAction");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"s3:Get*\"}}",
                "Statement must not have both Action and NotAction");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}}",
                "Statement.Action must be a string or a non-empty list of strings, got a list");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"InvokeModel\"]}}",
                "Statement.Action[1] must be \"*\" or \"<service>:<action>\" (e.g. bedrock:InvokeModel), got \"InvokeModel\"");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bucket\"}}",
                "Statement.Resource must be \"*\" or an ARN, got \"bucket\"");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resouce\":\"*\"}}",
                "Statement has unknown key \"Resouce\"; allowed: Sid, Effect, Action, NotAction, Resource, NotResource, "
                        + "Principal, NotPrincipal, Condition");
    }

    @Test
    void malformedPrincipals_areRejected() {
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"111111111111\",\"Action\":\"sts:AssumeRole\"}}",
                "Statement.Principal must be \"*\" or an object such as {\"AWS\": \"<arn>\"}, got \"111111111111\"");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Aws\":\"*\"},\"Action\":\"sts:AssumeRole\"}}",
                "Statement.Principal has unknown key \"Aws\"; allowed: AWS, Service, Federated, CanonicalUser");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\",\"bob\"]},\"Action\":\"sts:AssumeRole\"}}",
                "Statement.Principal.AWS[1] must be \"*\", a 12-digit account id, or an IAM root, user, role or "
                        + "assumed-role ARN, got \"bob\"");
    }

    @Test
    void unsupportedConditionOperators_areRejectedNotIgnored() {
        assertMalformed("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"10"}}}}""",
                "Statement.Condition operator \"NumericLessThan\" is not supported by the emulator; supported: "
                        + "StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, "
                        + "StringNotLike, Bool, Null (each but Null also with the IfExists suffix)");
        assertThatThrownBy(() -> PolicyDocument.parse("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"k":"v"}}}}"""))
                .hasMessageContaining("operator \"ForAnyValue:StringEquals\" is not supported");
        assertThatThrownBy(() -> PolicyDocument.parse("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"k":"true"}}}}"""))
                .hasMessageContaining("operator \"NullIfExists\" is not supported");
    }

    @Test
    void malformedConditions_areRejected() {
        assertMalformed("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}}""",
                "Statement.Condition.Bool.aws:SecureTransport must be true or false, got \"yes\"");
        assertMalformed("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":[]}}}}""",
                "Statement.Condition.StringEquals.k must have at least one value");
        assertMalformed("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":{"a":"b"}}}}}""",
                "Statement.Condition.StringEquals.k must be a string, number or boolean, or a list of them, got an object");
        assertMalformed("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":"k"}}}""",
                "Statement.Condition.StringEquals must be a non-empty object of {key: values}, got \"k\"");
    }

    @Test
    void duplicateJsonKeys_areRejected() {
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\"}}"))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith("policy document is not valid JSON: Duplicate Object property \"Effect\"");
    }

    @Test
    void requireIdentityAndTrust_checkTheirOwnRules() {
        PolicyDocument trust = PolicyDocument.parse(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}}");
        PolicyDocument identity = PolicyDocument.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");

        assertThat(trust.requireTrustPolicy()).isSameAs(trust);
        assertThat(identity.requireIdentityPolicy()).isSameAs(identity);
        assertThatThrownBy(trust::requireIdentityPolicy).isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Statement must not specify a Principal or NotPrincipal (an identity policy applies to its holder)");
        assertThatThrownBy(identity::requireTrustPolicy).isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Statement must have a Principal or NotPrincipal");
    }
}
