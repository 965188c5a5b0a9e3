package dev.modelgate.emulator.sigv4;

import java.util.Objects;

/**
 * A request failed SigV4 authentication. The {@linkplain #getMessage() message} follows the text
 * AWS services return for the same failure and never contains a secret key; the {@link #reason()}
 * tells the caller which AWS error code to answer with (the code differs between the query
 * protocol of STS and the JSON protocols of Bedrock, so the mapping is the caller's job).
 */
public final class SigV4Exception extends RuntimeException {

    /** Why authentication failed. */
    public enum Reason {
        /**
         * Neither an {@code Authorization} header nor {@code X-Amz-*} query authentication is present.
         * AWS: {@code MissingAuthenticationToken} (STS, "Request is missing Authentication Token"),
         * {@code MissingAuthenticationTokenException} (JSON services, "Missing Authentication Token").
         */
        MISSING_AUTHENTICATION,
        /**
         * The authentication information is malformed or incomplete: a missing {@code Credential},
         * {@code SignedHeaders} or {@code Signature}, a bad credential scope, an unsupported
         * algorithm, no request date, or {@code host} not signed. AWS: {@code IncompleteSignature}
         * (STS), {@code IncompleteSignatureException} (JSON services).
         */
        INCOMPLETE_SIGNATURE,
        /**
         * The {@link SecretLookup} does not know the access key id. AWS: {@code InvalidClientTokenId}
         * (STS), {@code UnrecognizedClientException} (JSON services).
         */
        UNKNOWN_ACCESS_KEY,
        /**
         * The signature, the scope date or the payload hash does not match. AWS:
         * {@code SignatureDoesNotMatch} (STS), {@code InvalidSignatureException} (JSON services).
         */
        SIGNATURE_MISMATCH,
        /**
         * The request time lies outside the allowed clock skew, or a presigned request has expired.
         * AWS: {@code SignatureDoesNotMatch} (STS), {@code InvalidSignatureException} (JSON services).
         */
        SIGNATURE_EXPIRED
    }

    private final Reason reason;

    /**
     * @param reason  why authentication failed
     * @param message the AWS-style message; must not contain secrets
     */
    public SigV4Exception(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why authentication failed. */
    public Reason reason() {
        return reason;
    }
}
