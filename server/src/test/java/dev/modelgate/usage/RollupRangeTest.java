package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupRangeTest {

    /** Read long after {@code to}. */
    private static RollupRange range(String from, String to) {
        return RollupRange.of(Instant.parse(from), Instant.parse(to), Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void wholeDays_areReadFromTheRollupsOnly() {
        RollupRange range = range("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
        assertThat(range).hasToString("RollupRange{days 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z}");
        assertThat(range.union("SELECT a FROM usage_daily WHERE x", "SELECT a FROM usage_records WHERE x"))
                .isEqualTo("SELECT a FROM usage_daily WHERE x AND utc_day >= :firstDay AND utc_day < :endDay");
        Map<String, Object> params = new LinkedHashMap<>();
        range.bind(params);
        assertThat(params).containsExactly(Map.entry("firstDay", 20_758L), Map.entry("endDay", 20_788L));
    }

    @Test
    void theEnds_lessThanADayEach_areReadFromTheRecords() {
        RollupRange range = range("2026-11-07T21:30:00Z", "2026-12-07T21:30:00.000001Z");
        assertThat(range).hasToString("RollupRange{days 2026-11-08T00:00:00Z to 2026-12-07T00:00:00Z, "
                + "records 2026-11-07T21:30:00Z to 2026-11-08T00:00:00Z, "
                + "records 2026-12-07T00:00:00Z to 2026-12-07T21:30:00.000001Z}");
        assertThat(range.union("R WHERE x", "S WHERE x")).isEqualTo("R WHERE x AND utc_day >= :firstDay AND "
                + "utc_day < :endDay UNION ALL S WHERE x AND occurred_at >= :endFrom0 AND occurred_at < :endTo0 "
                + "UNION ALL S WHERE x AND occurred_at >= :endFrom1 AND occurred_at < :endTo1");
        assertThat(range.ends("S WHERE x")).isEqualTo("S WHERE x AND occurred_at >= :endFrom0 AND occurred_at < "
                + ":endTo0 UNION ALL S WHERE x AND occurred_at >= :endFrom1 AND occurred_at < :endTo1");
    }

    @Test
    void aRangeWithoutAWholeDay_isReadFromTheRecords_evenAcrossMidnight() {
        assertThat(range("2026-11-07T10:00:00Z", "2026-11-07T14:00:00Z"))
                .hasToString("RollupRange{records 2026-11-07T10:00:00Z to 2026-11-07T14:00:00Z}");
        RollupRange acrossMidnight = range("2026-11-07T12:00:00Z", "2026-11-08T12:00:00Z");
        assertThat(acrossMidnight)
                .hasToString("RollupRange{records 2026-11-07T12:00:00Z to 2026-11-08T12:00:00Z}");
        assertThat(acrossMidnight.union("R WHERE x", "S WHERE x"))
                .isEqualTo("S WHERE x AND occurred_at >= :endFrom0 AND occurred_at < :endTo0");
    }

    @Test
    void aRangeReachingThePresent_readsTheDayInProgressFromTheRollups_asNoCallIsRecordedLater() {
        Instant now = Instant.parse("2026-12-07T21:30:00Z");
        for (Instant to : List.of(now, now.plusSeconds(3_600), now.plus(Duration.ofDays(3)))) {
            RollupRange range = RollupRange.of(Instant.parse("2026-11-08T00:00:00Z"), to, now);
            Instant endDay = Instant.parse(to.toString().substring(0, 10) + "T00:00:00Z").plus(Duration.ofDays(1));
            assertThat(range).as("to %s", to).hasToString("RollupRange{days 2026-11-08T00:00:00Z to " + endDay + "}");
            assertThat(range.hasEnds()).isFalse();
        }
        RollupRange justBefore = RollupRange.of(Instant.parse("2026-11-08T00:00:00Z"), now.minusMillis(1), now);
        assertThat(justBefore).hasToString("RollupRange{days 2026-11-08T00:00:00Z to 2026-12-07T00:00:00Z, "
                + "records 2026-12-07T00:00:00Z to 2026-12-07T21:29:59.999Z}");
        assertThat(justBefore.ends("S WHERE x"))
                .isEqualTo("S WHERE x AND occurred_at >= :endFrom0 AND occurred_at < :endTo0");
    }

    @Test
    void boundsFinerThanAMicrosecond_moveUpToTheNext_asRecordsAreStoredInMicroseconds() {
        assertThat(range("2026-11-06T23:59:59.9999999Z", "2026-11-08T00:00:00.0000001Z")).hasToString(
                "RollupRange{days 2026-11-07T00:00:00Z to 2026-11-08T00:00:00Z, "
                        + "records 2026-11-08T00:00:00Z to 2026-11-08T00:00:00.000001Z}");
    }

    @Test
    void anEmptyOrBackwardRange_isRefused() {
        assertThatThrownBy(() -> range("2026-11-07T10:00:00Z", "2026-11-07T10:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must be before to, got 2026-11-07T10:00:00Z and 2026-11-07T10:00:00Z");
    }
}
