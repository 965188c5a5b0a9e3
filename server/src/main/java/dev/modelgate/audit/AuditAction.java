package dev.modelgate.audit;

/**
 * What an audit event records. The first five are recorded today; the rest are part of the contract now so that
 * clients can switch on them, and are recorded once sign-in, API keys and role registrations exist (nothing writes
 * them before then).
 */
public enum AuditAction {
    /** A model was created; details carry its configuration ({@code fields}) and {@code revision}. */
    MODEL_CREATED,
    /** A model's configuration was replaced; details carry each changed field's {@code before} and {@code after}. */
    MODEL_UPDATED,
    /** A model was deleted; details carry the {@code revision} deleted. */
    MODEL_DELETED,
    /** A model's inference was switched; details carry {@code inferenceEnabled} before and after. */
    INFERENCE_TOGGLED,
    /** A Test ran (of a saved model or an unsaved draft); details carry its outcome only, nothing of the bodies. */
    MODEL_TESTED,
    /** Recorded once API keys exist. */
    KEY_CREATED,
    /** Recorded once API keys exist. */
    KEY_REVOKED,
    /** Recorded once role registrations exist. */
    REGISTRATION_REQUESTED,
    /** Recorded once role registrations exist. */
    REGISTRATION_APPROVED,
    /** Recorded once role registrations exist. */
    REGISTRATION_REVOKED,
    /** Recorded once the External ID can be rotated. */
    EXTERNAL_ID_ROTATED,
    /** Recorded once sign-in exists. */
    SIGN_IN,
    /** Recorded once sign-in exists. */
    SIGN_IN_FAILED,
    /** A platform operator created a workspace; details carry its {@code externalId}. */
    WORKSPACE_CREATED,
    /** An account was added to the workspace; details carry its {@code role}. */
    MEMBER_ADDED,
    /** An account was removed from the workspace; details carry its {@code role}. */
    MEMBER_REMOVED
}
