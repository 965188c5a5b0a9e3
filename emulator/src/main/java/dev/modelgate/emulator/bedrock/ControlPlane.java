package dev.modelgate.emulator.bedrock;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Bedrock control-plane reads over a {@link ModelCatalog}: ListFoundationModels, GetFoundationModel,
 * ListInferenceProfiles and GetInferenceProfile (PROTOCOL.md §3). Each returns the JSON response body; parameters the
 * HTTP layer did not receive are null. Invalid parameters get AWS's constraint wording ("1 validation error detected:
 * Value 'FOO' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE,
 * EMBEDDING]").
 *
 * <p>IAM: the List operations are authorised on {@link #ANY_RESOURCE}; the Get operations on
 * {@link #foundationModelResource} and {@link #inferenceProfileResource}.
 */
public final class ControlPlane {

    /** The resource of ListFoundationModels and ListInferenceProfiles. */
    public static final String ANY_RESOURCE = "*";

    private static final String FOUNDATION_MODEL_IDENTIFIER = "(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::"
            + "foundation-model/[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2})"
            + "|([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})";
    private static final String PROFILE_IDENTIFIER = "(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):"
            + "(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+";
    private static final int MAX_PAGE = 1000;

    private final ModelCatalog catalog;

    /** A control plane answering from {@code catalog}. */
    public ControlPlane(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * {@code GET /foundation-models}: {@code {"modelSummaries":[…]}}, the catalogue's listed models in
     * {@code region}. {@code byProvider} matches the provider name ignoring case; the other filters keep the models
     * whose list contains the value. Not paginated.
     *
     * @throws BedrockException ValidationException for a value outside the parameter's pattern or enum
     */
    public byte[] listFoundationModels(String region, String byProvider, String byCustomizationType,
                                       String byOutputModality, String byInferenceType) {
        ModelCatalog.requireRegion(region);
        new ConstraintViolations()
                .checkPattern(byProvider, "byProvider", "[A-Za-z0-9- ]{1,63}")
                .checkEnum(byCustomizationType, "byCustomizationType", names(FoundationModel.Customization.values()))
                .checkEnum(byOutputModality, "byOutputModality", names(FoundationModel.Modality.values()))
                .checkEnum(byInferenceType, "byInferenceType", List.of("ON_DEMAND", "PROVISIONED"))
                .throwIfAny();
        ObjectNode root = FamilySupport.object();
        ArrayNode summaries = root.putArray("modelSummaries");
        for (FoundationModel m : catalog.listedModels(region)) {
            if ((byProvider == null || m.providerName().equalsIgnoreCase(byProvider))
                    && (byCustomizationType == null || contains(m.customizationsSupported(), byCustomizationType))
                    && (byOutputModality == null || contains(m.outputModalities(), byOutputModality))
                    && (byInferenceType == null || contains(m.inferenceTypesSupported(), byInferenceType))) {
                summaries.add(ControlPlaneJson.model(m, region));
            }
        }
        return FamilySupport.bytes(root);
    }

    /**
     * {@code GET /foundation-models/{modelIdentifier}} by model ID or foundation-model ARN: {@code {"modelDetails":
     * {…}}}.
     *
     * @throws BedrockException ValidationException for an identifier outside the model's pattern;
     *                          ResourceNotFoundException "Could not find model {identifier}" when the model is not
     *                          listed in {@code region} (an ARN of another Region included)
     */
    public byte[] getFoundationModel(String region, String modelIdentifier) {
        ModelCatalog.requireRegion(region);
        checkIdentifier(modelIdentifier, "modelIdentifier", FOUNDATION_MODEL_IDENTIFIER);
        String id = modelIdentifier;
        if (modelIdentifier.startsWith("arn:")) {
            ModelArn arn = ModelArn.parse(modelIdentifier).orElseThrow();
            id = arn.region().equals(region) && "aws".equals(arn.partition()) ? arn.resourceId() : "";
        }
        String wanted = id;
        FoundationModel model = catalog.listedModels(region).stream().filter(m -> m.modelId().equals(wanted))
                .findFirst().orElseThrow(() -> BedrockException.resourceNotFound("Could not find model "
                        + modelIdentifier));
        ObjectNode root = FamilySupport.object();
        root.set("modelDetails", ControlPlaneJson.model(model, region));
        return FamilySupport.bytes(root);
    }

    /**
     * {@code GET /inference-profiles}: {@code {"inferenceProfileSummaries":[…],"nextToken":…}}. Without
     * {@code typeEquals} only SYSTEM_DEFINED profiles are listed, as AWS does; APPLICATION lists the caller's own.
     * Pages hold {@code maxResults} (1..1000, default 1000) summaries; {@code nextToken} is present while more remain.
     *
     * @throws BedrockException ValidationException for out-of-range parameters or a token this query did not issue
     */
    public byte[] listInferenceProfiles(String region, String callerAccount, Integer maxResults, String nextToken,
                                        String typeEquals) {
        ModelCatalog.requireRegion(region);
        ModelCatalog.requireAccount(callerAccount);
        ConstraintViolations violations = new ConstraintViolations();
        if (maxResults != null) {
            violations.checkRange(maxResults, maxResults.toString(), "maxResults", 1.0, (double) MAX_PAGE);
        }
        violations.checkLength(nextToken, "nextToken", 1, 2048).checkPattern(nextToken, "nextToken", "\\S*")
                .checkEnum(typeEquals, "typeEquals", names(InferenceProfileSummary.Type.values()))
                .throwIfAny();
        InferenceProfileSummary.Type type = typeEquals == null ? InferenceProfileSummary.Type.SYSTEM_DEFINED
                : InferenceProfileSummary.Type.valueOf(typeEquals);
        List<InferenceProfileSummary> all = catalog.inferenceProfiles(region, callerAccount).stream()
                .filter(p -> p.type() == type).toList();
        String query = region + "|" + callerAccount + "|" + type;
        int from = nextToken == null ? 0 : PageToken.decode(nextToken, query, all.size()).offset();
        int to = Math.min(all.size(), from + (maxResults == null ? MAX_PAGE : maxResults));
        ObjectNode root = FamilySupport.object();
        ArrayNode summaries = root.putArray("inferenceProfileSummaries");
        all.subList(from, to).forEach(p -> summaries.add(ControlPlaneJson.profile(p)));
        if (to < all.size()) {
            root.put("nextToken", new PageToken(query, to).encode());
        }
        return FamilySupport.bytes(root);
    }

    /**
     * {@code GET /inference-profiles/{inferenceProfileIdentifier}} by ID or ARN: the profile's fields at top level.
     *
     * @throws BedrockException ValidationException for an identifier outside the model's pattern;
     *                          ResourceNotFoundException "Could not find inference profile {identifier}" when the caller
     *                          cannot see such a profile in {@code region}
     */
    public byte[] getInferenceProfile(String region, String callerAccount, String identifier) {
        ModelCatalog.requireRegion(region);
        ModelCatalog.requireAccount(callerAccount);
        checkIdentifier(identifier, "inferenceProfileIdentifier", PROFILE_IDENTIFIER);
        Predicate<InferenceProfileSummary> matches = identifier.startsWith("arn:")
                ? p -> p.inferenceProfileArn().equals(identifier)
                : p -> p.inferenceProfileId().equals(identifier);
        Optional<InferenceProfileSummary> found = catalog.inferenceProfiles(region, callerAccount).stream()
                .filter(matches).findFirst();
        return FamilySupport.bytes(ControlPlaneJson.profile(found.orElseThrow(
                () -> BedrockException.resourceNotFound("Could not find inference profile " + identifier))));
    }

    /** The resource GetFoundationModel is authorised on: the identifier if an ARN, else the model's ARN in the Region. */
    public static String foundationModelResource(String region, String modelIdentifier) {
        return modelIdentifier.startsWith("arn:") ? modelIdentifier
                : "arn:aws:bedrock:" + region + "::foundation-model/" + modelIdentifier;
    }

    /**
     * The resource GetInferenceProfile is authorised on: the identifier if an ARN; for a 12-character application
     * profile ID the caller's application-inference-profile ARN; else the caller's inference-profile ARN.
     */
    public static String inferenceProfileResource(String region, String callerAccount, String identifier) {
        if (identifier.startsWith("arn:")) {
            return identifier;
        }
        String type = identifier.matches("[a-z0-9]{12}") ? "application-inference-profile" : "inference-profile";
        return "arn:aws:bedrock:" + region + ":" + callerAccount + ":" + type + "/" + identifier;
    }

    private static void checkIdentifier(String identifier, String member, String pattern) {
        new ConstraintViolations().checkLength(Objects.requireNonNull(identifier, member), member, 1, 2048)
                .checkPattern(identifier, member, pattern).throwIfAny();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static boolean contains(List<? extends Enum<?>> values, String name) {
        return values.stream().anyMatch(v -> v.name().equals(name));
    }
}
