package dev.modelgate.testrun;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.ExternalIdProbe;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.credentials.TenantSession;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.platform.PlatformIdentityUnavailableException;
import dev.modelgate.testrun.StageResult.Outcome;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Stage 1 of a Test run: a fresh {@code AssumeRole} (the cached session is dropped first, so the Test proves the role
 * works now and the next stage uses that very session), then the probe without the External ID.
 */
final class AssumeRoleCheck {

    private final TenantCredentials credentials;
    private final ExternalIdProbe probe;
    private final PlatformIdentity platform;
    private final BiFunction<String, SessionKey, Optional<Instant>> lastAssumed;

    /**
     * @param lastAssumed when a recorded Test of the workspace last assumed the key's role, if ever
     */
    AssumeRoleCheck(TenantCredentials credentials, ExternalIdProbe probe, PlatformIdentity platform,
                    BiFunction<String, SessionKey, Optional<Instant>> lastAssumed) {
        this.credentials = credentials;
        this.probe = probe;
        this.platform = platform;
        this.lastAssumed = lastAssumed;
    }

    /**
     * @param deadline the stage's bound: past it after the {@code AssumeRole}, the probe is not made and the stage
     *                 fails with {@link StageBounds#CODE}
     */
    AssumeRoleStage run(String workspaceId, SessionKey key, Deadline deadline) {
        long started = System.nanoTime();
        credentials.invalidate(key);
        TenantSession session;
        try {
            session = credentials.session(key, workspaceId);
        } catch (AssumeRoleException e) {
            boolean denied = e.reason() == AssumeRoleException.Reason.ACCESS_DENIED;
            Diagnosis diagnosis = AssumeRoleDiagnoses.of(e, key, denied ? principal() : Optional.empty(),
                    denied ? lastAssumed.apply(workspaceId, key) : Optional.empty());
            return new AssumeRoleStage(Outcome.FAILED, millisSince(started), key.roleArn().arn(),
                    key.externalId().value(), key.stsEndpoint().url(), null, null, null, e.requestId().orElse(null),
                    null, diagnosis);
        }
        if (deadline.expired()) {
            return new AssumeRoleStage(Outcome.FAILED, millisSince(started), key.roleArn().arn(),
                    key.externalId().value(), key.stsEndpoint().url(), session.sessionName(), session.assumedRoleArn(),
                    session.expiration(), session.requestId(), null, StageBounds.exceeded(StageResult.Stage.ASSUME_ROLE,
                            deadline.total(), " (the External ID probe was not made)"));
        }
        ExternalIdProbe.Result required = probe.check(key, workspaceId);
        if (deadline.expired()) {
            return new AssumeRoleStage(Outcome.FAILED, millisSince(started), key.roleArn().arn(),
                    key.externalId().value(), key.stsEndpoint().url(), session.sessionName(), session.assumedRoleArn(),
                    session.expiration(), session.requestId(),
                    required == ExternalIdProbe.Result.UNKNOWN ? null : required == ExternalIdProbe.Result.REQUIRED,
                    StageBounds.exceeded(StageResult.Stage.ASSUME_ROLE, deadline.total(), ""));
        }
        Diagnosis diagnosis = required == ExternalIdProbe.Result.NOT_REQUIRED
                ? AssumeRoleDiagnoses.externalIdNotRequired(key, principal()) : null;
        return new AssumeRoleStage(diagnosis == null ? Outcome.PASSED : Outcome.FAILED, millisSince(started),
                key.roleArn().arn(), key.externalId().value(), key.stsEndpoint().url(), session.sessionName(),
                session.assumedRoleArn(), session.expiration(), session.requestId(),
                required == ExternalIdProbe.Result.UNKNOWN ? null : required == ExternalIdProbe.Result.REQUIRED,
                diagnosis);
    }

    /** The principal trust policies must name, when Modelgate can tell who it is. */
    private Optional<String> principal() {
        try {
            return Optional.of(platform.callerIdentity().trustPrincipalArn());
        } catch (PlatformIdentityUnavailableException e) {
            return Optional.empty();
        }
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
