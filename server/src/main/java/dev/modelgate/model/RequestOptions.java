package dev.modelgate.model;

import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTrace;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Trace;

/**
 * What a model sends Bedrock beside its body: a guardrail, latency-optimized inference and a service tier. Validated
 * once with the model ({@link #compile}), applied to each request: as InvokeModel's headers
 * ({@code X-Amzn-Bedrock-GuardrailIdentifier}, {@code -GuardrailVersion}, {@code -Trace},
 * {@code -PerformanceConfig-Latency}, {@code -Service-Tier}) or as Converse's {@code guardrailConfig},
 * {@code performanceConfig} and {@code serviceTier}. A part left out is not sent: Bedrock's default applies.
 *
 * @param guardrail   the guardrail Bedrock applies to the input and the answer, or null
 * @param latency     the latency profile asked for, or null
 * @param serviceTier the service tier asked for, or null
 */
public record RequestOptions(Guardrail guardrail, Latency latency, ServiceTier serviceTier) {

    /** No option: Bedrock's defaults. */
    public static final RequestOptions NONE = new RequestOptions(null, null, null);

    /** A guardrail ID: 12 lowercase letters or digits, as Bedrock creates them. */
    static final Pattern GUARDRAIL_ID = Pattern.compile("[a-z0-9]{12}");
    /** A guardrail ARN, with Bedrock's own pattern for the partition and Region and a guardrail ID. */
    static final Pattern GUARDRAIL_ARN = Pattern.compile(
            "arn:(aws(?:-[^:]+)?):bedrock:([a-z0-9-]{1,20}):([0-9]{12}):guardrail/([a-z0-9]{12})");
    /** A guardrail version: {@code DRAFT} or a number from 1 to 99999999 (Bedrock's pattern). */
    static final Pattern GUARDRAIL_VERSION = Pattern.compile("DRAFT|[1-9][0-9]{0,7}");
    /** The longest value quoted back in a message. */
    private static final int MAX_IDENTIFIER_LENGTH = 2048;

    /**
     * A guardrail: an ID of the model's account and Region, or a guardrail ARN (of that Region).
     *
     * @param identifier the guardrail ID or ARN, as configured
     * @param version    {@code DRAFT} or a version number
     * @param trace      whether Bedrock adds its guardrail trace to the answer
     */
    public record Guardrail(String identifier, String version, boolean trace) {

        /** Whether the identifier is an ARN rather than an ID. */
        public boolean isArn() {
            return identifier.startsWith("arn:");
        }

        /**
         * The guardrail's ARN, which IAM authorizes {@code bedrock:ApplyGuardrail} on: the identifier when it is one,
         * else the ID in {@code region} of {@code accountId} (the account of the model's role).
         */
        public String arn(Region region, String accountId) {
            return isArn() ? identifier : "arn:" + region.partition().id() + ":bedrock:" + region.id() + ":"
                    + accountId + ":guardrail/" + identifier;
        }
    }

    /** {@code performanceConfigLatency}: Bedrock's standard latency, or latency-optimized inference. */
    public enum Latency {
        STANDARD, OPTIMIZED;

        /** As Bedrock and the API spell it: {@code standard}, {@code optimized}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code serviceTier}: how Bedrock schedules the request. */
    public enum ServiceTier {
        DEFAULT, PRIORITY, FLEX;

        /** As Bedrock and the API spell it: {@code default}, {@code priority}, {@code flex}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether any option is set. */
    public boolean isEmpty() {
        return guardrail == null && latency == null && serviceTier == null;
    }

