package dev.modelgate.emulator.sigv4;

/**
 * Finds the secret access key that belongs to an access key id, the way IAM/STS would for a real
 * AWS service.
 */
@FunctionalInterface
public interface SecretLookup {

    /**
     * Returns the secret access key of {@code accessKeyId}, or {@code null} when the key is unknown
     * (the verifier then fails with {@link SigV4Exception.Reason#UNKNOWN_ACCESS_KEY}).
     *
     * @param accessKeyId the access key id from the request's credential scope, never null
     */
    String secretFor(String accessKeyId);
}
