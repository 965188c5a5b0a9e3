package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves a runtime {@code {modelId}} against a {@link ModelCatalog}, answering failures the way Bedrock does.
 *
 * <ul>
 *   <li>A bare foundation-model ID or {@code arn:aws:bedrock:<region>::foundation-model/<id>}: the model must run in
 *       the call's Region and be on-demand. Unknown IDs, malformed text, models not offered in the Region and
 *       foundation-model ARNs naming another Region all get "The provided model identifier is invalid." (AWS gives
 *       that one answer for identifiers it cannot use; it does not say why). A profile-only model gets "Invocation of
 *       model ID … with on-demand throughput isn't supported. …".</li>
 *   <li>A system profile ID ({@code us.…}) or its ARN: the call's Region must be in the profile's geography, else
 *       invalid identifier. The request is served in the call's Region, so IAM is asked about the profile ARN and the
 *       foundation-model ARN in that Region, plus the Region-less foundation-model ARN for {@code global.}
 *       profiles.</li>
 *   <li>ARNs of account resources (application profile, provisioned, imported, custom-model deployment, SageMaker
 *       endpoint) and profile ARNs carry an account: another account's gives AccessDeniedException "You don't have
 *       access to the model with the specified model ID." (there is no cross-account resource policy to allow it);
 *       the caller's own in another Region, or one that does not exist, gives invalid identifier.</li>
 *   <li>A Bedrock Marketplace model is invokable only by its foundation-model ARN.</li>
 *   <li>Then the operation: streaming on a model without response streaming gets "The model is unsupported for
 *       streaming."; Converse on an imported model gets "This action doesn't support the model that you provided.
 *       …".</li>
 * </ul>
 */
final class ModelResolver {

    private static final int MAX_IDENTIFIER_LENGTH = 2048;
    private static final Map<String, Pattern> OWNED_IDS = Map.of(
            "bedrock:application-inference-profile", Pattern.compile("[a-z0-9]{12}"),
            "bedrock:provisioned-model", Pattern.compile("[a-z0-9]{12}"),
            "bedrock:imported-model", Pattern.compile("[a-z0-9]{12}"),
            "bedrock:custom-model-deployment", Pattern.compile("[a-z0-9]{12}"),
            "sagemaker:endpoint", Pattern.compile("[a-zA-Z0-9-]{1,63}"));

    private final ModelCatalog catalog;

    ModelResolver(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    ResolvedModel resolve(String modelId, String region, String account, Operation operation) {
        if (modelId.isEmpty() || modelId.length() > MAX_IDENTIFIER_LENGTH) {
            throw BedrockException.invalidModelIdentifier();
        }
        ResolvedModel resolved = modelId.startsWith("arn:") ? byArn(modelId, region, account)
                : byId(modelId, region, account);
        if (operation.converse() && resolved.kind() == ResolvedModel.Kind.IMPORTED) {
            throw BedrockException.converseUnsupported();
        }
        if (operation.streaming() && !resolved.model().responseStreamingSupported()) {
            throw BedrockException.streamingUnsupported();
        }
        return resolved;
    }

    private ResolvedModel byId(String id, String region, String account) {
        InferenceProfile profile = catalog.systemProfile(id).orElse(null);
        if (profile != null) {
            return systemProfile(id, profile, region, account);
        }
        FoundationModel model = catalog.foundationModel(id).filter(m -> !m.marketplace())
                .orElseThrow(BedrockException::invalidModelIdentifier);
        return foundationModel(id, model, region);
    }

    private static ResolvedModel foundationModel(String sent, FoundationModel model, String region) {
        if (!model.availableIn(region)) {
            throw BedrockException.invalidModelIdentifier();
        }
        if (!model.onDemand()) {
            throw BedrockException.onDemandNotSupported(model.modelId());
        }
        return ResolvedModel.of(sent, model, ResolvedModel.Kind.FOUNDATION_MODEL, List.of(model.arn(region)));
    }

    private ResolvedModel systemProfile(String sent, InferenceProfile profile, String region, String account) {
        Geography geo = catalog.geography(profile.geography()).orElseThrow();
        if (!geo.includes(region)) {
            throw BedrockException.invalidModelIdentifier();
        }
        FoundationModel model = catalog.foundationModel(profile.modelId()).orElseThrow();
        List<String> arns = new ArrayList<>(List.of(profile.arn(region, account), model.arn(region)));
        if (geo.global()) {
            arns.add(model.regionlessArn());
        }
        return ResolvedModel.of(sent, model, ResolvedModel.Kind.SYSTEM_PROFILE, arns);
    }

    private ResolvedModel byArn(String text, String region, String account) {
        ModelArn arn = ModelArn.parse(text).filter(a -> "aws".equals(a.partition()))
                .orElseThrow(BedrockException::invalidModelIdentifier);
        String type = arn.service() + ":" + arn.resourceType();
        if (type.equals("bedrock:foundation-model")) {
            return foundationModelArn(text, arn, region);
        }
        if (type.equals("bedrock:inference-profile")) {
            requireOwnAccountInRegion(arn, region, account);
            InferenceProfile profile = catalog.systemProfile(arn.resourceId())
                    .orElseThrow(BedrockException::invalidModelIdentifier);
            return systemProfile(text, profile, region, account);
        }
        Pattern idPattern = OWNED_IDS.get(type);
        if (idPattern == null || !idPattern.matcher(arn.resourceId()).matches()) {
            throw BedrockException.invalidModelIdentifier();
        }
        requireOwnAccountInRegion(arn, region, account);
        AccountResource resource = catalog.accountResource(text).orElseThrow(BedrockException::invalidModelIdentifier);
        FoundationModel model = catalog.foundationModel(resource.servedModelId()).orElseThrow();
        List<String> arns = resource.kind() == ResolvedModel.Kind.APPLICATION_PROFILE
                ? List.of(text, model.arn(region)) : List.of(text);
        return ResolvedModel.of(text, model, resource.kind(), arns);
    }

    private ResolvedModel foundationModelArn(String text, ModelArn arn, String region) {
        if (!arn.account().isEmpty() || !arn.region().equals(region)) {
            throw BedrockException.invalidModelIdentifier();
        }
        FoundationModel model = catalog.foundationModel(arn.resourceId())
                .orElseThrow(BedrockException::invalidModelIdentifier);
        if (!model.marketplace()) {
            return foundationModel(text, model, region);
        }
        if (!model.availableIn(region)) {
            throw BedrockException.invalidModelIdentifier();
        }
        return ResolvedModel.of(text, model, ResolvedModel.Kind.MARKETPLACE_FOUNDATION, List.of(text));
    }

    private static void requireOwnAccountInRegion(ModelArn arn, String region, String account) {
        if (!arn.account().matches("[0-9]{12}")) {
            throw BedrockException.invalidModelIdentifier();
        }
        if (!arn.account().equals(account)) {
            throw BedrockException.accessDenied();
        }
        if (!arn.region().equals(region)) {
            throw BedrockException.invalidModelIdentifier();
        }
    }
}
