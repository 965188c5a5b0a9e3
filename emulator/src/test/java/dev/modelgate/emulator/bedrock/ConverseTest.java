package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Converse / ConverseStream: request validation per the model shape, exact response and event shapes. */
class ConverseTest {

    private static final String CAPTURED = "{'messages':[{'role':'user','content':[{'text':'Say hi'}]}],"
            + "'inferenceConfig':{'maxTokens':64,'temperature':0.2}}";

    private static void assertRejected(String body, String message) {
        assertThatThrownBy(() -> ModelFamily.parseConverse(Json.bytes(body)))
                .isInstanceOfSatisfying(BedrockException.class,
                        e -> assertThat(e.errorType()).isEqualTo("ValidationException"))
                .hasMessage(message);
    }

    @Test
    void converse_capturedSdkBody_answersTheExactResponseShape() {
        Prompt prompt = ModelFamily.parseConverse(Json.bytes(CAPTURED));
        ModelFamily nova = ModelFamily.AMAZON_NOVA;
        byte[] body = nova.converseResponse(nova.generate(prompt), 302);

        assertThat(prompt.maxTokens()).isEqualTo(64);
        assertThat(Json.text(body)).isEqualTo(Json.parse("{'output':{'message':{'role':'assistant','content':[{"
                + "'text':'Modelgate emulator reply to: Say hi'}]}},'stopReason':'end_turn',"
                + "'usage':{'inputTokens':2,'outputTokens':7,'totalTokens':9},'metrics':{'latencyMs':302}}")
                .toString());
    }

    @Test
    void converseStream_events_followTheConverseStreamOutputUnion() {
        ModelFamily claude = ModelFamily.ANTHROPIC_CLAUDE;
        Generation g = claude.generate(ModelFamily.parseConverse(Json.bytes(CAPTURED)));
        List<ConverseEvent> events = claude.converseStreamEvents(g, 120);

        assertThat(events).extracting(ConverseEvent::eventType).containsExactly("messageStart",
                "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop",
                "metadata");
        assertThat(events).extracting(ConverseEvent::jsonText).containsExactly(
                "{\"role\":\"assistant\"}",
                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Modelgate emulator reply\"}}",
                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" to: Say\"}}",
                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" hi\"}}",
                "{\"contentBlockIndex\":0}",
                "{\"stopReason\":\"end_turn\"}",
                "{\"usage\":{\"inputTokens\":2,\"outputTokens\":7,\"totalTokens\":9},\"metrics\":{\"latencyMs\":120}}");
    }

    @Test
    void converse_withoutMaxTokens_usesTheFamilyDefault() {
        Prompt prompt = ModelFamily.parseConverse(Json.bytes("{'messages':[{'role':'user','content':[{'text':"
                + "'Say hi'}]}]}"));
        assertThat(prompt.maxTokens()).isEqualTo(Prompt.MODEL_DEFAULT);
        assertThat(ModelFamily.AMAZON_TITAN_TEXT.generate(prompt).stopReason()).isEqualTo("FINISHED");
    }

    @Test
    void converse_truncatedReply_mapsAnyFamilysMaxTokensReason() {
        Prompt prompt = ModelFamily.parseConverse(Json.bytes("{'messages':[{'role':'user','content':[{'text':"
                + "'Say hi'}]}],'inferenceConfig':{'maxTokens':1}}"));
        for (ModelFamily family : ModelFamily.values()) {
            assertThat(Json.parse(family.converseResponse(family.generate(prompt), 1)).get("stopReason").asString())
                    .as(family.name()).isEqualTo("max_tokens");
        }
    }

    @Test
    void converse_stopSequence_mapsToStopSequence() {
        Prompt prompt = ModelFamily.parseConverse(Json.bytes("{'messages':[{'role':'user','content':[{'text':"
                + "'Say hi'}]}],'inferenceConfig':{'stopSequences':['Say']},'system':[{'text':'Terse.'}]}"));
        ModelFamily cohere = ModelFamily.COHERE_COMMAND_R;
        var response = Json.parse(cohere.converseResponse(cohere.generate(prompt), 1));

        assertThat(prompt.system()).isEqualTo("Terse.");
        assertThat(response.get("stopReason").asString()).isEqualTo("stop_sequence");
        assertThat(response.at("/output/message/content/0/text").asString()).isEqualTo("Modelgate emulator reply to: ");
    }

    @Test
    void converse_outOfRangeInferenceConfig_listsEveryConstraintViolation() {
        assertRejected("{'messages':[{'role':'user','content':[{'text':'x'}]}],"
                        + "'inferenceConfig':{'maxTokens':0,'temperature':1.5,'topP':-0.5}}",
                "3 validation errors detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint:"
                        + " Member must have value greater than or equal to 1; Value '1.5' at"
                        + " 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less"
                        + " than or equal to 1; Value '-0.5' at 'inferenceConfig.topP' failed to satisfy constraint:"
                        + " Member must have value greater than or equal to 0");
    }

    @Test
    void converse_unknownRole_failsTheEnumConstraint() {
        assertRejected("{'messages':[{'role':'bot','content':[{'text':'x'}]}]}", "1 validation error detected: Value"
                + " 'bot' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value"
                + " set: [user, assistant, system]");
    }

