package dev.modelgate.emulator.bedrock;

import java.time.Instant;

/**
 * A system-defined (cross-Region) inference profile: {@code <geography>.<modelId>}.
 *
 * @param geography   the geography prefix, e.g. {@code us}
 * @param modelId     the foundation model it serves
 * @param name        the {@code inferenceProfileName}, 1..64 characters
 * @param description 1..200 characters
 * @param createdAt   creation time
 * @param updatedAt   last update, not before {@code createdAt}
 */
public record InferenceProfile(String geography, String modelId, String name, String description, Instant createdAt,
                               Instant updatedAt) {

    public InferenceProfile {
        if (geography == null || modelId == null) {
            throw new IllegalArgumentException("inference profile needs a geography and a modelId, got " + geography
                    + "." + modelId);
        }
        if (name == null || name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("inference profile " + geography + "." + modelId
                    + " name must be 1..64 characters, got \"" + name + "\"");
        }
        if (description == null || description.isEmpty() || description.length() > 200) {
            throw new IllegalArgumentException("inference profile " + geography + "." + modelId
                    + " description must be 1..200 characters");
        }
        if (createdAt == null || updatedAt == null || updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("inference profile " + geography + "." + modelId
                    + " needs createdAt <= updatedAt, got " + createdAt + " / " + updatedAt);
        }
    }

    /** The profile ID: {@code <geography>.<modelId>}, e.g. {@code us.anthropic.claude-3-haiku-20240307-v1:0}. */
    public String id() {
        return geography + "." + modelId;
    }

    /** The ARN as a caller sees it: {@code arn:aws:bedrock:<region>:<callerAccount>:inference-profile/<id>}. */
    public String arn(String region, String callerAccount) {
        return "arn:aws:bedrock:" + region + ":" + callerAccount + ":inference-profile/" + id();
    }
}
