package dev.modelgate.bench;

import dev.modelgate.mapping.OutputMapping;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.preset.Preset;
import dev.modelgate.preset.Presets;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model families the template and mapping benchmarks measure, each with its built-in preset (read from the
 * server's {@code presets.yaml}, so the benchmarks follow the presets as they change) and a realistic InvokeModel
 * response body (the shapes of {@code PROTOCOL.md} §5.1 and §5.2, with an answer as long as its output token count).
 */
public enum Family {

    /** Anthropic Claude, Messages API: {@code $.content[0].text}, {@code $.usage.input_tokens}, ... */
    CLAUDE("ANTHROPIC_CLAUDE") {
        @Override
        String response() {
            return "{\"id\":\"msg_bdrk_019V7ABaw8ZZZYuRDSTWK7VE\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-3-haiku-20240307\","
                    + "\"content\":[{\"type\":\"text\",\"text\":" + Prompts.jsonString(ANSWER) + "}],"
                    + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":" + INPUT_TOKENS + ",\"cache_creation_input_tokens\":0,"
                    + "\"cache_read_input_tokens\":0,\"output_tokens\":" + OUTPUT_TOKENS + "}}";
        }
    },

    /** Amazon Nova, Invoke API: {@code $.output.message.content[0].text}, {@code $.usage.inputTokens}, ... */
    NOVA("AMAZON_NOVA") {
        @Override
        String response() {
            return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
                    + Prompts.jsonString(ANSWER) + "}]}},"
                    + "\"stopReason\":\"end_turn\","
                    + "\"usage\":{\"inputTokens\":" + INPUT_TOKENS + ",\"outputTokens\":" + OUTPUT_TOKENS
                    + ",\"totalTokens\":" + (INPUT_TOKENS + OUTPUT_TOKENS)
                    + ",\"cacheReadInputTokenCount\":0,\"cacheWriteInputTokenCount\":0}}";
        }
    };

    /** The token counts every response reports. */
    static final long INPUT_TOKENS = 312;
    static final long OUTPUT_TOKENS = 231;

    /**
     * The model's answer in every response: about 0.9 KB of Markdown (roughly {@link #OUTPUT_TOKENS} tokens) with
     * newlines, quotes, a code span and a few non-ASCII characters, as a chat answer has.
     */
    static final String ANSWER = """
            Here is what the incident report says, in short:

            1. **Cause**: the nightly export job ran with `--since "yesterday"`, which the parser read as a literal \
            file name, so the "Export CSV" button produced an empty file for 3 days.
            2. **Impact**: 1 284 customers in the EU region (€ amounts were affected, USD were not); no data was lost.
            3. **Fix**: the job now passes an ISO-8601 date (`2024-05-17T00:00:00Z`), and a test covers the \
            "naïve" date format that broke it.

            What remains open:
            - Re-sending the missing exports to the customers who asked (ticket #4821 lists them).
            - Adding an alert when an export is under 1 KB, so an empty file is noticed within the hour, \
            not after three days.

            If you want, I can draft the customer e-mail — something like: "We're sorry: between May 14 and \
            May 17 your exports were empty. They have been regenerated and are attached." — or summarize the \
            timeline for the post-mortem. 🙂
            """;

    private final String presetFamily;

    Family(String presetFamily) {
        this.presetFamily = presetFamily;
    }

    /** A realistic InvokeModel response body of this family, as JSON text. */
    abstract String response();

    /** {@link #response()} in UTF-8, as it comes off the wire. */
    byte[] responseBytes() {
        return response().getBytes(StandardCharsets.UTF_8);
    }

    /** This family's built-in preset. */
    Preset preset() {
        return Presets.builtIn().forFamily(presetFamily)
                .orElseThrow(() -> new IllegalStateException("no built-in preset for family " + presetFamily));
    }

    /** The preset's variables, built as the server builds them from a model draft. */
    List<PromptVariable> variables() {
        return PromptVariable.createAll(preset().variables(), Family::variable);
    }

    /** The preset's request template, compiled. */
    RequestTemplate template() {
        return RequestTemplate.compile(preset().template(), variables());
    }

    /** The preset's output mapping, compiled. */
    OutputMapping mapping() {
        ModelDraft.Mapping m = preset().outputMapping();
        Map<String, String> extras = m.extras() == null ? Map.of() : m.extras();
        return OutputMapping.compile(m.text(), m.inputTokens(), m.outputTokens(), extras);
    }

    /** As the server reads a draft's variable: a missing {@code required} means required, a JSON null means none. */
    private static PromptVariable variable(ModelDraft.Variable v) {
        return new PromptVariable(v.name(), VariableType.valueOf(v.type().toUpperCase(Locale.ROOT)),
                v.required() == null || v.required(), absentIfNull(v.defaultValue()), absentIfNull(v.testValue()),
                v.description());
    }

    private static tools.jackson.databind.JsonNode absentIfNull(tools.jackson.databind.JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }
}
