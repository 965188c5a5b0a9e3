package dev.modelgate.emulator.sigv4;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a successfully verified SigV4 signature says about its request. The verifier does not judge
 * the scope: rejecting a request signed for another region or service is the caller's job.
 *
 * @param accessKeyId   the access key id the request was signed with
 * @param requestTime   the signing time ({@code X-Amz-Date}, or the {@code Date} header)
 * @param region        the region of the credential scope, e.g. {@code us-east-1}
 * @param service       the service of the credential scope, e.g. {@code bedrock} or {@code sts}
 * @param signedHeaders the signed header names, lower case, as the request listed them
 * @param securityToken the session token ({@code x-amz-security-token} header, or the
 *                      {@code X-Amz-Security-Token} query parameter when presigned); null when absent.
 *                      Whether it was signed is not checked, as with AWS
 * @param presigned     true when the signature came in the query string, false for the
 *                      {@code Authorization} header
 */
public record VerifiedSignature(String accessKeyId, Instant requestTime, String region, String service,
                                List<String> signedHeaders, String securityToken, boolean presigned) {

    public VerifiedSignature {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** Leaves out the session token. */
    @Override
    public String toString() {
        return "VerifiedSignature[accessKeyId=" + accessKeyId + ", requestTime=" + requestTime + ", region=" + region
                + ", service=" + service + ", signedHeaders=" + signedHeaders + ", securityToken="
                + (securityToken == null ? "none" : "***") + ", presigned=" + presigned + "]";
    }
}
