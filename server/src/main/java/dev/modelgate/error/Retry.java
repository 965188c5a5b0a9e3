package dev.modelgate.error;

/** When a request that failed with an {@link ErrorCode} is worth sending again. */
public enum Retry {
    /** The same request fails the same way; something else must change. */
    NEVER("never: the same request fails the same way"),
    /** The caller fixes the request (the field and rule are named) and sends it again. */
    AFTER_FIXING_THE_REQUEST("after fixing the request"),
    /** The caller reads the resource again and reapplies its change. */
    AFTER_RELOADING("after reading the resource again"),
    /** The caller signs in again or sends a valid API key. */
    AFTER_SIGNING_IN("after signing in, or with a valid API key"),
    /** The signed-in account changes its password (one an admin set), then sends the same request. */
    AFTER_CHANGING_THE_PASSWORD("after changing the password"),
    /** A workspace admin changes the model (its configuration, then a Test; or its inference switch). */
    AFTER_FIXING_THE_MODEL("after a workspace admin changes the model"),
    /** The tenant fixes its AWS account: the role, its trust or permission policy, STS or model access. */
    AFTER_FIXING_THE_TENANT_ACCOUNT("after the tenant fixes its AWS account"),
    /** A platform operator acts: approves a role, fixes Modelgate's own credentials, policies or clock. */
    AFTER_THE_OPERATOR_ACTS("after a platform operator acts"),
    /** The answer carries {@code Retry-After}: wait that many seconds, then send the same request. */
    AFTER_RETRY_AFTER("after the Retry-After seconds"),
    /** A transient failure: the same request may succeed later; back off between tries. */
    LATER("later, with backoff");

    private final String advice;

    Retry(String advice) {
        this.advice = advice;
    }

    /** The advice in words, as the README and the OpenAPI document list it. */
    public String advice() {
        return advice;
    }
}
