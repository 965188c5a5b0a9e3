/**
 * Tenant credentials: sessions of the IAM role a workspace registered, assumed with Modelgate's own credentials and
 * the workspace's External ID, cached and renewed before they expire. Plain Java and the AWS SDK; no Spring.
 *
 * <ul>
 *   <li>{@link dev.modelgate.credentials.TenantCredentials} is the role: a {@link dev.modelgate.credentials.TenantSession}
 *       for a {@link dev.modelgate.credentials.SessionKey} (role ARN, External ID, STS endpoint), or an SDK
 *       credentials provider that stays fresh; {@code invalidate} when a connection changes or is revoked.</li>
 *   <li>{@link dev.modelgate.credentials.StsTenantCredentials} is the how: a bounded Caffeine cache, renewal within a
 *       refresh margin, one {@code AssumeRole} in flight per key, session names {@code modelgate-<workspace id>}.</li>
 *   <li>{@link dev.modelgate.credentials.StsClients} holds one {@code StsClient} per STS endpoint and signing Region,
 *       optionally sending everything to an operator's endpoint override (the local emulator).</li>
 *   <li>{@link dev.modelgate.credentials.ExternalIdProbe} asks STS for a role without the External ID, caching
 *       nothing: a role that lets Modelgate in anyway does not protect against the confused deputy.</li>
 *   <li>{@link dev.modelgate.credentials.AssumeRoleException} says why {@code AssumeRole} failed
 *       ({@link dev.modelgate.credentials.AssumeRoleException.Reason}), keeping AWS's error code and message.</li>
 * </ul>
 *
 * Secret access keys and session tokens appear in no {@code toString()}, message or log.
 */
package dev.modelgate.credentials;
