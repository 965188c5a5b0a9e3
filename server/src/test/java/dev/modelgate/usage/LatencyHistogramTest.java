package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucket_belowSixtyFour_isTheLatencyItself() {
        for (long millis = 0; millis < 64; millis++) {
            assertThat(LatencyHistogram.bucket(millis)).isEqualTo((int) millis);
            assertThat(LatencyHistogram.midpoint((int) millis)).isEqualTo(millis);
        }
    }

    @Test
    void buckets_areContiguous_holdTheirLatencies_andTheirMidpointIsWithinOneSixtyFourthOfEach() {
        int previous = 0;
        for (long millis = 1; millis < 300_000; millis++) {
            int bucket = LatencyHistogram.bucket(millis);
            assertThat(bucket - previous).as("bucket step at %d ms", millis).isIn(0, 1);
            previous = bucket;
            long low = LatencyHistogram.low(bucket);
            long nextLow = LatencyHistogram.low(bucket + 1);
            assertThat(millis).as("bucket %d holds %d ms", bucket, millis).isBetween(low, nextLow - 1);
            double midpoint = LatencyHistogram.midpoint(bucket);
            assertThat(Math.abs(midpoint - millis) / millis).as("%d ms against %s", millis, midpoint)
                    .isLessThanOrEqualTo(1 / 64.0);
        }
    }

    @Test
    void bucket_ofTwoToTheThirtyOneMillisecondsAndMore_isTheLast_andANegativeLatencyIsRefused() {
        assertThat(LatencyHistogram.BUCKETS).isEqualTo(864);
        assertThat(LatencyHistogram.bucket((1L << 31) - 1)).isEqualTo(863);
        assertThat(LatencyHistogram.bucket(1L << 31)).isEqualTo(863);
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(863);
        assertThat(LatencyHistogram.bucket((1L << 30) - 1)).isEqualTo(831);
        assertThatThrownBy(() -> LatencyHistogram.bucket(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must not be negative, got -1");
    }

    @Test
    void percentiles_ofNoCall_areNone_andOfOneExactLatency_areIt() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentiles()).isNull();
        histogram.add(LatencyHistogram.bucket(20), 3);
        assertThat(histogram.percentiles()).isEqualTo(new LatencyPercentiles(20, 20, 20));
    }

    @Test
    void percentiles_interpolateBetweenTheTwoNearestCalls_atTheirBucketsMidpoints() {
        // 400 ms is in [400, 407] (midpoint 403.5), 600 ms in [592, 607] (599.5).
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.add(LatencyHistogram.bucket(600), 1);
        histogram.add(LatencyHistogram.bucket(400), 1);
        assertThat(histogram.percentiles()).isEqualTo(new LatencyPercentiles(501.5, 579.9, 597.5));
    }

    @Test
    void percentiles_areWithinOneSixtyFourthOfTheExactOnes_andAddingInAnyOrderGivesTheSameHistogram() {
        Random random = new Random(20261207);
        for (int round = 0; round < 200; round++) {
            List<Long> latencies = new ArrayList<>();
            int calls = 1 + random.nextInt(300);
            for (int i = 0; i < calls; i++) {
                latencies.add((long) Math.exp(random.nextDouble() * 14));
            }
            LatencyHistogram one = new LatencyHistogram();
            LatencyHistogram halves = new LatencyHistogram();
            LatencyHistogram other = new LatencyHistogram();
            for (int i = 0; i < calls; i++) {
                one.add(LatencyHistogram.bucket(latencies.get(i)), 1);
                (i % 2 == 0 ? halves : other).add(LatencyHistogram.bucket(latencies.get(calls - 1 - i)), 1);
            }
            halves.addAll(other);
            assertThat(halves).isEqualTo(one).hasSameHashCodeAs(one);
            assertThat(one.total()).isEqualTo(calls);

            List<Long> sorted = latencies.stream().sorted().toList();
            LatencyPercentiles estimate = one.percentiles();
            assertClose(estimate.p50(), exact(sorted, 0.5));
            assertClose(estimate.p90(), exact(sorted, 0.9));
            assertClose(estimate.p99(), exact(sorted, 0.99));
        }
    }

    @Test
    void add_refusesABucketOutOfRange_andANegativeCount() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThatThrownBy(() -> histogram.add(864, 1)).hasMessage(
                "bucket must be in [0, 864) and count not negative, got 864 and 1");
        assertThatThrownBy(() -> histogram.add(3, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertClose(double estimate, double exact) {
        // Each call's midpoint is within 1/64 of it, so is any interpolation between two; 0.05 for the rounding.
        assertThat(estimate).isCloseTo(exact, within(exact / 64 + 0.05));
    }

    private static double exact(List<Long> sorted, double fraction) {
        double position = fraction * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }
}
