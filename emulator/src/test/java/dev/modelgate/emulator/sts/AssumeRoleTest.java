package dev.modelgate.emulator.sts;

import static dev.modelgate.emulator.sts.StsFixture.EXTERNAL_ID;
import static dev.modelgate.emulator.sts.StsFixture.TENANT_ROLE;
import static dev.modelgate.emulator.sts.StsFixture.assertError;
import static dev.modelgate.emulator.sts.StsFixture.body;
import static dev.modelgate.emulator.sts.StsFixture.has;
import static dev.modelgate.emulator.sts.StsFixture.text;
import static dev.modelgate.emulator.sts.StsFixture.xml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.iam.Decision;
import dev.modelgate.emulator.iam.PolicyEvaluator;
import dev.modelgate.emulator.iam.Principal;
import dev.modelgate.emulator.iam.ResolvedCredential;
import dev.modelgate.emulator.iam.World;
import dev.modelgate.emulator.iam.WorldLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class AssumeRoleTest {

    private static final String DENIED = "User: arn:aws:iam::111111111111:user/modelgate-platform is not authorized to "
            + "perform: sts:AssumeRole on resource: ";
    private static final String MODEL = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0";

    private final StsFixture fixture = new StsFixture();

    @Test
    void defaultWorldDemoRole_isAssumableByThePlatformUserWithTheRightExternalId() {
        Reply reply = fixture.assumeDemoRole();

        assertThat(reply.status()).as(body(reply)).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("Content-Type", "text/xml").containsEntry("x-amzn-RequestId", "req-0001");
        Document xml = xml(reply);
        assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("AssumeRoleResponse");
        assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo(StsFixture.STS_NS);
        assertThat(text(xml, "AssumeRoleResult", "AssumedRoleUser", "Arn"))
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/gw-tenant-42");
        String roleId = fixture.world.role(TENANT_ROLE).orElseThrow().roleId();
        assertThat(text(xml, "AssumeRoleResult", "AssumedRoleUser", "AssumedRoleId")).isEqualTo(roleId + ":gw-tenant-42");
        assertThat(text(xml, "AssumeRoleResult", "Credentials", "AccessKeyId")).matches("ASIA[A-Z2-7]{16}");
        assertThat(text(xml, "AssumeRoleResult", "Credentials", "SecretAccessKey")).hasSize(40);
        assertThat(text(xml, "AssumeRoleResult", "Credentials", "SessionToken")).startsWith("IQoJb3JpZ2luX2Vj");
        assertThat(text(xml, "AssumeRoleResult", "Credentials", "Expiration")).isEqualTo("2026-11-24T19:09:18Z");
        assertThat(has(xml, "AssumeRoleResult", "PackedPolicySize")).isFalse();
        assertThat(has(xml, "AssumeRoleResult", "SourceIdentity")).isFalse();
        assertThat(text(xml, "ResponseMetadata", "RequestId")).isEqualTo("req-0001");
    }

    @Test
    void success_isLaidOutAsRealSts() {
        String body = body(fixture.assumeDemoRole());

        assertThat(body.replaceAll(">[^<\n]+</", "></")).isEqualTo("""
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <AssumedRoleId></AssumedRoleId>
                      <Arn></Arn>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId></AccessKeyId>
                      <SecretAccessKey></SecretAccessKey>
                      <SessionToken></SessionToken>
                      <Expiration></Expiration>
                    </Credentials>
                  </AssumeRoleResult>
                  <ResponseMetadata>
                    <RequestId></RequestId>
                  </ResponseMetadata>
                </AssumeRoleResponse>
                """);
    }

    @Test
    void issuedCredentials_resolveToTheSessionUntilTheyExpire() {
        Document xml = xml(fixture.assumeDemoRole("DurationSeconds", "900"));
        String keyId = text(xml, "AssumeRoleResult", "Credentials", "AccessKeyId");

        ResolvedCredential credential = fixture.credentials.resolve(keyId).orElseThrow();

        assertThat(credential.secret()).isEqualTo(text(xml, "AssumeRoleResult", "Credentials", "SecretAccessKey"));
        assertThat(credential.sessionToken()).isEqualTo(text(xml, "AssumeRoleResult", "Credentials", "SessionToken"));
        assertThat(credential.expiration()).isEqualTo(Instant.parse("2026-11-24T18:24:18Z"));
        assertThat(credential.principal().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/gw-tenant-42");
        assertThat(PolicyEvaluator.evaluate(credential.principal(), "bedrock:InvokeModel", MODEL, Map.of()))
                .isEqualTo(Decision.ALLOW);
        fixture.clock.advance(Duration.ofSeconds(900));
        assertThat(credential.expiredAt(fixture.clock.instant())).isTrue();
    }

    @Test
    void wrongExternalId_isAccessDeniedWithAwsMessage() {
        assertError(fixture.assumeRole(fixture.platform(), "RoleArn", TENANT_ROLE, "RoleSessionName", "s1",
                "ExternalId", "someone-elses-id"), 403, "AccessDenied", DENIED + TENANT_ROLE);
    }

    @Test
    void missingExternalId_isAccessDeniedWithTheSameMessage() {
        assertError(fixture.assumeRole(fixture.platform(), "RoleArn", TENANT_ROLE, "RoleSessionName", "s1"),
                403, "AccessDenied", DENIED + TENANT_ROLE);
    }

    @Test
    void roleThatDoesNotExist_isAccessDeniedWithTheSameMessage() {
        String missing = "arn:aws:iam::222222222222:role/NoSuchRole";

        assertError(fixture.assumeRole(fixture.platform(), "RoleArn", missing, "RoleSessionName", "s1",
                "ExternalId", EXTERNAL_ID), 403, "AccessDenied", DENIED + missing);
    }

    @Test
    void roleTrustingAnotherAccount_isAccessDenied() {
        String role = "arn:aws:iam::222222222222:role/TrustsSomeoneElse";

        assertError(fixture.assumeRole(fixture.platform(), "RoleArn", role, "RoleSessionName", "s1",
                "ExternalId", EXTERNAL_ID), 403, "AccessDenied", DENIED + role);
    }

    @Test
    void roleWithoutExternalIdCondition_isAssumableWithOrWithoutOne() {
        String role = "arn:aws:iam::222222222222:role/NoExternalIdRole";

        assertThat(fixture.assumeRole(fixture.platform(), "RoleArn", role, "RoleSessionName", "s1").status()).isEqualTo(200);
        assertThat(fixture.assumeRole(fixture.platform(), "RoleArn", role, "RoleSessionName", "s1", "ExternalId", "any")
                .status()).isEqualTo(200);
    }

    @Test
    void noBedrockRole_isAssumableButItsSessionMayNotInvoke() {
        Document xml = xml(fixture.assumeRole(fixture.platform(), "RoleArn", "arn:aws:iam::222222222222:role/NoBedrockAccess",
                "RoleSessionName", "s1", "ExternalId", EXTERNAL_ID));
        Principal session = fixture.caller(text(xml, "AssumeRoleResult", "Credentials", "AccessKeyId"));

        assertThat(PolicyEvaluator.evaluate(session, "bedrock:InvokeModel", MODEL, Map.of())).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void crossAccount_withoutIdentityPermission_isAccessDeniedSayingNoIdentityPolicyAllowsIt() {
        StsFixture other = new StsFixture(WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    users: [{name: caller, accessKeys: [{id: AKIACALLER0000000001, secret: s}]}]
                  - id: "222222222222"
                    roles:
                      - name: R
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/caller"}, Action: "sts:AssumeRole"}}
                """));

        assertError(other.assumeRole(other.caller("AKIACALLER0000000001"), "RoleArn", "arn:aws:iam::222222222222:role/R",
                "RoleSessionName", "s1"), 403, "AccessDenied",
                "User: arn:aws:iam::111111111111:user/caller is not authorized to perform: sts:AssumeRole on resource: "
                        + "arn:aws:iam::222222222222:role/R because no identity-based policy allows the sts:AssumeRole"
                        + " action");
    }

    @Test
    void crossAccount_callersPolicyDenyingTheRole_isAccessDeniedNamingTheExplicitDeny() {
        StsFixture other = new StsFixture(WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    users:
                      - name: caller
                        accessKeys: [{id: AKIACALLER0000000001, secret: s}]
                        policies:
                          - {Statement: [{Effect: Allow, Action: "sts:AssumeRole", Resource: "*"},
                                         {Effect: Deny, Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/R"}]}
                  - id: "222222222222"
                    roles:
                      - name: R
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/caller"}, Action: "sts:AssumeRole"}}
                """));

        assertError(other.assumeRole(other.caller("AKIACALLER0000000001"), "RoleArn", "arn:aws:iam::222222222222:role/R",
                "RoleSessionName", "s1"), 403, "AccessDenied",
                "User: arn:aws:iam::111111111111:user/caller is not authorized to perform: sts:AssumeRole on resource: "
                        + "arn:aws:iam::222222222222:role/R with an explicit deny in an identity-based policy");
    }

    @Test
    void crossAccount_withoutIdentityPermission_butTheTrustRefusingToo_keepsThePlainMessage() {
        StsFixture other = new StsFixture(WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    users: [{name: caller, accessKeys: [{id: AKIACALLER0000000001, secret: s}]}]
                  - id: "222222222222"
                    roles:
                      - name: R
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::333333333333:root"}, Action: "sts:AssumeRole"}}
                """));
        Principal caller = other.caller("AKIACALLER0000000001");

        for (String role : new String[] {"arn:aws:iam::222222222222:role/R", "arn:aws:iam::222222222222:role/Missing"}) {
            assertError(other.assumeRole(caller, "RoleArn", role, "RoleSessionName", "s1"), 403, "AccessDenied",
                    "User: arn:aws:iam::111111111111:user/caller is not authorized to perform: sts:AssumeRole on "
                            + "resource: " + role);
        }
    }

    @Test
    void externalIdMismatch_isThePlainMessage_evenThoughTheCallersPolicyAllows() {
        assertError(fixture.assumeRole(fixture.platform(), "RoleArn", TENANT_ROLE, "RoleSessionName", "s1",
                "ExternalId", "not-the-external-id"), 403, "AccessDenied", DENIED + TENANT_ROLE);
    }

    @Test
    void sameAccount_withTheCallerNamedInTheTrust_needsNoIdentityPermission() {
        StsFixture same = new StsFixture(WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    users: [{name: caller, accessKeys: [{id: AKIACALLER0000000001, secret: s}]}]
                    roles:
                      - name: R
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/caller"}, Action: "sts:AssumeRole"}}
                      - name: ViaRoot
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:root"}, Action: "sts:AssumeRole"}}
                """));
        Principal caller = same.caller("AKIACALLER0000000001");

        assertThat(same.assumeRole(caller, "RoleArn", "arn:aws:iam::111111111111:role/R", "RoleSessionName", "s1").status())
                .isEqualTo(200);
        assertThat(same.assumeRole(caller, "RoleArn", "arn:aws:iam::111111111111:role/ViaRoot", "RoleSessionName", "s1")
                .status()).isEqualTo(403);
    }

    @Test
    void durationSeconds_withinTheRolesMaximum_setsTheExpiration() {
        StsFixture longRole = new StsFixture(longSessionWorld());

        Document xml = xml(longRole.assumeRole(longRole.caller("AKIACALLER0000000001"), "RoleArn",
                "arn:aws:iam::111111111111:role/Long", "RoleSessionName", "s1", "DurationSeconds", "43200"));

        assertThat(text(xml, "AssumeRoleResult", "Credentials", "Expiration")).isEqualTo("2026-11-25T06:09:18Z");
    }

    @Test
    void durationSeconds_aboveTheRolesMaximum_isAValidationError() {
        assertError(fixture.assumeDemoRole("DurationSeconds", "3601"), 400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void roleChaining_isCappedAtOneHour() {
        StsFixture chain = new StsFixture(longSessionWorld());
        Document first = xml(chain.assumeRole(chain.caller("AKIACALLER0000000001"), "RoleArn",
                "arn:aws:iam::111111111111:role/Long", "RoleSessionName", "s1"));
        Principal session = chain.caller(text(first, "AssumeRoleResult", "Credentials", "AccessKeyId"));

        assertError(chain.assumeRole(session, "RoleArn", "arn:aws:iam::111111111111:role/Long", "RoleSessionName", "s2",
                "DurationSeconds", "3601"), 400, "ValidationError",
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        Document chained = xml(chain.assumeRole(session, "RoleArn", "arn:aws:iam::111111111111:role/Long",
                "RoleSessionName", "s2", "DurationSeconds", "3600"));
        assertThat(text(chained, "AssumeRoleResult", "AssumedRoleUser", "Arn"))
                .isEqualTo("arn:aws:sts::111111111111:assumed-role/Long/s2");
    }

    @Test
    void regionWhereStsIsDisabledForTheRolesAccount_isRegionDisabledException() {
        StsFixture disabled = new StsFixture(WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    stsDisabledRegions: [ap-east-1]
                    users: [{name: caller, accessKeys: [{id: AKIACALLER0000000001, secret: s}]}]
                    roles:
                      - name: R
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/caller"}, Action: "sts:AssumeRole"}}
                """));
        Principal caller = disabled.caller("AKIACALLER0000000001");
        String body = StsFixture.form("Action", "AssumeRole", "Version", "2011-06-15",
                "RoleArn", "arn:aws:iam::111111111111:role/R", "RoleSessionName", "s1");

        assertError(disabled.sts.handle(StsFixture.post(body), caller, "ap-east-1"), 403, "RegionDisabledException",
                "STS is not activated in this region for account:111111111111. Your account administrator can activate STS "
                        + "in this region using the IAM Console.");
        assertThat(disabled.sts.handle(StsFixture.post(body), caller, "us-east-1").status()).isEqualTo(200);
    }

    @Test
    void sessionPolicy_limitsTheSessionToWhatBothAllow_andReportsPackedSize() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock:InvokeModel\","
                + "\"Resource\":\"arn:aws:bedrock:*::foundation-model/amazon.*\"}]}";
        Document xml = xml(fixture.assumeDemoRole("Policy", policy));
        Principal session = fixture.caller(text(xml, "AssumeRoleResult", "Credentials", "AccessKeyId"));

        assertThat(Integer.parseInt(text(xml, "AssumeRoleResult", "PackedPolicySize"))).isBetween(1, 100);
        assertThat(PolicyEvaluator.evaluate(session, "bedrock:InvokeModel", MODEL, Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(session, "bedrock:InvokeModel",
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2", Map.of())).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(session, "bedrock:ListFoundationModels", "*", Map.of()))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void malformedSessionPolicy_isMalformedPolicyDocument() {
        assertError(fixture.assumeDemoRole("Policy", "{\"Statement\":[{\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"),
                400, "MalformedPolicyDocument", "Statement[0].Effect must be \"Allow\" or \"Deny\", got \"Permit\"");
        assertError(fixture.assumeDemoRole("Policy", "not json"), 400, "MalformedPolicyDocument",
                "policy document is not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, "
                        + "Object or token 'null', 'true' or 'false') (line 1, column 1)");
    }

    @Test
    void sessionTags_areAcceptedAndCountTowardPackedSize() {
        Document xml = xml(fixture.assumeDemoRole("Tags.member.1.Key", "Project", "Tags.member.1.Value", "Pegasus",
                "TransitiveTagKeys.member.1", "Project"));

        assertThat(Integer.parseInt(text(xml, "AssumeRoleResult", "PackedPolicySize"))).isBetween(1, 100);
    }

    @Test
    void tooManyLargeTags_arePackedPolicyTooLarge() {
        String[] tags = new String[4 * 50];
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            tags[4 * i] = "Tags.member." + (i + 1) + ".Key";
            tags[4 * i + 1] = "key" + i + randomLetters(random, 100);
            tags[4 * i + 2] = "Tags.member." + (i + 1) + ".Value";
            tags[4 * i + 3] = randomLetters(random, 250);
        }

        Reply reply = fixture.assumeDemoRole(tags);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(text(xml(reply), "Error", "Code")).isEqualTo("PackedPolicyTooLarge");
        assertThat(text(xml(reply), "Error", "Message"))
                .matches("Packed policy consumes \\d{3,}% of allotted space, please use smaller policy\\.");
    }

    @Test
    void sourceIdentity_isEchoedFirstInTheResult() {
        Reply reply = fixture.assumeDemoRole("SourceIdentity", "alice@example.com");

        assertThat(text(xml(reply), "AssumeRoleResult", "SourceIdentity")).isEqualTo("alice@example.com");
        assertThat(body(reply)).contains("<AssumeRoleResult>\n    <SourceIdentity>alice@example.com</SourceIdentity>\n"
                + "    <AssumedRoleUser>");
    }

    @Test
    void queryStringParameters_work_asInTheStsApiReferenceSample() {
        String query = StsFixture.form("Version", "2011-06-15", "Action", "AssumeRole", "RoleSessionName", "testAR",
                "RoleArn", TENANT_ROLE, "DurationSeconds", "3600", "ExternalId", EXTERNAL_ID);

        Reply reply = fixture.sts.handle(StsFixture.request("GET", query, null, ""), fixture.platform(), "us-east-1");

        assertThat(text(xml(reply), "AssumeRoleResult", "AssumedRoleUser", "Arn"))
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/testAR");
    }

    /** A same-account world whose role allows 12-hour sessions and may assume itself (for chaining). */
    private static World longSessionWorld() {
        return WorldLoader.parse("""
                accounts:
                  - id: "111111111111"
                    users:
                      - name: caller
                        accessKeys: [{id: AKIACALLER0000000001, secret: s}]
                        policies: [{Statement: {Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}}]
                    roles:
                      - name: Long
                        maxSessionDuration: 43200
                        trustPolicy: {Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: "sts:AssumeRole"}}
                        policies: [{Statement: {Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}}]
                """);
    }

    private static String randomLetters(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
