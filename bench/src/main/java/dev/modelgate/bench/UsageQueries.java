package dev.modelgate.bench;

import dev.modelgate.usage.UsageQuery;
import dev.modelgate.usage.UsageRepository;
import dev.modelgate.workspace.WorkspaceOverviews;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Times what the usage endpoint and the operators' workspace list do, through the server's own code
 * ({@link UsageRepository#report}, {@link WorkspaceOverviews#counts()}), on the schema {@code bench/usage/load-10m.sh}
 * loaded: each query once to warm up, then {@code runs} times (default 5), printing the least, the median and the
 * most milliseconds. {@code bench/usage/queries-10m.sh} runs it on the server's classpath.
 */
public final class UsageQueries {

    private UsageQueries() {
    }

    public static void main(String[] args) {
        String schema = args.length > 0 ? args[0] : "mg_usage10m";
        int runs = args.length > 1 ? GatewayOptions.bounded("runs", args[1], 1, 100) : 5;
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        pg.setUser("postgres");
        pg.setCurrentSchema(schema);
        UsageRepository usage = new UsageRepository(pg);
        // As the console asks at 13:30 on the data's last day: from the first of 30 UTC days up to now.
        Instant now = Instant.parse("2026-12-06T13:30:00Z");
        WorkspaceOverviews overviews = new WorkspaceOverviews(JdbcClient.create(pg),
                Clock.fixed(Instant.parse("2026-12-07T13:30:00Z"), ZoneOffset.UTC));

        time(runs, "report, 30 whole days", () -> report(usage, "2026-11-07T00:00:00Z", "2026-12-07T00:00:00Z"));
        time(runs, "report, 30 days up to now (the console's)", () -> usage.reportUpToNow(new UsageQuery("ws-0",
                null, null, Instant.parse("2026-11-07T00:00:00Z"), now)));
        time(runs, "report, 30 days from 13:30", () -> report(usage, "2026-11-06T13:30:00Z", "2026-12-06T13:30:00Z"));
        time(runs, "report, 30 days, nearly a day at each end",
                () -> report(usage, "2026-11-07T00:00:01Z", "2026-12-06T23:59:59Z"));
        time(runs, "report, 7 whole days", () -> report(usage, "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"));
        time(runs, "report, one whole day", () -> report(usage, "2026-12-06T00:00:00Z", "2026-12-07T00:00:00Z"));
        time(runs, "report, one hour", () -> report(usage, "2026-12-06T12:00:00Z", "2026-12-06T13:00:00Z"));
        time(runs, "one page of calls (50, newest first), 30 days", () -> usage.calls(new UsageQuery("ws-0", null, null,
                Instant.parse("2026-11-07T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")), 50, 0));
        time(runs, "operators' counts, every workspace, 30 days", overviews::counts);
        time(runs, "revisions' usage, all time", () -> usage.byRevision("ws-0", "model-0", List.of(1L, 2L, 3L)));
    }

    private static Object report(UsageRepository usage, String from, String to) {
        return usage.report(new UsageQuery("ws-0", null, null, Instant.parse(from), Instant.parse(to)));
    }

    private static void time(int runs, String label, Supplier<Object> query) {
        query.get();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            query.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-45s min %8.1f ms  median %8.1f ms  max %8.1f ms%n", label, millis.getFirst(),
                millis.get(millis.size() / 2), millis.getLast());
    }
}
