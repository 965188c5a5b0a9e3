package dev.modelgate.usage;

/**
 * Counts over a set of usage records.
 *
 * @param calls                  records counted
 * @param succeeded              of those, calls whose outcome is {@value UsageRecord#OK}
 * @param inputTokens            input tokens summed over the calls that know theirs
 * @param outputTokens           output tokens summed over the calls that know theirs
 * @param callsWithUnknownTokens calls missing their input or output token count (so the sums may be low)
 * @param cacheReadInputTokens   input tokens read from prompt caches, summed over the calls that said (Converse)
 * @param cacheWriteInputTokens  input tokens written to prompt caches, summed likewise
 * @param costNanos              the calls' costs summed, in nano-USD (1e-9 USD), over the calls that have one
 * @param unpricedCalls          calls without a cost (no price known, Provisioned Throughput, recorded before costs
 *                               were kept), so that {@code costNanos} may be low
 */
public record UsageTotals(long calls, long succeeded, long inputTokens, long outputTokens, long callsWithUnknownTokens,
                          long cacheReadInputTokens, long cacheWriteInputTokens, long costNanos, long unpricedCalls) {

    public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Totals without costs: every call unpriced. */
    public UsageTotals(long calls, long succeeded, long inputTokens, long outputTokens, long callsWithUnknownTokens,
                       long cacheReadInputTokens, long cacheWriteInputTokens) {
        this(calls, succeeded, inputTokens, outputTokens, callsWithUnknownTokens, cacheReadInputTokens,
                cacheWriteInputTokens, 0, calls);
    }

    /** Totals without prompt-cache tokens. */
    public UsageTotals(long calls, long succeeded, long inputTokens, long outputTokens, long callsWithUnknownTokens) {
        this(calls, succeeded, inputTokens, outputTokens, callsWithUnknownTokens, 0, 0, 0, calls);
    }

    public UsageTotals {
        if (cacheReadInputTokens < 0 || cacheWriteInputTokens < 0) {
            throw new IllegalArgumentException("cache token counts must not be negative, got " + cacheReadInputTokens
                    + ", " + cacheWriteInputTokens);
        }
        if (calls < 0 || succeeded < 0 || inputTokens < 0 || outputTokens < 0 || callsWithUnknownTokens < 0) {
            throw new IllegalArgumentException("counts must not be negative, got " + calls + ", " + succeeded + ", "
                    + inputTokens + ", " + outputTokens + ", " + callsWithUnknownTokens);
        }
        if (costNanos < 0 || unpricedCalls < 0 || unpricedCalls > calls) {
            throw new IllegalArgumentException("costNanos (" + costNanos + ") must not be negative, and unpricedCalls ("
                    + unpricedCalls + ") not negative nor above calls (" + calls + ")");
        }
        if (succeeded > calls || callsWithUnknownTokens > calls) {
            throw new IllegalArgumentException("succeeded (" + succeeded + ") and callsWithUnknownTokens ("
                    + callsWithUnknownTokens + ") must not exceed calls (" + calls + ")");
        }
    }

    /** Calls whose outcome is a failure code. */
    public long failed() {
        return calls - succeeded;
    }

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(calls + other.calls, succeeded + other.succeeded, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, callsWithUnknownTokens + other.callsWithUnknownTokens,
                cacheReadInputTokens + other.cacheReadInputTokens, cacheWriteInputTokens + other.cacheWriteInputTokens,
                Math.addExact(costNanos, other.costNanos), unpricedCalls + other.unpricedCalls);
    }
}