    /**
     * Validates a draft's options for a model in {@code region} (null when the model's Region is itself invalid: the
     * ARN's Region is then not compared).
     *
     * @return {@link #NONE} when {@code draft} is null
     * @throws InvalidInputException listing every violation, fields under {@code options}:
     *                               {@code options.guardrail.identifier} ({@code required}, {@code guardrail-identifier},
     *                               {@code arn-partition-mismatch}, {@code arn-region-mismatch}),
     *                               {@code options.guardrail.version} ({@code required}, {@code guardrail-version}),
     *                               {@code options.latency} and {@code options.serviceTier} ({@code one-of})
     */
    public static RequestOptions compile(ModelDraft.Options draft, Region region) {
        if (draft == null) {
            return NONE;
        }
        List<Violation> violations = new ArrayList<>();
        Guardrail guardrail = draft.guardrail() == null ? null : guardrail(draft.guardrail(), region, violations);
        Latency latency = oneOf(Latency.class, "options.latency", draft.latency(), violations);
        ServiceTier tier = oneOf(ServiceTier.class, "options.serviceTier", draft.serviceTier(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        RequestOptions options = new RequestOptions(guardrail, latency, tier);
        return options.isEmpty() ? NONE : options;
    }

    private static Guardrail guardrail(ModelDraft.Guardrail draft, Region region, List<Violation> violations) {
        String identifier = draft.identifier();
        int before = violations.size();
        if (identifier == null || identifier.isEmpty()) {
            violations.add(Violation.of("options.guardrail.identifier", "required", "options.guardrail.identifier is "
                    + "required: the guardrail's ID (12 lowercase letters or digits) or its ARN"));
        } else if (identifier.startsWith("arn:")) {
            Matcher arn = GUARDRAIL_ARN.matcher(identifier);
            if (identifier.length() > MAX_IDENTIFIER_LENGTH || !arn.matches()) {
                violations.add(Violation.of("options.guardrail.identifier", "guardrail-identifier",
                        "options.guardrail.identifier must be a guardrail ARN like arn:aws:bedrock:<region>:"
                                + "<12 digits>:guardrail/<12 lowercase letters or digits>, got " + Quoted.of(identifier)));
            } else if (region != null && !arn.group(1).equals(region.partition().id())) {
                violations.add(Violation.of("options.guardrail.identifier", "arn-partition-mismatch",
                        "options.guardrail.identifier is a guardrail of partition " + arn.group(1) + ", but the "
                                + "model's Region " + region.id() + " is in partition " + region.partition().id()));
            } else if (region != null && !arn.group(2).equals(region.id())) {
                violations.add(Violation.of("options.guardrail.identifier", "arn-region-mismatch",
                        "options.guardrail.identifier is a guardrail of Region " + arn.group(2) + ", but Bedrock "
                                + "applies only guardrails of the model's Region " + region.id()));
            }
        } else if (!GUARDRAIL_ID.matcher(identifier).matches()) {
            violations.add(Violation.of("options.guardrail.identifier", "guardrail-identifier",
                    "options.guardrail.identifier must be a guardrail ID of 12 lowercase letters or digits (such as "
                            + "\"abcd1234wxyz\") or a guardrail ARN, got " + Quoted.of(identifier)));
        }
        String version = draft.version();
        if (version == null || version.isEmpty()) {
            violations.add(Violation.of("options.guardrail.version", "required", "options.guardrail.version is "
                    + "required with a guardrail: \"DRAFT\" or a version number such as \"1\""));
        } else if (!GUARDRAIL_VERSION.matcher(version).matches()) {
            violations.add(Violation.of("options.guardrail.version", "guardrail-version", "options.guardrail.version "
                    + "must be \"DRAFT\" or a version number from 1 to 99999999, got " + Quoted.of(version)));
        }
        return violations.size() > before ? null
                : new Guardrail(identifier, version, draft.trace() != null && draft.trace());
    }

    private static <E extends Enum<E>> E oneOf(Class<E> type, String field, String value, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        violations.add(Violation.of(field, "one-of", field + " must be one of " + java.util.Arrays.stream(
                type.getEnumConstants()).map(c -> "\"" + c.name().toLowerCase(Locale.ROOT) + "\"").toList()
                + ", got " + Quoted.of(value)));
        return null;
    }

    /** As the API shows them (null for {@link #NONE}). */
    public ModelDraft.Options toDraft() {
        if (isEmpty()) {
            return null;
        }
        return new ModelDraft.Options(guardrail == null ? null
                : new ModelDraft.Guardrail(guardrail.identifier(), guardrail.version(), guardrail.trace()),
                latency == null ? null : latency.wire(), serviceTier == null ? null : serviceTier.wire());
    }

    /** Sets the options on an InvokeModel request as its headers. */
    public InvokeModelRequest.Builder applyTo(InvokeModelRequest.Builder request) {
        if (guardrail != null) {
            request.guardrailIdentifier(guardrail.identifier()).guardrailVersion(guardrail.version())
                    .trace(guardrail.trace() ? Trace.ENABLED : Trace.DISABLED);
        }
        if (latency != null) {
            request.performanceConfigLatency(latency.wire());
        }
        if (serviceTier != null) {
            request.serviceTier(serviceTier.wire());
        }
        return request;
    }

    /** Sets the options on an InvokeModelWithResponseStream request as its headers. */
    public InvokeModelWithResponseStreamRequest.Builder applyTo(InvokeModelWithResponseStreamRequest.Builder request) {
        if (guardrail != null) {
            request.guardrailIdentifier(guardrail.identifier()).guardrailVersion(guardrail.version())
                    .trace(guardrail.trace() ? Trace.ENABLED : Trace.DISABLED);
        }
        if (latency != null) {
            request.performanceConfigLatency(latency.wire());
        }
        if (serviceTier != null) {
            request.serviceTier(serviceTier.wire());
        }
        return request;
    }

    /** Sets the options on a Converse request: {@code guardrailConfig}, {@code performanceConfig}, {@code serviceTier}. */
    public ConverseRequest.Builder applyTo(ConverseRequest.Builder request) {
        if (guardrail != null) {
            request.guardrailConfig(g -> g.guardrailIdentifier(guardrail.identifier())
                    .guardrailVersion(guardrail.version())
                    .trace(guardrail.trace() ? GuardrailTrace.ENABLED : GuardrailTrace.DISABLED));
        }
        if (latency != null) {
            request.performanceConfig(p -> p.latency(latency.wire()));
        }
        if (serviceTier != null) {
            request.serviceTier(t -> t.type(serviceTier.wire()));
        }
        return request;
    }

    /** Sets the options on a ConverseStream request: {@code guardrailConfig}, {@code performanceConfig}, {@code serviceTier}. */
    public ConverseStreamRequest.Builder applyTo(ConverseStreamRequest.Builder request) {
        if (guardrail != null) {
            request.guardrailConfig(g -> g.guardrailIdentifier(guardrail.identifier())
                    .guardrailVersion(guardrail.version())
                    .trace(guardrail.trace() ? GuardrailTrace.ENABLED : GuardrailTrace.DISABLED));
        }
        if (latency != null) {
            request.performanceConfig(p -> p.latency(latency.wire()));
        }
        if (serviceTier != null) {
            request.serviceTier(t -> t.type(serviceTier.wire()));
        }
        return request;
    }
}
