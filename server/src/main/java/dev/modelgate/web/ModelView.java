package dev.modelgate.web;

import dev.modelgate.model.ChatRule;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.model.ModelReference;
import dev.modelgate.model.StoredModel;
import dev.modelgate.validation.Violation;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An external model as the API shows it: the configuration as the tenant wrote it (so a client can edit and PUT it
 * back) plus what Modelgate understood of it ({@code resolved}) and the workspace's External ID. A Converse model
 * ({@code "api": "CONVERSE"}) shows its {@code converse} defaults and no request template or output mapping. A
 * template model shows its declared chat rule ({@code chat}, null when it declares none) and the rule in force
 * ({@code chatEffective}: every member, null where the chat fills no variable); a Converse model shows both as
 * null.
 *
 * <p>The configuration shown is the latest saved revision ({@code revision}, the ETag). {@code liveRevision} is the
 * revision agents are served (null: never promoted); {@code draftRevision} the saved revision not yet live (null when
 * the latest is live). {@code status} is READY exactly when the latest saved revision is live.
 */
public record ModelView(String id, String name, String description, String provider, boolean inferenceEnabled,
                        String status, long revision, String roleArn, String externalId, String stsEndpoint,
                        String region, String modelReference, List<ModelDraft.Variable> variables,
                        String requestTemplate, ModelDraft.Mapping outputMapping, ModelDraft.Timeouts timeouts,
                        ModelDraft.Options options,
                        Resolved resolved,
                        List<Map<String, Object>> warnings, Instant createdAt, String createdBy, Instant updatedAt,
                        String updatedBy, String api, JsonNode converse, ModelDraft.Chat chat,
                        ChatRule chatEffective, Long liveRevision, Long draftRevision) {

    /** What Modelgate understood: the STS endpoint it will call and the model ID it will send. */
    public record Resolved(String stsEndpoint, String signingRegion, Model model) {
    }

    /** The parsed model reference. */
    public record Model(String kind, String modelId, String baseModelId, String geoPrefix, String region, String accountId) {

        static Model of(ModelReference reference) {
            return new Model(reference.kind().name(), reference.modelId(), reference.baseModelId(),
                    reference.geoPrefix() == null ? null : reference.geoPrefix().prefix(),
                    reference.region() == null ? null : reference.region().id(), reference.accountId());
        }
    }

    static Resolved resolved(ModelConfiguration configuration) {
        return new Resolved(configuration.stsEndpoint().url(), configuration.stsEndpoint().signingRegion().id(),
                Model.of(configuration.modelReference()));
    }

    static List<Map<String, Object>> warnings(List<Violation> warnings) {
        return warnings.stream().map(ProblemResponses::violation).toList();
    }

    static ModelView of(ExternalModels.Saved saved, ModelDraft draft, String externalId) {
        StoredModel m = saved.stored();
        ModelConfiguration c = saved.configuration();
        return new ModelView(m.id(), m.name(), m.description(), m.provider(), m.inferenceEnabled(), m.status().name(),
                m.revision(), m.roleArn(), externalId, m.stsEndpoint(), m.region(), m.modelReference(),
                draft.variables() == null ? List.of() : draft.variables(), c.isConverse() ? null : m.requestTemplate(),
                draft.outputMapping(), c.timeouts().toDraft(), draft.options(), resolved(c), warnings(c.warnings()),
                m.createdAt(), m.createdBy(), m.updatedAt(), m.updatedBy(), m.api().name(), draft.converse(), draft.chat(), c.chat(),
                m.liveRevision(), m.draftRevision());
    }

    /** One row of the model list. */
    public record Summary(String id, String name, String provider, String modelReference, String region,
                          String status, boolean inferenceEnabled, long revision, Instant updatedAt, String api,
                          Long liveRevision, Long draftRevision) {

        static Summary of(StoredModel m) {
            return new Summary(m.id(), m.name(), m.provider(), m.modelReference(), m.region(), m.status().name(),
                    m.inferenceEnabled(), m.revision(), m.updatedAt(), m.api().name(), m.liveRevision(),
                    m.draftRevision());
        }
    }

    /** A page of the model list. */
    public record Page(List<Summary> items, int page, int size, long totalItems, long totalPages) {
    }
}
