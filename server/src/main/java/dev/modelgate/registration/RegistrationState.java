package dev.modelgate.registration;

/**
 * The life of a role registration:
 * <pre>
 *   (request) → PENDING ──approve──→ APPROVED ──revoke──→ REVOKED
 *                  │  └──reject──→ REJECTED                  │
 *                  └──revoke (withdrawn)──→ REVOKED           │
 *   REJECTED, REVOKED ──(request again)──→ PENDING ←─────────┘
 * </pre>
 * Only {@link #APPROVED} lets Modelgate assume the role for the workspace.
 */
public enum RegistrationState {
    /** Waiting for a platform operator (or automatic verification). */
    PENDING,
    /** Modelgate may assume the role for the workspace. */
    APPROVED,
    /** A platform operator said no; the workspace may ask again. */
    REJECTED,
    /** Approved once (or withdrawn while pending), no longer; the workspace may ask again. */
    REVOKED
}
