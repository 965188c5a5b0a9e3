package dev.modelgate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * An external model's configuration as a client sends it: every value raw, to be validated as a whole by
 * {@link ModelConfiguration#compile}. Field names are the API's; violations name them.
 *
 * @param inferenceEnabled null means "leave as is" on update and "enabled" on create
 * @param timeouts         null (or a null part) means the default of {@link ModelTimeouts#DEFAULT}
 * @param options          what Bedrock gets beside the body (guardrail, latency, service tier); null means none
 * @param api              {@code INVOKE_MODEL} (null means that too) or {@code CONVERSE} ({@link ModelApi})
 * @param converse         a Converse model's defaults as JSON ({@code system}, {@code inferenceConfig},
 *                         {@code additionalModelRequestFields}, {@code toolConfig}); null for none
 */
public record ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn,
                         String stsEndpoint, String region, String modelReference, List<Variable> variables,
                         String requestTemplate, Mapping outputMapping, Timeouts timeouts,
                         Options options, String api, JsonNode converse) {

    /** A template model's draft (api and Converse defaults absent). */
    public ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn, String stsEndpoint,
                      String region, String modelReference, List<Variable> variables, String requestTemplate,
                      Mapping outputMapping, Timeouts timeouts, Options options) {
        this(name, description, inferenceEnabled, roleArn, stsEndpoint, region, modelReference, variables,
                requestTemplate, outputMapping, timeouts, options, null, null);
    }

    /** The same draft without request options. */
    public ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn, String stsEndpoint,
                      String region, String modelReference, List<Variable> variables, String requestTemplate,
                      Mapping outputMapping, Timeouts timeouts) {
        this(name, description, inferenceEnabled, roleArn, stsEndpoint, region, modelReference, variables,
                requestTemplate, outputMapping, timeouts, null, null, null);
    }

    /** The same draft without timeouts (the defaults apply). */
    public ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn, String stsEndpoint,
                      String region, String modelReference, List<Variable> variables, String requestTemplate,
                      Mapping outputMapping) {
        this(name, description, inferenceEnabled, roleArn, stsEndpoint, region, modelReference, variables,
                requestTemplate, outputMapping, null);
    }

    /** Milliseconds to connect to Bedrock and for the whole invocation (retries included). */
    public record Timeouts(Long connectMillis, Long totalMillis) {
    }

    /** A prompt variable as sent; {@code type} is one of STRING, NUMBER, INTEGER, BOOLEAN, JSON. */
    public record Variable(String name, String type, Boolean required, JsonNode defaultValue, JsonNode testValue,
                           String description) {
    }

    /**
     * JSONPaths into the model's response; token paths and extras are optional.
     *
     * @param stream how a streamed answer's chunks map, or null when the model is not streamed
     */
    public record Mapping(String text, String inputTokens, String outputTokens, Map<String, String> extras,
                          @JsonInclude(JsonInclude.Include.NON_NULL) StreamMapping stream) {

        /** A mapping without a stream part. */
        public Mapping(String text, String inputTokens, String outputTokens, Map<String, String> extras) {
            this(text, inputTokens, outputTokens, extras, null);
        }
    }

    /**
     * JSONPaths into each decoded chunk of a streamed answer ({@code InvokeModelWithResponseStream}): {@code text}
     * the chunk's text delta (required), the token paths optional (read from whichever chunk has them, the last
     * match wins).
     */
    public record StreamMapping(String text, String inputTokens, String outputTokens) {
    }

    /**
     * Bedrock request options a body cannot carry ({@link RequestOptions}); each part optional.
     *
     * @param latency     {@code standard} or {@code optimized}
     * @param serviceTier {@code default}, {@code priority} or {@code flex}
     */
    public record Options(Guardrail guardrail, String latency, String serviceTier) {
    }

    /** A guardrail: its ID or ARN, its version ({@code DRAFT} or a number) and whether to trace (default false). */
    public record Guardrail(String identifier, String version, Boolean trace) {
    }
}
