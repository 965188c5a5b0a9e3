package dev.modelgate.usage;

/**
 * Latency of successful calls in milliseconds, linearly interpolated between the two nearest calls (as SQL's
 * {@code PERCENTILE_CONT}), each call counted at the midpoint of its {@link LatencyHistogram} bucket (within 1.6 % of
 * its latency, exact below 64 ms), rounded to 0.1 ms.
 */
public record LatencyPercentiles(double p50, double p90, double p99) {

    public LatencyPercentiles {
        if (!(p50 >= 0 && p50 <= p90 && p90 <= p99 && Double.isFinite(p99))) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= p50 <= p90 <= p99, got " + p50 + ", "
                    + p90 + ", " + p99);
        }
    }
}
