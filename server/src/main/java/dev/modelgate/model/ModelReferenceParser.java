package dev.modelgate.model;

import dev.modelgate.validation.Quoted;
import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the model reference a tenant enters, in every form Bedrock's InvokeModel accepts for a model (PROTOCOL.md
 * §4): base model IDs, cross-Region inference profile IDs, a bare 12-character Provisioned Throughput ID, and the
 * ARNs of foundation models, inference profiles, application inference profiles, provisioned, custom, deployed
 * custom and imported models, and Bedrock Marketplace endpoints.
 *
 * <p>Bare values are told apart by their dots: a value without a dot must be 12 lowercase letters or digits (a
 * Provisioned Throughput ID); a value whose first dot-separated part is a {@link GeoPrefix} is a cross-Region
 * profile ID (no model provider is named {@code us}, {@code eu}, {@code apac}, {@code us-gov}, {@code jp},
 * {@code au} or {@code global}); any other dotted value must be a base model ID. A profile ID carries exactly one
 * geography: {@code us.us.…} or {@code us.global.…} is refused ({@code stacked-geo-prefix}), in an ID and inside any
 * ARN, and so is a geography where a base model ID belongs (a foundation-model or custom-model ARN,
 * {@code geo-prefix-in-base-model}).
 *
 * <p>Bedrock's own pattern for the model ID ends in a catch-all branch, so it accepts nearly anything; Modelgate is
 * stricter, using the per-resource patterns of the Bedrock control plane's model (e.g. {@code FoundationModelArn},
 * {@code CustomModelArn}, {@code InferenceProfileId}), so that typos fail when the model is registered instead of
 * at its first invocation. Prompt and prompt-router ARNs, which Bedrock also accepts, are refused: they are not
 * models.
 *
 * <p>Rule codes (field {@code modelReference}): {@code blank}, {@code too-long}, {@code whitespace},
 * {@code invalid-character}, {@code unrecognized-model-reference}, {@code malformed-model-id},
 * {@code geo-region-mismatch}, {@code stacked-geo-prefix}, {@code geo-prefix-in-base-model}, {@code malformed-arn},
 * {@code arn-partition}, {@code arn-partition-mismatch}, {@code arn-service}, {@code arn-region-mismatch},
 * {@code arn-account}, {@code arn-resource-type}, {@code arn-resource-id}.
 */
public final class ModelReferenceParser {

    static final String FIELD = "modelReference";
    /** Longest model identifier InvokeModel accepts. */
    public static final int MAX_LENGTH = 2048;
    /** Longest base model ID ({@code FoundationModelSummary.modelId}) and inference profile ID. */
    static final int MAX_MODEL_ID_LENGTH = 140;
    static final int MAX_PROFILE_ID_LENGTH = 64;
    /** A base model ID: {@code provider.model}, up to two more dotted parts, up to two {@code :} suffixes. */
    static final Pattern BASE_MODEL_ID = Pattern.compile(
            "[a-z0-9-]{1,63}\\.[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63}){0,2}(:[a-z0-9-]{1,63}){0,2}");
    static final Pattern RESOURCE_ID = Pattern.compile("[a-z0-9]{12}");
    static final String BASE_MODEL_EXAMPLE = "anthropic.claude-3-haiku-20240307-v1:0";

    private ModelReferenceParser() {
    }

    /**
     * Parses {@code raw} for a model in {@code configuredRegion}.
     *
     * @throws InvalidInputException with every rule {@code raw} breaks (field {@code modelReference})
     */
    public static ModelReference parse(String raw, Region configuredRegion) {
        List<Violation> violations = new ArrayList<>();
        ModelReference reference = read(raw, configuredRegion, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return reference;
    }

    /** Every rule {@code raw} breaks, as {@link #parse} would report them; empty when it parses. */
    public static List<Violation> validate(String raw, Region configuredRegion) {
        List<Violation> violations = new ArrayList<>();
        read(raw, configuredRegion, violations);
        return violations;
    }

    private static ModelReference read(String raw, Region region, List<Violation> violations) {
        Objects.requireNonNull(region, "configuredRegion");
        if (raw == null || raw.isBlank()) {
            violations.add(Violation.of(FIELD, "blank", "model reference must not be blank; enter a model ID like "
                    + BASE_MODEL_EXAMPLE + ", an inference profile ID or an ARN, got " + Quoted.of(raw)));
            return null;
        }
        checkCharacters(raw, violations);
        if (!violations.isEmpty()) {
            return null;
        }
        return raw.startsWith("arn:") ? ModelArnParser.read(raw, region, violations) : readBare(raw, region, violations);
    }

    private static void checkCharacters(String raw, List<Violation> violations) {
        if (raw.length() > MAX_LENGTH) {
            violations.add(violation("too-long", "model reference must have at most " + MAX_LENGTH + " characters (got "
                    + raw.length() + ")", raw));
        }
        String whitespace = Quoted.whitespace(raw);
        if (whitespace != null) {
            violations.add(violation("whitespace", "model reference must not contain whitespace (found " + whitespace
                    + ")", raw));
        }
        boolean arn = raw.startsWith("arn:");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == ':' || c == '_' || c == '/' && arn;
            if (!allowed && !Quoted.isWhitespace(c)) {
                violations.add(violation("invalid-character", "model reference may contain only letters, digits, "
                        + "-, ., :, _ and (in ARNs) /; Bedrock never accepts " + Quoted.character(raw, i)
                        + ", found at index " + i, raw));
                return;
            }
        }
    }

