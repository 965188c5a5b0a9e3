/**
 * Modelgate's own AWS identity: {@link dev.modelgate.platform.PlatformIdentity} asks STS's
 * {@code GetCallerIdentity} who the credentials of the SDK's default chain belong to, keeps the answer for a while,
 * and reports a failure as {@link dev.modelgate.platform.PlatformIdentityUnavailableException} with the reason
 * (no credentials, credentials refused, STS unavailable). Tenants name this principal in their role's trust policy
 * ({@link dev.modelgate.platform.CallerIdentity#trustPrincipalArn()}). Plain Java; no Spring.
 */
package dev.modelgate.platform;
