package dev.modelgate.budget;

import java.math.BigDecimal;
import tools.jackson.databind.util.RawValue;

/**
 * What a budget counts, as a sum over the daily usage rollups ({@code usage_daily}). A budget keeps its limits and
 * spending in the unit's base units (tokens, nano-USD); everything it shows (views, problems, headers, messages,
 * audit details) is in the unit's own terms, as exact decimals ({@link #amount}): {@code 1000} tokens,
 * {@code 12.5} USD, {@code 0.00125} USD.
 */
public enum BudgetUnit {
    /**
     * Tokens: input + output + cache-read + cache-write tokens, each as the calls' usage records count them (Bedrock
     * counts cached input apart from {@code inputTokens}, so the four together are every token the model handled).
     * A call whose counts are unknown counts 0. Every recorded call counts, console Tests included. Amounts are whole
     * tokens, 1 to {@value Budgets#MAX_LIMIT}.
     */
    TOKENS("input_tokens + output_tokens + cache_read_tokens + cache_write_tokens", 0, "tokens", Budgets.MAX_LIMIT),
    /**
     * US dollars: the calls' cost as priced when they were recorded ({@code cost_nanos}, nano-USD). A call that was
     * not priced per token (no known price, Provisioned Throughput) counts 0; the usage API counts those as
     * {@code unpricedCalls}. Amounts have at most 9 decimal places, 0.000000001 to 1,000,000,000 USD.
     */
    USD("cost_nanos", 9, "USD", Budgets.MAX_USD_LIMIT_NANOS);

    private final String sum;
    private final int decimals;
    private final String label;
    private final long maxLimit;

    BudgetUnit(String sum, int decimals, String label, long maxLimit) {
        this.sum = sum;
        this.decimals = decimals;
        this.label = label;
        this.maxLimit = maxLimit;
    }

    /** The SQL expression of one {@code usage_daily} row's spending in this unit's base units. */
    String sum() {
        return sum;
    }

    /** How many decimal places an amount may have: base units per unit = 10^decimals. */
    public int decimals() {
        return decimals;
    }

    /** The unit as a message names it: {@code tokens}, {@code USD}. */
    public String label() {
        return label;
    }

    /** The largest limit, in base units. */
    public long maxLimit() {
        return maxLimit;
    }

    /**
     * An amount in base units as this unit's exact decimal, without trailing zeros and never in exponent notation
     * ({@code 12500000000} nano-USD is {@code 12.5}; {@code 25000000000} is {@code 25}).
     */
    public BigDecimal amount(long base) {
        BigDecimal amount = BigDecimal.valueOf(base, decimals).stripTrailingZeros();
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }

    /**
     * {@link #amount} as a JSON number written as is ({@code 0.000000001}, where Jackson would write a
     * {@link BigDecimal} that small as {@code 1E-9}): what views, problems and audit details show.
     */
    public RawValue json(long base) {
        return new RawValue(format(base));
    }

    /** {@link #amount} as text: {@code 12.5}. */
    public String format(long base) {
        return amount(base).toPlainString();
    }

    /** An amount in this unit in base units, still as a decimal (a fraction of a base unit keeps its fraction). */
    BigDecimal toBase(BigDecimal amount) {
        return amount.movePointRight(decimals);
    }
}
