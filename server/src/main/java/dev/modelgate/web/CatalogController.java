package dev.modelgate.web;

import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.catalog.CatalogException;
import dev.modelgate.catalog.FoundationModel;
import dev.modelgate.catalog.InferenceProfile;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/catalog/models} with {@code {"roleArn", "region", "stsEndpoint"}}: what Bedrock offers in that
 * Region as the tenant's role sees it ({@code ListFoundationModels}, {@code ListInferenceProfiles}), for the model
 * picker. A role that may not list answers 200 with {@code listable} (or {@code profilesListable}) false and a
 * {@code message} saying which permission is missing: free text always stays possible. A role that cannot be
 * assumed answers 502 {@code assume-role-failed}; invalid input 422.
 */
@RestController
public class CatalogController {

    private final BedrockCatalogs catalogs;
    private final WorkspaceContext workspaces;

    public CatalogController(BedrockCatalogs catalogs, WorkspaceContext workspaces) {
        this.catalogs = catalogs;
        this.workspaces = workspaces;
    }

    /** A base model: how it may be invoked and what it reads and writes. */
    public record Model(String modelId, String modelName, String provider, List<String> inferenceTypes,
                        boolean onDemand, List<String> inputModalities, List<String> outputModalities) {

        static Model of(FoundationModel m) {
            return new Model(m.modelId(), m.modelName(), m.providerName(), m.inferenceTypes(), m.onDemand(),
                    m.inputModalities(), m.outputModalities());
        }
    }

    /** An inference profile and the base models it routes to. */
    public record Profile(String id, String name, String type, List<String> models) {

        private static final String FOUNDATION_MODEL = ":foundation-model/";

        static Profile of(InferenceProfile p) {
            return new Profile(p.id(), p.name(), p.type(), p.modelArns().stream()
                    .filter(arn -> arn.contains(FOUNDATION_MODEL))
                    .map(arn -> arn.substring(arn.indexOf(FOUNDATION_MODEL) + FOUNDATION_MODEL.length()))
                    .distinct().toList());
        }
    }

    /**
     * What the Region offers the role.
     *
     * @param listable         whether the role may list foundation models
     * @param profilesListable whether the role may list inference profiles
     * @param message          why something could not be listed, or null
     */
    public record Catalog(String region, boolean listable, boolean profilesListable, String message,
                          List<Model> foundationModels, List<Profile> inferenceProfiles) {
    }

    @PostMapping(path = "/api/v1/catalog/models", consumes = "application/json", produces = "application/json")
    Catalog models(@RequestBody RoleConnection request) {
        RoleConnection.Parsed connection = request.parse();
        Workspace workspace = workspaces.current();
        SessionKey key = connection.key(workspace);
        List<Model> models = List.of();
        List<Profile> profiles = List.of();
        boolean listable = true;
        boolean profilesListable = true;
        List<Unlisted> unlisted = new ArrayList<>();
        try {
            models = catalogs.foundationModels(key, workspace.id(), connection.region()).stream().map(Model::of).toList();
        } catch (CatalogException e) {
            listable = false;
            unlisted.add(new Unlisted("bedrock:ListFoundationModels", e));
        }
        try {
            profiles = catalogs.inferenceProfiles(key, workspace.id(), connection.region()).stream()
                    .map(Profile::of).toList();
        } catch (CatalogException e) {
            profilesListable = false;
            unlisted.add(new Unlisted("bedrock:ListInferenceProfiles", e));
        }
        return new Catalog(connection.region().id(), listable, profilesListable, why(unlisted), models, profiles);
    }

    private record Unlisted(String action, CatalogException failure) {
        boolean denied() {
            return failure.kind() == CatalogException.Kind.ACCESS_DENIED;
        }
    }

    /**
     * Why the list is incomplete, each thing said once: the actions the role may not call in one sentence, what Bedrock
     * did not answer in another, and the way around it (typing the model ID) at the end; null when nothing failed.
     */
    private static String why(List<Unlisted> unlisted) {
        if (unlisted.isEmpty()) {
            return null;
        }
        List<String> sentences = new ArrayList<>();
        List<Unlisted> denied = unlisted.stream().filter(Unlisted::denied).toList();
        if (!denied.isEmpty()) {
            String codes = denied.stream().map(u -> u.failure().errorCode().orElse("AccessDenied")).distinct()
                    .collect(Collectors.joining(", "));
            sentences.add("The role may not call " + denied.stream().map(Unlisted::action)
                    .collect(Collectors.joining(" or ")) + " (" + codes + "); add "
                    + (denied.size() == 1 ? "it" : "them") + " to the role's permission policy to pick from a list.");
        }
        for (Unlisted u : unlisted) {
            if (!u.denied()) {
                sentences.add("Bedrock did not answer " + u.failure().operation() + ": " + u.failure().getMessage()
                        + (u.failure().getMessage().endsWith(".") ? "" : "."));
            }
        }
        sentences.add("Type the model ID, inference profile ID or ARN instead.");
        return String.join(" ", sentences);
    }
}
