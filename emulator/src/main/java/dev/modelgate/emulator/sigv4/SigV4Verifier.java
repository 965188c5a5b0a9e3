package dev.modelgate.emulator.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies AWS Signature Version 4 on incoming requests the way AWS services do, for both the
 * {@code Authorization} header and presigned query strings.
 *
 * <p>The canonical URI is the raw request path URI-encoded once more (AWS's non-S3 "double
 * encoding": {@code %3A} signs as {@code %253A}). The payload hash is the {@code x-amz-content-sha256}
 * header when present, and the body must then hash to it; otherwise it is the SHA-256 of the body.
 * The verifier reports the credential scope's region and service without judging them: rejecting a
 * request signed for another region or service is the caller's job.
 *
 * <p>Thread-safe; instances hold no mutable state.
 */
public final class SigV4Verifier {

    /** The clock skew AWS services allow between the request time and their own clock. */
    public static final Duration AWS_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

    private final Clock clock;
    private final Duration maxClockSkew;
    private final boolean normalizePath;

    /**
     * @param clock         the verifier's idea of now
     * @param maxClockSkew  how far the request time may lie before or after now; AWS uses
     *                      {@link #AWS_MAX_CLOCK_SKEW}
     * @param normalizePath whether to remove {@code .}/{@code ..} segments and duplicate slashes from the
     *                      path before signing it, as all AWS services but S3 do
     * @throws IllegalArgumentException when {@code maxClockSkew} is negative
     */
    public SigV4Verifier(Clock clock, Duration maxClockSkew, boolean normalizePath) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative, got " + maxClockSkew);
        }
        this.normalizePath = normalizePath;
    }

    /** A verifier as AWS's non-S3 services behave: five minutes of skew, normalized paths. */
    public static SigV4Verifier create(Clock clock) {
        return new SigV4Verifier(clock, AWS_MAX_CLOCK_SKEW, true);
    }

    /**
     * Verifies the signature of {@code request}.
     *
     * @param request the request as received
     * @param secrets finds the secret access key of the request's access key id
     * @return who signed the request, when, and for which scope
     * @throws SigV4Exception MISSING_AUTHENTICATION when no signature is present, INCOMPLETE_SIGNATURE
     *                        when it is malformed, UNKNOWN_ACCESS_KEY when {@code secrets} does not know the
     *                        key, SIGNATURE_EXPIRED when the request time is outside the skew or a presigned
     *                        request has expired, SIGNATURE_MISMATCH when the scope date, the signature or
     *                        the payload hash does not match
     */
    public VerifiedSignature verify(SignedRequestView request, SecretLookup secrets) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(secrets, "secrets");
        SignatureParameters parameters = SignatureParameters.from(request);
        Credential credential = parameters.credential();
        String secret = secrets.secretFor(credential.accessKeyId());
        if (secret == null) {
            throw new SigV4Exception(SigV4Exception.Reason.UNKNOWN_ACCESS_KEY,
                    "The security token included in the request is invalid.");
        }
        AmzDate date = parameters.date();
        if (!credential.date().equals(date.date())) {
            throw new SigV4Exception(SigV4Exception.Reason.SIGNATURE_MISMATCH,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + credential.date() + "' != '" + date.date() + "', from '" + date.text() + "'.");
        }
        checkTime(parameters);
        String bodyHash = SignatureCalculator.sha256Hex(request.body());
        String declaredHash = request.header("x-amz-content-sha256");
        String stringToSign = stringToSign(request, parameters, declaredHash != null ? declaredHash : bodyHash);
        String expected = SignatureCalculator.signature(secret, credential.date(), credential.region(),
                credential.service(), stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parameters.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new SigV4Exception(SigV4Exception.Reason.SIGNATURE_MISMATCH, MISMATCH);
        }
        if (declaredHash != null && !declaredHash.equals(bodyHash)) {
            throw new SigV4Exception(SigV4Exception.Reason.SIGNATURE_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return new VerifiedSignature(credential.accessKeyId(), date.instant(), credential.region(),
                credential.service(), parameters.signedHeaders(), parameters.securityToken(), parameters.presigned());
    }

    /** The canonical request {@link #verify} computes for {@code request}; for tests and diagnosis. */
    String canonicalRequest(SignedRequestView request) {
        SignatureParameters parameters = SignatureParameters.from(request);
        return canonicalRequest(request, parameters, payloadHash(request)).text();
    }

    /** The string to sign {@link #verify} computes for {@code request}; for tests and diagnosis. */
    String stringToSign(SignedRequestView request) {
        return stringToSign(request, SignatureParameters.from(request), payloadHash(request));
    }

    private String stringToSign(SignedRequestView request, SignatureParameters parameters, String payloadHash) {
        return SignatureCalculator.stringToSign(parameters.date().text(), parameters.credential().scope(),
                canonicalRequest(request, parameters, payloadHash).text());
    }

    private CanonicalRequest canonicalRequest(SignedRequestView request, SignatureParameters parameters,
                                              String payloadHash) {
        return CanonicalRequest.of(request, parameters.signedHeaders(), payloadHash, normalizePath,
                parameters.presigned());
    }

    private static String payloadHash(SignedRequestView request) {
        String declared = request.header("x-amz-content-sha256");
        return declared != null ? declared : SignatureCalculator.sha256Hex(request.body());
    }

    private void checkTime(SignatureParameters parameters) {
        Instant now = clock.instant();
        Instant requestTime = parameters.date().instant();
        if (requestTime.isAfter(now.plus(maxClockSkew))) {
            throw new SigV4Exception(SigV4Exception.Reason.SIGNATURE_EXPIRED,
                    "Signature not yet current: " + parameters.date().text() + " is still later than "
                            + AmzDate.format(now.plus(maxClockSkew)) + " (" + AmzDate.format(now) + " + "
                            + skewText() + ")");
        }
        if (parameters.presigned()) {
            Instant expiry = requestTime.plus(parameters.expires());
            if (now.isAfter(expiry)) {
                throw new SigV4Exception(SigV4Exception.Reason.SIGNATURE_EXPIRED,
                        "Request has expired: signed at " + parameters.date().text() + " for "
                                + parameters.expires().toSeconds() + " seconds (X-Amz-Expires), it expired at "
                                + AmzDate.format(expiry) + " and it is now " + AmzDate.format(now) + ".");
            }
        } else if (requestTime.isBefore(now.minus(maxClockSkew))) {
            throw new SigV4Exception(SigV4Exception.Reason.SIGNATURE_EXPIRED,
                    "Signature expired: " + parameters.date().text() + " is now earlier than "
                            + AmzDate.format(now.minus(maxClockSkew)) + " (" + AmzDate.format(now) + " - "
                            + skewText() + ")");
        }
    }

    private String skewText() {
        long seconds = maxClockSkew.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min." : seconds + " sec.";
    }
}