    private static ModelReference readBare(String raw, Region region, List<Violation> violations) {
        int dot = raw.indexOf('.');
        if (dot < 0) {
            if (RESOURCE_ID.matcher(raw).matches()) {
                return new ModelReference(raw, ModelReferenceKind.PROVISIONED_MODEL_ID, raw, null, null, null, null);
            }
            violations.add(violation("unrecognized-model-reference", "model reference must be a model ID like "
                    + BASE_MODEL_EXAMPLE + ", an inference profile ID like us." + BASE_MODEL_EXAMPLE
                    + ", a 12-character Provisioned Throughput ID or an ARN", raw));
            return null;
        }
        GeoPrefix geo = GeoPrefix.fromPrefix(raw.substring(0, dot)).orElse(null);
        if (geo == null) {
            if (raw.length() <= MAX_MODEL_ID_LENGTH && BASE_MODEL_ID.matcher(raw).matches()) {
                return new ModelReference(raw, ModelReferenceKind.FOUNDATION_MODEL_ID, raw, raw, null, null, null);
            }
            String lower = raw.toLowerCase(Locale.ROOT);
            violations.add(violation("malformed-model-id", "model reference must be a model ID like "
                    + BASE_MODEL_EXAMPLE + " (provider.model, in lowercase letters, digits and -, with optional "
                    + ":version, at most " + MAX_MODEL_ID_LENGTH + " characters)" + lowercaseHint(raw,
                    BASE_MODEL_ID.matcher(lower).matches() && GeoPrefix.leading(lower).size() < 2), raw));
            return null;
        }
        if (stackedGeo("model reference", raw, region, raw, violations)) {
            return null;
        }
        String base = raw.substring(dot + 1);
        if (!profileIdValid(raw, base)) {
            violations.add(violation("malformed-model-id", "model reference must be an inference profile ID like "
                    + geo + BASE_MODEL_EXAMPLE + " (" + geo + "<model ID>, at most " + MAX_PROFILE_ID_LENGTH
                    + " characters)" + lowercaseHint(raw, profileIdValid(raw, base.toLowerCase(Locale.ROOT))), raw));
            return null;
        }
        if (!checkGeo(geo, region, raw, violations)) {
            return null;
        }
        return new ModelReference(raw, ModelReferenceKind.INFERENCE_PROFILE_ID, raw, base, geo, null, null);
    }

    static boolean profileIdValid(String profileId, String base) {
        return profileId.length() <= MAX_PROFILE_ID_LENGTH && BASE_MODEL_ID.matcher(base).matches();
    }

    /**
     * Adds {@code stacked-geo-prefix} when {@code id} (the reference, or the ID inside its ARN) starts with more than
     * one geography prefix. A cross-Region profile ID is {@code <geo>.<model ID>} and no model ID starts with a
     * geography, so {@code us.us.anthropic.…} names no profile and its "base model" {@code us.anthropic.…} no model;
     * Bedrock would say so only at the first call.
     *
     * @param subject what {@code id} is, for the message: {@code model reference}, {@code model ARN resource ID}
     * @return whether it added the violation
     */
    static boolean stackedGeo(String subject, String id, Region region, String raw, List<Violation> violations) {
        List<GeoPrefix> geos = GeoPrefix.leading(id);
        if (geos.size() < 2) {
            return false;
        }
        String stack = geos.stream().map(GeoPrefix::toString).collect(Collectors.joining());
        String model = id.substring(stack.length());
        int at = raw.indexOf(id);
        List<String> meant = !BASE_MODEL_ID.matcher(model).matches() ? List.of() : geos.stream().distinct()
                .filter(geo -> geo.canServe(region))
                .map(geo -> raw.substring(0, at) + geo + raw.substring(at + stack.length())).toList();
        violations.add(violation("stacked-geo-prefix", subject + " must start with at most one geography prefix (an "
                + "inference profile ID is <geo>.<model ID>, and no model ID starts with a geography), but it starts "
                + "with " + geos.size() + ": " + stack
                + (meant.isEmpty() ? "" : "; did you mean " + String.join(" or ", meant) + "?"), raw));
        return true;
    }

    /** Adds {@code geo-region-mismatch} unless a profile of {@code geo} can be called from {@code region}. */
    static boolean checkGeo(GeoPrefix geo, Region region, String raw, List<Violation> violations) {
        if (geo.canServe(region)) {
            return true;
        }
        List<GeoPrefix> serving = GeoPrefix.serving(region);
        violations.add(violation("geo-region-mismatch", "model reference's " + geo + " inference profile can be called "
                + "only from " + geo.sourceRegions() + ", not from the model's region " + region
                + (serving.isEmpty() ? " (no cross-Region profile serves " + region + ")"
                : " (from " + region + " use " + serving.stream().map(GeoPrefix::toString)
                .collect(Collectors.joining(" or ")) + ")"), raw));
        return false;
    }

    private static String lowercaseHint(String raw, boolean validInLowercase) {
        String lower = raw.toLowerCase(Locale.ROOT);
        return validInLowercase && !lower.equals(raw) ? "; IDs are lowercase: did you mean " + lower + "?" : "";
    }

    static Violation violation(String rule, String sentence, String raw) {
        return Violation.of(FIELD, rule, sentence + ", got " + Quoted.of(raw));
    }
}
