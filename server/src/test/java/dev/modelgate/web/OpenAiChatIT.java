package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible API driven by OpenAI's official SDK for Java, as an agent would: Modelgate with an agent key
 * as the API key and the workspace's model names as models, the emulator behind it. Every answer, chunk and error
 * is read by the SDK's own types.
 */
class OpenAiChatIT extends OpenAiTestBase {

    private static final String WEATHER_PROMPT = "Use get_weather for the weather in Paris";
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private static ChatCompletionCreateParams.Builder chat(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt);
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                .description("The current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build()).build();
    }

    /** The text the native invoke endpoint answers for one prompt: what the chat must answer too. */
    private String nativeText(String model, String prompt) {
        JsonNode answer = api.post(InvokeApiIT.invokePath(model), Map.of("variables", Map.of("prompt", prompt))).json();
        UsageTables.deleteAll(jdbc);
        return answer.at("/output/text").stringValue();
    }

    private static List<ChatCompletionChunk> all(StreamResponse<ChatCompletionChunk> stream) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        stream.stream().forEach(chunks::add);
        return chunks;
    }

    private static String text(List<ChatCompletionChunk> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        return text.toString();
    }

    private void assertOneChatCompletionRecord(String outcome) {
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("KIND", "CHAT_COMPLETIONS").containsEntry("OUTCOME", outcome));
    }

    @Test
    void plainChat_converseModel_answersTheModelsText_withUsage() {
        converseModel("chat");
        String expected = nativeText("chat", "Say hello.");

        ChatCompletion completion = client(agentKey).chat().completions().create(chat("chat", "Say hello.")
                .addSystemMessage("Answer briefly.").build());

        assertThat(completion.model()).isEqualTo("chat");
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.message().content()).contains(expected);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(usage.completionTokens()).isPositive();
        assertThat(sent("Converse").at("/system").toString()).contains("Answer briefly.");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("KIND", "CHAT_COMPLETIONS").containsEntry("OUTCOME", "OK")
                .containsEntry("INPUT_TOKENS", usage.promptTokens())
                .containsEntry("OUTPUT_TOKENS", usage.completionTokens()));
    }

    @Test
    void plainChat_templateModel_fillsItsPromptVariable_andAnswersTheMappedText() {
        templateModel("haiku");
        String expected = nativeText("haiku", "Say hello.");

        ChatCompletion completion = client(agentKey).chat().completions().create(chat("haiku", "Say hello.").build());

        assertThat(completion.choices().getFirst().message().content()).contains(expected);
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(sent("InvokeModel").at("/messages/0/content").stringValue()).isEqualTo("Say hello.");
        assertOneChatCompletionRecord("OK");
    }

    @Test
    void stream_converseModel_withIncludeUsage_deltasMakeTheWholeText_andTheLastChunkCarriesTheUsage() {
        converseModel("chat");
        ChatCompletion whole = client(agentKey).chat().completions().create(chat("chat", "Say hello to everyone.")
                .build());
        UsageTables.deleteAll(jdbc);

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client(agentKey).chat().completions().createStreaming(
                chat("chat", "Say hello to everyone.").streamOptions(ChatCompletionStreamOptions.builder()
                        .includeUsage(true).build()).build())) {
            chunks = all(stream);
        }

        assertThat(text(chunks)).isEqualTo(whole.choices().getFirst().message().content().orElseThrow());
        assertThat(chunks.stream().filter(c -> !c.choices().isEmpty()
                && c.choices().getFirst().delta().content().filter(t -> !t.isEmpty()).isPresent()).count())
                .isGreaterThan(1);
        assertThat(chunks.get(chunks.size() - 2).choices().getFirst().finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).contains(whole.usage().orElseThrow());
        assertOneChatCompletionRecord("OK");
    }

    @Test
    void stream_templateModel_withIncludeUsage_usesTheStreamMapping() {
        templateModel("haiku");
        String expected = nativeText("haiku", "Say hello.");

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client(agentKey).chat().completions().createStreaming(
                chat("haiku", "Say hello.").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true)
                        .build()).build())) {
            chunks = all(stream);
        }

        assertThat(text(chunks)).isEqualTo(expected);
        CompletionUsage usage = chunks.getLast().usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("KIND", "CHAT_COMPLETIONS").containsEntry("OUTCOME", "OK")
                .containsEntry("OUTPUT_TOKENS", usage.completionTokens()));
    }

    @Test
    void toolRoundTrip_toolCall_thenToolResult_thenTheFinalAnswer() {
        converseModel("chat");
        OpenAIClient client = client(agentKey);
        ChatCompletionCreateParams first = chat("chat", WEATHER_PROMPT).addTool(weatherTool()).build();

        ChatCompletion call = client.chat().completions().create(first);

        ChatCompletion.Choice choice = call.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall toolCall = choice.message().toolCalls().orElseThrow().getFirst()
                .asFunction();
        assertThat(toolCall.function().name()).isEqualTo("get_weather");
        assertThat(toolCall.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(sent("Converse").at("/toolConfig/tools/0/toolSpec/name").stringValue()).isEqualTo("get_weather");

        ChatCompletion answer = client.chat().completions().create(first.toBuilder()
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
                        .content("21 degrees and a clear sky").build())
                .build());

        assertThat(answer.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(answer.choices().getFirst().message().content().orElseThrow())
                .startsWith("The tool get_weather returned:").contains("21 degrees and a clear sky");
        JsonNode sent = sent("Converse");
        assertThat(sent.at("/messages/1/content/0/toolUse/toolUseId").stringValue()).isEqualTo(toolCall.id());
        assertThat(sent.at("/messages/2/content/0/toolResult/toolUseId").stringValue()).isEqualTo(toolCall.id());
        assertThat(usageRecords()).extracting(r -> r.get("KIND")).containsExactly("CHAT_COMPLETIONS",
                "CHAT_COMPLETIONS");
    }

    @Test
    void toolRoundTrip_streamed_argumentDeltasAssembleIntoTheCall_andTheResultGoesBack() {
        converseModel("chat");
        OpenAIClient client = client(agentKey);
        ChatCompletionCreateParams first = chat("chat", WEATHER_PROMPT).addTool(weatherTool()).build();

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(first)) {
            chunks = all(stream);
        }
        chunks.forEach(accumulator::accumulate);

        long toolDeltas = chunks.stream().filter(c -> !c.choices().isEmpty())
                .filter(c -> c.choices().getFirst().delta().toolCalls().filter(t -> !t.isEmpty()).isPresent()).count();
        assertThat(toolDeltas).as("the call's first chunk and its argument pieces").isGreaterThan(1);
        ChatCompletion assembled = accumulator.chatCompletion();
        ChatCompletionMessage message = assembled.choices().getFirst().message();
        assertThat(assembled.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall toolCall = message.toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(toolCall.function().name()).isEqualTo("get_weather");
        assertThat(Api.parse(toolCall.function().arguments())).isEqualTo(Api.parse("{\"city\": \"Paris\"}"));

        List<ChatCompletionChunk> answer;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                first.toBuilder().addMessage(message).addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(toolCall.id()).content("21 degrees").build()).build())) {
            answer = all(stream);
        }

        assertThat(text(answer)).startsWith("The tool get_weather returned:").contains("21 degrees");
        assertThat(usageRecords()).extracting(r -> r.get("OUTCOME")).containsExactly("OK", "OK");
    }

    @Test
    void imagePart_asADataUrl_reachesConverseAsAnImageBlock() {
        converseModel("chat");

        ChatCompletion completion = client(agentKey).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in this picture?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64," + PNG).build()).build())))
                .build());

        assertThat(completion.choices().getFirst().message().content().orElseThrow()).isNotBlank();
        JsonNode sent = sent("Converse");
        assertThat(sent.at("/messages/0/content/0/text").stringValue()).isEqualTo("What is in this picture?");
        assertThat(sent.at("/messages/0/content/1/image/format").stringValue()).isEqualTo("png");
        assertThat(Base64.getDecoder().decode(sent.at("/messages/0/content/1/image/source/bytes").stringValue()))
                .isEqualTo(Base64.getDecoder().decode(PNG));
    }

    @Test
    void models_listAndRetrieve() {
        converseModel("chat");
        templateModel("haiku");

        List<Model> listed = client(agentKey).models().list().data();
        Model one = client(agentKey).models().retrieve("haiku");

        assertThat(listed).extracting(Model::id).containsExactlyInAnyOrder("chat", "haiku");
        assertThat(listed).allSatisfy(m -> assertThat(m.ownedBy()).isEqualTo("default"));
        assertThat(one.id()).isEqualTo("haiku");
        assertThat(one.created()).isPositive();
        NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                () -> client(agentKey).models().retrieve("nope"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.code()).contains("model_not_found");
    }

    // Errors, each as the SDK's exception of its status with OpenAI's error body

    private static void assertError(OpenAIServiceException e, int status, String type, String code, String param) {
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.type()).contains(type);
        assertThat(e.code()).contains(code);
        if (param == null) {
            assertThat(e.param()).isEmpty();
        } else {
            assertThat(e.param()).contains(param);
        }
        assertThat(e.body().convert(Map.class).get("message")).asString().isNotBlank();
    }

    @Test
    void error400_namesTheParameter() {
        converseModel("chat");

        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> client(agentKey).chat().completions().create(chat("chat", "Hi").n(2).build()));

        assertError(e, 400, "invalid_request_error", "unsupported_value", "n");
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void error401_anUnknownKey() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> client("mg_unknown").chat().completions().create(chat("chat", "Hi").build()));

        assertError(e, 401, "invalid_request_error", "invalid_api_key", null);
    }

    @Test
    void error404_anUnknownModel() {
        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> client(agentKey).chat().completions().create(chat("nope", "Hi").build()));

        assertError(e, 404, "invalid_request_error", "model_not_found", "model");
    }

    @Test
    void error409_aDisabledModel_theSdkIsToldNotToRetry() {
        JsonNode model = converseModel("chat");
        assertThat(api.put(path(model) + "/inference", "{\"enabled\": false}").status()).isEqualTo(200);

        UnexpectedStatusCodeException e = catchThrowableOfType(UnexpectedStatusCodeException.class,
                () -> client(agentKey).chat().completions().create(chat("chat", "Hi").build()));

        assertError(e, 409, "invalid_request_error", "inference_disabled", null);
        assertThat(e.headers().values("x-should-retry")).containsExactly("false");
    }

    @Test
    void error422_aBodyBedrockRefuses() {
        var draft = StreamingInvokeIT.streamed("haiku", InvokeApiIT.TENANT_ROLE);
        draft.put("requestTemplate", "{\"anthropic_version\": \"bedrock-2023-05-31\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}");
        ready(draft);

        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class,
                () -> client(agentKey).chat().completions().create(chat("haiku", "Hi").build()));

        assertError(e, 422, "invalid_request_error", "bedrock_validation", null);
    }

    @Test
    void error429_throttled_withRetryAfter() {
        converseModel("chat");
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING));

        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> client(agentKey).chat().completions().create(chat("chat", "Hi").build()));

        assertError(e, 429, "requests", "rate_limit_exceeded", null);
        assertThat(e.headers().values("Retry-After")).containsExactly("2");
        assertThat(e.headers().values("retry-after-ms")).containsExactly("2000");
        assertOneChatCompletionRecord("THROTTLED");
    }

    @Test
    void error5xx_bedrockUnavailable_andTheModelFailing() {
        converseModel("chat");
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.SERVICE_UNAVAILABLE));

        InternalServerException unavailable = catchThrowableOfType(InternalServerException.class,
                () -> client(agentKey).chat().completions().create(chat("chat", "Hi").build()));

        assertError(unavailable, 503, "server_error", "bedrock_unavailable", null);
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_ERROR));
        InternalServerException failed = catchThrowableOfType(InternalServerException.class,
                () -> client(agentKey).chat().completions().create(chat("chat", "Hi").build()));
        assertError(failed, 502, "server_error", "model_error", null);
    }

    @Test
    void midStreamFailure_isOneErrorChunk_theSdkThrowsItsSseException() {
        templateModel("haiku");
        aws.emulator().faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null,
                "InvokeModelWithResponseStream", 4, null));
        List<ChatCompletionChunk> received = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client(agentKey).chat().completions().createStreaming(
                chat("haiku", "Say hello.").build())) {
            assertThatThrownBy(() -> stream.stream().forEach(received::add)).isInstanceOfSatisfying(
                    SseException.class, e -> {
                        assertThat(e.code()).as(e.body().toString()).contains("model_stream_error");
                        assertThat(e.type()).contains("server_error");
                    });
        }
        assertThat(text(received)).isNotEmpty();
        assertOneChatCompletionRecord("MODEL_STREAM_ERROR");
    }
}
