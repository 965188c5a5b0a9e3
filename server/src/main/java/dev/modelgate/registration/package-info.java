/**
 * Role registrations: a workspace asks that Modelgate may assume a tenant role, a platform operator (or automatic
 * verification) approves it, and only an APPROVED registration of (workspace, role) lets any {@code AssumeRole}
 * through ({@link dev.modelgate.registration.RegistrationApprovals}, the gate's answers). Plain Java over
 * {@code JdbcClient}; Spring wiring is in {@code config/}.
 */
package dev.modelgate.registration;
