/**
 * The audit log: an append-only record of every change to a workspace — who, when, from where, what.
 *
 * <p>Features append an {@link dev.modelgate.audit.AuditEntry} in the same transaction as their change
 * ({@link dev.modelgate.audit.AuditLog#append}); the log stamps the time and the client address
 * ({@link dev.modelgate.audit.ClientAddress}). Nothing can change or delete an event: the log has no such method and
 * the API no such endpoint. Details never hold a secret, a session credential or a request/response body.
 */
package dev.modelgate.audit;
