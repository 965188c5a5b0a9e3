package dev.modelgate.emulator.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The members of an {@code AssumeRole} request, checked against the constraints of the STS model
 * ({@code AssumeRoleRequest} in {@code sts/2011-06-15/service-2.json}).
 *
 * @param durationSeconds null when not sent (STS then grants 3600 seconds)
 */
record AssumeRoleInput(String roleArn, String roleSessionName, List<String> policyArns, String policy,
                       Integer durationSeconds, List<Tag> tags, List<String> transitiveTagKeys, String externalId,
                       String serialNumber, String tokenCode, String sourceIdentity) {

    static final int DEFAULT_DURATION_SECONDS = 3600;

    private static final String ARN = "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+";
    private static final String SESSION_NAME = "[\\w+=,.@-]*";
    private static final String SESSION_POLICY = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
    private static final String EXTERNAL_ID = "[\\w+=,.@:\\/-]*";
    private static final String SERIAL_NUMBER = "[\\w+=/:,.@-]*";
    private static final String TOKEN_CODE = "[\\d]*";
    private static final String TAG_KEY = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
    private static final String TAG_VALUE = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";
    private static final int MAX_TAGS = 50;
    private static final int MAX_POLICY_ARNS = 10;

    AssumeRoleInput {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        policyArns = List.copyOf(policyArns);
        tags = List.copyOf(tags);
        transitiveTagKeys = List.copyOf(transitiveTagKeys);
    }

    /** A session tag. */
    record Tag(String key, String value) {
    }

    /** The session duration to grant, in seconds. */
    int duration() {
        return durationSeconds == null ? DEFAULT_DURATION_SECONDS : durationSeconds;
    }

    /**
     * Reads and checks the members.
     *
     * @throws StsException {@code MalformedInput} when DurationSeconds is not an integer, or
     *                      {@code ValidationError} listing every constraint violated
     */
    static AssumeRoleInput parse(StsParameters params) {
        Integer duration = durationSeconds(params.get("DurationSeconds"));
        ValidationErrors errors = new ValidationErrors();
        String roleArn = required(params, "RoleArn", "roleArn", errors);
        errors.string("roleArn", roleArn, 20, 2048, ARN);
        String sessionName = required(params, "RoleSessionName", "roleSessionName", errors);
        errors.string("roleSessionName", sessionName, 2, 64, SESSION_NAME);

        List<String> policyArns = new ArrayList<>();
        params.structures("PolicyArns").forEach((n, item) -> {
            String arn = item.get("arn");
            errors.string("policyArns." + n + ".member.arn", arn, 20, 2048, ARN);
            policyArns.add(arn);
        });
        errors.listSize("policyArns", policyArns, 0, MAX_POLICY_ARNS);

        String policy = params.get("Policy");
        errors.string("policy", policy, 1, 2048, SESSION_POLICY);
        errors.range("durationSeconds", duration, 900, 43200);

        List<Tag> tags = tags(params, errors);
        List<String> transitive = new ArrayList<>();
        params.strings("TransitiveTagKeys").forEach((n, key) -> {
            errors.string("transitiveTagKeys." + n + ".member", key, 1, 128, TAG_KEY);
            transitive.add(key);
        });
        errors.listSize("transitiveTagKeys", transitive, 0, MAX_TAGS);

        String externalId = params.get("ExternalId");
        errors.string("externalId", externalId, 2, 1224, EXTERNAL_ID);
        String serialNumber = params.get("SerialNumber");
        errors.string("serialNumber", serialNumber, 9, 256, SERIAL_NUMBER);
        String tokenCode = params.get("TokenCode");
        errors.string("tokenCode", tokenCode, 6, 6, TOKEN_CODE);
        String sourceIdentity = params.get("SourceIdentity");
        errors.string("sourceIdentity", sourceIdentity, 2, 64, SESSION_NAME);
        providedContexts(params, errors);
        errors.throwIfAny();
        return new AssumeRoleInput(roleArn, sessionName, policyArns, policy, duration, tags, transitive, externalId,
                serialNumber, tokenCode, sourceIdentity);
    }

    /** Parses like STS: an optional sign and leading zeros are fine; anything not a 32-bit integer is MalformedInput. */
    private static Integer durationSeconds(String text) {
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            throw StsException.malformedInput("missing value for decimal type");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw StsException.malformedInput(null);
        }
    }

    private static String required(StsParameters params, String name, String member, ValidationErrors errors) {
        String value = params.get(name);
        if (value == null) {
            errors.missing(member);
        }
        return value;
    }

    private static List<Tag> tags(StsParameters params, ValidationErrors errors) {
        List<Tag> tags = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        params.structures("Tags").forEach((n, item) -> {
            String key = item.get("Key");
            String value = item.get("Value");
            String member = "tags." + n + ".member.";
            if (key == null) {
                errors.missing(member + "key");
            }
            if (value == null) {
                errors.missing(member + "value");
            }
            errors.string(member + "key", key, 1, 128, TAG_KEY);
            errors.string(member + "value", value, 0, 256, TAG_VALUE);
            tags.add(new Tag(key, value));
            rendered.add("{Key: " + key + ",Value: " + value + "}");
        });
        errors.listSize("tags", rendered, 0, MAX_TAGS);
        return tags;
    }

    private static void providedContexts(StsParameters params, ValidationErrors errors) {
        Map<Integer, Map<String, String>> contexts = params.structures("ProvidedContexts");
        List<String> rendered = new ArrayList<>();
        contexts.forEach((n, item) -> {
            String member = "providedContexts." + n + ".member.";
            errors.string(member + "providerArn", item.get("ProviderArn"), 20, 2048, ARN);
            errors.string(member + "contextAssertion", item.get("ContextAssertion"), 4, 2048, null);
            rendered.add("{ProviderArn: " + item.get("ProviderArn") + "}");
        });
        if (!contexts.isEmpty()) {
            errors.listSize("providedContexts", rendered, 1, 5);
        }
    }
}
