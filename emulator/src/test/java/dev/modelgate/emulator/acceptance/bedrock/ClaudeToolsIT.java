package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tool use through InvokeModel with Claude's Messages API: tool_use answers, tool_result turns, streamed calls. */
class ClaudeToolsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String TOOLS = "[{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\"}},"
            + "{\"name\":\"get_weather\",\"description\":\"Weather of a city\",\"input_schema\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},"
            + "\"required\":[\"city\",\"days\"]}}]";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static BedrockRuntimeClient bedrock;
    private static BedrockRuntimeAsyncClient async;

    @BeforeAll
    static void clients() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
        async = BedrockSdk.asyncRuntime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
        async.close();
    }

    private static String body(String messages, String toolChoice) {
        return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,\"tools\":" + TOOLS
                + (toolChoice == null ? "" : ",\"tool_choice\":" + toolChoice) + ",\"messages\":" + messages + "}";
    }

    private static String ask(String text) {
        return "[{\"role\":\"user\",\"content\":\"" + text + "\"}]";
    }

    private static JsonNode invoke(String body) {
        return json(bedrock.invokeModel(r -> r.modelId(HAIKU).contentType("application/json").body(utf8(body))).body());
    }

    @Test
    void invokeModel_userTextNamingATool_answersAToolUseBlock() {
        JsonNode answer = invoke(body(ask("Please call get_weather for Madrid"), null));

        assertThat(answer.path("stop_reason").stringValue()).isEqualTo("tool_use");
        JsonNode block = answer.path("content").get(0);
        assertThat(block.path("type").stringValue()).isEqualTo("tool_use");
        assertThat(block.path("id").stringValue()).matches("toolu_bdrk_01[0-9A-Za-z]{22}");
        assertThat(block.path("name").stringValue()).isEqualTo("get_weather");
        assertThat(block.path("input")).isEqualTo(JSON.readTree("{\"city\":\"Madrid\",\"days\":1}"));
    }

    @Test
    void invokeModel_toolChoices_anyCallsTheFirstAndNoneNever() {
        assertThat(invoke(body(ask("Hello"), "{\"type\":\"any\"}")).path("content").get(0).path("name")
                .stringValue()).isEqualTo("get_time");
        JsonNode none = invoke(body(ask("get_weather for Madrid"), "{\"type\":\"none\"}"));
        assertThat(none.path("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(none.path("content").get(0).path("type").stringValue()).isEqualTo("text");
    }

    @Test
    void invokeModel_roundTrip_theToolResultIsAnsweredWithText() {
        JsonNode call = invoke(body(ask("get_weather for Madrid"), null)).path("content").get(0);
        String messages = "[{\"role\":\"user\",\"content\":\"get_weather for Madrid\"},"
                + "{\"role\":\"assistant\",\"content\":[" + call + "]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\""
                + call.path("id").stringValue() + "\",\"content\":\"31 degrees\"}]}]";

        JsonNode answer = invoke(body(messages, null));

        assertThat(answer.path("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(answer.path("content").get(0).path("text").stringValue())
                .isEqualTo("The tool get_weather returned: 31 degrees");
    }

    @Test
    void invokeModel_resultForAnUnknownCall_isRefusedInAnthropicsWords() {
        String messages = "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\","
                + "\"content\":\"x\"}]}]";

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> invoke(body(messages, null)));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("messages.2.content.0: unexpected `tool_use_id`"
                + " found in `tool_result` blocks: toolu_x. Each `tool_result` block must have a corresponding"
                + " `tool_use` block in the previous message.");
    }

    @Test
    void invokeModel_toolWithoutName_isMalformed() {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":20,\"tools\":[{\"input_schema\":"
                + "{\"type\":\"object\"}}],\"messages\":" + ask("hi") + "}";

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> invoke(body));

        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Malformed input request: ")
                .contains("required key [name] not found");
    }

    @Test
    void invokeModelWithResponseStream_toolCall_streamsInputJsonDeltas() {
        var capture = StreamCapture.invoke(async, HAIKU, body(ask("get_weather for Lisbon"), null));

        assertThat(capture.failure()).isNull();
        JsonNode start = capture.events().stream()
                .filter(c -> "content_block_start".equals(c.path("type").stringValue())).findFirst().orElseThrow();
        assertThat(start.path("content_block").path("type").stringValue()).isEqualTo("tool_use");
        assertThat(start.path("content_block").path("name").stringValue()).isEqualTo("get_weather");
        String input = capture.events().stream()
                .filter(c -> "content_block_delta".equals(c.path("type").stringValue()))
                .peek(c -> assertThat(c.path("delta").path("type").stringValue()).isEqualTo("input_json_delta"))
                .map(c -> c.path("delta").path("partial_json").stringValue()).collect(Collectors.joining());
        assertThat(JSON.readTree(input)).isEqualTo(JSON.readTree("{\"city\":\"Lisbon\",\"days\":1}"));
        JsonNode messageDelta = capture.events().stream()
                .filter(c -> "message_delta".equals(c.path("type").stringValue())).findFirst().orElseThrow();
        assertThat(messageDelta.path("delta").path("stop_reason").stringValue()).isEqualTo("tool_use");
    }
}
