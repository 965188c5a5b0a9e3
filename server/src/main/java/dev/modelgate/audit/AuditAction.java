package dev.modelgate.audit;

/**
 * What an audit event records. Key and sign-in actions are part of the contract now so that clients can switch on
 * them, and are recorded once sign-in and API keys exist (nothing writes them before then).
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
    /** A model's routing (fallbacks, balance) was replaced; details carry {@code routing} before and after, by name. */
    ROUTING_CHANGED,
    /** A Test ran (of a saved model or an unsaved draft); details carry its outcome only, nothing of the bodies. */
    MODEL_TESTED,
    /** A model's draft was made live. */
    MODEL_PROMOTED,
    /** A model went back to an earlier revision. */
    MODEL_ROLLED_BACK,
    /** Recorded once API keys exist. */
    KEY_CREATED,
    /** Recorded once API keys exist. */
    KEY_REVOKED,
    /**
     * A workspace asked that Modelgate may assume a role (resource type {@code ROLE_REGISTRATION}); details carry
     * {@code roleArn}, {@code state} before (null for a first request) and after, and {@code note}.
     */
    REGISTRATION_REQUESTED,
    /**
     * A registration was approved, by a platform operator or by automatic verification; details as for a request,
     * plus {@code automatic}.
     */
    REGISTRATION_APPROVED,
    /** A platform operator rejected a registration; details as for a request. */
    REGISTRATION_REJECTED,
    /** A registration was revoked (or withdrawn while pending); details as for a request. */
    REGISTRATION_REVOKED,
    /**
     * The workspace's External ID rotation was confirmed (resource type {@code WORKSPACE}); details carry
     * {@code externalId} {@code before} and {@code after} (External IDs are not secrets).
     */
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
    MEMBER_REMOVED,
    /** An account's password was changed; details carry {@code by}: {@code self} or {@code admin} (never the password). */
    PASSWORD_CHANGED,
    /** A platform operator changed the platform's settings; details carry each changed setting's before and after. */
    SETTINGS_CHANGED,
    /**
     * A budget was created (resource type {@code BUDGET}); details carry its {@code scope}, {@code keyId},
     * {@code modelId}, {@code unit}, {@code period}, {@code limit} and {@code softLimit}.
     */
    BUDGET_CREATED,
    /** A budget was replaced; details carry the budget {@code before} and {@code after}. */
    BUDGET_UPDATED,
    /** A budget was deleted; details carry the budget as it was. */
    BUDGET_DELETED,
    /**
     * A budget's soft threshold was reached, recorded once per budget and period (actor {@code modelgate}); details
     * carry the budget, {@code spent}, {@code periodStart} and {@code resetsAt}.
     */
    BUDGET_THRESHOLD_REACHED
}
