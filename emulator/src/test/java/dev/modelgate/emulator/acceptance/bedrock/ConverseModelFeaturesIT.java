package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * What Converse takes per model beyond the body's shape, as OpenAI-style clients send it (tool_choice "required" is
 * {@code any}, a named function or a forced structured output is {@code tool}, a tool result followed by the user's
 * text is one user turn): tool use, forced tool choices, tool results beside text. A model that cannot is refused
 * with AWS's ValidationException; one that can answers.
 */
class ConverseModelFeaturesIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String NOVA_LITE = "amazon.nova-lite-v1:0";
    private static final String TITAN = "amazon.titan-text-express-v1";
    private static final String COMMAND_R = "cohere.command-r-v1:0";
    private static final String MISTRAL_LARGE = "mistral.mistral-large-2402-v1:0";
    private static final String LLAMA_3_3 = "us.meta.llama3-3-70b-instruct-v1:0";
    private static final Tool WEATHER = Tool.fromToolSpec(s -> s.name("get_weather").description("The weather")
            .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object")
                    .putDocument("properties", Document.mapBuilder().putDocument("city",
                            Document.mapBuilder().putString("type", "string").build()).build())
                    .putList("required", b -> b.addString("city")).build())));

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static Message user(ContentBlock... content) {
        return Message.builder().role(ConversationRole.USER).content(content).build();
    }

    private static ConverseRequest ask(String modelId, ToolChoice choice, Message... messages) {
        return ConverseRequest.builder().modelId(modelId).messages(messages)
                .toolConfig(ToolConfiguration.builder().tools(WEATHER).toolChoice(choice).build()).build();
    }

    private static ToolChoice any() {
        return ToolChoice.fromAny(a -> { });
    }

    private static ToolChoice named() {
        return ToolChoice.fromTool(t -> t.name("get_weather"));
    }

    private static String refusal(ConverseRequest request) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.converse(request));
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        return e.awsErrorDetails().errorMessage();
    }

    private static String calledTool(ConverseRequest request) {
        ConverseResponse response = bedrock.converse(request);
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        return response.output().message().content().getFirst().toolUse().name();
    }

    @Test
    void converse_toolsToAModelWithoutConverseToolUse_areRefused() {
        assertThat(refusal(ask(TITAN, null, user(ContentBlock.fromText("get_weather for Paris")))))
                .isEqualTo("This model doesn't support tool use.");
    }

    @Test
    void converse_forcedToolChoices_areRefusedByAModelThatCannotBeForced_whileAutoIsAnswered() {
        Message question = user(ContentBlock.fromText("get_weather for Paris"));

        assertThat(refusal(ask(COMMAND_R, any(), question))).isEqualTo("This model doesn't support the"
                + " toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again.");
        assertThat(refusal(ask(COMMAND_R, named(), question))).isEqualTo("This model doesn't support the"
                + " toolConfig.toolChoice.tool field. Remove toolConfig.toolChoice.tool and try again.");
        assertThat(calledTool(ask(COMMAND_R, ToolChoice.fromAuto(a -> { }), question))).isEqualTo("get_weather");
    }

    @Test
    void converse_mistralLarge_takesAnyButNotANamedTool() {
        Message question = user(ContentBlock.fromText("Hello"));

        assertThat(calledTool(ask(MISTRAL_LARGE, any(), question))).isEqualTo("get_weather");
        assertThat(refusal(ask(MISTRAL_LARGE, named(), question))).isEqualTo("This model doesn't support the"
                + " toolConfig.toolChoice.tool field. Remove toolConfig.toolChoice.tool and try again.");
    }

    @Test
    void converse_claudeAndNova_takeBothForcedChoices() {
        Message question = user(ContentBlock.fromText("Hello"));

        for (String model : new String[] {HAIKU, NOVA_LITE}) {
            assertThat(calledTool(ask(model, any(), question))).as(model).isEqualTo("get_weather");
            assertThat(calledTool(ask(model, named(), question))).as(model).isEqualTo("get_weather");
        }
    }

    @Test
    void converse_toolResultBesideTextInOneTurn_isRefusedByLlamaAndMistral_andAnsweredByClaude() {
        Message question = user(ContentBlock.fromText("get_weather for Oslo"));
        for (String model : new String[] {LLAMA_3_3, MISTRAL_LARGE, HAIKU}) {
            Message call = bedrock.converse(ask(model, null, question)).output().message();
            String id = call.content().getFirst().toolUse().toolUseId();
            Message resultAndText = user(ContentBlock.fromToolResult(r -> r.toolUseId(id)
                    .content(ToolResultContentBlock.fromText("{\"sky\": \"clear\"}"))), ContentBlock.fromText("Thanks"));

            ConverseRequest next = ask(model, null, question, call, resultAndText);

            if (model.equals(HAIKU)) {
                assertThat(bedrock.converse(next).output().message().content().getFirst().text())
                        .isEqualTo("The tool get_weather returned: {\"sky\": \"clear\"}");
            } else {
                assertThat(refusal(next)).as(model).isEqualTo("messages.2.content: Conversation blocks and tool"
                        + " result blocks cannot be provided in the same turn.");
            }
        }
    }
}
