package dev.modelgate.bench;

import dev.modelgate.model.ChatRule;
import dev.modelgate.openai.ChatCompletions;
import dev.modelgate.openai.ChatRequest;
import dev.modelgate.openai.ConverseTranslation;
import dev.modelgate.openai.TemplateTranslation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The work {@code POST /v1/chat/completions} does that the native invoke endpoint does not: reading and validating the
 * OpenAI body ({@link ChatRequest#read}), translating it for a Converse model ({@link ConverseTranslation#translate})
 * or a template model ({@link TemplateTranslation#variables}), and building the {@code chat.completion} answer
 * ({@link ChatCompletions#completion}, with a new ID) as bytes. The load driver {@link ChatCompletionsOverhead}
 * measures the whole calls; this measures the difference alone, which a shared 2-core machine's noise hides there.
 *
 * <p>{@code @Param conversation}: {@code SHORT}, the load driver's one user message (39 characters);
 * {@code AGENT_TURN}, an agent loop's request: a system message, 4 function tools with JSON schemas, and 12 messages
 * (3 rounds of user text, assistant tool calls with JSON arguments, tool results holding JSON text), 2,600 bytes. The
 * template model's rule maps prompt, system, messages and tools (what an agent's template needs for that body).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ChatCompletionsBenchmark {

    /** The request bodies measured. */
    public enum Conversation {
        SHORT, AGENT_TURN
    }

    private static final ChatRule RULE = new ChatRule("prompt", "system.prompt", "messages", "tools", null, null,
            null, null);

    @Param({"SHORT", "AGENT_TURN"})
    public Conversation conversation;

    private JsonMapper json;
    private byte[] body;
    private ChatRequest request;

    @Setup
    public void setUp() {
        json = JsonMapper.builder().build();
        body = json.writeValueAsBytes(conversation == Conversation.SHORT
                ? Map.of("model", "bench-haiku", "messages", List.of(Map.of("role", "user", "content", Prompts.SHORT)))
                : agentTurn());
        request = ChatRequest.read(json.readTree(body));
        int expected = conversation == Conversation.SHORT ? 1 : 13;
        int bytes = conversation == Conversation.SHORT ? 104 : 2_600;
        if (request.messages().size() != expected || body.length != bytes) {
            throw new IllegalStateException("read " + request.messages().size() + " messages of " + body.length
                    + " bytes, not " + expected + " of " + bytes);
        }
        if (!readAndTranslateConverse().body().path("messages").isArray()
                || !readAndTranslateTemplate().containsKey("prompt")) {
            throw new IllegalStateException("a translation lost the conversation");
        }
    }

    private static Map<String, Object> agentTurn() {
        List<Object> tools = List.of(tool("get_weather", "city"), tool("search_orders", "customer"),
                tool("create_ticket", "summary"), tool("lookup_account", "email"));
        List<Object> messages = new java.util.ArrayList<>();
        messages.add(Map.of("role", "system", "content", "You are the support agent of an online shop. Use the tools "
                + "to look things up before answering; answer in two sentences at most."));
        String[][] rounds = {
            {"Where is my order? My email is renee.dupont@example.com", "lookup_account", "email",
                "{\"account\": \"A-4821\", \"name\": \"Renée Dupont\", \"orders\": [4821, 4822]}"},
            {"And the second one, 4822?", "search_orders", "customer",
                "{\"order\": 4822, \"status\": \"paid\", \"total\": \"98,10 €\", \"carrier\": \"DHL\"}"},
            {"Please open a ticket: the export button does nothing", "create_ticket", "summary",
                "{\"ticket\": \"T-1093\", \"queue\": \"reports\", \"eta\": \"2 days\"}"},
        };
        for (int i = 0; i < rounds.length; i++) {
            String id = "tooluse_bench" + i;
            messages.add(Map.of("role", "user", "content", rounds[i][0]));
            messages.add(Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", id,
                    "type", "function", "function", Map.of("name", rounds[i][1],
                            "arguments", "{\"" + rounds[i][2] + "\": \"" + rounds[i][0].replace("\"", "") + "\"}")))));
            messages.add(Map.of("role", "tool", "tool_call_id", id, "content", rounds[i][3]));
            messages.add(Map.of("role", "assistant", "content", "Done: " + rounds[i][3].length() + " characters."));
        }
        messages.set(messages.size() - 1, Map.of("role", "user", "content", "Thanks, that is all."));
        return Map.of("model", "bench-haiku", "messages", messages, "tools", tools, "tool_choice", "auto",
                "max_completion_tokens", 512, "temperature", 0.2, "stream", false, "user", "support-bot");
    }

    private static Map<String, Object> tool(String name, String parameter) {
        return Map.of("type", "function", "function", Map.of("name", name, "description", "Looks up " + parameter,
                "parameters", Map.of("type", "object", "properties", Map.of(parameter, Map.of("type", "string",
                        "description", "The " + parameter + " to look up")), "required", List.of(parameter))));
    }

    /** Jackson's parse of the body and {@link ChatRequest#read}: what every chat completions call pays first. */
    @Benchmark
    public ChatRequest read() {
        return ChatRequest.read(json.readTree(body));
    }

    /** The same, then the Converse body. */
    @Benchmark
    public ConverseTranslation.Translated readAndTranslateConverse() {
        return ConverseTranslation.translate(ChatRequest.read(json.readTree(body)));
    }

    /** The same, then the template's variables by the rule. */
    @Benchmark
    public Map<String, JsonNode> readAndTranslateTemplate() {
        return TemplateTranslation.variables(ChatRequest.read(json.readTree(body)), RULE, "bench-haiku");
    }

    /** A new {@code chatcmpl-} ID alone, the part of {@link #answer} drawn from {@code SecureRandom}. */
    @Benchmark
    public String newId() {
        return ChatCompletions.newId();
    }

    /** The answer: a new ID, the {@code chat.completion} object and its bytes, as the endpoint writes them. */
    @Benchmark
    public byte[] answer() {
        return json.writeValueAsBytes(ChatCompletions.completion(ChatCompletions.newId(), 1_796_635_662L,
                request.model(), "Modelgate emulator reply to: " + Prompts.SHORT, List.of(),
                ChatCompletions.finishReason("end_turn"), new ChatCompletions.Usage(10L, 14L, 0L)));
    }
}
