package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.bedrock.Tokens;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import tools.jackson.databind.JsonNode;

/**
 * InvokeModel through the sync SDK client, one realistic native body per model family: the answer has the family's
 * exact shape with the deterministic reply, and the token-count headers agree with the body.
 */
class InvokeModelFamiliesIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String QUESTION = "What is Amazon Bedrock?";
    private static final String SYSTEM = "Answer in one sentence.";
    /**
     * Tokens of "Modelgate emulator reply to: What is Amazon Bedrock?": Modelgate, emulator, reply, to, :, What, is,
     * Amazon, Bedrock, ?.
     */
    private static final int REPLY_TOKENS = 10;

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static InvokeModelResponse invoke(String modelId, String body) {
        InvokeModelResponse response = bedrock.invokeModel(r -> r.modelId(modelId).contentType("application/json")
                .accept("application/json").body(utf8(body)));
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.responseMetadata().requestId()).isNotBlank().isNotEqualTo("UNKNOWN");
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-RequestId")).isPresent();
        return response;
    }

    private static void assertTokenHeaders(InvokeModelResponse response, int input, int output) {
        assertThat(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Input-Token-Count"))
                .contains(Integer.toString(input));
        assertThat(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Output-Token-Count"))
                .contains(Integer.toString(output));
    }

    @Test
    void claudeMessages_answersWithAMessageObjectAndMatchingUsage() {
        InvokeModelResponse response = invoke("anthropic.claude-3-haiku-20240307-v1:0", """
                {"anthropic_version":"bedrock-2023-05-31","max_tokens":512,"temperature":0.5,"system":"%s",
                 "messages":[{"role":"user","content":[{"type":"text","text":"%s"}]}]}""".formatted(SYSTEM, QUESTION));

        JsonNode body = json(response.body());
        assertThat(body.get("id").stringValue()).startsWith("msg_bdrk_");
        assertThat(body.get("type").stringValue()).isEqualTo("message");
        assertThat(body.get("role").stringValue()).isEqualTo("assistant");
        assertThat(body.get("model").stringValue()).isEqualTo("claude-3-haiku-20240307");
        assertThat(body.get("content")).hasSize(1);
        assertThat(body.at("/content/0/type").stringValue()).isEqualTo("text");
        assertThat(body.at("/content/0/text").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.get("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        assertThat(body.at("/usage/input_tokens").intValue()).isEqualTo(10);
        assertThat(body.at("/usage/output_tokens").intValue()).isEqualTo(REPLY_TOKENS);
        assertTokenHeaders(response, 10, REPLY_TOKENS);
    }

    @Test
    void nova_answersWithTheMessagesV1OutputAndMatchingUsage() {
        InvokeModelResponse response = invoke("amazon.nova-lite-v1:0", """
                {"schemaVersion":"messages-v1","system":[{"text":"%s"}],
                 "messages":[{"role":"user","content":[{"text":"%s"}]}],
                 "inferenceConfig":{"maxTokens":512,"temperature":0.7,"topP":0.9,"topK":20}}""".formatted(SYSTEM, QUESTION));

        JsonNode body = json(response.body());
        assertThat(body.at("/output/message/role").stringValue()).isEqualTo("assistant");
        assertThat(body.at("/output/message/content")).hasSize(1);
        assertThat(body.at("/output/message/content/0/text").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.get("stopReason").stringValue()).isEqualTo("end_turn");
        assertThat(body.at("/usage/inputTokens").intValue()).isEqualTo(10);
        assertThat(body.at("/usage/outputTokens").intValue()).isEqualTo(REPLY_TOKENS);
        assertThat(body.at("/usage/totalTokens").intValue()).isEqualTo(10 + REPLY_TOKENS);
        assertTokenHeaders(response, 10, REPLY_TOKENS);
    }

    @Test
    void titanText_answersWithResultsAndMatchingCounts() {
        String inputText = "User: " + QUESTION + "\\nBot:";
        InvokeModelResponse response = invoke("amazon.titan-text-express-v1", """
                {"inputText":"%s","textGenerationConfig":{"maxTokenCount":512,"temperature":0.7,"topP":0.9,
                 "stopSequences":["User:"]}}""".formatted(inputText));

        JsonNode body = json(response.body());
        // "User: What is Amazon Bedrock?\nBot:" — User, :, What, is, Amazon, Bedrock, ?, Bot, :.
        assertThat(body.get("inputTextTokenCount").intValue()).isEqualTo(9);
        assertThat(body.get("results")).hasSize(1);
        assertThat(body.at("/results/0/outputText").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.at("/results/0/tokenCount").intValue()).isEqualTo(REPLY_TOKENS);
        assertThat(body.at("/results/0/completionReason").stringValue()).isEqualTo("FINISHED");
        assertTokenHeaders(response, 9, REPLY_TOKENS);
    }

    @Test
    void llama_answersWithAGenerationAndMatchingCounts() {
        String prompt = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n" + SYSTEM
                + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n" + QUESTION
                + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
        InvokeModelResponse response = invoke("meta.llama3-8b-instruct-v1:0", """
                {"prompt":"%s","max_gen_len":512,"temperature":0.5,"top_p":0.9}""".formatted(escaped(prompt)));

        JsonNode body = json(response.body());
        assertThat(body.get("generation").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.get("prompt_token_count").intValue()).isEqualTo(Tokens.count(prompt));
        assertThat(body.get("generation_token_count").intValue()).isEqualTo(REPLY_TOKENS);
        assertThat(body.get("stop_reason").stringValue()).isEqualTo("stop");
        assertTokenHeaders(response, Tokens.count(prompt), REPLY_TOKENS);
    }

    @Test
    void mistral_answersWithOutputs() {
        String prompt = "<s>[INST] " + QUESTION + " [/INST]";
        InvokeModelResponse response = invoke("mistral.mistral-7b-instruct-v0:2", """
                {"prompt":"%s","max_tokens":512,"temperature":0.5,"top_p":0.9,"top_k":50,"stop":["[INST]"]}"""
                .formatted(prompt));

        JsonNode body = json(response.body());
        assertThat(body.get("outputs")).hasSize(1);
        assertThat(body.at("/outputs/0/text").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.at("/outputs/0/stop_reason").stringValue()).isEqualTo("stop");
        // Mistral's body carries no counts; the headers still do.
        assertTokenHeaders(response, Tokens.count(prompt), REPLY_TOKENS);
    }

    @Test
    void cohereCommandR_answersWithAChatResponseAndBilledUnits() {
        InvokeModelResponse response = invoke("cohere.command-r-v1:0", """
                {"message":"%s","preamble":"%s","chat_history":[{"role":"USER","message":"Hello"},
                 {"role":"CHATBOT","message":"Hi there."}],"max_tokens":512,"temperature":0.3,"p":0.75,"k":0}"""
                .formatted(QUESTION, SYSTEM));

        JsonNode body = json(response.body());
        // Preamble (5) + "Hello" (1) + "Hi there." (3) + the question (5).
        int input = 14;
        assertThat(body.get("text").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.get("finish_reason").stringValue()).isEqualTo("COMPLETE");
        assertThat(body.get("response_id").stringValue()).isNotBlank();
        assertThat(body.get("generation_id").stringValue()).isNotBlank();
        assertThat(body.at("/chat_history/0/role").stringValue()).isEqualTo("CHATBOT");
        assertThat(body.at("/meta/billed_units/input_tokens").intValue()).isEqualTo(input);
        assertThat(body.at("/meta/billed_units/output_tokens").intValue()).isEqualTo(REPLY_TOKENS);
        assertTokenHeaders(response, input, REPLY_TOKENS);
    }

    @Test
    void jamba_answersWithAChatCompletion() {
        InvokeModelResponse response = invoke("ai21.jamba-1-5-mini-v1:0", """
                {"messages":[{"role":"system","content":"%s"},{"role":"user","content":"%s"}],
                 "max_tokens":512,"temperature":0.7,"top_p":0.9}""".formatted(SYSTEM, QUESTION));

        JsonNode body = json(response.body());
        assertThat(body.get("id").stringValue()).startsWith("chatcmpl-");
        assertThat(body.get("choices")).hasSize(1);
        assertThat(body.at("/choices/0/index").intValue()).isZero();
        assertThat(body.at("/choices/0/message/role").stringValue()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.at("/choices/0/finish_reason").stringValue()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(10);
        assertThat(body.at("/usage/completion_tokens").intValue()).isEqualTo(REPLY_TOKENS);
        assertThat(body.at("/usage/total_tokens").intValue()).isEqualTo(10 + REPLY_TOKENS);
        assertTokenHeaders(response, 10, REPLY_TOKENS);
    }

    @Test
    void deepSeekR1ThroughItsUsProfile_answersWithChoices() {
        String prompt = "<｜begin▁of▁sentence｜><｜User｜>" + QUESTION + "<｜Assistant｜><think>\\n";
        InvokeModelResponse response = invoke("us.deepseek.r1-v1:0", """
                {"prompt":"%s","max_tokens":512,"temperature":0.5,"top_p":0.9}""".formatted(prompt));

        JsonNode body = json(response.body());
        assertThat(body.get("choices")).hasSize(1);
        assertThat(body.at("/choices/0/text").stringValue()).isEqualTo(reply(QUESTION));
        assertThat(body.at("/choices/0/stop_reason").stringValue()).isEqualTo("stop");
        assertTokenHeaders(response, Tokens.count(prompt.replace("\\n", "\n")), REPLY_TOKENS);
    }

    private static String escaped(String text) {
        return text.replace("\n", "\\n");
    }
}
