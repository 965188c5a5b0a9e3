package dev.modelgate.emulator.sigv4;

import static dev.modelgate.emulator.sigv4.SigV4VerifierTest.assertFails;
import static dev.modelgate.emulator.sigv4.SigV4VerifierTest.replaceHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Malformed or incomplete signatures: INCOMPLETE_SIGNATURE with AWS's wording. */
class SigV4IncompleteSignatureTest {

    private static final SecretLookup SECRETS = Map.of(TestSigner.ACCESS_KEY_ID, TestSigner.SECRET)::get;

    private final SigV4Verifier verifier = SigV4VerifierTest.verifierAt(TestSigner.NOW);

    @Test
    void verify_authorizationWithoutSignatureAndSignedHeaders_namesBothMissingPartsLikeAws() {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250130/us-east-1/bedrock/aws4_request";

        assertFails(() -> verifier.verify(withAuthorization(authorization), SECRETS),
                SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' "
                        + "parameter. Authorization=" + authorization);
    }

    @Test
    void verify_authorizationWithoutCredential_isIncomplete() {
        String authorization = "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

        assertFails(() -> verifier.verify(withAuthorization(authorization), SECRETS),
                SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Credential' parameter. Authorization=" + authorization);
    }

    @Test
    void verify_credentialWithFourElements_isIncomplete() {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250130/us-east-1/bedrock, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

        assertFails(() -> verifier.verify(withAuthorization(authorization), SECRETS),
                SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                        + "got 'AKIDEXAMPLE/20250130/us-east-1/bedrock'");
    }

    @Test
    void verify_credentialWithWrongTerminator_isIncomplete() {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250130/us-east-1/bedrock/aws4_reques, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

        assertFails(() -> verifier.verify(withAuthorization(authorization), SECRETS),
                SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reques'.");
    }

    @Test
    void verify_parameterWithoutEqualSign_isIncomplete() {
        String authorization = "AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=" + "0".repeat(64);

        assertFails(() -> verifier.verify(withAuthorization(authorization), SECRETS),
                SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + authorization + "'.");
    }

    @Test
    void verify_bearerToken_isIncompleteWithoutEchoingTheToken() {
        SignedRequestView request = withAuthorization("Bearer sk-secret-token-value");

        assertThatThrownBy(() -> verifier.verify(request, SECRETS))
                .isInstanceOfSatisfying(SigV4Exception.class,
                        e -> assertThat(e.reason()).isEqualTo(SigV4Exception.Reason.INCOMPLETE_SIGNATURE))
                .hasMessageContaining("must start with 'AWS4-HMAC-SHA256 '")
                .hasMessageNotContaining("sk-secret-token-value");
    }

    @Test
    void verify_noDateHeader_isIncomplete() {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250130/us-east-1/bedrock/aws4_request, "
                + "SignedHeaders=host, Signature=" + "0".repeat(64);
        SignedRequestView request = new SignedRequestView("GET", "/", "",
                Map.of("host", List.of("h"), "authorization", List.of(authorization)), null);

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "Authorization=" + authorization);
    }

    @Test
    void verify_amzDateNotInBasicFormat_isIncomplete() {
        SignedRequestView request = replaceHeader(TestSigner.request("GET", "x").signed(), "x-amz-date",
                "2025-01-30T20:46:31Z");

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '2025-01-30T20:46:31Z'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void verify_hostNotSigned_isIncomplete() {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250130/us-east-1/bedrock/aws4_request, "
                + "SignedHeaders=x-amz-date, Signature=" + "0".repeat(64);

        assertFails(() -> verifier.verify(withAuthorization(authorization), SECRETS),
                SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    private static SignedRequestView withAuthorization(String authorization) {
        return replaceHeader(TestSigner.request("GET", "x").signed(), "authorization", authorization);
    }
}
