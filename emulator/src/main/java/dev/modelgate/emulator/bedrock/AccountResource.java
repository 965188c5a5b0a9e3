package dev.modelgate.emulator.bedrock;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model resource owned by an account: an application inference profile, a provisioned model, an imported model, a
 * custom-model deployment, or a Bedrock Marketplace SageMaker endpoint. Its ARN carries its Region and account.
 *
 * @param kind          one of the account-owned {@link ResolvedModel.Kind}s
 * @param arn           the resource ARN, of the form its kind requires
 * @param servedModelId the foundation model it serves (whose body format callers send)
 * @param name          a display name, 1..64 characters
 * @param description   application profiles only (1..200 characters); else may be null
 * @param createdAt     application profiles only; else may be null
 * @param updatedAt     application profiles only; else may be null
 */
public record AccountResource(ResolvedModel.Kind kind, String arn, String servedModelId, String name,
                              String description, Instant createdAt, Instant updatedAt) {

    private static final String BEDROCK = "arn:aws:bedrock:([a-z0-9-]{1,20}):([0-9]{12}):";
    private static final Map<ResolvedModel.Kind, Pattern> ARNS = Map.of(
            ResolvedModel.Kind.APPLICATION_PROFILE,
            Pattern.compile(BEDROCK + "application-inference-profile/([a-z0-9]{12})"),
            ResolvedModel.Kind.PROVISIONED, Pattern.compile(BEDROCK + "provisioned-model/([a-z0-9]{12})"),
            ResolvedModel.Kind.IMPORTED, Pattern.compile(BEDROCK + "imported-model/([a-z0-9]{12})"),
            ResolvedModel.Kind.CUSTOM_DEPLOYMENT, Pattern.compile(BEDROCK + "custom-model-deployment/([a-z0-9]{12})"),
            ResolvedModel.Kind.MARKETPLACE_ENDPOINT,
            Pattern.compile("arn:aws:sagemaker:([a-z0-9-]{1,20}):([0-9]{12}):endpoint/([a-zA-Z0-9-]{1,63})"));

    public AccountResource {
        Pattern pattern = kind == null ? null : ARNS.get(kind);
        if (pattern == null) {
            throw new IllegalArgumentException("account resource kind must be one of " + ARNS.keySet() + ", got "
                    + kind);
        }
        if (arn == null || !pattern.matcher(arn).matches()) {
            throw new IllegalArgumentException(kind + " ARN must match " + pattern.pattern() + ", got \"" + arn + "\"");
        }
        if (servedModelId == null || name == null || name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("account resource " + arn
                    + " needs a servedModelId and a 1..64 character name");
        }
        if (kind == ResolvedModel.Kind.APPLICATION_PROFILE && (description == null || description.isEmpty()
                || description.length() > 200 || createdAt == null || updatedAt == null
                || updatedAt.isBefore(createdAt) || !name.matches("([0-9a-zA-Z][ _-]?)+"))) {
            throw new IllegalArgumentException("application inference profile " + arn + " needs a name matching"
                    + " ([0-9a-zA-Z][ _-]?)+, a 1..200 character description and createdAt <= updatedAt");
        }
    }

    private Matcher parts() {
        Matcher m = ARNS.get(kind).matcher(arn);
        if (!m.matches()) {
            throw new IllegalStateException("validated ARN no longer matches: " + arn);
        }
        return m;
    }

    /** The Region in the ARN. */
    public String region() {
        return parts().group(1);
    }

    /** The owning account in the ARN. */
    public String account() {
        return parts().group(2);
    }

    /** The last ARN segment: the profile / model ID, or the endpoint name. */
    public String resourceId() {
        return parts().group(3);
    }
}
