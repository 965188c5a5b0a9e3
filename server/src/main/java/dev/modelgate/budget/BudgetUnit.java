package dev.modelgate.budget;

/**
 * What a budget counts, as a sum over the daily usage rollups ({@code usage_daily}). A currency unit (USD, summing
 * the rollups' cost in nano-USD) is one more constant with its own expression.
 */
public enum BudgetUnit {
    /**
     * Tokens: input + output + cache-read + cache-write tokens, each as the calls' usage records count them (Bedrock
     * counts cached input apart from {@code inputTokens}, so the four together are every token the model handled).
     * A call whose counts are unknown counts 0. Every recorded call counts, console Tests included.
     */
    TOKENS("input_tokens + output_tokens + cache_read_tokens + cache_write_tokens");

    private final String sum;

    BudgetUnit(String sum) {
        this.sum = sum;
    }

    /** The SQL expression of one {@code usage_daily} row's spending in this unit. */
    String sum() {
        return sum;
    }
}
