package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each family rejects invalid native bodies with AWS's validator wording. */
class ModelFamilyValidationTest {

    private static final String CLAUDE_PREFIX = "Malformed input request: #: subject must not be valid against schema"
            + " {\"required\":[\"messages\"]}";
    private static final String SUFFIX = ", please reformat your input and try again.";

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ModelFamily family, String body,
                                                                                  String message) {
        return assertThatThrownBy(() -> family.parse(Json.bytes(body), "anthropic.claude-3-haiku-20240307-v1:0"))
                .isInstanceOfSatisfying(BedrockException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("ValidationException");
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessage(message);
    }

    @Test
    void claude_missingMaxTokens_isReportedAfterTheTextCompletionAlternative() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE,
                "{'anthropic_version':'bedrock-2023-05-31','messages':[{'role':'user','content':'hi'}]}",
                CLAUDE_PREFIX + "#: required key [max_tokens] not found" + SUFFIX);
    }

    @Test
    void claude_extraneousKeys_areAllReportedInRequestOrder() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE, "{'anthropic_version':'bedrock-2023-05-31','max_tokens':10,"
                        + "'stream':true,'messages':[{'role':'user','content':'hi'}],'model':'x'}",
                CLAUDE_PREFIX + "#: extraneous key [stream] is not permitted#: extraneous key [model] is not permitted"
                        + SUFFIX);
    }

    @Test
    void claude_wrongTypesAndRanges_useEveritWording() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE, "{'anthropic_version':'bedrock-2023-05-31','max_tokens':'10',"
                        + "'temperature':1.5,'messages':[{'role':'system','content':[]}]}",
                CLAUDE_PREFIX + "#/max_tokens: expected type: Integer, found: String"
                        + "#/messages/0/role: system is not a valid enum value"
                        + "#/messages/0/content: expected type: String, found: JSONArray"
                        + "#/messages/0/content: expected minimum item count: 1, found: 0"
                        + "#/temperature: 1.5 is not less or equal to 1" + SUFFIX);
    }

    @Test
    void claude_wrongAnthropicVersion_isNotAValidEnumValue() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE, "{'anthropic_version':'2023-06-01','max_tokens':10,"
                        + "'messages':[{'role':'user','content':'hi'}]}",
                CLAUDE_PREFIX + "#/anthropic_version: 2023-06-01 is not a valid enum value" + SUFFIX);
    }

    @Test
    void claude_emptyBody_isCheckedAsATextCompletion() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE, "{}", "Malformed input request: #: required key [prompt] not"
                + " found#: required key [max_tokens_to_sample] not found" + SUFFIX);
    }

    @Test
    void claude_validTextCompletion_isRefusedForMessagesOnlyModels() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE, "{'prompt':'\\n\\nHuman: hi\\n\\nAssistant:',"
                        + "'max_tokens_to_sample':100}",
                "\"claude-3-haiku-20240307\" is not supported on this API. Please use the Messages API instead.");
    }

    @Test
    void anyFamily_bodyThatIsNotJson_isMalformed() {
        assertRejected(ModelFamily.META_LLAMA, "not json",
                "Malformed input request: expected a JSON object, found invalid JSON" + SUFFIX);
    }

    @Test
    void anyFamily_emptyBody_isMalformed() {
        assertRejected(ModelFamily.ANTHROPIC_CLAUDE, "",
                "Malformed input request: expected a JSON object, found invalid JSON" + SUFFIX);
        assertThatThrownBy(() -> ModelFamily.parseConverse(new byte[0])).hasMessage(
                "Malformed input request: expected a JSON object, found invalid JSON" + SUFFIX);
    }

    @Test
    void anyFamily_jsonArrayBody_expectsAJsonObject() {
        assertRejected(ModelFamily.AMAZON_TITAN_TEXT, "[1]",
                "Malformed input request: #: expected type: JSONObject, found: JSONArray" + SUFFIX);
    }

    @Test
    void nova_claudeStyleBlocks_reportTheExtraneousTypeKey() {
        assertRejected(ModelFamily.AMAZON_NOVA, "{'messages':[{'role':'user','content':[{'type':'text','text':'x'}]}]}",
                "Malformed input request: #/messages/0/content/0: extraneous key [type] is not permitted" + SUFFIX);
    }

    @Test
    void nova_titanStyleBody_missesMessages() {
        assertRejected(ModelFamily.AMAZON_NOVA, "{'inputText':'hi'}", "Malformed input request: #: required key"
                + " [messages] not found#: extraneous key [inputText] is not permitted" + SUFFIX);
    }

    @Test
    void titan_missingInputTextAndBadConfig_areReported() {
        assertRejected(ModelFamily.AMAZON_TITAN_TEXT, "{'textGenerationConfig':{'maxTokenCount':10000,"
                        + "'stopSequences':'|'}}",
                "Malformed input request: #: required key [inputText] not found"
                        + "#/textGenerationConfig/maxTokenCount: 10000 is not less or equal to 8192"
                        + "#/textGenerationConfig/stopSequences: expected type: JSONArray, found: String" + SUFFIX);
    }

    @Test
    void llama_maxTokensInsteadOfMaxGenLen_isExtraneous() {
        assertRejected(ModelFamily.META_LLAMA, "{'prompt':'hi','max_tokens':10,'n':1}", "Malformed input request:"
                + " #: extraneous key [max_tokens] is not permitted#: extraneous key [n] is not permitted" + SUFFIX);
    }

    @Test
    void llama_topPAboveOne_isNotLessOrEqualToOne() {
        assertRejected(ModelFamily.META_LLAMA, "{'prompt':'hi','top_p':1.50}",
                "Malformed input request: #/top_p: 1.50 is not less or equal to 1" + SUFFIX);
    }

    @Test
    void mistral_missingPrompt_isRequired() {
        assertRejected(ModelFamily.MISTRAL, "{'messages':[]}", "Malformed input request: #: required key [prompt]"
                + " not found#: extraneous key [messages] is not permitted" + SUFFIX);
    }

    @Test
    void cohere_pOfOne_isAboveItsLimit() {
        assertRejected(ModelFamily.COHERE_COMMAND_R, "{'message':'hi','p':1}",
                "Malformed input request: #/p: 1 is not less or equal to 0.99" + SUFFIX);
    }

    @Test
    void cohere_legacyPromptBody_missesMessage() {
        assertRejected(ModelFamily.COHERE_COMMAND_R, "{'prompt':'hi','stream':true}", "Malformed input request:"
                + " #: required key [message] not found#: extraneous key [prompt] is not permitted"
                + "#: extraneous key [stream] is not permitted" + SUFFIX);
    }

    @Test
    void jamba_contentBlocksInsteadOfString_expectString() {
        assertRejected(ModelFamily.AI21_JAMBA, "{'messages':[{'role':'user','content':[{'text':'x'}]}]}",
                "Malformed input request: #/messages/0/content: expected type: String, found: JSONArray" + SUFFIX);
    }

    @Test
    void jamba_temperatureAboveTwo_isRejected() {
        assertRejected(ModelFamily.AI21_JAMBA, "{'messages':[{'role':'user','content':'x'}],'temperature':2.5}",
                "Malformed input request: #/temperature: 2.5 is not less or equal to 2" + SUFFIX);
    }

    @Test
    void deepSeek_maxTokensZeroAndTooManyStops_areRejected() {
        assertRejected(ModelFamily.DEEPSEEK_R1, "{'prompt':'x','max_tokens':0,'stop':['1','2','3','4','5','6','7',"
                        + "'8','9','10','11']}",
                "Malformed input request: #/max_tokens: 0 is not greater or equal to 1"
                        + "#/stop: expected maximum item count: 10, found: 11" + SUFFIX);
    }
}
