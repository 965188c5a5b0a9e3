package db.migration;

import dev.modelgate.usage.UsageRollups;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Counts the usage records stored before the daily rollups existed (migration V22) into them. Java, because the
 * latency buckets' SQL is generated from {@link dev.modelgate.usage.LatencyHistogram}, the one definition the
 * writers use too.
 */
public class V23__usage_rollups_backfill extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        UsageRollups.backfill(JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true)));
    }
}
