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
 */
public record TestSubject(String workspaceId, ExternalId externalId, String actor, ModelConfiguration configuration,
                          StoredModel model) {

    public TestSubject {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(configuration, "configuration");
        if (model != null && !model.workspaceId().equals(workspaceId)) {
            throw new IllegalArgumentException("model " + model.id() + " belongs to another workspace");
        }
    }
}
