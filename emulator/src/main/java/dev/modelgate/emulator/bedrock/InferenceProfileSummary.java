package dev.modelgate.emulator.bedrock;

import java.time.Instant;
import java.util.List;

/**
 * An inference profile as ListInferenceProfiles and GetInferenceProfile show it to one caller in one Region
 * ({@code InferenceProfileSummary}; {@code status} is always {@code ACTIVE}).
 *
 * @param inferenceProfileName 1..64 characters
 * @param description          1..200 characters
 * @param createdAt            creation time
 * @param updatedAt            last update
 * @param inferenceProfileArn  system profiles carry the caller's account and Region
 * @param modelArns            the foundation-model ARNs it routes to, 1..5
 * @param inferenceProfileId   {@code <geo>.<modelId>} or the application profile's 12-character ID
 * @param type                 SYSTEM_DEFINED or APPLICATION
 */
public record InferenceProfileSummary(String inferenceProfileName, String description, Instant createdAt,
                                      Instant updatedAt, String inferenceProfileArn, List<String> modelArns,
                                      String inferenceProfileId, Type type) {

    /** {@code InferenceProfileType}. */
    public enum Type { SYSTEM_DEFINED, APPLICATION }

    public InferenceProfileSummary {
        if (inferenceProfileName == null || inferenceProfileArn == null || inferenceProfileId == null
                || type == null) {
            throw new IllegalArgumentException("an inference profile summary needs a name, ARN, ID and type, got "
                    + inferenceProfileArn);
        }
        if (modelArns == null || modelArns.isEmpty() || modelArns.size() > 5) {
            throw new IllegalArgumentException("inference profile " + inferenceProfileId + " must list 1..5 model"
                    + " ARNs, got " + (modelArns == null ? "none" : modelArns.size()));
        }
        modelArns = List.copyOf(modelArns);
    }

    /** {@code ACTIVE}, the only {@code InferenceProfileStatus}. */
    public String status() {
        return "ACTIVE";
    }
}
