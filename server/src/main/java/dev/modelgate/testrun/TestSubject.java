package dev.modelgate.testrun;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.StoredModel;
import java.util.Objects;

/**
 * What a Test run tests, for whom.
 *
 * @param workspaceId   the workspace (names the tenant session)
 * @param externalId    the workspace's External ID, which the role's trust policy must require
 * @param actor         who asked for the run, as recorded
 * @param configuration the compiled configuration under test
 * @param model         the saved model it is the configuration of, at the revision loaded; null for a draft
 * @param mappingPending a draft without an output mapping yet: the MAP stage is skipped, so that the raw answer can
 *                       be seen (and mapped) first
 */
public record TestSubject(String workspaceId, ExternalId externalId, String actor, ModelConfiguration configuration,
                          StoredModel model, boolean mappingPending) {

    /** A subject whose output mapping is there. */
    public TestSubject(String workspaceId, ExternalId externalId, String actor, ModelConfiguration configuration,
                       StoredModel model) {
        this(workspaceId, externalId, actor, configuration, model, false);
    }

    public TestSubject {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(configuration, "configuration");
        if (model != null && !model.workspaceId().equals(workspaceId)) {
            throw new IllegalArgumentException("model " + model.id() + " belongs to another workspace");
        }
        if (model != null && mappingPending) {
            throw new IllegalArgumentException("a saved model always has its output mapping");
        }
    }
}
