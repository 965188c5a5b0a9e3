package dev.modelgate.model;

import dev.modelgate.validation.Quoted;
import static dev.modelgate.model.ModelReferenceParser.BASE_MODEL_ID;
import static dev.modelgate.model.ModelReferenceParser.MAX_MODEL_ID_LENGTH;
import static dev.modelgate.model.ModelReferenceParser.RESOURCE_ID;
import static dev.modelgate.model.ModelReferenceParser.violation;

import dev.modelgate.connection.AwsPartition;
import dev.modelgate.connection.Region;
import dev.modelgate.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ARN half of {@link ModelReferenceParser}: {@code arn:<partition>:<service>:<region>:<account>:<type>/<id>}. */
final class ModelArnParser {

    private static final String SHAPE = "arn:<partition>:bedrock:<region>:<account>:<resource type>/<ID>";
    private static final Map<String, ModelReferenceKind> BEDROCK_TYPES = Map.of(
            "foundation-model", ModelReferenceKind.FOUNDATION_MODEL_ARN,
            "inference-profile", ModelReferenceKind.INFERENCE_PROFILE_ARN,
            "application-inference-profile", ModelReferenceKind.APPLICATION_INFERENCE_PROFILE_ARN,
            "provisioned-model", ModelReferenceKind.PROVISIONED_MODEL_ARN,
            "custom-model", ModelReferenceKind.CUSTOM_MODEL_ARN,
            "custom-model-deployment", ModelReferenceKind.CUSTOM_MODEL_DEPLOYMENT_ARN,
            "imported-model", ModelReferenceKind.IMPORTED_MODEL_ARN);
    private static final String SUPPORTED_TYPES = "foundation-model, inference-profile, application-inference-profile, "
            + "provisioned-model, custom-model, custom-model-deployment, imported-model (bedrock) and endpoint (sagemaker)";
    /** A Marketplace model's name in a foundation-model ARN (SageMaker hub content names: no dot). */
    private static final Pattern MARKETPLACE_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    /** SageMaker's {@code EndpointName}. */
    private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern CUSTOM_MODEL = Pattern.compile("(imported|[^/]+)/([^/]*)");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private ModelArnParser() {
    }

    static ModelReference read(String raw, Region region, List<Violation> violations) {
        String[] parts = raw.split(":", 6);
        int slash = parts.length < 6 ? -1 : parts[5].indexOf('/');
        if (slash < 0) {
            violations.add(violation("malformed-arn", "model ARN must look like " + SHAPE, raw));
            return null;
        }
        String service = parts[2];
        String arnRegion = parts[3];
        String account = parts[4];
        String type = parts[5].substring(0, slash);
        String id = parts[5].substring(slash + 1);
        int before = violations.size();
        checkPartition(parts[1], service, region, raw, violations);
        ModelReferenceKind kind = service.equals("sagemaker") && type.equals("endpoint")
                ? ModelReferenceKind.MARKETPLACE_ENDPOINT_ARN : service.equals("bedrock") ? BEDROCK_TYPES.get(type) : null;
        if (!service.equals("bedrock") && !service.equals("sagemaker")) {
            violations.add(violation("arn-service", "model ARN must be a Bedrock ARN (" + SHAPE
                    + ") or a SageMaker endpoint ARN, not a " + Quoted.of(service) + " ARN", raw));
        } else if (kind == null) {
            violations.add(violation("arn-resource-type", "model ARN resource type " + Quoted.of(type)
                    + " is not supported; supported: " + SUPPORTED_TYPES, raw));
        }
        if (!arnRegion.equals(region.id())) {
            violations.add(violation("arn-region-mismatch", (arnRegion.isEmpty() ? "model ARN has no region"
                    : "model ARN is in " + plainOrQuoted(arnRegion)) + " but the model's region is " + region, raw));
        }
        checkAccount(kind, account, raw, violations);
        if (kind == null) {
            return null;
        }
        ModelReference reference = readResource(kind, id, raw, region, account, violations);
        return violations.size() == before ? reference : null;
    }

    private static void checkPartition(String partitionId, String service, Region region, String raw,
                                       List<Violation> violations) {
        AwsPartition partition = AwsPartition.fromId(partitionId).orElse(null);
        if (partition == null) {
            violations.add(violation("arn-partition", "model ARN partition must be " + AwsPartition.idsForMessages()
                    + ", not " + Quoted.of(partitionId), raw));
        } else if (partition != region.partition()) {
            violations.add(violation("arn-partition-mismatch", "model ARN is in partition " + partition
                    + " but the model's region " + region + " is in " + region.partition(), raw));
        } else if (service.equals("sagemaker") && partition != AwsPartition.AWS) {
            violations.add(violation("arn-partition", "model ARN: Bedrock accepts SageMaker endpoint ARNs only in "
                    + "partition aws, not " + partition, raw));
        }
    }

    private static void checkAccount(ModelReferenceKind kind, String account, String raw, List<Violation> violations) {
        if (kind == ModelReferenceKind.FOUNDATION_MODEL_ARN) {
            if (!account.isEmpty()) {
                violations.add(violation("arn-account", "model ARN of a foundation model must have an empty account "
                        + "(arn:aws:bedrock:<region>::foundation-model/<model ID>), not " + Quoted.of(account), raw));
            }
        } else if (!ACCOUNT.matcher(account).matches()) {
            violations.add(violation("arn-account", "model ARN account must be 12 digits, not " + Quoted.of(account), raw));
        }
    }

