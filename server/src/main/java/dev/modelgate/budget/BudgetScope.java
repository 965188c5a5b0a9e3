package dev.modelgate.budget;

/** What a budget counts the spending of. */
public enum BudgetScope {
    /** Every call of the workspace. */
    WORKSPACE,
    /** The calls made with one API key of the workspace. */
    KEY,
    /** The calls of one model of the workspace (by its id: a rename keeps its budget). */
    MODEL
}
