package dev.modelgate.emulator.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the aws-c-auth SigV4 suite (38 v4 cases) through the verifier. */
class SigV4TestSuiteTest {

    /**
     * In this case the signer added {@code X-Amz-Security-Token} to the query after signing. AWS
     * services sign every query parameter but {@code X-Amz-Signature}, so a server cannot verify it;
     * its header-signed twin (token header added after signing, not in SignedHeaders) does verify.
     */
    private static final String TOKEN_ADDED_AFTER_SIGNING = "post-sts-header-after";

    static Stream<SuiteCase> cases() {
        return SuiteCase.all().stream();
    }

    @Test
    void suite_hasAllThirtyEightV4Cases() {
        assertThat(SuiteCase.all()).hasSize(38);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void headerSigned_canonicalRequestAndStringToSign_matchSuite(SuiteCase suiteCase) {
        SigV4Verifier verifier = verifierFor(suiteCase);
        SignedRequestView request = suiteCase.request("header-signed-request.txt");

        assertThat(verifier.canonicalRequest(request)).isEqualTo(suiteCase.file("header-canonical-request.txt"));
        assertThat(verifier.stringToSign(request)).isEqualTo(suiteCase.file("header-string-to-sign.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void headerSigned_verifiesWithTheCaseCredentials(SuiteCase suiteCase) {
        SignedRequestView request = suiteCase.request("header-signed-request.txt");

        VerifiedSignature verified = verifierFor(suiteCase).verify(request, secretsOf(suiteCase));

        assertThat(verified.accessKeyId()).isEqualTo(suiteCase.accessKeyId());
        assertThat(verified.requestTime()).isEqualTo(suiteCase.timestamp());
        assertThat(verified.region()).isEqualTo(suiteCase.region());
        assertThat(verified.service()).isEqualTo(suiteCase.service());
        assertThat(verified.presigned()).isFalse();
        assertThat(verified.securityToken()).isEqualTo(request.header("x-amz-security-token"));
        assertThat(request.header("authorization")).endsWith("Signature=" + suiteCase.file("header-signature.txt").strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void headerSigned_oneSignatureCharacterFlipped_isSignatureMismatch(SuiteCase suiteCase) {
        SignedRequestView request = suiteCase.request("header-signed-request.txt");
        SignedRequestView tampered = withHeader(request, "authorization", flipLastCharacter(request.header("authorization")));

        assertThatThrownBy(() -> verifierFor(suiteCase).verify(tampered, secretsOf(suiteCase)))
                .isInstanceOfSatisfying(SigV4Exception.class,
                        e -> assertThat(e.reason()).isEqualTo(SigV4Exception.Reason.SIGNATURE_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void presigned_verifiesWithTheCaseCredentials(SuiteCase suiteCase) {
        SigV4Verifier verifier = verifierFor(suiteCase);
        SignedRequestView request = suiteCase.request("query-signed-request.txt");
        if (suiteCase.name().equals(TOKEN_ADDED_AFTER_SIGNING)) {
            assertThat(verifier.canonicalRequest(request)).isNotEqualTo(suiteCase.file("query-canonical-request.txt"));
            assertThatThrownBy(() -> verifier.verify(request, secretsOf(suiteCase)))
                    .isInstanceOfSatisfying(SigV4Exception.class,
                            e -> assertThat(e.reason()).isEqualTo(SigV4Exception.Reason.SIGNATURE_MISMATCH));
            return;
        }

        assertThat(verifier.canonicalRequest(request)).isEqualTo(suiteCase.file("query-canonical-request.txt"));
        assertThat(verifier.stringToSign(request)).isEqualTo(suiteCase.file("query-string-to-sign.txt"));
        VerifiedSignature verified = verifier.verify(request, secretsOf(suiteCase));
        assertThat(verified.presigned()).isTrue();
        assertThat(verified.accessKeyId()).isEqualTo(suiteCase.accessKeyId());
        assertThat(verified.requestTime()).isEqualTo(suiteCase.timestamp());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void presigned_oneSignatureCharacterFlipped_isSignatureMismatch(SuiteCase suiteCase) {
        SignedRequestView request = suiteCase.request("query-signed-request.txt");
        SignedRequestView tampered = new SignedRequestView(request.method(), request.rawPath(),
                flipLastCharacter(request.rawQuery()), request.headers(), request.body());

        assertThatThrownBy(() -> verifierFor(suiteCase).verify(tampered, secretsOf(suiteCase)))
                .isInstanceOfSatisfying(SigV4Exception.class,
                        e -> assertThat(e.reason()).isEqualTo(SigV4Exception.Reason.SIGNATURE_MISMATCH));
    }

    private static SigV4Verifier verifierFor(SuiteCase suiteCase) {
        return new SigV4Verifier(Clock.fixed(suiteCase.timestamp(), ZoneOffset.UTC),
                SigV4Verifier.AWS_MAX_CLOCK_SKEW, suiteCase.normalize());
    }

    private static SecretLookup secretsOf(SuiteCase suiteCase) {
        return Map.of(suiteCase.accessKeyId(), suiteCase.secretAccessKey())::get;
    }

    /** Replaces the last character (a hex digit of the signature in both request forms) by another. */
    private static String flipLastCharacter(String text) {
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static SignedRequestView withHeader(SignedRequestView request, String name, String value) {
        Map<String, List<String>> headers = new java.util.HashMap<>(request.headers());
        headers.put(name, List.of(value));
        return new SignedRequestView(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }
}
