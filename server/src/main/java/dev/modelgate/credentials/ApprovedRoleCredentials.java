package dev.modelgate.credentials;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@link TenantCredentials} that hand out a session only of a role approved for the calling workspace: every
 * {@link #session} asks the {@link RoleApprovals} first — a cached session too, so a revoked registration stops
 * further sessions at once — and throws {@link RoleNotApprovedException} without reaching STS when the role is not
 * approved. Everything else is the delegate's.
 */
public final class ApprovedRoleCredentials implements TenantCredentials {

    private final TenantCredentials delegate;
    private final RoleApprovals approvals;

    public ApprovedRoleCredentials(TenantCredentials delegate, RoleApprovals approvals) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
    }

    /**
     * @throws RoleNotApprovedException when {@code key}'s role is not approved for {@code workspaceId}
     */
    @Override
    public TenantSession session(SessionKey key, String workspaceId) {
        Objects.requireNonNull(key, "key");
        RoleSessionNames.forWorkspace(workspaceId);
        approvals.requireApproved(key, workspaceId);
        return delegate.session(key, workspaceId);
    }

    @Override
    public void invalidate(SessionKey key) {
        delegate.invalidate(key);
    }

    @Override
    public void invalidateIf(Predicate<SessionKey> which) {
        delegate.invalidateIf(which);
    }

    @Override
    public void invalidateAll() {
        delegate.invalidateAll();
    }

    @Override
    public String toString() {
        return "ApprovedRoleCredentials[" + delegate + "]";
    }
}
