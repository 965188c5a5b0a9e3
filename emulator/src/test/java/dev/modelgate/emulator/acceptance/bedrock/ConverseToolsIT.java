package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converse tool use through the SDK: the emulated model's deterministic tool rule, a full round trip (call, result,
 * final text), ConverseStream's tool block events, and AWS's refusals of malformed tool configurations and tool
 * turns.
 */
class ConverseToolsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Tool WEATHER = tool("get_weather", Document.mapBuilder()
            .putString("type", "object")
            .putDocument("properties", Document.mapBuilder()
                    .putDocument("city", Document.mapBuilder().putString("type", "string").build())
                    .putDocument("unit", Document.mapBuilder().putString("type", "string")
                            .putList("enum", b -> b.addString("celsius").addString("fahrenheit")).build())
                    .putDocument("days", Document.mapBuilder().putString("type", "integer").build())
                    .putDocument("hourly", Document.mapBuilder().putString("type", "boolean").build())
                    .putDocument("note", Document.mapBuilder().putString("type", "string").build())
                    .build())
            .putList("required", b -> b.addString("city").addString("unit").addString("days").addString("hourly"))
            .build());
    private static final Tool TIME = tool("get_time", Document.mapBuilder().putString("type", "object")
            .putDocument("properties", Document.mapBuilder().build()).build());

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

    private static Tool tool(String name, Document schema) {
        return Tool.fromToolSpec(s -> s.name(name).description("A tool").inputSchema(ToolInputSchema.fromJson(schema)));
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static ConverseRequest ask(ToolConfiguration tools, Message... messages) {
        return ConverseRequest.builder().modelId(HAIKU).messages(messages).toolConfig(tools).build();
    }

    private static ToolConfiguration tools(ToolChoice choice) {
        return ToolConfiguration.builder().tools(TIME, WEATHER).toolChoice(choice).build();
    }

    private static JsonNode input(ToolUseBlock toolUse) {
        return JSON.readTree(toolUse.input().toString());
    }

    @Test
    void converse_userTextNamingATool_callsItWithInputBuiltFromTheSchema() {
        ConverseResponse response = bedrock.converse(ask(tools(null), user("Use get_weather for Paris")));

        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        ToolUseBlock call = response.output().message().content().getFirst().toolUse();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.toolUseId()).matches("tooluse_[0-9A-Za-z]{22}");
        assertThat(input(call)).isEqualTo(JSON.readTree(
                "{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":1,\"hourly\":true}"));
        assertThat(response.usage().outputTokens()).isPositive();
    }

    @Test
    void converse_sameRequestTwice_givesTheSameToolUseId() {
        String first = bedrock.converse(ask(tools(null), user("get_weather in Oslo"))).output().message().content()
                .getFirst().toolUse().toolUseId();
        String second = bedrock.converse(ask(tools(null), user("get_weather in Oslo"))).output().message().content()
                .getFirst().toolUse().toolUseId();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void converse_textNamingNoTool_answersText() {
        ConverseResponse response = bedrock.converse(ask(tools(ToolChoice.fromAuto(a -> { })), user("Hello")));

        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.output().message().content().getFirst().text()).isEqualTo(BedrockSdk.reply("Hello"));
    }

    @Test
    void converse_forcedChoices_alwaysCallATool() {
        ConverseResponse any = bedrock.converse(ask(tools(ToolChoice.fromAny(a -> { })), user("Hello")));
        assertThat(any.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(any.output().message().content().getFirst().toolUse().name()).isEqualTo("get_time");

        ConverseResponse named = bedrock.converse(ask(tools(ToolChoice.fromTool(t -> t.name("get_weather"))),
                user("Hello Rome")));
        assertThat(named.output().message().content().getFirst().toolUse().name()).isEqualTo("get_weather");
        assertThat(input(named.output().message().content().getFirst().toolUse()).path("city").stringValue())
                .isEqualTo("Rome");
    }

    @Test
    void converse_roundTrip_theToolResultIsAnsweredWithText() {
        Message question = user("What is the weather? Ask get_weather about Lyon");
        Message call = bedrock.converse(ask(tools(null), question)).output().message();
        String id = call.content().getFirst().toolUse().toolUseId();
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(r -> r
                .toolUseId(id).content(ToolResultContentBlock.fromText("18 degrees and sunny")))).build();

        ConverseResponse answer = bedrock.converse(ask(tools(null), question, call, result));

        assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(answer.output().message().content().getFirst().text())
                .isEqualTo("The tool get_weather returned: 18 degrees and sunny");
    }

    @Test
    void converse_jsonToolResult_isQuotedAsJsonAndCutByMaxTokens() {
        Message question = user("get_weather for Nice");
        Message call = bedrock.converse(ask(tools(null), question)).output().message();
        String id = call.content().getFirst().toolUse().toolUseId();
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(r -> r
                .toolUseId(id).content(ToolResultContentBlock.fromJson(Document.mapBuilder()
                        .putNumber("temperature", 21).build())))).build();

        ConverseResponse full = bedrock.converse(ask(tools(null), question, call, result));
        assertThat(full.output().message().content().getFirst().text())
                .isEqualTo("The tool get_weather returned: {\"temperature\":21}");

        ConverseResponse cut = bedrock.converse(ask(tools(null), question, call, result).toBuilder()
                .inferenceConfig(i -> i.maxTokens(3)).build());
        // Tokens are runs of letters/digits and single punctuation marks: "The", "tool", "get" (the "_" is next).
        assertThat(cut.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(cut.output().message().content().getFirst().text()).isEqualTo("The tool get");
    }

    @Test
    void converseStream_toolCall_streamsTheToolBlockEvents() {
        var capture = StreamCapture.converse(async, ConverseStreamRequest.builder().modelId(HAIKU)
                .messages(user("get_weather for Berlin")).toolConfig(tools(null)).build());

        assertThat(capture.failure()).isNull();
        ContentBlockStartEvent start = capture.events().stream().filter(ContentBlockStartEvent.class::isInstance)
                .map(ContentBlockStartEvent.class::cast).findFirst().orElseThrow();
        assertThat(start.contentBlockIndex()).isZero();
        assertThat(start.start().toolUse().name()).isEqualTo("get_weather");
        assertThat(start.start().toolUse().toolUseId()).startsWith("tooluse_");
        List<ContentBlockDeltaEvent> deltas = capture.events().stream()
                .filter(ContentBlockDeltaEvent.class::isInstance).map(ContentBlockDeltaEvent.class::cast).toList();
        assertThat(deltas).hasSizeGreaterThan(1).allSatisfy(d -> assertThat(d.delta().toolUse()).isNotNull());
        String input = deltas.stream().map(d -> d.delta().toolUse().input()).collect(Collectors.joining());
        assertThat(JSON.readTree(input)).isEqualTo(JSON.readTree(
                "{\"city\":\"Berlin\",\"unit\":\"celsius\",\"days\":1,\"hourly\":true}"));
        assertThat(capture.events()).filteredOn(ContentBlockStopEvent.class::isInstance).hasSize(1);
        assertThat(capture.events()).filteredOn(MessageStopEvent.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((MessageStopEvent) e).stopReason()).isEqualTo(StopReason.TOOL_USE));
    }

    private static String refusal(ConverseRequest request) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.converse(request));
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void converse_toolChoiceWithoutTools_isRefused() {
        assertThat(refusal(ask(ToolConfiguration.builder().toolChoice(ToolChoice.fromAny(a -> { })).build(),
                user("Hi")))).isEqualTo("1 validation error detected: Value null at 'toolConfig.tools' failed to"
                + " satisfy constraint: Member must not be null");
    }

    @Test
    void converse_toolNameOutsideThePattern_isRefused() {
        Tool bad = tool("get weather", Document.mapBuilder().putString("type", "object").build());
        assertThat(refusal(ask(ToolConfiguration.builder().tools(bad).build(), user("Hi"))))
                .isEqualTo("1 validation error detected: Value 'get weather' at"
                        + " 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_-]+");
    }

    @Test
    void converse_namedChoiceOfAnUndeclaredTool_isRefused() {
        assertThat(refusal(ask(tools(ToolChoice.fromTool(t -> t.name("get_stock"))), user("Hi"))))
                .contains("get_stock");
    }

    @Test
    void converse_toolResultForAnotherId_isRefused() {
        Message question = user("get_weather for Paris");
        Message call = bedrock.converse(ask(tools(null), question)).output().message();
        String id = call.content().getFirst().toolUse().toolUseId();
        Message wrong = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(r -> r
                .toolUseId("tooluse_someoneElse").content(ToolResultContentBlock.fromText("x")))).build();

        assertThat(refusal(ask(tools(null), question, call, wrong)))
                .isEqualTo("Expected toolResult blocks at messages.2.content for the following Ids: " + id);
    }

    @Test
    void converse_moreResultsThanCalls_isRefused() {
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(r -> r
                .toolUseId("tooluse_x").content(ToolResultContentBlock.fromText("x")))).build();

        assertThat(refusal(ask(tools(null), result))).isEqualTo("The number of toolResult blocks at"
                + " messages.0.content exceeds the number of toolUse blocks of previous turn.");
    }

    @Test
    void converse_toolBlocksWithoutToolConfig_areRefused() {
        Message question = user("get_weather for Paris");
        Message call = bedrock.converse(ask(tools(null), question)).output().message();
        String id = call.content().getFirst().toolUse().toolUseId();
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(r -> r
                .toolUseId(id).content(ToolResultContentBlock.fromText("x")))).build();

        assertThat(refusal(ConverseRequest.builder().modelId(HAIKU).messages(question, call, result).build()))
                .isEqualTo("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
    }

    @Test
    void converse_errorResultWithoutContent_isRefused() {
        Message question = user("get_weather for Paris");
        Message call = bedrock.converse(ask(tools(null), question)).output().message();
        String id = call.content().getFirst().toolUse().toolUseId();
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(r -> r
                .toolUseId(id).status("error").content(List.of()))).build();

        assertThat(refusal(ask(tools(null), question, call, result))).isEqualTo("The content field at"
                + " messages.2.content.0.toolResult cannot be empty when status value is error.");
    }

    @Test
    void converse_emptyToolList_isRefused() {
        assertThat(refusal(ask(ToolConfiguration.builder().tools(List.of()).build(), user("Hi"))))
                .isEqualTo("1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy"
                        + " constraint: Member must have length greater than or equal to 1");
    }

}
