package dev.modelgate.model;

/** Where a model's configuration stands. */
public enum ModelStatus {
    /** Saved, but its current revision has not passed a Test. */
    DRAFT,
    /** A Test of its current revision passed; agents may invoke it (when inference is enabled). */
    READY
}
