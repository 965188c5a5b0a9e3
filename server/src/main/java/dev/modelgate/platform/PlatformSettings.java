package dev.modelgate.platform;

import java.time.Instant;

/**
 * Settings of the whole platform, set by its operator.
 *
 * @param autoApproveRegistrations whether a requested role registration is verified (one {@code AssumeRole} with the
 *                                 workspace's External ID, and one refused without it) and approved when that works,
 *                                 instead of waiting for the operator; default false
 * @param updatedAt                when they were last changed; null while they are the defaults
 * @param updatedBy                who last changed them; null while they are the defaults
 */
public record PlatformSettings(boolean autoApproveRegistrations, Instant updatedAt, String updatedBy) {
}
