package dev.modelgate.emulator.sts;

import static dev.modelgate.emulator.sts.StsFixture.STS_NS;
import static dev.modelgate.emulator.sts.StsFixture.assertError;
import static dev.modelgate.emulator.sts.StsFixture.body;
import static dev.modelgate.emulator.sts.StsFixture.request;
import static dev.modelgate.emulator.sts.StsFixture.text;
import static dev.modelgate.emulator.sts.StsFixture.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.iam.Principal;
import dev.modelgate.emulator.iam.User;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class StsServiceTest {

    private final StsFixture fixture = new StsFixture();

    @Test
    void getCallerIdentity_forAUser_isLaidOutAsRealSts() {
        Principal platform = fixture.platform();
        String userId = ((Principal.IamUser) platform).user().userId();

        Reply reply = fixture.call(platform, "Action", "GetCallerIdentity", "Version", "2011-06-15");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("Content-Type", "text/xml").containsEntry("x-amzn-RequestId", "req-0001");
        assertThat(body(reply)).isEqualTo("""
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>arn:aws:iam::111111111111:user/modelgate-platform</Arn>
                    <UserId>%s</UserId>
                    <Account>111111111111</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata>
                    <RequestId>req-0001</RequestId>
                  </ResponseMetadata>
                </GetCallerIdentityResponse>
                """.formatted(userId));
    }

    @Test
    void getCallerIdentity_forAnAssumedRoleSession_reportsTheSession() {
        Document assumed = xml(fixture.assumeDemoRole());
        Principal session = fixture.caller(text(assumed, "AssumeRoleResult", "Credentials", "AccessKeyId"));

        Document xml = xml(fixture.call(session, "Action", "GetCallerIdentity", "Version", "2011-06-15"));

        assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo(STS_NS);
        assertThat(text(xml, "GetCallerIdentityResult", "Arn"))
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/gw-tenant-42");
        assertThat(text(xml, "GetCallerIdentityResult", "UserId")).matches("AROA[A-Z2-7]{17}:gw-tenant-42");
        assertThat(text(xml, "GetCallerIdentityResult", "Account")).isEqualTo("222222222222");
        assertThat(text(xml, "ResponseMetadata", "RequestId")).isEqualTo("req-0001");
    }

    @Test
    void getCallerIdentity_needsNoPermission() {
        Principal nobody = new Principal.IamUser(new User("333333333333", "nobody", "/", java.util.List.of(), java.util.List.of()));

        assertThat(fixture.call(nobody, "Action", "GetCallerIdentity", "Version", "2011-06-15").status()).isEqualTo(200);
    }

    @Test
    void parameters_areReadFromTheQueryStringAndFromFormBodiesWithOrWithoutCharset() {
        Principal platform = fixture.platform();
        String action = "Action=GetCallerIdentity&Version=2011-06-15";

        assertThat(fixture.sts.handle(request("GET", action, null, ""), platform, "us-east-1").status()).isEqualTo(200);
        assertThat(fixture.sts.handle(request("POST", "", "application/x-www-form-urlencoded", action), platform,
                "us-east-1").status()).isEqualTo(200);
        assertThat(fixture.sts.handle(request("POST", "", "Application/X-WWW-Form-Urlencoded ; charset=UTF-8", action),
                platform, "us-east-1").status()).isEqualTo(200);
    }

    @Test
    void bodyThatIsNotAForm_isIgnored() {
        Reply reply = fixture.sts.handle(request("POST", "", "application/json", "Action=GetCallerIdentity&Version=2011-06-15"),
                fixture.platform(), "us-east-1");

        assertError(reply, 400, "MissingAction", "Missing Action");
    }

    @Test
    void repeatedParameters_keepTheirFirstValue() {
        Reply reply = fixture.call(fixture.platform(), "Action", "GetCallerIdentity", "Action", "NoSuchAction",
                "Version", "2011-06-15");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void unknownAction_isInvalidActionInTheAwsFaultNamespace() {
        Reply reply = fixture.call(fixture.platform(), "Action", "NoSuchAction", "Version", "2011-06-15");

        assertThat(reply.status()).isEqualTo(400);
        Document xml = xml(reply);
        assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo("http://webservices.amazon.com/AWSFault/2005-15-09");
        assertThat(text(xml, "Error", "Code")).isEqualTo("InvalidAction");
        assertThat(text(xml, "Error", "Message")).isEqualTo("Could not find operation NoSuchAction for version 2011-06-15");
    }

    @Test
    void missingOrWrongVersion_isInvalidAction() {
        assertThat(text(xml(fixture.call(fixture.platform(), "Action", "GetCallerIdentity")), "Error", "Message"))
                .isEqualTo("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED");
        assertThat(text(xml(fixture.call(fixture.platform(), "Action", "GetCallerIdentity", "Version", "2000-01-01")),
                "Error", "Message")).isEqualTo("Could not find operation GetCallerIdentity for version 2000-01-01");
        assertThat(text(xml(fixture.call(fixture.platform(), "Action", "GetCallerIdentity", "Version", "")),
                "Error", "Message")).isEqualTo("Could not find operation GetCallerIdentity for version ");
    }

    @Test
    void missingAction_isMissingAction_andEmptyActionIsUnknown() {
        assertError(fixture.call(fixture.platform(), "Version", "2011-06-15"), 400, "MissingAction", "Missing Action");
        assertThat(text(xml(fixture.call(fixture.platform(), "Action", "", "Version", "2011-06-15")), "Error", "Message"))
                .isEqualTo("Could not find operation  for version 2011-06-15");
    }

    @Test
    void stsOperationTheEmulatorLacks_saysSo() {
        Reply reply = fixture.call(fixture.platform(), "Action", "GetSessionToken", "Version", "2011-06-15");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(text(xml(reply), "Error", "Code")).isEqualTo("InvalidAction");
        assertThat(text(xml(reply), "Error", "Message"))
                .isEqualTo("The Modelgate emulator does not implement GetSessionToken; it implements AssumeRole and GetCallerIdentity");
    }

    @Test
    void error_rendersTheStsEnvelopeWithRequestIdHeader() {
        Reply reply = StsService.error(403, "Sender", "InvalidClientTokenId",
                "The security token included in the request is invalid.", "req-0001");

        assertError(reply, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        assertThat(body(reply)).isEqualTo("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error>
                    <Type>Sender</Type>
                    <Code>InvalidClientTokenId</Code>
                    <Message>The security token included in the request is invalid.</Message>
                  </Error>
                  <RequestId>req-0001</RequestId>
                </ErrorResponse>
                """);
    }

    @Test
    void error_escapesItsMessage() {
        Reply reply = StsService.error(500, "Receiver", "InternalFailure", "a <b> & 'c' \"d\"", "req-0001");

        assertThat(body(reply)).contains("<Message>a &lt;b&gt; &amp; 'c' \"d\"</Message>");
        assertThat(text(xml(reply), "Error", "Message")).isEqualTo("a <b> & 'c' \"d\"");
        assertThat(text(xml(reply), "Error", "Type")).isEqualTo("Receiver");
    }

    @Test
    void error_withAnUnknownFaultType_isRejected() {
        assertThatThrownBy(() -> StsService.error(400, "Client", "X", "m", "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type must be Sender or Receiver, got \"Client\"");
    }
}
