package dev.modelgate.emulator.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SigV4VerifierTest {

    private static final SecretLookup SECRETS = Map.of(TestSigner.ACCESS_KEY_ID, TestSigner.SECRET)::get;
    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final SigV4Verifier verifier = verifierAt(TestSigner.NOW);

    @Test
    void verify_requestSignedLikeAnSdk_reportsKeyScopeTimeAndSignedHeaders() {
        SignedRequestView request = TestSigner.request("POST", "model", "amazon.nova-lite-v1:0", "converse")
                .header("content-type", "application/json").body("{\"messages\":[]}").contentSha256().signed();

        VerifiedSignature verified = verifier.verify(request, SECRETS);

        assertThat(verified).isEqualTo(new VerifiedSignature(TestSigner.ACCESS_KEY_ID, TestSigner.NOW, "us-east-1",
                "bedrock", List.of("content-type", "host", "x-amz-content-sha256", "x-amz-date"), null, false));
    }

    @Test
    void verify_authorityPseudoHeaderSignedBesideHost_isACanonicalHeaderOfItsOwn() {
        SignedRequestView request = TestSigner.request("POST", "model", "amazon.nova-lite-v1:0", "converse-stream")
                .header(":authority", "bedrock-runtime.us-east-1.amazonaws.com").body("{}").signed();

        VerifiedSignature verified = verifier.verify(request, SECRETS);

        assertThat(verified.signedHeaders()).containsExactly(":authority", "host", "x-amz-date");
    }

    @Test
    void verify_authoritySignedButAbsent_doesNotMatch() {
        SignedRequestView signed = TestSigner.request("POST", "model", "m", "invoke")
                .header(":authority", "bedrock-runtime.us-east-1.amazonaws.com").signed();
        Map<String, List<String>> withoutAuthority = new HashMap<>(signed.headers());
        withoutAuthority.remove(":authority");
        SignedRequestView request = new SignedRequestView(signed.method(), signed.rawPath(), signed.rawQuery(),
                withoutAuthority, signed.body());

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.SIGNATURE_MISMATCH, MISMATCH);
    }

    @Test
    void verify_unknownAccessKey_isUnknownAccessKey() {
        SignedRequestView request = TestSigner.request("GET", "foundation-models").signed();

        assertFails(() -> verifier.verify(request, key -> null), SigV4Exception.Reason.UNKNOWN_ACCESS_KEY,
                "The security token included in the request is invalid.");
    }

    @Test
    void verify_noAuthorizationHeaderAndNoQuerySignature_isMissingAuthentication() {
        SignedRequestView request = new SignedRequestView("GET", "/foundation-models", "byProvider=Amazon",
                Map.of("host", List.of("bedrock.us-east-1.amazonaws.com")), null);

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.MISSING_AUTHENTICATION,
                "Missing Authentication Token");
    }

    @Test
    void verify_requestOlderThanFiveMinutes_isExpiredWithAwsMessage() {
        SignedRequestView request = TestSigner.request("POST", "model", "m", "invoke")
                .at(Instant.parse("2025-01-30T20:38:27Z")).signed();

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.SIGNATURE_EXPIRED,
                "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z - 5 min.)");
    }

    @Test
    void verify_requestMoreThanFiveMinutesAhead_isNotYetCurrentWithAwsMessage() {
        SignedRequestView request = TestSigner.request("POST", "model", "m", "invoke")
                .at(Instant.parse("2025-01-30T21:00:00Z")).signed();

        assertFails(() -> verifier.verify(request, SECRETS), SigV4Exception.Reason.SIGNATURE_EXPIRED,
                "Signature not yet current: 20250130T210000Z is still later than 20250130T205131Z (20250130T204631Z + 5 min.)");
    }

    @Test
    void verify_requestExactlyFiveMinutesOffEitherWay_isAccepted() {
        Duration skew = SigV4Verifier.AWS_MAX_CLOCK_SKEW;
        SignedRequestView past = TestSigner.request("GET", "x").at(TestSigner.NOW.minus(skew)).signed();
        SignedRequestView future = TestSigner.request("GET", "x").at(TestSigner.NOW.plus(skew)).signed();

        assertThat(verifier.verify(past, SECRETS).requestTime()).isEqualTo(TestSigner.NOW.minus(skew));
        assertThat(verifier.verify(future, SECRETS).requestTime()).isEqualTo(TestSigner.NOW.plus(skew));
    }

    @Test
    void verify_scopeDateOtherThanAmzDate_isMismatch() {
        SignedRequestView request = TestSigner.request("GET", "x").signed();
        String authorization = request.header("authorization").replace("/20250130/", "/20250129/");

        assertFails(() -> verifier.verify(replaceHeader(request, "authorization", authorization), SECRETS),
                SigV4Exception.Reason.SIGNATURE_MISMATCH,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20250129' != '20250130', from '20250130T204631Z'.");
    }

    @Test
    void verify_bodyChangedAfterSigningWithContentSha256_isMismatch() {
        SignedRequestView signed = TestSigner.request("POST", "model", "m", "invoke")
                .body("{\"max_tokens\":64}").contentSha256().signed();
        SignedRequestView tampered = withBody(signed, "{\"max_tokens\":65}");

        assertFails(() -> verifier.verify(tampered, SECRETS), SigV4Exception.Reason.SIGNATURE_MISMATCH,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void verify_bodyChangedAfterSigningWithoutContentSha256_isMismatch() {
        SignedRequestView signed = TestSigner.request("POST", "").body("Action=GetCallerIdentity").scope("us-east-1", "sts")
                .signed();

        assertFails(() -> verifier.verify(withBody(signed, "Action=AssumeRole"), SECRETS),
                SigV4Exception.Reason.SIGNATURE_MISMATCH, MISMATCH);
    }

    @Test
    void verify_signedHeaderChanged_isMismatch() {
        SignedRequestView signed = TestSigner.request("POST", "x").header("content-type", "application/json").signed();

        assertFails(() -> verifier.verify(replaceHeader(signed, "content-type", "text/plain"), SECRETS),
                SigV4Exception.Reason.SIGNATURE_MISMATCH, MISMATCH);
    }

    @Test
    void verify_unsignedHeaderAddedAfterSigning_stillVerifies() {
        SignedRequestView signed = TestSigner.request("POST", "x").signed();

        assertThat(verifier.verify(replaceHeader(signed, "user-agent", "proxy/1.0"), SECRETS).signedHeaders())
                .containsExactly("host", "x-amz-date");
    }

    @Test
    void verify_otherRegionAndService_areReportedForTheCallerToJudge() {
        SignedRequestView request = TestSigner.request("POST", "").scope("eu-west-1", "sts").signed();

        VerifiedSignature verified = verifier.verify(request, SECRETS);

        assertThat(verified.region()).isEqualTo("eu-west-1");
        assertThat(verified.service()).isEqualTo("sts");
    }

    @Test
    void verify_sessionTokenHeader_isReported() {
        SignedRequestView request = TestSigner.request("GET", "x").token("FwoGZXIvYXdzEFAKE//token+==").signed();

        assertThat(verifier.verify(request, SECRETS).securityToken()).isEqualTo("FwoGZXIvYXdzEFAKE//token+==");
    }

    @Test
    void verify_dateHeaderInsteadOfAmzDate_isAccepted() {
        SignedRequestView request = TestSigner.request("GET", "x").dateHeader().signed();

        assertThat(request.header("date")).isEqualTo("Thu, 30 Jan 2025 20:46:31 GMT");
        assertThat(verifier.verify(request, SECRETS).requestTime()).isEqualTo(TestSigner.NOW);
    }

    @Test
    void newSignedRequestView_upperCaseHeaderName_isRejected() {
        assertThatThrownBy(() -> new SignedRequestView("GET", "/", "", Map.of("Host", List.of("h")), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header names must be lower case, got \"Host\"");
    }

    static void assertFails(ThrowingCallable call, SigV4Exception.Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SigV4Exception.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessage(message);
    }

    static SigV4Verifier verifierAt(Instant now) {
        return SigV4Verifier.create(Clock.fixed(now, ZoneOffset.UTC));
    }

    static SignedRequestView replaceHeader(SignedRequestView request, String name, String value) {
        Map<String, List<String>> headers = new HashMap<>(request.headers());
        headers.put(name, List.of(value));
        return new SignedRequestView(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    private static SignedRequestView withBody(SignedRequestView request, String body) {
        return new SignedRequestView(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
