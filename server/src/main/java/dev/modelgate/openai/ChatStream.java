package dev.modelgate.openai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stream's {@code chat.completion.chunk} objects, in OpenAI's order: a role chunk first
 * ({@code delta: {"role": "assistant", "content": ""}}), then text deltas ({@code {"content": piece}}), tool calls in
 * OpenAI's incremental form (a call's first chunk {@code {"tool_calls": [{"index", "id", "type": "function",
 * "function": {"name", "arguments": ""}}]}}, then {@code {"tool_calls": [{"index", "function": {"arguments":
 * piece}}]}}; {@code index} counts the answer's tool calls from 0, whatever Converse's content block index), the
 * finish chunk (empty delta and {@code finish_reason}), then, when {@code include_usage} was asked, the usage chunk
 * ({@code choices: []}, {@code usage}; left out when no count is known). With {@code include_usage} every other
 * chunk carries {@code "usage": null}, as OpenAI's do.
 *
 * <p>With a structured output tool, that tool's input pieces are content deltas and a {@code tool_use} stop is
 * finish_reason "stop". Each method returns the chunks to send now, possibly none. Not thread-safe: one per stream.
 */
public final class ChatStream {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int STRUCTURED = -1;

    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private final String structuredOutputTool;
    /** Converse content block index → OpenAI tool call index, or {@link #STRUCTURED}. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private int toolCalls;
    private boolean started;
    private boolean finished;

    /**
     * @param id                   the completion ID ({@link ChatCompletions#newId()}), the same in every chunk
     * @param created              seconds since the epoch, the same in every chunk
     * @param model                the model name the request gave
     * @param includeUsage         whether the stream ends with a usage chunk
     * @param structuredOutputTool the tool {@code response_format} forced, or null
     */
    public ChatStream(String id, long created, String model, boolean includeUsage, String structuredOutputTool) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
        this.structuredOutputTool = structuredOutputTool;
    }

    /** A piece of the answer's text (an empty piece sends nothing but, first, the role chunk). */
    public List<ObjectNode> text(String delta) {
        List<ObjectNode> chunks = begin();
        if (delta != null && !delta.isEmpty()) {
            chunks.add(chunk(JSON.createObjectNode().put("content", delta), null));
        }
        return chunks;
    }

    /** A tool call starts (Converse's {@code contentBlockStart} with a {@code toolUse}). */
    public List<ObjectNode> toolStart(int contentBlockIndex, String toolUseId, String name) {
        List<ObjectNode> chunks = begin();
        if (toolBlocks.containsKey(contentBlockIndex)) {
            throw new IllegalStateException("content block " + contentBlockIndex + " already started a tool call");
        }
        if (name.equals(structuredOutputTool)) {
            toolBlocks.put(contentBlockIndex, STRUCTURED);
            return chunks;
        }
        int index = toolCalls++;
        toolBlocks.put(contentBlockIndex, index);
        ObjectNode delta = JSON.createObjectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", index);
        call.put("id", toolUseId);
        call.put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        chunks.add(chunk(delta, null));
        return chunks;
    }

    /** A piece of a started tool call's input (JSON text, as Converse streams it). */
    public List<ObjectNode> toolInput(int contentBlockIndex, String piece) {
        List<ObjectNode> chunks = begin();
        Integer index = toolBlocks.get(contentBlockIndex);
        if (index == null) {
            throw new IllegalStateException("content block " + contentBlockIndex + " started no tool call");
        }
        if (piece == null || piece.isEmpty()) {
            return chunks;
        }
        if (index == STRUCTURED) {
            chunks.add(chunk(JSON.createObjectNode().put("content", piece), null));
        } else {
            ObjectNode delta = JSON.createObjectNode();
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.put("index", index);
            call.putObject("function").put("arguments", piece);
            chunks.add(chunk(delta, null));
        }
        return chunks;
    }

    /**
     * The stream ends: the finish chunk ({@link ChatCompletions#finishReason(String, String)}) and, when asked and
     * known, the usage chunk. Nothing may follow.
     *
     * @param usage the counts, or null when unknown
     */
    public List<ObjectNode> finish(String stopReason, ChatCompletions.Usage usage) {
        List<ObjectNode> chunks = begin();
        finished = true;
        chunks.add(chunk(JSON.createObjectNode(), ChatCompletions.finishReason(stopReason, structuredOutputTool)));
        if (includeUsage && usage != null && usage.known()) {
            ObjectNode last = base();
            last.putArray("choices");
            last.set("usage", usage.json());
            chunks.add(last);
        }
        return chunks;
    }

    private List<ObjectNode> begin() {
        if (finished) {
            throw new IllegalStateException("the stream has finished");
        }
        List<ObjectNode> chunks = new ArrayList<>(2);
        if (!started) {
            started = true;
            chunks.add(chunk(JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
        }
        return chunks;
    }

    private ObjectNode base() {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = base();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }
}
