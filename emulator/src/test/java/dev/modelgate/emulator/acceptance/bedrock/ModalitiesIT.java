package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Image and document content against the catalogue's modalities: a multimodal model answers, a text-only model is
 * refused with AWS's ValidationException, through Converse and through the native InvokeModel bodies of Claude and
 * Nova.
 */
class ModalitiesIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String NOVA_MICRO = "amazon.nova-micro-v1:0";
    private static final String TITAN = "amazon.titan-text-express-v1";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String IMAGE_REFUSED = "This model doesn't support the image content block that you"
            + " provided. Update the content block and try again.";

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static ConverseRequest withImage(String modelId) {
        return ConverseRequest.builder().modelId(modelId).messages(m -> m.role(ConversationRole.USER).content(
                ContentBlock.fromText("What is in the picture?"),
                ContentBlock.fromImage(i -> i.format(ImageFormat.PNG).source(s -> s.bytes(SdkBytes.fromByteArray(PNG))))))
                .build();
    }

    private static ConverseRequest withDocument(String modelId) {
        return ConverseRequest.builder().modelId(modelId).messages(m -> m.role(ConversationRole.USER).content(
                ContentBlock.fromText("Summarise the notes"),
                ContentBlock.fromDocument(d -> d.format(DocumentFormat.TXT).name("notes")
                        .source(s -> s.bytes(SdkBytes.fromUtf8String("Meeting at noon."))))))
                .build();
    }

    private static String refusal(Runnable call) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void converse_imageToAMultimodalModel_isAnswered() {
        ConverseResponse response = bedrock.converse(withImage(HAIKU));

        assertThat(response.output().message().content().getFirst().text())
                .isEqualTo(reply("What is in the picture?"));
    }

    @Test
    void converse_imageToATextOnlyModel_isRefused() {
        assertThat(refusal(() -> bedrock.converse(withImage(NOVA_MICRO)))).isEqualTo(IMAGE_REFUSED);
    }

    @Test
    void converse_documentToAModelWithDocumentChat_isAnswered_andToOneWithout_isRefused() {
        assertThat(bedrock.converse(withDocument(HAIKU)).output().message().content().getFirst().text())
                .isEqualTo(reply("Summarise the notes"));

        assertThat(refusal(() -> bedrock.converse(withDocument(TITAN)))).isEqualTo("This model doesn't support the"
                + " document content block that you provided. Update the content block and try again.");
    }

    @Test
    void converse_unknownImageFormat_isRefusedWithTheEnumConstraint() {
        ConverseRequest request = ConverseRequest.builder().modelId(HAIKU).messages(m -> m.role(ConversationRole.USER)
                .content(ContentBlock.fromImage(i -> i.format("bmp").source(s -> s.bytes(SdkBytes.fromByteArray(PNG))))))
                .build();

        assertThat(refusal(() -> bedrock.converse(request))).isEqualTo("1 validation error detected: Value 'bmp' at"
                + " 'messages.1.member.content.1.member.image.format' failed to satisfy constraint: Member must"
                + " satisfy enum value set: [png, jpeg, gif, webp]");
    }

    private static String claudeImage(String mediaType) {
        return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"" + mediaType
                + "\",\"data\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}},"
                + "{\"type\":\"text\",\"text\":\"Describe it\"}]}]}";
    }

    @Test
    void invokeModel_claudeImageContent_isAnswered() {
        var response = bedrock.invokeModel(r -> r.modelId(HAIKU).contentType("application/json")
                .body(utf8(claudeImage("image/png"))));

        assertThat(json(response.body()).path("content").get(0).path("text").stringValue())
                .isEqualTo(reply("Describe it"));
    }

    @Test
    void invokeModel_claudeImageOfAnUnknownMediaType_isRefused() {
        assertThat(refusal(() -> bedrock.invokeModel(r -> r.modelId(HAIKU).contentType("application/json")
                .body(utf8(claudeImage("image/bmp")))))).isEqualTo("messages.0.content.0.image.source.base64"
                + ".media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
    }

    @Test
    void invokeModel_novaImageToATextOnlyModel_isRefused() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"image\":{\"format\":\"png\",\"source\":"
                + "{\"bytes\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}}},{\"text\":\"Describe it\"}]}]}";

        assertThat(refusal(() -> bedrock.invokeModel(r -> r.modelId(NOVA_MICRO).contentType("application/json")
                .body(utf8(body))))).isEqualTo(IMAGE_REFUSED);
        assertThat(json(bedrock.invokeModel(r -> r.modelId("amazon.nova-lite-v1:0").contentType("application/json")
                .body(utf8(body))).body()).path("output").path("message").path("content").get(0).path("text")
                .stringValue()).isEqualTo(reply("Describe it"));
    }
}
