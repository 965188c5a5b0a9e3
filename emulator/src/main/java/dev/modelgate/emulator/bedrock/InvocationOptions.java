package dev.modelgate.emulator.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a runtime request asks beyond its body: a guardrail, latency-optimized inference and a service tier.
 * InvokeModel and InvokeModelWithResponseStream carry them in headers ({@code X-Amzn-Bedrock-GuardrailIdentifier},
 * {@code X-Amzn-Bedrock-GuardrailVersion}, {@code X-Amzn-Bedrock-Trace},
 * {@code X-Amzn-Bedrock-PerformanceConfig-Latency}, {@code X-Amzn-Bedrock-Service-Tier}); Converse and ConverseStream
 * in the body ({@code guardrailConfig}, {@code performanceConfig}, {@code serviceTier}). Values are checked against the
 * service model's patterns and enums with AWS's constraint wording.
 *
 * @param guardrail   the guardrail asked for, or null for none
 * @param latency     {@code standard} or {@code optimized}, or null when the request did not say
 * @param serviceTier {@code default}, {@code priority}, {@code flex} or {@code reserved}, or null when not said
 */
public record InvocationOptions(GuardrailRequest guardrail, String latency, String serviceTier) {

    /** No guardrail, no latency or tier asked for. */
    public static final InvocationOptions NONE = new InvocationOptions(null, null, null);

    static final String IDENTIFIER_PATTERN =
            "(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))";
    static final String VERSION_PATTERN = "(|([1-9][0-9]{0,7})|(DRAFT))";
    private static final List<String> LATENCIES = List.of("standard", "optimized");
    private static final List<String> TIERS = List.of("priority", "default", "flex", "reserved");
    private static final List<String> HEADER_TRACES = List.of("ENABLED", "DISABLED", "ENABLED_FULL");
    private static final List<String> BODY_TRACES = List.of("enabled", "disabled", "enabled_full");
    private static final Set<String> GUARDRAIL_CONFIG = Set.of("guardrailIdentifier", "guardrailVersion", "trace");
    private static final Set<String> GUARDRAIL_STREAM_CONFIG = Set.of("guardrailIdentifier", "guardrailVersion",
            "trace", "streamProcessingMode");

    /**
     * A guardrail a request names.
     *
     * @param identifier a guardrail id or ARN, as sent
     * @param version    {@code DRAFT} or a number, as sent
     * @param trace      whether the answer carries the guardrail's trace ({@code ENABLED} / {@code ENABLED_FULL})
     */
    public record GuardrailRequest(String identifier, String version, boolean trace) {
    }

    /**
     * Reads the InvokeModel / InvokeModelWithResponseStream headers.
     *
     * @param header the request's header by name (case-insensitive), null when absent
     * @throws BedrockException ValidationException for a value outside the service model's pattern or enum, or a
     *                          guardrail identifier without a version
     */
    public static InvocationOptions fromHeaders(UnaryOperator<String> header) {
        String identifier = header.apply("X-Amzn-Bedrock-GuardrailIdentifier");
        String version = header.apply("X-Amzn-Bedrock-GuardrailVersion");
        String trace = header.apply("X-Amzn-Bedrock-Trace");
        String latency = header.apply("X-Amzn-Bedrock-PerformanceConfig-Latency");
        String tier = header.apply("X-Amzn-Bedrock-Service-Tier");
        ConstraintViolations constraints = new ConstraintViolations();
        constraints.checkEnum(trace, "trace", HEADER_TRACES);
        constraints.checkLength(identifier, "guardrailIdentifier", 0, 2048);
        constraints.checkPattern(identifier, "guardrailIdentifier", IDENTIFIER_PATTERN);
        constraints.checkPattern(version, "guardrailVersion", VERSION_PATTERN);
        constraints.checkEnum(latency, "performanceConfigLatency", LATENCIES);
        constraints.checkEnum(tier, "serviceTier", TIERS);
        constraints.throwIfAny();
        boolean traced = "ENABLED".equals(trace) || "ENABLED_FULL".equals(trace);
        return new InvocationOptions(guardrail(identifier, version, traced), latency, tier);
    }

