package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Each family's valid native body gives its exact InvokeModel response shape. */
class ModelFamilyInvokeTest {

    private static JsonNode invoke(ModelFamily family, String modelId, String body) {
        Prompt prompt = family.parse(Json.parse(body), modelId);
        return Json.parse(family.invokeResponse(family.generate(prompt), modelId));
    }

    @Test
    void claude_capturedSdkBody_answersMessageWithUsage() {
        String body = "{'anthropic_version':'bedrock-2023-05-31','max_tokens':64,"
                + "'messages':[{'role':'user','content':'Say hi'}]}";
        JsonNode r = invoke(ModelFamily.ANTHROPIC_CLAUDE, "anthropic.claude-3-haiku-20240307-v1:0", body);

        assertThat(r.get("id").stringValue()).matches("msg_bdrk_01[0-9A-Za-z]{22}");
        assertThat(r.propertyNames()).containsExactly("id", "type", "role", "model", "content", "stop_reason",
                "stop_sequence", "usage");
        ((ObjectNode) r).put("id", "X");
        assertThat(r.toString()).isEqualTo(Json.parse("{'id':'X','type':'message','role':'assistant',"
                + "'model':'claude-3-haiku-20240307','content':[{'type':'text','text':"
                + "'Modelgate emulator reply to: Say hi'}],'stop_reason':'end_turn','stop_sequence':null,"
                + "'usage':{'input_tokens':2,'output_tokens':7}}").toString());
    }

