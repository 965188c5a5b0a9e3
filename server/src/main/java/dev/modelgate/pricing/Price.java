package dev.modelgate.pricing;

import dev.modelgate.usage.UsageRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A model's on-demand price: USD per 1,000,000 tokens of each kind, and optionally per request.
 *
 * @param input      per 1M input tokens (those not read from or written to a prompt cache)
 * @param output     per 1M output tokens
 * @param cacheRead  per 1M input tokens read from the prompt cache, or null when the model has no such price
 * @param cacheWrite per 1M input tokens written to the prompt cache, or null likewise
 * @param perRequest per call, or null
 * @param ref        which price this is ({@code shipped 2026-12-08}, {@code override 17}), stored with each record
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
                    BigDecimal perRequest, String ref) {

    /** The finest part of a dollar a price may name per 1M tokens: a millionth ({@code 0.000001}). */
    public static final int MAX_SCALE = 6;
    /** The largest price per 1M tokens or per request: USD 1,000,000. */
    public static final BigDecimal MAX = BigDecimal.valueOf(1_000_000);

    private static final BigDecimal NANOS_PER_MILLION_TOKENS = BigDecimal.valueOf(1_000);
    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000);

    public Price {
        check("input", Objects.requireNonNull(input, "input"));
        check("output", Objects.requireNonNull(output, "output"));
        check("cacheRead", cacheRead);
        check("cacheWrite", cacheWrite);
        check("perRequest", perRequest);
        Objects.requireNonNull(ref, "ref");
        if (ref.isBlank() || ref.length() > 40) {
            throw new IllegalArgumentException("ref must be 1 to 40 characters, got " + ref.length());
        }
    }

    /** Why {@code value} is no price, or null when it is one (0 to {@link #MAX}, at most 6 decimals). */
    public static String problem(BigDecimal value) {
        if (value.signum() < 0 || value.compareTo(MAX) > 0) {
            return "must be 0 to " + MAX.toPlainString() + " USD, got " + value.toPlainString();
        }
        if (value.stripTrailingZeros().scale() > MAX_SCALE) {
            return "must have at most " + MAX_SCALE + " decimals, got " + value.toPlainString();
        }
        return null;
    }

    private static void check(String name, BigDecimal value) {
        String problem = value == null ? null : problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(name + " " + problem);
        }
    }

    /**
     * What {@code record}'s tokens cost at this price times {@code factor}, in nano-USD, rounded once to the nearest
     * nano-USD (halves to even); null when a count it needs is unknown (input or output), or it read or wrote the
     * prompt cache and this price has none for that.
     */
    public Long costNanos(UsageRecord record, BigDecimal factor) {
        if (record.inputTokens() == null || record.outputTokens() == null) {
            return null;
        }
        long cacheReads = record.cacheReadTokens() == null ? 0 : record.cacheReadTokens();
        long cacheWrites = record.cacheWriteTokens() == null ? 0 : record.cacheWriteTokens();
        if (cacheReads > 0 && cacheRead == null || cacheWrites > 0 && cacheWrite == null) {
            return null;
        }
        BigDecimal tokens = input.multiply(BigDecimal.valueOf(record.inputTokens()))
                .add(output.multiply(BigDecimal.valueOf(record.outputTokens())));
        if (cacheReads > 0) {
            tokens = tokens.add(cacheRead.multiply(BigDecimal.valueOf(cacheReads)));
        }
        if (cacheWrites > 0) {
            tokens = tokens.add(cacheWrite.multiply(BigDecimal.valueOf(cacheWrites)));
        }
        BigDecimal nanos = tokens.multiply(NANOS_PER_MILLION_TOKENS);
        if (perRequest != null) {
            nanos = nanos.add(perRequest.multiply(NANOS_PER_USD));
        }
        return nanos.multiply(factor).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
