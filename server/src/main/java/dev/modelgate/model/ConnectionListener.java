package dev.modelgate.model;

/**
 * Told after a stored model's connection (role ARN, STS endpoint or Region) was replaced, or the model deleted, so
 * that what was kept for the old connection (an assumed-role session) can be dropped.
 */
@FunctionalInterface
public interface ConnectionListener {

    /** Does nothing. */
    ConnectionListener NONE = (before, configuration) -> { };

    /**
     * @param before        the model as it was
     * @param configuration its compiled configuration as it was
     */
    void connectionReplaced(StoredModel before, ModelConfiguration configuration);
}
