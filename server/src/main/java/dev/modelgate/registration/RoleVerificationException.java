package dev.modelgate.registration;

import dev.modelgate.credentials.RoleVerificationFailure;
import java.util.Objects;

/**
 * An operator's approval was refused because the role did not pass verification: the registration stays PENDING,
 * with the failure as its note. {@link #failure()} says whose move it is (the tenant's, the platform's, or nobody's
 * when STS did not answer) and carries the stable code ({@code trust-policy-or-role}, {@code platform-not-allowed},
 * …) the web layer answers with.
 */
public final class RoleVerificationException extends RuntimeException {

    private final transient RoleVerificationFailure failure;
    private final String registrationId;

    RoleVerificationException(String registrationId, String roleArn, RoleVerificationFailure failure) {
        super("registration " + registrationId + " was not approved: " + roleArn + " did not pass verification "
                + failure.sentence(), null, false, false);
        this.registrationId = Objects.requireNonNull(registrationId, "registrationId");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Why the role did not pass, and who must fix what. */
    public RoleVerificationFailure failure() {
        return failure;
    }

    /** The registration that stays PENDING. */
    public String registrationId() {
        return registrationId;
    }
}
