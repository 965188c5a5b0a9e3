package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The usage export's rows on H2 and PostgreSQL: whole days from the rollups and the partial ends from the records, one
 * row per day, model name, kind and caller (a caller renamed during the day under its latest name), costs summed,
 * bounded.
 */
class UsageExportIT {

    private static final UsageCaller KEY = new UsageCaller(UsageCaller.Kind.KEY, "key-1", "mgk_aaaa1111 (ci)");
    private static final UsageCaller KEY_RENAMED = new UsageCaller(UsageCaller.Kind.KEY, "key-1", "mgk_aaaa1111 (cd)");
    private static final UsageCaller ALICE = new UsageCaller(UsageCaller.Kind.ACCOUNT, "account-1", "alice");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rows_perDayModelKindAndCaller_fromRollupsAndRecords_costsSummed_andBounded(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String ws = UUID.randomUUID().toString();
            new WorkspaceRepository(db.jdbc()).insert(new Workspace(ws, "ws-" + ws.substring(0, 8),
                    "mg-" + ws.substring(0, 8), Instant.parse("2026-11-01T00:00:00Z")));
            UsageRepository repository = new UsageRepository(db.dataSource(), 1000,
                    Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
            repository.insertAll(List.of(
                    record(ws, "m-1", "haiku", KEY, 1_000L, "2026-11-24T10:00:00Z"),
                    record(ws, "m-1", "haiku", KEY_RENAMED, 2_000L, "2026-11-24T11:00:00Z"),
                    record(ws, "m-1", "haiku", ALICE, null, "2026-11-24T12:00:00Z"),
                    record(ws, "m-1", "haiku", KEY, 4_000L, "2026-11-25T10:00:00Z"),
                    record(ws, "m-1", "haiku", KEY_RENAMED, 32_000L, "2026-11-25T10:15:00Z"),
                    record(ws, null, "draft", null, 8_000L, "2026-11-25T11:00:00Z"),
                    record(ws, "m-1", "haiku", KEY, 16_000L, "2026-11-26T10:00:00Z")));

            // 2026-11-24 whole (rollups), 2026-11-25 from 00:00 to 10:30 (records).
            UsageQuery query = new UsageQuery(ws, null, null, Instant.parse("2026-11-24T00:00:00Z"),
                    Instant.parse("2026-11-25T10:30:00Z"));
            assertThat(repository.export(query, false, 10)).extracting(UsageExportIT::text).containsExactly(
                    "2026-11-24 m-1 haiku INVOKE account-1 alice calls=1 cost=0 unpriced=1",
                    "2026-11-24 m-1 haiku INVOKE key-1 mgk_aaaa1111 (cd) calls=2 cost=3000 unpriced=0",
                    "2026-11-25 m-1 haiku INVOKE key-1 mgk_aaaa1111 (cd) calls=2 cost=36000 unpriced=0");
            UsageQuery all = new UsageQuery(ws, null, null, Instant.parse("2026-11-20T00:00:00Z"),
                    Instant.parse("2026-11-30T00:00:00Z"));
            assertThat(repository.export(all, false, 10)).extracting(UsageExportIT::text).contains(
                    "2026-11-25 null draft INVOKE null null calls=1 cost=8000 unpriced=0").hasSize(5);
            assertThatThrownBy(() -> repository.export(all, false, 4)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("a usage export holds at most 4 rows");
        }
    }

    private static UsageRecord record(String ws, String modelId, String name, UsageCaller caller, Long cost,
                                      String at) {
        UsageRecord record = new UsageRecord(UUID.randomUUID().toString(), ws, modelId, name, UsageKind.INVOKE, "OK",
                10L, 1L, TokenSource.HEADERS, 5, null, Instant.parse(at), null, null, null, caller);
        return cost == null ? record.withCost(PricingMode.UNPRICED, null, null)
                : record.withCost(PricingMode.ON_DEMAND, cost, "shipped 2026-12-08");
    }

    private static String text(UsageRow row) {
        return row.day() + " " + row.modelId() + " " + row.modelName() + " " + row.kind() + " "
                + (row.caller() == null ? "null null" : row.caller().id() + " " + row.caller().name()) + " calls="
                + row.totals().calls() + " cost=" + row.totals().costNanos() + " unpriced="
                + row.totals().unpricedCalls();
    }
}
