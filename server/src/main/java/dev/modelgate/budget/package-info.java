/**
 * Budgets: how many tokens or US dollars ({@link dev.modelgate.budget.BudgetUnit}) a workspace, one of its API keys or
 * one of its models may spend per UTC day or month, with a hard limit that refuses calls
 * ({@link dev.modelgate.budget.BudgetExceededException}) and an optional soft threshold that warns. Spent is read from the daily usage rollups, which every instance writes in the statement
 * that stores the usage records, so it holds across instances. Plain Java over Spring's {@code JdbcClient}.
 */
package dev.modelgate.budget;
