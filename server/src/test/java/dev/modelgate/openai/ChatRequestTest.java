package dev.modelgate.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.openai.ChatRequest.Image;
import dev.modelgate.openai.ChatRequest.Text;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading a chat completions body: what each parameter becomes, and each rule as a violation naming its path. */
class ChatRequestTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PNG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    static ChatRequest read(String json) {
        return ChatRequest.read(JSON.readTree(json));
    }

    /** The violations of {@code json}, each as "field rule". */
    static List<String> violations(String json) {
        return violationsOf(json).stream().map(v -> v.field() + " " + v.rule()).toList();
    }

    static List<Violation> violationsOf(String json) {
        try {
            read(json);
        } catch (InvalidInputException e) {
            return e.violations();
        }
        throw new AssertionError("no violation for " + json);
    }

    /** A body with the given members after a valid model and messages. */
    static String with(String members) {
        return "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]"
                + (members.isEmpty() ? "" : ", " + members) + "}";
    }

    @Test
    void read_plainChat_givesModelMessagesAndNoParameters() {
        ChatRequest request = read(with(""));

        assertThat(request.model()).isEqualTo("m");
        assertThat(request.messages()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("user");
            assertThat(m.content()).containsExactly(new Text("Hi"));
            assertThat(m.json()).isEqualTo(JSON.readTree("{\"role\": \"user\", \"content\": \"Hi\"}"));
        });
        assertThat(request.stream()).isFalse();
        assertThat(request.includeUsage()).isFalse();
        assertThat(request.maxTokens()).isNull();
        assertThat(request.temperature()).isNull();
        assertThat(request.topP()).isNull();
        assertThat(request.stop()).isNull();
        assertThat(request.tools()).isEmpty();
        assertThat(request.toolsJson()).isNull();
        assertThat(request.toolChoice()).isNull();
        assertThat(request.responseFormat()).isNull();
        assertThat(request.metadata()).isEmpty();
        assertThat(request.toString()).isEqualTo("ChatRequest[model=\"m\", messages=1, tools=0, stream=false]");
    }

    @Test
    void read_everyParameter_isReadAsGiven() {
        ChatRequest request = read(with("""
                "stream": true, "stream_options": {"include_usage": true}, "max_tokens": 100,
                "max_completion_tokens": 50, "temperature": 0.7, "top_p": 0.9, "stop": "END", "n": 1,
                "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                           "parameters": {"type": "object"}, "strict": true}}],
                "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                "parallel_tool_calls": true, "user": "u-1", "metadata": {"team": "a"}, "store": false,
                "service_tier": "auto", "safety_identifier": "s", "prompt_cache_key": "k",
                "logprobs": false, "top_logprobs": 0, "frequency_penalty": 0, "presence_penalty": 0.0,
                "logit_bias": {}, "seed": null, "modalities": ["text"], "functions": [], "reasoning_effort": null"""));

        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.maxTokens()).isEqualTo(50);
        assertThat(request.maxTokensParameter()).isEqualTo("max_completion_tokens");
        assertThat(request.temperature()).isEqualTo(0.7);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.tools()).containsExactly(new ChatRequest.Tool("get_weather", "Weather",
                JSON.readTree("{\"type\": \"object\"}")));
        assertThat(request.toolChoice()).isEqualTo(new ChatRequest.ToolChoice("function", "get_weather"));
        assertThat(request.parallelToolCalls()).isTrue();
        assertThat(request.user()).isEqualTo("u-1");
        assertThat(request.metadata()).isEqualTo(Map.of("team", "a"));
    }

    @Test
    void includeUsage_onlyWhenStreaming() {
        assertThat(read(with("\"stream_options\": {\"include_usage\": true}")).includeUsage()).isFalse();
        assertThat(read(with("\"max_tokens\": 7")).maxTokensParameter()).isEqualTo("max_tokens");
    }

    @Test
    void messages_everyRoleAndPart_areRead() {
        ChatRequest request = read("""
                {"model": "m", "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "developer", "content": [{"type": "text", "text": "Use tools."}]},
                  {"role": "user", "name": "ann", "content": [{"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "data:image/jpg;base64,%s", "detail": "low"}}]},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                    "function": {"name": "look", "arguments": "{\\"x\\": 1}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "noop", "arguments": ""}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "a cat"},
                  {"role": "assistant", "content": [{"type": "refusal", "refusal": "No."}]}]}""".formatted(PNG));

        List<ChatRequest.Message> m = request.messages();
        assertThat(m).extracting(ChatRequest.Message::role)
                .containsExactly("system", "developer", "user", "assistant", "tool", "assistant");
        assertThat(m.get(1).text()).isEqualTo("Use tools.");
        assertThat(m.get(2).name()).isEqualTo("ann");
        assertThat(m.get(2).content()).containsExactly(new Text("What is this?"), new Image("jpeg", PNG));
        assertThat(m.get(3).content()).isEmpty();
        assertThat(m.get(3).toolCalls()).containsExactly(
                new ChatRequest.ToolCall("call_1", "look", "{\"x\": 1}", JSON.readTree("{\"x\":1}")),
                new ChatRequest.ToolCall("call_2", "noop", "", JSON.readTree("{}")));
        assertThat(m.get(4).toolCallId()).isEqualTo("call_1");
        assertThat(m.get(4).text()).isEqualTo("a cat");
        assertThat(m.get(5).content()).containsExactly(new Text("No."));
    }

    @Test
    void assistantMessages_needContentUnlessTheyCarryToolCallsOrARefusal() {
        String chat = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, %s]}";

        assertThat(read(chat.formatted("{\"role\": \"assistant\", \"content\": null, \"refusal\": \"No.\"}"))
                .messages().get(1).content()).containsExactly(new Text("No."));
        assertThat(read(chat.formatted("{\"role\": \"assistant\", \"content\": \"A\", \"refusal\": null}"))
                .messages().get(1).content()).containsExactly(new Text("A"));
        assertThat(violations(chat.formatted("{\"role\": \"assistant\", \"content\": null, \"tool_calls\": []}")))
                .containsExactly("messages[1].content required");
    }

    @Test
    void assistantMessage_asTheSdksSendItBack_isRead_itsAnnotationsAndParsedFormLeftAside() {
        String echoed = "{\"role\": \"assistant\", \"content\": \"{\\\"city\\\": \\\"Lyon\\\"}\", "
                + "\"refusal\": null, \"annotations\": [], \"audio\": null, \"function_call\": null, "
                + "\"tool_calls\": null, \"parsed\": {\"city\": \"Lyon\"}}";
        String chat = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, %s, "
                + "{\"role\": \"user\", \"content\": \"And?\"}]}";

        assertThat(read(chat.formatted(echoed)).messages().get(1).content())
                .containsExactly(new Text("{\"city\": \"Lyon\"}"));
        assertThat(violations(chat.formatted("{\"role\": \"assistant\", \"content\": \"A\", \"annotations\": {}}")))
                .containsExactly("messages[1].annotations wrong-type");
    }

    @Test
    void body_thatIsNoObject_isWrongType() {
        assertThat(violationsOf("[]")).containsExactly(Violation.of("body", "wrong-type",
                "body must be a JSON object"));
    }

    @Test
    void modelAndMessages_areRequired() {
        assertThat(violations("{}")).containsExactly("model required", "messages required");
        assertThat(violations("{\"model\": \" \", \"messages\": []}"))
                .containsExactly("model blank", "messages required");
        assertThat(violations("{\"model\": 1, \"messages\": {}}"))
                .containsExactly("model wrong-type", "messages wrong-type");
    }

    @Test
    void unknownAndUnsupportedParameters_areNamed() {
        assertThat(violationsOf(with("\"temprature\": 1"))).containsExactly(Violation.of("temprature",
                "unknown-parameter", "\"temprature\" is not a parameter of chat completions that Modelgate knows"));
        assertThat(violationsOf(with("\"%s\": 1, \"\": 2".formatted("p".repeat(65))))).containsExactly(
                Violation.of("p".repeat(64) + "…", "unknown-parameter", "\"" + "p".repeat(65) + "\" is not a "
                        + "parameter of chat completions that Modelgate knows"),
                Violation.of("\"\"", "unknown-parameter", "\"\" is not a parameter of chat completions that "
                        + "Modelgate knows"));
        assertThat(violationsOf(with("\"stream_options\": {\"x\": 1}"))).containsExactly(Violation.of(
                "stream_options.x", "unknown-parameter", "stream_options has no member \"x\"; members are "
                        + "[include_usage]"));
        assertThat(violationsOf(with("\"seed\": 42"))).containsExactly(Violation.of("seed",
                "unsupported-parameter", "seed cannot be honoured by Modelgate's Bedrock models; leave it out"));
        assertThat(violations(with("""
                "logprobs": true, "top_logprobs": 2, "frequency_penalty": 0.5, "presence_penalty": -1,
                "logit_bias": {"50256": -100}, "audio": {"voice": "alloy"}, "modalities": ["text", "audio"],
                "prediction": {"type": "content"}, "web_search_options": {"search_context_size": "low"},
                "reasoning_effort": "low", "functions": [{"name": "f"}], "function_call": "auto",
                "verbosity": "low\""""))).containsExactly("logprobs unsupported-parameter",
                "top_logprobs unsupported-parameter", "frequency_penalty unsupported-parameter",
                "presence_penalty unsupported-parameter", "logit_bias unsupported-parameter",
                "audio unsupported-parameter", "modalities unsupported-parameter", "prediction unsupported-parameter",
                "web_search_options unsupported-parameter", "reasoning_effort unsupported-parameter",
                "functions unsupported-parameter", "function_call unsupported-parameter",
                "verbosity unsupported-parameter");
    }

    @Test
    void n_otherThanOne_andParallelToolCallsFalse_areUnsupportedValues() {
        assertThat(violationsOf(with("\"n\": 2, \"parallel_tool_calls\": false"))).containsExactly(
                Violation.of("n", "unsupported-value", "n must be 1: Bedrock answers with one choice, got 2"),
                Violation.of("parallel_tool_calls", "unsupported-value", "parallel_tool_calls false cannot be "
                        + "honoured: Bedrock cannot limit a turn to one tool call; leave it out or send true"));
        assertThat(violations(with("\"n\": \"1\""))).containsExactly("n wrong-type");
    }

    @Test
    void numbers_outOfRange_orOfWrongType() {
        assertThat(violations(with("""
                "max_tokens": 0, "max_completion_tokens": 1.5, "temperature": 2.1, "top_p": -0.1""")))
                .containsExactly("max_completion_tokens wrong-type", "max_tokens out-of-range",
                        "temperature out-of-range", "top_p out-of-range");
        assertThat(violations(with("\"max_tokens\": 3000000000, \"temperature\": \"hot\", \"stream\": \"yes\"")))
                .containsExactly("stream wrong-type", "max_tokens out-of-range", "temperature wrong-type");
        assertThat(read(with("\"temperature\": 2, \"top_p\": 0")).temperature()).isEqualTo(2.0);
    }

    @Test
    void stop_isAStringOrUpToFourStrings() {
        assertThat(read(with("\"stop\": [\"a\", \"b\"]")).stop()).containsExactly("a", "b");
        assertThat(violations(with("\"stop\": [\"1\", \"2\", \"3\", \"4\", \"5\"]"))).containsExactly("stop too-many");
        assertThat(violations(with("\"stop\": [\"\", 3, \"%s\"]".formatted("x".repeat(1001)))))
                .containsExactly("stop[0] blank", "stop[1] wrong-type", "stop[2] too-long");
        assertThat(violations(with("\"stop\": {}"))).containsExactly("stop wrong-type");
    }

    @Test
    void metadata_atMostSixteenPairsOfBoundedStrings() {
        StringBuilder seventeen = new StringBuilder("\"metadata\": {");
        for (int i = 0; i < 17; i++) {
            seventeen.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": \"v\"");
        }
        assertThat(violations(with(seventeen + "}"))).containsExactly("metadata too-many");
        assertThat(violations(with("\"metadata\": {\"%s\": \"v\", \"a\": 1, \"b\": \"%s\"}"
                .formatted("k".repeat(65), "v".repeat(513)))))
                .containsExactly("metadata too-long", "metadata.a wrong-type", "metadata.b too-long");
        assertThat(violations(with("\"user\": \"%s\", \"store\": 1".formatted("u".repeat(513)))))
                .containsExactly("user too-long", "store wrong-type");
    }

    @Test
    void streamOptions_takeOnlyIncludeUsage() {
        assertThat(violations(with("\"stream\": true, \"stream_options\": {\"include_usage\": 1, \"x\": true}")))
                .containsExactly("stream_options.x unknown-parameter");
        assertThat(violations(with("\"stream\": true, \"stream_options\": {\"include_usage\": 1}")))
                .containsExactly("stream_options.include_usage wrong-type");
    }

    @Test
    void tools_eachAFunctionWithAValidUniqueName() {
        assertThat(violations(with("""
                "tools": [{"type": "custom", "custom": {"name": "x"}},
                          {"type": "function", "function": {"name": "has space"}},
                          {"type": "function", "function": {"name": "f", "parameters": []}},
                          {"type": "function", "function": {"name": "g", "description": 3, "extra": 1}},
                          {"type": "function", "function": {"name": "h"}},
                          {"type": "function", "function": {"name": "h"}},
                          {"function": {"name": "i"}}, 7]""")))
                .containsExactly("tools[0].custom unknown-parameter", "tools[1].function.name invalid-format",
                        "tools[2].function.parameters wrong-type", "tools[3].function.extra unknown-parameter",
                        "tools[5].function.name duplicate-tool", "tools[6].type required", "tools[7] wrong-type");
        assertThat(violations(with("\"tools\": [{\"type\": \"custom\"}]")))
                .containsExactly("tools[0].type unsupported-value");
        StringBuilder many = new StringBuilder("\"tools\": [");
        for (int i = 0; i <= ChatRequest.MAX_TOOLS; i++) {
            many.append(i == 0 ? "" : ", ").append("{\"type\": \"function\", \"function\": {\"name\": \"t")
                    .append(i).append("\"}}");
        }
        assertThat(violations(with(many + "]"))).containsExactly("tools too-many");
    }

    @Test
    void toolChoice_namesAGivenToolAndNeedsTools() {
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"a\"}}]";
        assertThat(read(with(tools + ", \"tool_choice\": \"required\"")).toolChoice().type()).isEqualTo("required");
        assertThat(read(with("\"tool_choice\": \"none\"")).toolChoice().none()).isTrue();
        assertThat(violationsOf(with(tools + ", \"tool_choice\": {\"type\": \"function\", \"function\": "
                + "{\"name\": \"b\"}}"))).containsExactly(Violation.of("tool_choice.function.name", "unknown-tool",
                "tool_choice.function.name names no tool of tools: \"b\"; tools are [a]"));
        assertThat(violationsOf(with("\"tool_choice\": \"required\""))).containsExactly(Violation.of("tools",
                "required", "tools is required when tool_choice is \"required\""));
        assertThat(violations(with("\"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"b\"}}")))
                .containsExactly("tools required");
        assertThat(violations(with("\"tool_choice\": \"any\""))).containsExactly("tool_choice unsupported-value");
        assertThat(violations(with("\"tool_choice\": {\"type\": \"allowed_tools\"}")))
                .containsExactly("tool_choice.type unsupported-value");
        assertThat(violations(with("\"tool_choice\": 1"))).containsExactly("tool_choice wrong-type");
    }

    @Test
    void responseFormat_textJsonObjectOrJsonSchema_neverWithTools() {
        assertThat(read(with("\"response_format\": {\"type\": \"text\"}")).responseFormat().json()).isFalse();
        assertThat(read(with("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"person\", "
                + "\"description\": \"A person\", \"schema\": {\"type\": \"object\"}, \"strict\": true}}"))
                .responseFormat()).isEqualTo(new ChatRequest.ResponseFormat("json_schema", "person", "A person",
                JSON.readTree("{\"type\": \"object\"}")));
        assertThat(violationsOf(with("\"response_format\": {\"type\": \"json_object\"}, \"tools\": [{\"type\": "
                + "\"function\", \"function\": {\"name\": \"a\"}}]"))).containsExactly(Violation.of("response_format",
                "unsupported-combination", "response_format json_* cannot be combined with tools: Modelgate answers "
                        + "a structured output through a tool of its own"));
        assertThat(violations(with("\"response_format\": {\"type\": \"grammar\"}")))
                .containsExactly("response_format.type unsupported-value");
        assertThat(violations(with("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": "
                + "{\"name\": \"a b\", \"schema\": 1}}")))
                .containsExactly("response_format.json_schema.name invalid-format",
                        "response_format.json_schema.schema wrong-type");
        assertThat(violations(with("\"response_format\": {\"type\": \"json_schema\"}")))
                .containsExactly("response_format.json_schema required");
        assertThat(violations(with("\"response_format\": {}"))).containsExactly("response_format.type required");
    }

    @Test
    void messages_rolesAndMembers() {
        assertThat(violations("""
                {"model": "m", "messages": [{"role": "robot", "content": "x"}, {"role": "function", "content": "x"},
                  {"content": "x"}, 5, {"role": "user", "content": "x", "tool_call_id": "c"},
                  {"role": "tool", "content": "x"}, {"role": "system"}, {"role": "assistant"},
                  {"role": "user", "content": 3}, {"role": "user", "content": []},
                  {"role": "assistant", "content": "x", "audio": {"id": "a"}, "function_call": {"name": "f"}},
                  {"role": "user", "content": "x", "name": "%s"}]}""".formatted("n".repeat(65))))
                .containsExactly("messages[0].role invalid-role", "messages[1].role unsupported-value",
                        "messages[2].role required", "messages[3] wrong-type",
                        "messages[4].tool_call_id unknown-parameter", "messages[5].tool_call_id required",
                        "messages[6].content required", "messages[7].content required",
                        "messages[8].content wrong-type", "messages[9].content required",
                        "messages[10].audio unsupported-parameter", "messages[10].function_call unsupported-parameter",
                        "messages[11].name too-long");
    }

    @Test
    void messages_atMostMaxMessages_andParts() {
        StringBuilder many = new StringBuilder("{\"model\": \"m\", \"messages\": [");
        for (int i = 0; i <= ChatRequest.MAX_MESSAGES; i++) {
            many.append(i == 0 ? "" : ", ").append("{\"role\": \"user\", \"content\": \"x\"}");
        }
        assertThat(violations(many + "]}")).containsExactly("messages too-many");
        StringBuilder parts = new StringBuilder("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": [");
        for (int i = 0; i <= ChatRequest.MAX_CONTENT_PARTS; i++) {
            parts.append(i == 0 ? "" : ", ").append("{\"type\": \"text\", \"text\": \"x\"}");
        }
        assertThat(violations(parts + "]}]}")).containsExactly("messages[0].content too-many");
        assertThat(violations("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"%s\"}]}"
                .formatted("x".repeat(ChatRequest.MAX_TEXT_CHARS + 1)))).containsExactly("messages[0].content too-long");
    }

    @Test
    void contentParts_byRole() {
        assertThat(violations("""
                {"model": "m", "messages": [
                  {"role": "system", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,%1$s"}}]},
                  {"role": "user", "content": [{"type": "input_audio", "input_audio": {}}, {"type": "file"},
                    {"type": "refusal", "refusal": "no"}, {"type": "text"}, {"type": "text", "text": "x", "y": 1},
                    {"text": "x"}]},
                  {"role": "tool", "tool_call_id": "c", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]}"""
                .formatted(PNG))).containsExactly("messages[0].content[0].type unsupported-value",
                "messages[1].content[0].type unsupported-value", "messages[1].content[1].type unsupported-value",
                "messages[1].content[2].type unsupported-value", "messages[1].content[3].text required",
                "messages[1].content[4].y unknown-parameter", "messages[1].content[5].type required",
                "messages[2].content[0].type unsupported-value");
        assertThat(violationsOf("{\"model\": \"m\", \"messages\": [{\"role\": \"system\", \"content\": [{\"type\": "
                + "\"image_url\"}]}]}").getFirst().message()).isEqualTo("messages[0].content[0].type \"image_url\" "
                + "parts are not taken in a system message");
    }

    @Test
    void imageUrls_areDataUrlsOfImagesWithinTheLimit() {
        String message = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": [%s]}]}";
        String image = "{\"type\": \"image_url\", \"image_url\": {\"url\": \"%s\"}}";
        String big = Base64.getEncoder().encodeToString(new byte[ChatRequest.MAX_IMAGE_BYTES + 3]);
        assertThat(violationsOf(message.formatted(image.formatted("https://example.com/cat.png"))))
                .containsExactly(Violation.of("messages[0].content[0].image_url.url", "url-not-fetched",
                        "messages[0].content[0].image_url.url is a web address: Modelgate never fetches URLs; send "
                                + "the image inline as a data URL (data:image/png;base64,…)"));
        assertThat(violations(message.formatted(String.join(", ",
                image.formatted("HTTP://example.com/a.png"), image.formatted("ftp://x"),
                image.formatted("data:image/tiff;base64," + PNG), image.formatted("data:image/png;base64,%%%"),
                image.formatted("data:image/png;base64,"), image.formatted("data:image/png;base64," + big),
                "{\"type\": \"image_url\", \"image_url\": {}}",
                "{\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,%s\", \"x\": 1}}"
                        .formatted(PNG)))))
                .containsExactly("messages[0].content[0].image_url.url url-not-fetched",
                        "messages[0].content[1].image_url.url invalid-format",
                        "messages[0].content[2].image_url.url invalid-format",
                        "messages[0].content[3].image_url.url invalid-base64",
                        "messages[0].content[4].image_url.url blank",
                        "messages[0].content[5].image_url.url too-large",
                        "messages[0].content[6].image_url.url required",
                        "messages[0].content[7].image_url.x unknown-parameter");
        assertThat(read(message.formatted(image.formatted("data:image/WEBP;base64," + PNG))).messages().getFirst()
                .content()).containsExactly(new Image("webp", PNG));
    }

    @Test
    void toolCalls_validIdsNamesAndJsonObjectArguments() {
        assertThat(violations("""
                {"model": "m", "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": [
                  {"id": "call 1", "type": "function", "function": {"name": "f", "arguments": "{}"}},
                  {"id": "c2", "type": "function", "function": {"name": "f.g", "arguments": "{}"}},
                  {"id": "c3", "type": "function", "function": {"name": "f", "arguments": "{not json"}},
                  {"id": "c4", "type": "function", "function": {"name": "f", "arguments": "[1]"}},
                  {"id": "c5", "type": "function", "function": {"name": "f", "arguments": "{} {}"}},
                  {"id": "c6", "type": "custom", "function": {"name": "f", "arguments": "{}"}},
                  {"id": "c7", "type": "function", "function": {"name": "f"}},
                  {"id": "c8", "type": "function"}]},
                  {"role": "tool", "tool_call_id": "%s", "content": "x"}]}""".formatted("c".repeat(65))))
                .containsExactly("messages[1].tool_calls[0].id invalid-format",
                        "messages[1].tool_calls[1].function.name invalid-format",
                        "messages[1].tool_calls[2].function.arguments invalid-json",
                        "messages[1].tool_calls[3].function.arguments invalid-json",
                        "messages[1].tool_calls[4].function.arguments invalid-json",
                        "messages[1].tool_calls[5].type unsupported-value",
                        "messages[1].tool_calls[6].function.arguments required",
                        "messages[1].tool_calls[7].function required",
                        "messages[2].tool_call_id invalid-format");
        assertThat(violationsOf("""
                {"model": "m", "messages": [{"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                  "function": {"name": "f", "arguments": "[1]"}}]}]}""").getFirst().message())
                .isEqualTo("messages[0].tool_calls[0].function.arguments must be a JSON object as text, got a JSON "
                        + "array");
    }

    @Test
    void everyViolation_isReportedAtOnce() {
        assertThat(violations("""
                {"model": "", "messages": [{"role": "user", "content": 1}], "n": 3, "top_p": 2, "seed": 1,
                 "colour": "red"}""")).containsExactly("seed unsupported-parameter", "colour unknown-parameter",
                "model blank", "messages[0].content wrong-type", "top_p out-of-range", "n unsupported-value");
    }

    @Test
    void accessors_copyTheJsonTheyHandOut() {
        ChatRequest request = read(with("\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"a\"}}]"));
        request.toolsJson().removeAll();

        assertThat(request.toolsJson()).hasSize(1);
        JsonNode sent = request.messages().getFirst().json();
        assertThat(sent.get("content").stringValue()).isEqualTo("Hi");
    }
}