    /**
     * Reads {@code guardrailConfig}, {@code performanceConfig} and {@code serviceTier} of a Converse (or, with
     * {@code stream}, ConverseStream) body that {@link ModelFamily#parseConverse} accepted.
     *
     * @throws BedrockException ValidationException for a member of the wrong type, an unknown member, a value
     *                          outside its pattern or enum, a missing {@code serviceTier.type}, or a guardrail
     *                          identifier without a version
     */
    public static InvocationOptions fromConverse(JsonNode body, boolean stream) {
        ConstraintViolations constraints = new ConstraintViolations();
        GuardrailRequest guardrail = null;
        JsonNode config = body.get("guardrailConfig");
        if (config != null && !config.isNull()) {
            ConverseRequestParser.requireKind(config, config.isObject(), "guardrailConfig", "a json object");
            ConverseRequestParser.requireKnown(config, stream ? GUARDRAIL_STREAM_CONFIG : GUARDRAIL_CONFIG,
                    "guardrailConfig");
            String identifier = string(config, "guardrailIdentifier", "guardrailConfig");
            String version = string(config, "guardrailVersion", "guardrailConfig");
            String trace = string(config, "trace", "guardrailConfig");
            String mode = string(config, "streamProcessingMode", "guardrailConfig");
            constraints.checkLength(identifier, "guardrailConfig.guardrailIdentifier", 0, 2048);
            constraints.checkPattern(identifier, "guardrailConfig.guardrailIdentifier", IDENTIFIER_PATTERN);
            constraints.checkPattern(version, "guardrailConfig.guardrailVersion", VERSION_PATTERN);
            constraints.checkEnum(trace, "guardrailConfig.trace", BODY_TRACES);
            constraints.checkEnum(mode, "guardrailConfig.streamProcessingMode", List.of("sync", "async"));
            constraints.throwIfAny();
            guardrail = guardrail(identifier, version, "enabled".equals(trace) || "enabled_full".equals(trace));
        }
        String latency = null;
        JsonNode performance = body.get("performanceConfig");
        if (performance != null && !performance.isNull()) {
            ConverseRequestParser.requireKind(performance, performance.isObject(), "performanceConfig",
                    "a json object");
            ConverseRequestParser.requireKnown(performance, Set.of("latency"), "performanceConfig");
            latency = string(performance, "latency", "performanceConfig");
            constraints.checkEnum(latency, "performanceConfig.latency", LATENCIES);
        }
        String tier = null;
        JsonNode serviceTier = body.get("serviceTier");
        if (serviceTier != null && !serviceTier.isNull()) {
            ConverseRequestParser.requireKind(serviceTier, serviceTier.isObject(), "serviceTier", "a json object");
            ConverseRequestParser.requireKnown(serviceTier, Set.of("type"), "serviceTier");
            tier = string(serviceTier, "type", "serviceTier");
            if (tier == null) {
                constraints.missing("serviceTier.type");
            }
            constraints.checkEnum(tier, "serviceTier.type", TIERS);
        }
        constraints.throwIfAny();
        return new InvocationOptions(guardrail, latency, tier);
    }

    private static String string(JsonNode parent, String member, String at) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        ConverseRequestParser.requireKind(value, value.isString(), at + "." + member, "a string");
        return value.stringValue();
    }

    private static GuardrailRequest guardrail(String identifier, String version, boolean trace) {
        if (identifier == null || identifier.isEmpty()) {
            return null;
        }
        if (version == null || version.isEmpty()) {
            // AWS documents this refusal; its wording is not known (emulator wording).
            throw BedrockException.validation("Guardrail version is required when a guardrail identifier is"
                    + " provided. Specify guardrailVersion and try again.");
        }
        return new GuardrailRequest(identifier, version, trace);
    }

    /**
     * Refuses what the model does not serve: latency-optimized inference on a model the catalogue does not mark
     * {@code latencyOptimized}, a service tier outside the model's {@code serviceTiers}. {@code standard} latency and
     * the {@code default} tier are always accepted.
     *
     * @throws BedrockException ValidationException (emulator wording: AWS's text for these cases is not known)
     */
    public void requireSupportedBy(FoundationModel model) {
        if ("optimized".equals(latency) && !model.latencyOptimized()) {
            throw BedrockException.validation("The model " + model.modelId() + " does not support latency-optimized"
                    + " inference. Set the performance configuration latency to standard and try again.");
        }
        if (serviceTier != null && !model.serviceTiers().contains(serviceTier)) {
            throw BedrockException.validation("The model " + model.modelId() + " does not support the " + serviceTier
                    + " service tier. Use one of " + model.serviceTiers() + " and try again.");
        }
    }

    /**
     * Whether a guardrail would intervene on this request body: it contains the trigger word
     * ({@code BLOCKME}, any case).
     */
    public static boolean triggers(byte[] body, String trigger) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.toLowerCase(Locale.ROOT).contains(trigger.toLowerCase(Locale.ROOT));
    }

    /** {@code {"latency": …}} for Converse answers, or null when the request did not ask. */
    ObjectNode performanceConfigJson() {
        return latency == null ? null : FamilySupport.object().put("latency", latency);
    }

    /** {@code {"type": …}} for Converse answers, or null when the request did not ask. */
    ObjectNode serviceTierJson() {
        return serviceTier == null ? null : FamilySupport.object().put("type", serviceTier);
    }
}
