package dev.modelgate.openai;

import static dev.modelgate.openai.ChatRequestTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.openai.ChatCompletions.ToolCall;
import dev.modelgate.openai.ChatCompletions.Usage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chat.completion object in OpenAI's exact shape, IDs, and the finish reason of each Bedrock stop reason. */
class ChatCompletionsTest {

    /** JSON text as it goes on the wire: compact, members in the order written. */
    static String wire(String json) {
        return JSON.readTree(json).toString();
    }

    @Test
    void completion_ofText_withUsage() {
        assertThat(ChatCompletions.completion("chatcmpl-1", 1_700_000_000L, "m", "Hello!", List.of(), "stop",
                new Usage(12L, 3L, 4L)).toString()).isEqualTo(wire("""
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!", "refusal": null},
                              "logprobs": null, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15,
                           "prompt_tokens_details": {"cached_tokens": 4}}}"""));
    }

    @Test
    void completion_ofToolCallsAlone_hasNullContent_andNoUsageWhenNoCountIsKnown() {
        assertThat(ChatCompletions.completion("chatcmpl-2", 5L, "m", "", List.of(
                        new ToolCall("tooluse_1", "weather", "{\"city\":\"Oslo\"}"),
                        ToolCall.of("tooluse_2", "time", JSON.readTree("{\"zone\": \"UTC\", \"n\": [1, 2.5]}"))),
                "tool_calls", new Usage(null, null, 7L)).toString()).isEqualTo(wire("""
                {"id": "chatcmpl-2", "object": "chat.completion", "created": 5, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "refusal": null,
                   "tool_calls": [
                     {"id": "tooluse_1", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}},
                     {"id": "tooluse_2", "type": "function", "function": {"name": "time", "arguments": "{\\"zone\\":\\"UTC\\",\\"n\\":[1,2.5]}"}}]},
                   "logprobs": null, "finish_reason": "tool_calls"}]}"""));
    }

    @Test
    void completion_ofTextAndToolCalls_keepsBoth_andZeroesAnUnknownCount() {
        assertThat(ChatCompletions.completion("c", 1L, "m", "Checking.", List.of(new ToolCall("t", "f", "{}")),
                "tool_calls", new Usage(9L, null, null)).toString()).isEqualTo(wire("""
                {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Checking.", "refusal": null,
                   "tool_calls": [{"id": "t", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                   "logprobs": null, "finish_reason": "tool_calls"}],
                 "usage": {"prompt_tokens": 9, "completion_tokens": 0, "total_tokens": 9,
                           "prompt_tokens_details": {"cached_tokens": 0}}}"""));
        assertThat(ChatCompletions.completion("c", 1L, "m", null, null, "stop", null).get("choices").get(0)
                .get("message")).isEqualTo(JSON.readTree("{\"role\": \"assistant\", \"content\": \"\", \"refusal\": null}"));
    }

    @Test
    void answer_ofAConverseMessage_textJoinedAndToolCallsInOrder() {
        ChatCompletions.Answer answer = ChatCompletions.answer(JSON.readTree("""
                {"role": "assistant", "content": [{"text": "Let me "}, {"text": "check."},
                  {"toolUse": {"toolUseId": "tooluse_1", "name": "weather", "input": {"city": "Oslo"}}},
                  {"toolUse": {"toolUseId": "tooluse_2", "name": "time", "input": {}}}]}"""), null);

        assertThat(answer).isEqualTo(new ChatCompletions.Answer("Let me check.", List.of(
                new ToolCall("tooluse_1", "weather", "{\"city\":\"Oslo\"}"), new ToolCall("tooluse_2", "time", "{}"))));
    }

    @Test
    void answer_ofAStructuredOutput_isTheToolInputAsText() {
        assertThat(ChatCompletions.answer(JSON.readTree("""
                {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t", "name": "person",
                  "input": {"name": "Ann", "age": 7}}}]}"""), "person"))
                .isEqualTo(new ChatCompletions.Answer("{\"name\":\"Ann\",\"age\":7}", List.of()));
        assertThat(ChatCompletions.answer(JSON.readTree("{\"role\": \"assistant\", \"content\": []}"), null))
                .isEqualTo(new ChatCompletions.Answer("", List.of()));
    }

    @Test
    void toolCallOf_aMissingInput_isAnEmptyObject() {
        assertThat(ToolCall.of("t", "f", null)).isEqualTo(new ToolCall("t", "f", "{}"));
    }

    @Test
    void usageOfConverse_countsCachedTokensAsPromptTokens() {
        assertThat(Usage.converse(10L, 5L, 100L, 20L)).isEqualTo(new Usage(130L, 5L, 100L));
        assertThat(Usage.converse(10L, 5L, null, null)).isEqualTo(new Usage(10L, 5L, null));
        assertThat(Usage.converse(null, null, null, null).known()).isFalse();
    }

    @Test
    void finishReason_ofEachStopReason() {
        record Case(String stopReason, String finishReason) {
        }
        List<Case> table = List.of(
                new Case("end_turn", "stop"), new Case("stop_sequence", "stop"), new Case("max_tokens", "length"),
                new Case("tool_use", "tool_calls"), new Case("guardrail_intervened", "content_filter"),
                new Case("content_filtered", "content_filter"), new Case("model_context_window_exceeded", "length"),
                new Case("refusal", "content_filter"), new Case("stop", "stop"), new Case("length", "length"),
                new Case("FINISHED", "stop"), new Case("LENGTH", "length"), new Case("STOP_CRITERIA_MET", "stop"),
                new Case("CONTENT_FILTERED", "content_filter"), new Case("COMPLETE", "stop"),
                new Case("MAX_TOKENS", "length"), new Case("ERROR_TOXIC", "content_filter"),
                new Case("ERROR_LIMIT", "length"), new Case("FINISH", "stop"), new Case("SAFETY", "content_filter"),
                new Case("tool_calls", "tool_calls"), new Case("something_new", "stop"), new Case(null, "stop"));
        for (Case c : table) {
            assertThat(ChatCompletions.finishReason(c.stopReason())).as(c.stopReason()).isEqualTo(c.finishReason());
        }
    }

    @Test
    void stopReason_ofATemplateModel_isTheFirstStringAmongThePresetsExtras() {
        assertThat(ChatCompletions.stopReason(Map.of("stopReason", JSON.readTree("\"end_turn\""))))
                .isEqualTo("end_turn");
        assertThat(ChatCompletions.stopReason(Map.of("finishReason", JSON.readTree("\"MAX_TOKENS\""))))
                .isEqualTo("MAX_TOKENS");
        assertThat(ChatCompletions.stopReason(Map.of("completionReason", JSON.readTree("\"LENGTH\""),
                "stopReason", JSON.readTree("null")))).isEqualTo("LENGTH");
        assertThat(ChatCompletions.stopReason(Map.of("other", JSON.readTree("\"x\"")))).isNull();
    }

    @Test
    void finishReason_ofAStructuredOutput_isStopForTheForcedCall() {
        assertThat(ChatCompletions.finishReason("tool_use", "person")).isEqualTo("stop");
        assertThat(ChatCompletions.finishReason("max_tokens", "person")).isEqualTo("length");
        assertThat(ChatCompletions.finishReason("tool_use", null)).isEqualTo("tool_calls");
    }

    @Test
    void newId_isChatcmplAnd24LettersOrDigits_differentEachTime() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = ChatCompletions.newId();
            assertThat(id).matches("chatcmpl-[A-Za-z0-9]{24}");
            ids.add(id);
        }
        assertThat(ids).hasSize(100);
    }
}
