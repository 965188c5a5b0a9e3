package dev.modelgate.audit;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One appended audit record: who did what to which resource, when and from where. Never changed once written.
 *
 * @param id           a UUID
 * @param occurredAt   when it was recorded, in the same transaction as the change
 * @param actor        who acted ({@code local-user} until sign-in exists)
 * @param source       the client address as the server saw it (the TCP peer, not {@code X-Forwarded-For}); null
 *                     when the change did not come through an HTTP request
 * @param resourceType {@code MODEL} or, for a Test of an unsaved draft, {@code DRAFT}
 * @param resourceId   the resource's id; null for a draft
 * @param resourceName the resource's name at the time
 * @param details      what changed, per action (see {@link AuditAction}); never a secret or a request/response body
 */
public record AuditEvent(String id, String workspaceId, Instant occurredAt, String actor, String source,
                         AuditAction action, String resourceType, String resourceId, String resourceName,
                         ObjectNode details) {

    public static final int MAX_ACTOR = 200;
    public static final int MAX_SOURCE = 64;
    public static final int MAX_ID = 36;
    public static final int MAX_NAME = 100;
    /** The most characters of details as JSON (column {@code details}). */
    public static final int MAX_DETAILS = 262_144;

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(details, "details");
        if (actor.length() > MAX_ACTOR) {
            throw new IllegalArgumentException("actor must be at most " + MAX_ACTOR + " characters, got " + actor.length());
        }
        if (source != null && source.length() > MAX_SOURCE) {
            source = source.substring(0, MAX_SOURCE);
        }
        if (resourceName != null && resourceName.length() > MAX_NAME) {
            throw new IllegalArgumentException("resourceName must be at most " + MAX_NAME + " characters, got "
                    + resourceName.length());
        }
    }
}
