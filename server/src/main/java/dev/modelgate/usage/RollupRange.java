package dev.modelgate.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A range of time {@code [from, to)} read the fast way: the UTC days it covers whole from the daily rollups, and the
 * rest, less than a day at either end, from the records themselves. A range reaching the present ({@code to} not
 * before now) reads its last day from the rollups too, whole: no call is recorded after now, so the day's rollup
 * counts exactly the calls recorded so far (up to the clock differences between instances).
 *
 * <p>Bounds finer than a microsecond are moved up to the next one, as both databases keep microseconds and a
 * record's time is stored truncated to them: a record counts exactly when its stored time is in {@code [from, to)}.
 */
public final class RollupRange {

    private static final long DAY_SECONDS = 86_400;

    private final long firstDay;
    private final long endDay;
    private final List<Instant[]> ends = new ArrayList<>(2);

    private RollupRange(Instant from, Instant to, Instant now) {
        Instant start = UsageRepository.ceilingMicros(from);
        Instant end = UsageRepository.ceilingMicros(to);
        long day = Math.floorDiv(start.getEpochSecond(), DAY_SECONDS);
        long first = start.equals(dayStart(day)) ? day : day + 1;
        long endDay = Math.floorDiv(end.getEpochSecond(), DAY_SECONDS);
        long last = end.isBefore(now) || end.equals(dayStart(endDay)) ? endDay : endDay + 1;
        if (first < last) {
            this.firstDay = first;
            this.endDay = last;
            addEnd(start, dayStart(first));
            if (last == endDay) {
                addEnd(dayStart(last), end);
            }
        } else {
            this.firstDay = 0;
            this.endDay = 0;
            addEnd(start, end);
        }
    }

    /** {@code [from, to)} read at {@code now}; {@code from} before {@code to}. */
    public static RollupRange of(Instant from, Instant to, Instant now) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
        }
        return new RollupRange(from, to, now);
    }

    private void addEnd(Instant from, Instant to) {
        if (from.isBefore(to)) {
            ends.add(new Instant[] {from, to});
        }
    }

    /** Whether a whole UTC day is read from the rollups. */
    boolean hasDays() {
        return firstDay < endDay;
    }

    /** Whether a part of the range is read from the records. */
    boolean hasEnds() {
        return !ends.isEmpty();
    }

    /** The condition, to append to a {@code WHERE} over the rollups, selecting the whole days. */
    String days() {
        return " AND utc_day >= :firstDay AND utc_day < :endDay";
    }

    /**
     * The {@code UNION ALL} of {@code overRecords}, a {@code SELECT … WHERE …} over the records, for each partial day
     * at the ends: one index range scan each (an {@code OR} of both ranges can make PostgreSQL scan the whole table).
     */
    String ends(String overRecords) {
        List<String> parts = new ArrayList<>(2);
        for (int i = 0; i < ends.size(); i++) {
            parts.add(overRecords + " AND occurred_at >= :endFrom" + i + " AND occurred_at < :endTo" + i);
        }
        return String.join(" UNION ALL ", parts);
    }

    /**
     * The {@code UNION ALL} of {@code overRollups} for the whole days and {@code overRecords} for each end, each a
     * {@code SELECT … WHERE …} over the table it names, to which the range's condition is appended; its parameters
     * by {@link #bind}.
     */
    public String union(String overRollups, String overRecords) {
        List<String> parts = new ArrayList<>(3);
        if (hasDays()) {
            parts.add(overRollups + days());
        }
        if (hasEnds()) {
            parts.add(ends(overRecords));
        }
        return String.join(" UNION ALL ", parts);
    }

    /** Puts the range's parameters into {@code params}. */
    public void bind(Map<String, Object> params) {
        if (hasDays()) {
            params.put("firstDay", firstDay);
            params.put("endDay", endDay);
        }
        for (int i = 0; i < ends.size(); i++) {
            params.put("endFrom" + i, UsageRepository.utc(ends.get(i)[0]));
            params.put("endTo" + i, UsageRepository.utc(ends.get(i)[1]));
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RollupRange{");
        if (hasDays()) {
            text.append("days ").append(dayStart(firstDay)).append(" to ").append(dayStart(endDay));
        }
        for (Instant[] end : ends) {
            text.append(text.length() > 12 ? ", " : "").append("records ").append(end[0]).append(" to ").append(end[1]);
        }
        return text.append('}').toString();
    }

    private static Instant dayStart(long day) {
        return Instant.ofEpochSecond(day * DAY_SECONDS);
    }
}