    private static ModelReference readResource(ModelReferenceKind kind, String id, String raw, Region region,
                                               String account, List<Violation> violations) {
        if (ModelReferenceParser.stackedGeo("model ARN resource ID", id, region, raw, violations)) {
            return null;
        }
        return switch (kind) {
            case FOUNDATION_MODEL_ARN -> {
                if (!GeoPrefix.leading(id).isEmpty()) {
                    yield geoInBaseModel("a foundation model names a base model ID", id, raw, violations,
                            "; a cross-Region profile is named by its ID " + id + " or its ARN arn:"
                                    + region.partition().id() + ":bedrock:" + region
                                    + ":<account>:inference-profile/" + id);
                }
                if (baseModelId(id)) {
                    yield new ModelReference(raw, kind, id, id, null, region, null);
                }
                if (MARKETPLACE_NAME.matcher(id).matches()) {
                    yield new ModelReference(raw, ModelReferenceKind.MARKETPLACE_MODEL_ARN, id, null, null, region, null);
                }
                yield badId(id, "a model ID like " + ModelReferenceParser.BASE_MODEL_EXAMPLE
                        + " or a Marketplace model name (letters, digits and -)" + profileHint(id), raw, violations);
            }
            case INFERENCE_PROFILE_ARN -> {
                int dot = id.indexOf('.');
                GeoPrefix geo = dot < 0 ? null : GeoPrefix.fromPrefix(id.substring(0, dot)).orElse(null);
                if (geo == null || !ModelReferenceParser.profileIdValid(id, id.substring(dot + 1))) {
                    yield badId(id, "a cross-Region profile ID <geo>.<model ID> with geo one of us, eu, apac, "
                            + "us-gov, jp, au, global (application profiles are application-inference-profile/<ID>)",
                            raw, violations);
                }
                yield ModelReferenceParser.checkGeo(geo, region, raw, violations)
                        ? new ModelReference(raw, kind, raw, id.substring(dot + 1), geo, region, account) : null;
            }
            case CUSTOM_MODEL_ARN -> {
                Matcher custom = CUSTOM_MODEL.matcher(id);
                if (custom.matches() && !GeoPrefix.leading(custom.group(1)).isEmpty()) {
                    yield geoInBaseModel("a custom model names the base model ID it was trained from", custom.group(1),
                            raw, violations, " (a custom model is based on a foundation model, not on an inference "
                                    + "profile)");
                }
                boolean baseValid = custom.matches() && (custom.group(1).equals("imported")
                        || baseModelId(custom.group(1)));
                if (!baseValid || !RESOURCE_ID.matcher(custom.group(2)).matches()) {
                    yield badId(id, "<base model ID or imported>/<12 lowercase letters or digits>"
                            + (custom.matches() ? profileHint(custom.group(1)) : ""), raw, violations);
                }
                String base = custom.group(1).equals("imported") ? null : custom.group(1);
                yield new ModelReference(raw, kind, raw, base, null, region, account);
            }
            case MARKETPLACE_ENDPOINT_ARN -> ENDPOINT_NAME.matcher(id).matches()
                    ? new ModelReference(raw, kind, raw, null, null, region, account)
                    : badId(id, "a SageMaker endpoint name (1 to 63 letters, digits and -)", raw, violations);
            default -> RESOURCE_ID.matcher(id).matches()
                    ? new ModelReference(raw, kind, raw, null, null, region, account)
                    : badId(id, "12 lowercase letters or digits" + (GeoPrefix.leading(id).isEmpty() ? ""
                    : " (" + Quoted.of(id) + " is a cross-Region profile ID, whose ARN is …:inference-profile/" + id
                    + ")"), raw, violations);
        };
    }

    /**
     * Whether {@code id} is a base model ID: a cross-Region profile ID has the same shape but is not one, and naming it
     * as a foundation model (or a custom model's base) would send it to Bedrock without the geography check.
     */
    private static boolean baseModelId(String id) {
        int dot = id.indexOf('.');
        return id.length() <= MAX_MODEL_ID_LENGTH && BASE_MODEL_ID.matcher(id).matches()
                && GeoPrefix.fromPrefix(id.substring(0, dot)).isEmpty();
    }

    /** For an ID that is a cross-Region profile ID, where it belongs instead; else nothing. */
    private static String profileHint(String id) {
        int dot = id.indexOf('.');
        return dot > 0 && GeoPrefix.fromPrefix(id.substring(0, dot)).isPresent()
                ? " (" + id.substring(0, dot + 1) + "… is a cross-Region inference profile: use its ID, or its ARN "
                + "…:inference-profile/<ID>)" : "";
    }

    /** Region-like text as is (as in "model ARN is in eu-west-1 but …"), anything odder quoted. */
    private static String plainOrQuoted(String text) {
        return text.matches("[a-z0-9-]{1,30}") ? text : Quoted.of(text);
    }

    /** Adds {@code geo-prefix-in-base-model}: {@code baseModelId} starts with a geography, which no model ID does. */
    private static ModelReference geoInBaseModel(String what, String baseModelId, String raw,
                                                 List<Violation> violations, String advice) {
        String geo = GeoPrefix.leading(baseModelId).getFirst().toString();
        violations.add(violation("geo-prefix-in-base-model", "model ARN of " + what + ", which never starts with a "
                + "geography prefix, but " + Quoted.of(baseModelId) + " starts with " + geo + advice, raw));
        return null;
    }

    private static ModelReference badId(String id, String expected, String raw, List<Violation> violations) {
        violations.add(violation("arn-resource-id", "model ARN resource ID must be " + expected + ", not "
                + Quoted.of(id), raw));
        return null;
    }
}
