package dev.modelgate.emulator.sigv4;

import static dev.modelgate.emulator.sigv4.SigV4VerifierTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical request for Bedrock-shaped paths, a real SDK request, and awkward characters. */
class SigV4CanonicalRequestTest {

    private static final SecretLookup SECRETS = Map.of(TestSigner.ACCESS_KEY_ID, TestSigner.SECRET)::get;

    @Test
    void verify_modelArnInPath_signsThePathEncodedTwice() {
        TestSigner signer = TestSigner.request("POST", "model", "arn:aws:bedrock:us-east-1::foundation-model/x.y", "invoke")
                .header("content-type", "application/json").body("{}").contentSha256();
        SignedRequestView request = signer.signed();
        String handWritten = """
                POST
                /model/arn%253Aaws%253Abedrock%253Aus-east-1%253A%253Afoundation-model%252Fx.y/invoke

                content-type:application/json
                host:bedrock-runtime.us-east-1.amazonaws.com
                x-amz-content-sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
                x-amz-date:20250130T204631Z

                content-type;host;x-amz-content-sha256;x-amz-date
                44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a""";
        SigV4Verifier verifier = SigV4VerifierTest.verifierAt(TestSigner.NOW);

        assertThat(request.rawPath())
                .isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fx.y/invoke");
        assertThat(signer.canonicalRequest()).isEqualTo(handWritten);
        assertThat(verifier.canonicalRequest(request)).isEqualTo(handWritten);
        String stringToSign = "AWS4-HMAC-SHA256\n20250130T204631Z\n20250130/us-east-1/bedrock/aws4_request\n"
                + TestSigner.sha256Hex(handWritten.getBytes(StandardCharsets.UTF_8));
        assertThat(request.header("authorization")).endsWith("Signature="
                + TestSigner.signature(TestSigner.SECRET, "20250130", "us-east-1", "bedrock", stringToSign));
        assertThat(verifier.verify(request, SECRETS).service()).isEqualTo("bedrock");
    }

    /** 02-bedrock-invoke.txt from the shared captures: AWS SDK for Java 2.57.8, InvokeModel. */
    private static final String JAVA_SDK_INVOKE = """
            POST /model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke HTTP/1.1
            Accept: application/json
            amz-sdk-invocation-id: 7bbcd855-6605-542a-f229-7a5702fd536f
            amz-sdk-request: attempt=1; max=4
            Authorization: AWS4-HMAC-SHA256 Credential=ASIAFAKEASSUMED00042/20261124/us-east-1/bedrock/aws4_request, \
            SignedHeaders=accept;amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;\
            x-amz-content-sha256;x-amz-date;x-amz-security-token, \
            Signature=645c5038e44499e87c3cdd2306b8677d1200bc680a0281265409241c53c5e3e6
            Content-Type: application/json
            User-Agent: aws-sdk-java/2.57.8 md/io#sync md/http#UrlConnection ua/2.1 api/Bedrock_Runtime#2.57.x
            x-amz-content-sha256: 73c008b8e61054ba220092613b895e459085ef9aa4f389dde35559d40477ab2c
            X-Amz-Date: 20261124T180918Z
            X-Amz-Security-Token: FwoGZXIvYXdzEFAKE//////////SESSIONTOKEN+tenant42==
            Host: 127.0.0.1:45245
            Connection: keep-alive
            Content-Length: 106

            {"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Say hi"}]}""";

    @Test
    void canonicalRequest_javaSdkInvokeModel_isBuiltFromTheSignedHeadersAndDoubleEncodedPath() {
        SignedRequestView request = parseCapture(JAVA_SDK_INVOKE);
        SigV4Verifier verifier = SigV4VerifierTest.verifierAt(Instant.parse("2026-11-24T18:09:18Z"));

        assertThat(verifier.canonicalRequest(request)).isEqualTo("""
                POST
                /model/anthropic.claude-3-haiku-20240307-v1%253A0/invoke

                accept:application/json
                amz-sdk-invocation-id:7bbcd855-6605-542a-f229-7a5702fd536f
                amz-sdk-request:attempt=1; max=4
                content-length:106
                content-type:application/json
                host:127.0.0.1:45245
                x-amz-content-sha256:73c008b8e61054ba220092613b895e459085ef9aa4f389dde35559d40477ab2c
                x-amz-date:20261124T180918Z
                x-amz-security-token:FwoGZXIvYXdzEFAKE//////////SESSIONTOKEN+tenant42==

                accept;amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;\
                x-amz-date;x-amz-security-token
                73c008b8e61054ba220092613b895e459085ef9aa4f389dde35559d40477ab2c""");
        // The capture's secret is unknown: with any other secret the request parses fully and fails only on the signature.
        assertFails(() -> verifier.verify(request, key -> "not-the-capture-secret"),
                SigV4Exception.Reason.SIGNATURE_MISMATCH,
                "The request signature we calculated does not match the signature you provided. Check your AWS "
                        + "Secret Access Key and signing method. Consult the service documentation for details.");
    }

    static List<Long> seeds() {
        return java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void verify_randomPathQueryAndHeaderText_verifiesInBothForms(long seed) {
        Random random = new Random(seed);
        List<String> segments = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            String segment = randomText(random, 1);
            segments.add(segment.equals(".") || segment.equals("..") ? "a" + segment : segment);
        }
        TestSigner signer = TestSigner.request(random.nextBoolean() ? "GET" : "POST", segments.toArray(String[]::new))
                .header("x-test-value", "  " + randomHeaderValue(random) + " \t")
                .body(randomText(random, 0));
        for (int i = random.nextInt(4); i > 0; i--) {
            signer.query(randomText(random, 1), randomText(random, 0));
        }
        SigV4Verifier verifier = SigV4VerifierTest.verifierAt(TestSigner.NOW);

        SignedRequestView signed = signer.contentSha256().signed();
        assertThat(verifier.canonicalRequest(signed)).isEqualTo(signer.canonicalRequest());
        assertThat(verifier.verify(signed, SECRETS).presigned()).isFalse();
        assertThat(verifier.verify(signer.presigned(Duration.ofMinutes(5)), SECRETS).presigned()).isTrue();
    }

    /** Unreserved, reserved and non-ASCII characters (two, three and four UTF-8 bytes). */
    private static final int[] ALPHABET =
            "aZ09-_.~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}\u00e9\u1234\uD83D\uDE00".codePoints().toArray();

    private static String randomText(Random random, int minLength) {
        StringBuilder text = new StringBuilder();
        int length = minLength + random.nextInt(8);
        while (text.codePointCount(0, text.length()) < length) {
            text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    private static String randomHeaderValue(Random random) {
        StringBuilder value = new StringBuilder("v");
        for (int i = random.nextInt(12); i > 0; i--) {
            value.append(random.nextInt(4) == 0 ? " ".repeat(1 + random.nextInt(3)) : (char) ('!' + random.nextInt(94)));
        }
        return value.append('v').toString();
    }

    private static SignedRequestView parseCapture(String capture) {
        int blank = capture.indexOf("\n\n");
        String[] lines = capture.substring(0, blank).split("\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        return new SignedRequestView(requestLine[0], requestLine[1], "", headers,
                capture.substring(blank + 2).getBytes(StandardCharsets.UTF_8));
    }
}