    @Test
    void converse_missingRole_mustNotBeNull() {
        assertRejected("{'messages':[{'content':[{'text':'x'}]}]}", "1 validation error detected: Value null at"
                + " 'messages.1.member.role' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void converse_unknownField_isRejected() {
        assertRejected("{'messages':[{'role':'user','content':[{'text':'x'}]}],'inferenceConfig':{'topK':5}}",
                "The request contains an unrecognized field: inferenceConfig.topK. Remove it and try again.");
    }

    @Test
    void converse_contentBlockWithTwoMembers_isNotAUnion() {
        assertRejected("{'messages':[{'role':'user','content':[{'text':'x','cachePoint':{'type':'default'}}]}]}",
                "The format of the value at messages.0.content.0 is invalid. Provide exactly one member of"
                        + " ContentBlock for the field and try again.");
    }

    @Test
    void converse_maxTokensAsString_hasAnInvalidFormat() {
        assertRejected("{'messages':[{'role':'user','content':[{'text':'x'}]}],'inferenceConfig':{'maxTokens':'9'}}",
                "The format of the value at inferenceConfig.maxTokens is invalid. Provide an integer for the field"
                        + " and try again.");
    }

    @Test
    void converse_noMessagesOrAssistantFirst_mustStartWithAUserMessage() {
        String message = "A conversation must start with a user message. Try again with a conversation that starts"
                + " with a user message.";
        assertRejected("{'messages':[]}", message);
        assertRejected("{'inferenceConfig':{'maxTokens':5}}", message);
        assertRejected("{'messages':[{'role':'assistant','content':[{'text':'x'}]}]}", message);
    }

    @Test
    void converse_twoUserTurnsInARow_mustAlternate() {
        assertRejected("{'messages':[{'role':'user','content':[{'text':'a'}]},{'role':'user','content':[{'text':"
                + "'b'}]}]}", "A conversation must alternate between user and assistant roles. Make sure the"
                + " conversation alternates between user and assistant roles and try again.");
    }

    @Test
    void converse_emptyContentOrBlankText_isRejectedWithItsPosition() {
        assertRejected("{'messages':[{'role':'user','content':[]}]}", "The content field in the Message object at"
                + " messages.0 is empty. Add a ContentBlock object to the content field and try again.");
        assertRejected("{'messages':[{'role':'user','content':[{'text':'  '}]}]}", "The text field in the"
                + " ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.");
    }

    @Test
    void converse_historyAndSystem_countTowardsInputTokens() {
        Prompt prompt = ModelFamily.parseConverse(Json.bytes("{'system':[{'text':'Be brief.'}],'messages':["
                + "{'role':'user','content':[{'text':'One'}]},{'role':'assistant','content':[{'text':'Two'}]},"
                + "{'role':'user','content':[{'text':'Three'},{'text':'Four'}]}]}"));

        assertThat(prompt.text()).isEqualTo("Three\nFour");
        assertThat(prompt.inputTokens()).isEqualTo(3 + 1 + 1 + 2);
    }

    @Test
    void converse_imageBlocks_areValidatedAsTheServiceModelSays() {
        assertRejected("{'messages':[{'role':'user','content':[{'text':'Look'},{'image':{'format':'bmp',"
                + "'source':{'bytes':'iVBORw0KGgo='}}}]}]}", "1 validation error detected: Value 'bmp' at"
                + " 'messages.1.member.content.2.member.image.format' failed to satisfy constraint: Member must"
                + " satisfy enum value set: [png, jpeg, gif, webp]");
        assertRejected("{'messages':[{'role':'user','content':[{'image':{'format':'png',"
                + "'source':{'bytes':'not base64!'}}}]}]}", "The format of the value at"
                + " messages.0.content.0.image.source.bytes is invalid. Provide a base64-encoded string for the"
                + " field and try again.");
        assertRejected("{'messages':[{'role':'user','content':[{'image':{'format':'png','source':{}}}]}]}",
                "The format of the value at messages.0.content.0.image.source is invalid. Provide exactly one"
                        + " member of ImageSource for the field and try again.");
    }

    @Test
    void converse_documentBlocks_needANameAndASource() {
        assertRejected("{'messages':[{'role':'user','content':[{'document':{'format':'txt'}}]}]}",
                "2 validation errors detected: Value null at 'messages.1.member.content.1.member.document.name'"
                        + " failed to satisfy constraint: Member must not be null; Value null at"
                        + " 'messages.1.member.content.1.member.document.source' failed to satisfy constraint:"
                        + " Member must not be null");
    }

    @Test
    void modalities_imageToATextOnlyModel_isRefusedAndToAMultimodalOneAccepted() {
        FoundationModel micro = ModelCatalog.defaultCatalog().foundationModel("amazon.nova-micro-v1:0").orElseThrow();
        FoundationModel lite = ModelCatalog.defaultCatalog().foundationModel("amazon.nova-lite-v1:0").orElseThrow();
        var body = Json.parse("{'messages':[{'role':'user','content':[{'text':'Look'},{'image':{'format':'png',"
                + "'source':{'bytes':'iVBORw0KGgo='}}}]}]}");
        ModelFamily.parseConverse(body);

        assertThatThrownBy(() -> Modalities.requireConverse(body, micro)).hasMessage("This model doesn't support"
                + " the image content block that you provided. Update the content block and try again.");
        Modalities.requireConverse(body, lite);
    }
}
