package dev.modelgate.usage;

import org.springframework.jdbc.core.simple.JdbcClient;

/** For tests sharing one database: usage records go together with the daily rollups that count them. */
public final class UsageTables {

    private UsageTables() {
    }

    /** Deletes every usage record and the rollups counting them, in one transaction-less sweep per table. */
    public static void deleteAll(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM usage_daily_latency").update();
        jdbc.sql("DELETE FROM usage_daily").update();
        jdbc.sql("DELETE FROM usage_records").update();
    }
}
