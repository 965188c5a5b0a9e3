package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * Stage 1: Modelgate assumed the tenant's role, fresh (never a cached session), and checked that the role refuses
 * anyone without the workspace's External ID. Holds no credentials: the session's name, ARN and expiration only.
 *
 * <p>JSON: {@code {"stage": "ASSUME_ROLE", "outcome", "latencyMs", "roleArn", "externalId", "stsEndpoint",
 * "sessionName", "assumedRoleArn", "sessionExpiresAt", "requestId", "externalIdRequired", "diagnosis"}}.
 *
 * @param roleArn            the role assumed
 * @param externalId         the workspace's External ID sent with it (not a secret)
 * @param stsEndpoint        the STS endpoint asked, {@code https://sts.<region>.amazonaws.com}
 * @param sessionName        the session's name, {@code modelgate-<workspace id>}; null when no session was issued
 * @param assumedRoleArn     the session's ARN; null when no session was issued
 * @param sessionExpiresAt   when the session expires; null when no session was issued
 * @param requestId          STS's request ID of the {@code AssumeRole} (of its refusal when it failed), or null
 * @param externalIdRequired whether STS refused the role without the External ID: true as it should, false when it
 *                           let Modelgate in without one ({@code external-id-not-required}), null when not checked
 *                           or STS could not be asked
 */
@JsonPropertyOrder({"stage", "outcome", "latencyMs", "roleArn", "externalId", "stsEndpoint", "sessionName",
        "assumedRoleArn", "sessionExpiresAt", "requestId", "externalIdRequired", "diagnosis"})
public record AssumeRoleStage(Outcome outcome, long latencyMs, String roleArn, String externalId, String stsEndpoint,
                              String sessionName, String assumedRoleArn, Instant sessionExpiresAt, String requestId,
                              Boolean externalIdRequired, Diagnosis diagnosis) implements StageResult {

    public AssumeRoleStage {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(stsEndpoint, "stsEndpoint");
        if ((outcome == Outcome.FAILED) != (diagnosis != null)) {
            throw new IllegalArgumentException("a stage has a diagnosis exactly when it failed, got " + outcome
                    + " with " + (diagnosis == null ? "none" : diagnosis.code()));
        }
    }

    @Override
    public Stage stage() {
        return Stage.ASSUME_ROLE;
    }

    /** Whether Modelgate holds a fresh session of the role (even if the stage failed for another reason). */
    boolean assumed() {
        return sessionName != null;
    }
}
