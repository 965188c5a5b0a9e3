package dev.modelgate.registration;

import dev.modelgate.credentials.RoleVerificationFailure;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.util.Objects;

/**
 * An operator's approval was refused because the role did not pass verification: the registration stays PENDING,
 * with the failure as its note. Its code is {@code role-verification-failed} when the tenant or the platform must
 * change something, {@code role-verification-unavailable} when STS did not answer; {@link #failure()} says whose move
 * it is and carries the Test's diagnosis code ({@code trust-policy-or-role}, {@code platform-not-allowed}, …).
 */
public final class RoleVerificationException extends ModelgateException {

    private final transient RoleVerificationFailure failure;
    private final String registrationId;

    RoleVerificationException(String registrationId, String roleArn, RoleVerificationFailure failure) {
        super(failure.fixedBy() == RoleVerificationFailure.Party.NOBODY ? ErrorCode.ROLE_VERIFICATION_UNAVAILABLE
                : ErrorCode.ROLE_VERIFICATION_FAILED, "registration " + registrationId + " was not approved: " + roleArn
                + " did not pass verification " + failure.sentence());
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
