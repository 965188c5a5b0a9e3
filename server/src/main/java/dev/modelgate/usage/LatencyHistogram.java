package dev.modelgate.usage;

import java.util.Arrays;

/**
 * Counts of latencies in log-linear buckets, the form in which the daily rollups keep latency: exact percentiles do
 * not add up across days, bucket counts do. A latency below {@value #EXACT} ms is its own bucket; above, each power
 * of two is split into {@value #PER_OCTAVE} buckets of equal width, so a bucket is at most 1/32 of its lowest value
 * wide and its midpoint, which stands for every latency in it, is within 1/64 (1.6 %) of each. Latencies of
 * {@value #MAX_EXACT_OCTAVE_END} ms (about 24 days) and more share the last bucket.
 *
 * <p>Percentiles interpolate linearly between the two nearest calls, as SQL's {@code PERCENTILE_CONT} does, over
 * the calls' bucket midpoints.
 */
public final class LatencyHistogram {

    /** Latencies below this many milliseconds each have a bucket of their own. */
    static final int EXACT = 64;

    /** Buckets per power of two above {@link #EXACT}. */
    static final int PER_OCTAVE = 32;

    /** Latencies from here on share the last bucket (2^31 ms). */
    static final long MAX_EXACT_OCTAVE_END = 1L << 31;

    /** The number of buckets: {@code 0 .. BUCKETS - 1}. */
    public static final int BUCKETS = bucket(MAX_EXACT_OCTAVE_END - 1) + 1;

    // The buckets holding calls, ascending, and their counts: a day of one model holds some tens of the buckets.
    private int[] buckets = new int[8];
    private long[] counts = new long[8];
    private int size;
    private long total;

    /** The bucket of a latency in milliseconds (not negative). */
    public static int bucket(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must not be negative, got " + millis);
        }
        if (millis < EXACT) {
            return (int) millis;
        }
        long capped = Math.min(millis, MAX_EXACT_OCTAVE_END - 1);
        int octave = 63 - Long.numberOfLeadingZeros(capped); // capped is in [2^octave, 2^(octave + 1))
        int shift = octave - 5;
        return PER_OCTAVE * shift + (int) (capped >> shift);
    }

    /** The lowest latency in {@code bucket}. */
    static long low(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int shift = bucket / PER_OCTAVE - 1;
        return (long) (bucket % PER_OCTAVE + PER_OCTAVE) << shift;
    }

    /** The latency standing for every one in {@code bucket}: its midpoint. */
    static double midpoint(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        long width = 1L << (bucket / PER_OCTAVE - 1);
        return low(bucket) + (width - 1) / 2.0;
    }

    /**
     * {@link #bucket} as an SQL expression over {@code column} (a {@code BIGINT} of milliseconds), the same on H2
     * and PostgreSQL: integer division by powers of two, one branch per octave.
     */
    public static String sql(String column) {
        StringBuilder sql = new StringBuilder("CASE WHEN ").append(column).append(" < ").append(EXACT)
                .append(" THEN ").append(column);
        for (int octave = 6; octave < 31; octave++) {
            int shift = octave - 5;
            sql.append(" WHEN ").append(column).append(" < ").append(1L << (octave + 1)).append(" THEN ")
                    .append(PER_OCTAVE * shift).append(" + ").append(column).append(" / ").append(1L << shift);
        }
        return sql.append(" ELSE ").append(BUCKETS - 1).append(" END").toString();
    }

    /** Adds {@code count} calls in {@code bucket}; fastest when buckets come in ascending order. */
    public void add(int bucket, long count) {
        if (bucket < 0 || bucket >= BUCKETS || count < 0) {
            throw new IllegalArgumentException("bucket must be in [0, " + BUCKETS + ") and count not negative, got "
                    + bucket + " and " + count);
        }
        if (count == 0) {
            return;
        }
        total += count;
        int at = size > 0 && buckets[size - 1] < bucket ? -size - 1 : Arrays.binarySearch(buckets, 0, size, bucket);
        if (at >= 0) {
            counts[at] += count;
            return;
        }
        int insert = -at - 1;
        if (size == buckets.length) {
            buckets = Arrays.copyOf(buckets, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        System.arraycopy(buckets, insert, buckets, insert + 1, size - insert);
        System.arraycopy(counts, insert, counts, insert + 1, size - insert);
        buckets[insert] = bucket;
        counts[insert] = count;
        size++;
    }

    /** Adds every call counted in {@code other}. */
    public void addAll(LatencyHistogram other) {
        for (int i = 0; i < other.size; i++) {
            add(other.buckets[i], other.counts[i]);
        }
    }

    /** The calls counted. */
    public long total() {
        return total;
    }

    /** p50, p90 and p99 rounded to 0.1 ms, or null when no call is counted. */
    public LatencyPercentiles percentiles() {
        if (total == 0) {
            return null;
        }
        return new LatencyPercentiles(tenths(percentile(0.5)), tenths(percentile(0.9)), tenths(percentile(0.99)));
    }

    /** Linear interpolation between the values of ranks {@code floor(p(n-1))} and {@code ceil(p(n-1))}. */
    private double percentile(double fraction) {
        double position = fraction * (total - 1);
        long below = (long) Math.floor(position);
        double low = valueAt(below);
        double high = valueAt((long) Math.ceil(position));
        return low + (position - below) * (high - low);
    }

    /** The midpoint of the bucket holding the call of 0-based rank {@code rank}. */
    private double valueAt(long rank) {
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += counts[i];
            if (seen > rank) {
                return midpoint(buckets[i]);
            }
        }
        throw new IllegalStateException("rank " + rank + " of " + total);
    }

    private static double tenths(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencyHistogram histogram
                && Arrays.equals(buckets, 0, size, histogram.buckets, 0, histogram.size)
                && Arrays.equals(counts, 0, size, histogram.counts, 0, histogram.size);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(Arrays.copyOf(buckets, size)) + Arrays.hashCode(Arrays.copyOf(counts, size));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("LatencyHistogram{");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(buckets[i]).append('=').append(counts[i]);
        }
        return text.append('}').toString();
    }
}
