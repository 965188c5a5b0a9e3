package dev.modelgate.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mappings tenants will write for each Bedrock model family, on that family's InvokeModel response. */
class OutputMappingFamiliesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String CLAUDE = """
            {"id": "msg_bdrk_019V7ABaw8ZZZYuRDSTWK7VE", "type": "message", "role": "assistant",
             "model": "claude-3-haiku-20240307",
             "content": [{"type": "text", "text": "A hello world program "},
                         {"type": "text", "text": "checks that a toolchain works."}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 30, "output_tokens": 265}}""";

    static final String NOVA = """
            {"output": {"message": {"role": "assistant", "content": [{"text": "Machine learning is ..."}]}},
             "stopReason": "end_turn",
             "usage": {"inputTokens": 4, "outputTokens": 38, "totalTokens": 42}}""";

    static final String TITAN = """
            {"inputTextTokenCount": 14,
             "results": [{"tokenCount": 9, "outputText": "\\nHello from Titan.\\n", "completionReason": "FINISHED"}]}""";

    static final String LLAMA = """
            {"generation": "\\n\\nHello from Llama.", "prompt_token_count": 21, "generation_token_count": 7,
             "stop_reason": "stop"}""";

    static final String MISTRAL = """
            {"outputs": [{"text": " Hello from Mistral.", "stop_reason": "stop"}]}""";

    static final String COHERE = """
            {"response_id": "7a4c", "text": "Hello from Command R.", "generation_id": "2d1f",
             "chat_history": [{"role": "USER", "message": "Hi"}, {"role": "CHATBOT", "message": "Hello from Command R."}],
             "finish_reason": "COMPLETE"}""";

    static final String JAMBA = """
            {"id": "chatcmpl-5b", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from Jamba."},
             "finish_reason": "stop"}], "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}}""";

    static final String DEEPSEEK = """
            {"choices": [{"text": "<think>greet</think>Hello from DeepSeek.", "stop_reason": "stop"}]}""";

    @Test
    void claude_firstContentBlockAndUsage() {
        MappedOutput out = OutputMapping.compile("$.content[0].text", "$.usage.input_tokens", "$.usage.output_tokens",
                Map.of("stopReason", "$.stop_reason")).apply(json(CLAUDE));

        assertThat(out.text()).isEqualTo("A hello world program ");
        assertThat(out.inputTokens()).isEqualTo(30L);
        assertThat(out.outputTokens()).isEqualTo(265L);
        assertThat(out.extras()).containsExactly(Map.entry("stopReason", JSON.getNodeFactory().stringNode("end_turn")));
    }

    @Test
    void claude_allTextBlocks_areConcatenatedInOrder() {
        MappedOutput out = OutputMapping.compile("$.content[?@.type == 'text'].text", null, null, null).apply(json(CLAUDE));

        assertThat(out.text()).isEqualTo("A hello world program checks that a toolchain works.");
        assertThat(out.inputTokens()).isNull();
        assertThat(out.outputTokens()).isNull();
        assertThat(out.extras()).isEmpty();
    }

    @Test
    void nova_outputMessageAndCamelCaseUsage() {
        MappedOutput out = OutputMapping.compile("$.output.message.content[0].text", "$.usage.inputTokens",
                "$.usage.outputTokens", null).apply(json(NOVA));

        assertThat(out).isEqualTo(new MappedOutput("Machine learning is ...", 4L, 38L, Map.of()));
    }

    @Test
    void titan_topLevelInputCountAndPerResultOutputCount() {
        MappedOutput out = OutputMapping.compile("$.results[0].outputText", "$.inputTextTokenCount",
                "$.results[0].tokenCount", Map.of("completionReason", "$.results[0].completionReason")).apply(json(TITAN));

        assertThat(out.text()).isEqualTo("\nHello from Titan.\n");
        assertThat(out.inputTokens()).isEqualTo(14L);
        assertThat(out.outputTokens()).isEqualTo(9L);
        assertThat(out.extras().get("completionReason").stringValue()).isEqualTo("FINISHED");
    }

    @Test
    void llama_generationAndCounts() {
        MappedOutput out = OutputMapping.compile("$.generation", "$.prompt_token_count", "$.generation_token_count", null)
                .apply(json(LLAMA));

        assertThat(out).isEqualTo(new MappedOutput("\n\nHello from Llama.", 21L, 7L, Map.of()));
    }

    @Test
    void mistral_firstOutput_withoutTokenCounts() {
        MappedOutput out = OutputMapping.compile("$.outputs[0].text", null, null, Map.of("stop", "$.outputs[0].stop_reason"))
                .apply(json(MISTRAL));

        assertThat(out.text()).isEqualTo(" Hello from Mistral.");
        assertThat(out.extras().get("stop").stringValue()).isEqualTo("stop");
    }

    @Test
    void cohere_topLevelText() {
        MappedOutput out = OutputMapping.compile("$.text", "", " ", Map.of("finish_reason", "$.finish_reason")).apply(json(COHERE));

        assertThat(out.text()).isEqualTo("Hello from Command R.");
        assertThat(out.inputTokens()).isNull();
        assertThat(out.extras().get("finish_reason").stringValue()).isEqualTo("COMPLETE");
    }

    @Test
    void jamba_chatCompletionShape() {
        MappedOutput out = OutputMapping.compile("$.choices[0].message.content", "$.usage.prompt_tokens",
                "$.usage.completion_tokens", null).apply(json(JAMBA));

        assertThat(out).isEqualTo(new MappedOutput("Hello from Jamba.", 12L, 5L, Map.of()));
    }

    @Test
    void deepSeek_firstChoiceText() {
        MappedOutput out = OutputMapping.compile("$.choices[0].text", null, null, null).apply(json(DEEPSEEK));

        assertThat(out.text()).isEqualTo("<think>greet</think>Hello from DeepSeek.");
    }

    @Test
    void extras_keepTheirOrder_andNonSingularOnesAreArrays() {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("usage", "$.usage");
        extras.put("blockTypes", "$.content[*].type");
        extras.put("toolCalls", "$.content[?@.type == 'tool_use']");

        MappedOutput out = OutputMapping.compile("$.content[0].text", null, null, extras).apply(json(CLAUDE));

        assertThat(out.extras().keySet()).containsExactly("usage", "blockTypes", "toolCalls");
        assertThat(out.extras().get("usage")).isEqualTo(json("{\"input_tokens\": 30, \"output_tokens\": 265}"));
        assertThat(out.extras().get("blockTypes")).isEqualTo(json("[\"text\", \"text\"]"));
        assertThat(out.extras().get("toolCalls")).isEqualTo(json("[]"));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
