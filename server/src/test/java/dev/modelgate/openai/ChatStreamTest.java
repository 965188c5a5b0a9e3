package dev.modelgate.openai;

import static dev.modelgate.openai.ChatRequestTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.openai.ChatCompletions.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A stream's exact chunk sequences. */
class ChatStreamTest {

    private static final String HEAD = "\"id\": \"chatcmpl-s\", \"object\": \"chat.completion.chunk\", "
            + "\"created\": 7, \"model\": \"m\"";

    /** A chunk with one choice: {@code delta} and {@code finish} as JSON text, {@code usage: null} when asked. */
    private static String chunk(String delta, String finish, boolean usageNull) {
        return "{" + HEAD + ", \"choices\": [{\"index\": 0, \"delta\": " + delta + ", \"logprobs\": null, "
                + "\"finish_reason\": " + finish + "}]" + (usageNull ? ", \"usage\": null" : "") + "}";
    }

    /** The chunks as they go on the wire: compact, members in the order written. */
    private static String sequence(String... chunks) {
        return JSON.readTree("[" + String.join(", ", chunks) + "]").toString();
    }

    private static final class Sent {
        final List<ObjectNode> chunks = new ArrayList<>();

        Sent add(List<ObjectNode> now) {
            chunks.addAll(now);
            return this;
        }

        String json() {
            ArrayNode array = JSON.createArrayNode();
            chunks.forEach(array::add);
            return array.toString();
        }
    }

    @Test
    void plainText_roleChunkTextDeltasAndFinish() {
        ChatStream stream = new ChatStream("chatcmpl-s", 7, "m", false, null);
        Sent sent = new Sent().add(stream.text("Hel")).add(stream.text("")).add(stream.text("lo"))
                .add(stream.finish("end_turn", new Usage(3L, 2L, null)));

        assertThat(sent.json()).isEqualTo(sequence(
                chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null", false),
                chunk("{\"content\": \"Hel\"}", "null", false),
                chunk("{\"content\": \"lo\"}", "null", false),
                chunk("{}", "\"stop\"", false)));
    }

    @Test
    void textWithUsage_everyChunkCarriesNullUsage_andTheLastChunkTheCounts() {
        ChatStream stream = new ChatStream("chatcmpl-s", 7, "m", true, null);
        Sent sent = new Sent().add(stream.text("Hi")).add(stream.finish("max_tokens", new Usage(10L, 1L, 8L)));

        assertThat(sent.json()).isEqualTo(sequence(
                chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null", true),
                chunk("{\"content\": \"Hi\"}", "null", true),
                chunk("{}", "\"length\"", true),
                "{" + HEAD + ", \"choices\": [], \"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 1, "
                        + "\"total_tokens\": 11, \"prompt_tokens_details\": {\"cached_tokens\": 8}}}"));
    }

    @Test
    void usageUnknown_sendsNoUsageChunk_andAFinishAloneStillStartsWithTheRole() {
        ChatStream stream = new ChatStream("chatcmpl-s", 7, "m", true, null);

        assertThat(new Sent().add(stream.finish(null, null)).json()).isEqualTo(sequence(
                chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null", true),
                chunk("{}", "\"stop\"", true)));
    }

    @Test
    void twoParallelToolCalls_withInterleavedPieces_areIndexedByCall() {
        ChatStream stream = new ChatStream("chatcmpl-s", 7, "m", false, null);
        Sent sent = new Sent().add(stream.text("Let me check.")).add(stream.toolStart(1, "tooluse_a", "weather"))
                .add(stream.toolStart(2, "tooluse_b", "time")).add(stream.toolInput(2, "{\"zone\""))
                .add(stream.toolInput(1, "{\"city\": \"Oslo\"}")).add(stream.toolInput(2, ""))
                .add(stream.toolInput(2, ": \"UTC\"}")).add(stream.finish("tool_use", null));

        assertThat(sent.json()).isEqualTo(sequence(
                chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null", false),
                chunk("{\"content\": \"Let me check.\"}", "null", false),
                chunk("{\"tool_calls\": [{\"index\": 0, \"id\": \"tooluse_a\", \"type\": \"function\", "
                        + "\"function\": {\"name\": \"weather\", \"arguments\": \"\"}}]}", "null", false),
                chunk("{\"tool_calls\": [{\"index\": 1, \"id\": \"tooluse_b\", \"type\": \"function\", "
                        + "\"function\": {\"name\": \"time\", \"arguments\": \"\"}}]}", "null", false),
                chunk("{\"tool_calls\": [{\"index\": 1, \"function\": {\"arguments\": \"{\\\"zone\\\"\"}}]}", "null",
                        false),
                chunk("{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\": "
                        + "\"{\\\"city\\\": \\\"Oslo\\\"}\"}}]}", "null", false),
                chunk("{\"tool_calls\": [{\"index\": 1, \"function\": {\"arguments\": \": \\\"UTC\\\"}\"}}]}", "null",
                        false),
                chunk("{}", "\"tool_calls\"", false)));
    }

    @Test
    void structuredOutputTool_becomesContentDeltas_finishingWithStop() {
        ChatStream stream = new ChatStream("chatcmpl-s", 7, "m", true, "person");
        Sent sent = new Sent().add(stream.toolStart(0, "tooluse_p", "person"))
                .add(stream.toolInput(0, "{\"name\"")).add(stream.toolInput(0, ": \"Ann\"}"))
                .add(stream.finish("tool_use", new Usage(20L, 6L, 0L)));

        assertThat(sent.json()).isEqualTo(sequence(
                chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null", true),
                chunk("{\"content\": \"{\\\"name\\\"\"}", "null", true),
                chunk("{\"content\": \": \\\"Ann\\\"}\"}", "null", true),
                chunk("{}", "\"stop\"", true),
                "{" + HEAD + ", \"choices\": [], \"usage\": {\"prompt_tokens\": 20, \"completion_tokens\": 6, "
                        + "\"total_tokens\": 26, \"prompt_tokens_details\": {\"cached_tokens\": 0}}}"));
    }

    @Test
    void misuse_isAnIllegalState() {
        ChatStream stream = new ChatStream("chatcmpl-s", 7, "m", false, null);
        stream.toolStart(0, "t", "f");

        assertThatThrownBy(() -> stream.toolInput(1, "{}")).isInstanceOf(IllegalStateException.class)
                .hasMessage("content block 1 started no tool call");
        assertThatThrownBy(() -> stream.toolStart(0, "t2", "f")).isInstanceOf(IllegalStateException.class)
                .hasMessage("content block 0 already started a tool call");
        stream.finish("tool_use", null);
        assertThatThrownBy(() -> stream.text("late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the stream has finished");
    }
}
