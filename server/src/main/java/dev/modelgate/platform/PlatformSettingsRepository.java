package dev.modelgate.platform;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Storage of the {@link PlatformSettings}: the one row of {@code platform_settings}. */
public final class PlatformSettingsRepository {

    private final JdbcClient jdbc;

    public PlatformSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The current settings. */
    public PlatformSettings get() {
        return jdbc.sql("SELECT auto_approve_registrations, updated_at, updated_by FROM platform_settings WHERE id = 1")
                .query((rs, row) -> {
                    Timestamp at = rs.getTimestamp("updated_at");
                    return new PlatformSettings(rs.getBoolean("auto_approve_registrations"),
                            at == null ? null : at.toInstant(), rs.getString("updated_by"));
                }).single();
    }

    /** Turns automatic approval of registrations on or off; answers the settings as stored. */
    public PlatformSettings setAutoApproveRegistrations(boolean on, Instant at, String by) {
        jdbc.sql("UPDATE platform_settings SET auto_approve_registrations = ?, updated_at = ?, updated_by = ? "
                + "WHERE id = 1").params(on, Timestamp.from(at), by).update();
        return get();
    }
}
