package dev.modelgate.emulator.sigv4;

import static dev.modelgate.emulator.sigv4.SigV4VerifierTest.assertFails;
import static dev.modelgate.emulator.sigv4.SigV4VerifierTest.replaceHeader;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signatures in the query string ({@code X-Amz-Signature}, presigned URLs). */
class SigV4PresignedTest {

    private static final SecretLookup SECRETS = Map.of(TestSigner.ACCESS_KEY_ID, TestSigner.SECRET)::get;

    private final SigV4Verifier verifier = SigV4VerifierTest.verifierAt(TestSigner.NOW);

    @Test
    void verify_presignedOlderThanSkewButWithinExpiry_verifies() {
        Instant signedAt = TestSigner.NOW.minus(Duration.ofMinutes(10));
        SignedRequestView request = TestSigner.request("GET", "foundation-models").query("byProvider", "Amazon")
                .at(signedAt).presigned(Duration.ofMinutes(15));

        VerifiedSignature verified = verifier.verify(request, SECRETS);

        assertThat(verified.presigned()).isTrue();
        assertThat(verified.requestTime()).isEqualTo(signedAt);
        assertThat(verified.signedHeaders()).containsExactly("host");
    }

    @Test
    void verify_presignedPastItsExpiry_isExpired() {
        SignedRequestView request = TestSigner.request("GET", "x").at(Instant.parse("2025-01-30T20:30:00Z"))
                .presigned(Duration.ofSeconds(900));

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.SIGNATURE_EXPIRED,
                "Request has expired: signed at 20250130T203000Z for 900 seconds (X-Amz-Expires), it expired at "
                        + "20250130T204500Z and it is now 20250130T204631Z.");
    }

    @Test
    void verify_presignedMoreThanSkewAhead_isNotYetCurrent() {
        SignedRequestView request = TestSigner.request("GET", "x").at(Instant.parse("2025-01-30T21:00:00Z"))
                .presigned(Duration.ofHours(1));

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.SIGNATURE_EXPIRED,
                "Signature not yet current: 20250130T210000Z is still later than 20250130T205131Z (20250130T204631Z + 5 min.)");
    }

    @Test
    void verify_presignedSessionToken_isReportedAndSigned() {
        TestSigner signer = TestSigner.request("GET", "x").token("FwoGZXIvYXdzEFAKE//token+==");
        SignedRequestView request = signer.presigned(Duration.ofMinutes(5));

        assertThat(request.rawQuery()).contains("X-Amz-Security-Token=FwoGZXIvYXdzEFAKE%2F%2Ftoken%2B%3D%3D");
        assertThat(verifier.verify(request, SECRETS).securityToken()).isEqualTo("FwoGZXIvYXdzEFAKE//token+==");
        SignedRequestView otherToken = new SignedRequestView(request.method(), request.rawPath(),
                request.rawQuery().replace("token%2B", "token%2C"), request.headers(), request.body());
        assertFails(() -> verifier.verify(otherToken, SECRETS), SigV4Exception.Reason.SIGNATURE_MISMATCH,
                "The request signature we calculated does not match the signature you provided. Check your AWS "
                        + "Secret Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void verify_presignedWithoutExpires_isIncomplete() {
        SignedRequestView request = withoutParameter(TestSigner.request("GET", "x").presigned(Duration.ofMinutes(5)),
                "X-Amz-Expires");

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', "
                        + "'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'. Re-examine the query-string parameters.");
    }

    @Test
    void verify_presignedExpiresBeyondOneWeek_isIncomplete() {
        SignedRequestView request = TestSigner.request("GET", "x").presigned(Duration.ofSeconds(604_801));

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "X-Amz-Expires must be a whole number of seconds from 0 to 604800 (one week), got '604801'");
    }

    @Test
    void verify_presignedWithOtherAlgorithm_isIncomplete() {
        SignedRequestView presigned = TestSigner.request("GET", "x").presigned(Duration.ofMinutes(5));
        SignedRequestView request = new SignedRequestView("GET", presigned.rawPath(),
                presigned.rawQuery().replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"), presigned.headers(), null);

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }

    @Test
    void verify_authorizationHeaderAndQuerySignatureTogether_isIncomplete() {
        SignedRequestView presigned = TestSigner.request("GET", "x").presigned(Duration.ofMinutes(15));
        SignedRequestView both = replaceHeader(presigned, "authorization",
                TestSigner.request("GET", "x").signed().header("authorization"));

        assertFails(() -> verifier.verify(both, SECRETS), SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization "
                        + "header should be specified");
    }

    private static SignedRequestView withoutParameter(SignedRequestView request, String name) {
        String query = String.join("&", java.util.Arrays.stream(request.rawQuery().split("&"))
                .filter(pair -> !pair.startsWith(name + "=")).toList());
        return new SignedRequestView(request.method(), request.rawPath(), query, request.headers(), request.body());
    }
}
