package dev.modelgate.model;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * An external model's configuration as a client sends it: every value raw, to be validated as a whole by
 * {@link ModelConfiguration#compile}. Field names are the API's; violations name them.
 *
 * @param inferenceEnabled null means "leave as is" on update and "enabled" on create
 * @param timeouts         null (or a null part) means the default of {@link ModelTimeouts#DEFAULT}
 * @param api              {@code INVOKE_MODEL} (null means that too) or {@code CONVERSE} ({@link ModelApi})
 * @param converse         a Converse model's defaults as JSON ({@code system}, {@code inferenceConfig},
 *                         {@code additionalModelRequestFields}, {@code toolConfig}); null for none
 */
public record ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn,
                         String stsEndpoint, String region, String modelReference, List<Variable> variables,
                         String requestTemplate, Mapping outputMapping, Timeouts timeouts, String api,
                         JsonNode converse) {

    /** A template model's draft (api and Converse defaults absent). */
    public ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn, String stsEndpoint,
                      String region, String modelReference, List<Variable> variables, String requestTemplate,
                      Mapping outputMapping, Timeouts timeouts) {
        this(name, description, inferenceEnabled, roleArn, stsEndpoint, region, modelReference, variables,
                requestTemplate, outputMapping, timeouts, null, null);
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

    /** JSONPaths into the model's response; token paths and extras are optional. */
    public record Mapping(String text, String inputTokens, String outputTokens, Map<String, String> extras) {
    }
}
