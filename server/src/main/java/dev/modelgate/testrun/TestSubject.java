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
 * @param promoteOnPass  for a saved model: whether a pass makes the revision tested live (if it is still the latest
 *                       saved one); null for the default, true (as a pass made a model READY before revisions), false
 *                       to keep a passing draft until it is promoted. Null for a draft. A failing Test never changes
 *                       what agents get.
 */
public record TestSubject(String workspaceId, ExternalId externalId, String actor, ModelConfiguration configuration,
                          StoredModel model, boolean mappingPending, Boolean promoteOnPass) {

    /** A subject with the default promotion. */
    public TestSubject(String workspaceId, ExternalId externalId, String actor, ModelConfiguration configuration,
                       StoredModel model, boolean mappingPending) {
        this(workspaceId, externalId, actor, configuration, model, mappingPending, null);
    }

    /** A subject whose output mapping is there. */
    public TestSubject(String workspaceId, ExternalId externalId, String actor, ModelConfiguration configuration,
                       StoredModel model) {
        this(workspaceId, externalId, actor, configuration, model, false);
    }

    /** Whether a pass makes the revision tested live. */
    public boolean promotes() {
        return model != null && (promoteOnPass == null || promoteOnPass);
    }

    public TestSubject {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(configuration, "configuration");
        if (model != null && !model.workspaceId().equals(workspaceId)) {
            throw new IllegalArgumentException("model " + model.id() + " belongs to another workspace");
        }
        if (model == null && promoteOnPass != null) {
            throw new IllegalArgumentException("an unsaved draft cannot be promoted");
        }
        if (model != null && mappingPending) {
            throw new IllegalArgumentException("a saved model always has its output mapping");
        }
    }
}
