package dev.modelgate.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.jdk.StringDeserializer;

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
 * @param chat             a template model's chat rule ({@link ChatRule}): which variables an OpenAI-style chat fills;
 *                         null means the default rule ({@link ChatRule#defaults})
 */
public record ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn,
                         String stsEndpoint, String region, String modelReference, List<Variable> variables,
                         String requestTemplate, Mapping outputMapping, Timeouts timeouts,
                         Options options, String api, JsonNode converse, Chat chat) {

    /** A draft without a declared chat rule (a template model then takes the default rule). */
    public ModelDraft(String name, String description, Boolean inferenceEnabled, String roleArn, String stsEndpoint,
                      String region, String modelReference, List<Variable> variables, String requestTemplate,
                      Mapping outputMapping, Timeouts timeouts, Options options, String api, JsonNode converse) {
        this(name, description, inferenceEnabled, roleArn, stsEndpoint, region, modelReference, variables,
                requestTemplate, outputMapping, timeouts, options, api, converse, null);
    }

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

    /**
     * A template model's declared chat rule, as sent: each member names the variable that receives that part of the
     * chat ({@link ChatRule} says which part each is). A member left out (null here) takes its default; a member sent
     * as JSON {@code null} ({@link #NONE} here) takes none.
     */
    public record Chat(@JsonDeserialize(using = NullIsNone.class) String prompt,
                       @JsonDeserialize(using = NullIsNone.class) String system,
                       @JsonDeserialize(using = NullIsNone.class) String messages,
                       @JsonDeserialize(using = NullIsNone.class) String tools,
                       @JsonDeserialize(using = NullIsNone.class) String maxTokens,
                       @JsonDeserialize(using = NullIsNone.class) String temperature,
                       @JsonDeserialize(using = NullIsNone.class) String topP,
                       @JsonDeserialize(using = NullIsNone.class) String stop) {

        /** A member's value for "no variable": JSON {@code null}. No variable has an empty name. */
        public static final String NONE = "";

        /** The members, in this order, as the API names them. */
        public static final List<String> MEMBERS = List.of("prompt", "system", "messages", "tools", "maxTokens",
                "temperature", "topP", "stop");

        /** Read member by member, like every other part of a draft ({@link #json()} is only how it is written). */
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Chat {
        }

        /** The member named {@code member} of {@link #MEMBERS}. */
        public String member(String member) {
            return switch (member) {
                case "prompt" -> prompt;
                case "system" -> system;
                case "messages" -> messages;
                case "tools" -> tools;
                case "maxTokens" -> maxTokens;
                case "temperature" -> temperature;
                case "topP" -> topP;
                case "stop" -> stop;
                default -> throw new IllegalArgumentException("no chat member " + member);
            };
        }

        /** As the API shows it: members left out stay out, {@link #NONE} is JSON null. */
        @JsonValue
        Map<String, String> json() {
            Map<String, String> json = new java.util.LinkedHashMap<>();
            for (String member : MEMBERS) {
                String value = member(member);
                if (value != null) {
                    json.put(member, value.equals(NONE) ? null : value);
                }
            }
            return json;
        }
    }

    /** Reads a chat member: a JSON null is {@link Chat#NONE}, a member left out stays null (its default). */
    static final class NullIsNone extends StringDeserializer {

        @Override
        public Object getNullValue(DeserializationContext context) {
            return Chat.NONE;
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }

    /** A guardrail: its ID or ARN, its version ({@code DRAFT} or a number) and whether to trace (default false). */
    public record Guardrail(String identifier, String version, Boolean trace) {
    }
}