    @Test
    void claude_identicalRequests_giveIdenticalBodies() {
        String body = "{'anthropic_version':'bedrock-2023-05-31','max_tokens':64,"
                + "'messages':[{'role':'user','content':[{'type':'text','text':'Same'}]}]}";
        ModelFamily f = ModelFamily.ANTHROPIC_CLAUDE;
        String id = "anthropic.claude-3-haiku-20240307-v1:0";
        byte[] first = f.invokeResponse(f.generate(f.parse(Json.parse(body), id)), id);
        byte[] second = f.invokeResponse(f.generate(f.parse(Json.parse(body), id)), id);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void claude_systemBlocksAndHistory_countAllTextsAndAnswerTheLastUserTurn() {
        String body = "{'anthropic_version':'bedrock-2023-05-31','max_tokens':64,'system':[{'type':'text',"
                + "'text':'Be terse.'}],'messages':[{'role':'user','content':'One'},{'role':'assistant',"
                + "'content':'Two'},{'role':'user','content':[{'type':'text','text':'Three four'}]}]}";
        Prompt p = ModelFamily.ANTHROPIC_CLAUDE.parse(Json.parse(body));

        assertThat(p.system()).isEqualTo("Be terse.");
        assertThat(p.text()).isEqualTo("Three four");
        assertThat(p.inputTokens()).isEqualTo(3 + 1 + 1 + 2);
    }

    @Test
    void claude_smallMaxTokens_truncatesWithMaxTokensReason() {
        String body = "{'anthropic_version':'bedrock-2023-05-31','max_tokens':2,"
                + "'messages':[{'role':'user','content':'Say hi'}]}";
        JsonNode r = invoke(ModelFamily.ANTHROPIC_CLAUDE, "anthropic.claude-3-haiku-20240307-v1:0", body);

        assertThat(r.at("/content/0/text").stringValue()).isEqualTo("Modelgate emulator");
        assertThat(r.get("stop_reason").stringValue()).isEqualTo("max_tokens");
        assertThat(r.at("/usage/output_tokens").intValue()).isEqualTo(2);
    }

    @Test
    void claude_stopSequenceInReply_stopsBeforeItAndNamesIt() {
        String body = "{'anthropic_version':'bedrock-2023-05-31','max_tokens':64,'stop_sequences':['to:'],"
                + "'messages':[{'role':'user','content':'Say hi'}]}";
        JsonNode r = invoke(ModelFamily.ANTHROPIC_CLAUDE, "anthropic.claude-3-haiku-20240307-v1:0", body);

        assertThat(r.at("/content/0/text").stringValue()).isEqualTo("Modelgate emulator reply ");
        assertThat(r.get("stop_reason").stringValue()).isEqualTo("stop_sequence");
        assertThat(r.get("stop_sequence").stringValue()).isEqualTo("to:");
    }

    @Test
    void nova_messagesBody_answersOutputMessageWithUsageTotals() {
        String body = "{'system':[{'text':'Terse'}],'messages':[{'role':'user','content':[{'text':'Say hi'}]}],"
                + "'inferenceConfig':{'maxTokens':64,'temperature':0.2}}";
        JsonNode r = invoke(ModelFamily.AMAZON_NOVA, "amazon.nova-lite-v1:0", body);

        assertThat(r.toString()).isEqualTo(Json.parse("{'output':{'message':{'role':'assistant','content':[{"
                + "'text':'Modelgate emulator reply to: Say hi'}]}},'stopReason':'end_turn',"
                + "'usage':{'inputTokens':3,'outputTokens':7,'totalTokens':10}}").toString());
    }

    @Test
    void titan_conversationalPrompt_answersResultsWithCompletionReason() {
        String body = "{'inputText':'User: Say hi\\nBot:','textGenerationConfig':{'maxTokenCount':100}}";
        JsonNode r = invoke(ModelFamily.AMAZON_TITAN_TEXT, "amazon.titan-text-express-v1", body);

        assertThat(r.toString()).isEqualTo(Json.parse("{'inputTextTokenCount':6,'results':[{'tokenCount':7,"
                + "'outputText':'Modelgate emulator reply to: Say hi','completionReason':'FINISHED'}]}").toString());
    }

    @Test
    void titan_truncated_saysLength() {
        JsonNode r = invoke(ModelFamily.AMAZON_TITAN_TEXT, "amazon.titan-text-express-v1",
                "{'inputText':'Say hi','textGenerationConfig':{'maxTokenCount':1}}");
        assertThat(r.at("/results/0/completionReason").stringValue()).isEqualTo("LENGTH");
        assertThat(r.at("/results/0/outputText").stringValue()).isEqualTo("Modelgate");
    }

    @Test
    void llama_templatedPrompt_answersTheLastUserTurn() {
        String prompt = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\\nSay hi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>";
        JsonNode r = invoke(ModelFamily.META_LLAMA, "meta.llama3-8b-instruct-v1:0",
                "{'prompt':'" + prompt + "','max_gen_len':512,'temperature':0.5}");

        assertThat(r.propertyNames()).containsExactly("generation", "prompt_token_count", "generation_token_count",
                "stop_reason");
        assertThat(r.get("generation").stringValue()).isEqualTo("Modelgate emulator reply to: Say hi");
        assertThat(r.get("prompt_token_count").intValue()).isEqualTo(Tokens.count(prompt.replace("\\n", "\n")));
        assertThat(r.get("generation_token_count").intValue()).isEqualTo(7);
        assertThat(r.get("stop_reason").stringValue()).isEqualTo("stop");
    }

    @Test
    void mistral_instPrompt_answersOutputs() {
        JsonNode r = invoke(ModelFamily.MISTRAL, "mistral.mistral-7b-instruct-v0:2",
                "{'prompt':'<s>[INST] Say hi [/INST]','max_tokens':3}");
        assertThat(r.toString()).isEqualTo(Json.parse(
                "{'outputs':[{'text':'Modelgate emulator reply','stop_reason':'length'}]}").toString());
    }

    @Test
    void cohere_chatBody_answersV1ChatResponse() {
        JsonNode r = invoke(ModelFamily.COHERE_COMMAND_R, "cohere.command-r-v1:0",
                "{'message':'Say hi','preamble':'Be nice','chat_history':[{'role':'USER','message':'Earlier'}]}");

        assertThat(r.propertyNames()).containsExactly("response_id", "text", "generation_id", "chat_history",
                "finish_reason", "meta");
        assertThat(r.get("response_id").stringValue()).matches("[0-9a-f-]{36}");
        assertThat(r.get("text").stringValue()).isEqualTo("Modelgate emulator reply to: Say hi");
        assertThat(r.get("finish_reason").stringValue()).isEqualTo("COMPLETE");
        assertThat(r.at("/chat_history/0/role").stringValue()).isEqualTo("CHATBOT");
        assertThat(r.at("/meta/billed_units/input_tokens").intValue()).isEqualTo(2 + 1 + 2);
        assertThat(r.at("/meta/billed_units/output_tokens").intValue()).isEqualTo(7);
    }

    @Test
    void jamba_chatMessages_answersChatCompletionWithUsage() {
        JsonNode r = invoke(ModelFamily.AI21_JAMBA, "ai21.jamba-1-5-mini-v1:0",
                "{'messages':[{'role':'system','content':'Terse'},{'role':'user','content':'Say hi'}],"
                        + "'max_tokens':100}");

        assertThat(r.get("id").stringValue()).startsWith("chatcmpl-");
        assertThat(r.at("/choices/0/index").intValue()).isZero();
        assertThat(r.at("/choices/0/message/role").stringValue()).isEqualTo("assistant");
        assertThat(r.at("/choices/0/message/content").stringValue()).isEqualTo("Modelgate emulator reply to: Say hi");
        assertThat(r.at("/choices/0/finish_reason").stringValue()).isEqualTo("stop");
        assertThat(r.get("usage").toString()).isEqualTo(Json.parse(
                "{'prompt_tokens':3,'completion_tokens':7,'total_tokens':10}").toString());
    }

    @Test
    void deepSeek_templatedPrompt_answersChoices() {
        JsonNode r = invoke(ModelFamily.DEEPSEEK_R1, "deepseek.r1-v1:0",
                "{'prompt':'<｜begin▁of▁sentence｜><｜User｜>Say hi<｜Assistant｜><think>\\n','max_tokens':512}");
        assertThat(r.toString()).isEqualTo(Json.parse(
                "{'choices':[{'text':'Modelgate emulator reply to: Say hi','stop_reason':'stop'}]}").toString());
    }
}
