package dev.modelgate.pricing;

import dev.modelgate.model.RequestOptions.ServiceTier;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** Table {@code price_overrides} (migration V26): rows are only ever added, never updated or deleted. */
public final class PriceOverrideRepository {

    private static final String COLUMNS = "id, workspace_id, base_model_id, region, service_tier, removed, "
            + "input_per_million, output_per_million, cache_read_per_million, cache_write_per_million, per_request, "
            + "effective_at, created_by";

    private final JdbcClient jdbc;

    public PriceOverrideRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Adds a version ({@code price} null: a removal); its id. */
    public long add(String workspaceId, String baseModelId, String region, ServiceTier serviceTier, Price price,
                    Instant effectiveAt, String createdBy) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO price_overrides (" + COLUMNS.substring("id, ".length())
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(workspaceId, baseModelId, region, serviceTier.wire(), price == null,
                        price == null ? null : price.input(),
                        price == null ? null : price.output(), price == null ? null : price.cacheRead(),
                        price == null ? null : price.cacheWrite(), price == null ? null : price.perRequest(),
                        OffsetDateTime.ofInstant(effectiveAt, ZoneOffset.UTC), createdBy)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** How many versions there are. */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM price_overrides").query(Long.class).single();
    }

    /** Every version, oldest first (by id, which grows with each). */
    public List<PriceOverride> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM price_overrides ORDER BY id").query(PriceOverrideRepository::row)
                .list();
    }

    private static PriceOverride row(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        ServiceTier tier = ServiceTier.valueOf(rs.getString("service_tier").toUpperCase(Locale.ROOT));
        Price price = rs.getBoolean("removed") ? null
                : new Price(decimal(rs, "input_per_million"), decimal(rs, "output_per_million"),
                        decimal(rs, "cache_read_per_million"), decimal(rs, "cache_write_per_million"),
                        decimal(rs, "per_request"),
                        PriceOverride.ref(id, tier));
        return new PriceOverride(id, rs.getString("workspace_id"), rs.getString("base_model_id"),
                rs.getString("region"), tier, price, rs.getObject("effective_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"));
    }

    private static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.stripTrailingZeros();
    }
}
