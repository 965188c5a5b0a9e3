package dev.modelgate.emulator.auth;

/**
 * Why a request was not authenticated. Each service answers a failure with its own code and status; see
 * {@link #stsCode()} and {@link #bedrockCode()}.
 *
 * <p>An expired session token is {@code ExpiredToken} (403) on STS, as real STS answers it — not the STS model's
 * {@code ExpiredTokenException} (400), which STS reserves for expired web identity tokens; the Java SDK therefore
 * throws a plain {@code StsException} for it (aws/aws-sdk-java-v2#1649). JSON services such as Bedrock answer
 * {@code ExpiredTokenException} (403).
 */
public enum AuthFailure {
    MISSING_AUTHENTICATION("MissingAuthenticationToken", 403, "MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400, "IncompleteSignatureException", 400),
    INVALID_CLIENT_TOKEN("InvalidClientTokenId", 403, "UnrecognizedClientException", 403),
    SIGNATURE_MISMATCH("SignatureDoesNotMatch", 403, "InvalidSignatureException", 403),
    SIGNATURE_EXPIRED("SignatureDoesNotMatch", 403, "InvalidSignatureException", 403),
    EXPIRED_TOKEN("ExpiredToken", 403, "ExpiredTokenException", 403);

    private final String stsCode;
    private final int stsStatus;
    private final String bedrockCode;
    private final int bedrockStatus;

    AuthFailure(String stsCode, int stsStatus, String bedrockCode, int bedrockStatus) {
        this.stsCode = stsCode;
        this.stsStatus = stsStatus;
        this.bedrockCode = bedrockCode;
        this.bedrockStatus = bedrockStatus;
    }

    /** The STS {@code <Code>}. */
    public String stsCode() {
        return stsCode;
    }

    public int stsStatus() {
        return stsStatus;
    }

    /** Bedrock's {@code x-amzn-ErrorType}. */
    public String bedrockCode() {
        return bedrockCode;
    }

    public int bedrockStatus() {
        return bedrockStatus;
    }
}
