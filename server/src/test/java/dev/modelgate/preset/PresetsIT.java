package dev.modelgate.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.mapping.MappedOutput;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.mapping.StreamMapping;
import dev.modelgate.mapping.StreamMappingReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every preset works as shipped: its request template, rendered with the test values, is a body the model family
 * accepts (the emulator validates each family's schema as Bedrock does), and its output mapping extracts the text
 * and the same token counts Bedrock reports in its headers.
 */
class PresetsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static BedrockRuntimeClient bedrock;
    private static BedrockRuntimeAsyncClient asyncBedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockRuntimeClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        "AKIATENANTADMIN00001", "tenantAdminFakeSecretKey0000000000000001")))
                .build();
        asyncBedrock = BedrockRuntimeAsyncClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        "AKIATENANTADMIN00001", "tenantAdminFakeSecretKey0000000000000001")))
                .build();
    }

    @AfterAll
    static void close() {
        bedrock.close();
        asyncBedrock.close();
    }

    /** Each preset's family and a model of it the emulator serves; also what StreamingInvokeIT streams. */
    public static Stream<Arguments> families() {
        Map<String, String> models = new LinkedHashMap<>();
        models.put("ANTHROPIC_CLAUDE", "anthropic.claude-3-haiku-20240307-v1:0");
        models.put("AMAZON_NOVA", "amazon.nova-lite-v1:0");
        models.put("AMAZON_TITAN_TEXT", "amazon.titan-text-express-v1");
        models.put("META_LLAMA", "meta.llama3-8b-instruct-v1:0");
        models.put("MISTRAL", "mistral.mistral-7b-instruct-v0:2");
        models.put("COHERE_COMMAND_R", "cohere.command-r-v1:0");
        models.put("AI21_JAMBA", "ai21.jamba-1-5-mini-v1:0");
        models.put("DEEPSEEK_R1", "us.deepseek.r1-v1:0");
        assertThat(models.keySet()).containsExactlyInAnyOrderElementsOf(
                Presets.builtIn().all().stream().map(Preset::family).toList());
        return models.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("families")
    void preset_rendersABodyTheFamilyAccepts_andItsMappingReadsTheAnswer(String family, String modelId) {
        Preset preset = Presets.builtIn().forFamily(family).orElseThrow();
        ModelConfiguration configuration = ModelConfiguration.compile(preset.draft("preset-" + family.toLowerCase(),
                "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", null, "us-east-1", modelId));
        Map<String, JsonNode> testValues = new LinkedHashMap<>();
        configuration.requestTemplate().variables().forEach(v -> {
            if (v.testValue() != null) {
                testValues.put(v.name(), v.testValue());
            }
        });

        InvokeModelResponse response = bedrock.invokeModel(r -> r.modelId(configuration.modelReference().modelId())
                .contentType("application/json")
                .body(SdkBytes.fromByteArray(configuration.requestTemplate().render(testValues))));
        MappedOutput output = configuration.outputMapping().apply(JSON.readTree(response.body().asByteArray()));

        assertThat(configuration.warnings()).isEmpty();
        assertThat(output.text()).startsWith("Modelgate emulator reply to: ").contains("Say hello to Modelgate.");
        long inputHeader = Long.parseLong(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Input-Token-Count").orElseThrow());
        long outputHeader = Long.parseLong(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Output-Token-Count").orElseThrow());
        if (family.equals("MISTRAL") || family.equals("DEEPSEEK_R1")) {
            // These bodies carry no token counts; Modelgate reads Bedrock's headers for them.
            assertThat(output.inputTokens()).isNull();
            assertThat(output.outputTokens()).isNull();
        } else {
            assertThat(output.inputTokens()).isEqualTo(inputHeader);
            assertThat(output.outputTokens()).isEqualTo(outputHeader);
        }
        assertThat(output.extras()).isNotEmpty().allSatisfy((name, value) -> assertThat(value.isString()).as(name).isTrue());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("families")
    void preset_streamMapping_readsEveryChunk_toTheSameTextAndTheCountsOfTheMetrics(String family, String modelId) {
        Preset preset = Presets.builtIn().forFamily(family).orElseThrow();
        ModelConfiguration configuration = ModelConfiguration.compile(preset.draft("preset-" + family.toLowerCase(),
                "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", null, "us-east-1", modelId));
        Map<String, JsonNode> testValues = new LinkedHashMap<>();
        configuration.requestTemplate().variables().forEach(v -> {
            if (v.testValue() != null) {
                testValues.put(v.name(), v.testValue());
            }
        });
        byte[] body = configuration.requestTemplate().render(testValues);
        String whole = configuration.outputMapping().apply(JSON.readTree(bedrock.invokeModel(r -> r
                .modelId(modelId).contentType("application/json").body(SdkBytes.fromByteArray(body)))
                .body().asByteArray())).text();

        List<byte[]> chunks = new ArrayList<>();
        asyncBedrock.invokeModelWithResponseStream(r -> r.modelId(modelId).contentType("application/json")
                        .body(SdkBytes.fromByteArray(body)),
                InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                        InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                                .onChunk(chunk -> chunks.add(chunk.bytes().asByteArray())).build()).build()).join();
        StreamMapping.Reading reading = configuration.outputMapping().stream().orElseThrow().start();
        StringBuilder text = new StringBuilder();
        for (byte[] chunk : chunks) {
            String delta = reading.chunk(JSON.readTree(chunk));
            if (delta != null) {
                text.append(delta);
            }
        }
        StreamMappingReport report = reading.report();

        assertThat(report.failures()).isEmpty();
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(report.textChunks()).isGreaterThan(1);
        assertThat(report.metricsInput()).isPresent();
        assertThat(reading.inputTokens()).isEqualTo(report.metricsInput());
        assertThat(reading.outputTokens()).isEqualTo(report.metricsOutput());
        assertThat(report.disagreements()).isEmpty();
        boolean countsInChunks = !family.equals("MISTRAL") && !family.equals("DEEPSEEK_R1");
        assertThat(reading.inputTokensMapped()).isEqualTo(countsInChunks);
        assertThat(reading.outputTokensMapped()).isEqualTo(countsInChunks);
    }

    @ParameterizedTest(name = "{0} with {1} through Converse")
    @MethodSource("families")
    void preset_speaksConverse_offeredFirst_andItsConverseDraftIsAnsweredByTheFamily(String family, String modelId) {
        Preset preset = Presets.builtIn().forFamily(family).orElseThrow();
        ModelConfiguration configuration = ModelConfiguration.compile(preset.converseDraft(
                "converse-" + family.toLowerCase(), "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", null,
                "us-east-1", modelId));
        software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest request =
                dev.modelgate.invoke.ConverseInvoker.request(configuration, dev.modelgate.converse.ConverseRequests.read(
                        JSON.createObjectNode(), configuration.converse(), true));

        software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse response = bedrock.converse(request);

        assertThat(preset.apis()).containsExactly(dev.modelgate.model.ModelApi.CONVERSE,
                dev.modelgate.model.ModelApi.INVOKE_MODEL);
        assertThat(request.hasSystem()).isEqualTo(preset.converse().systemPrompt());
        assertThat(request.inferenceConfig().maxTokens()).isEqualTo(512);
        assertThat(response.stopReasonAsString()).isEqualTo("end_turn");
        assertThat(response.output().message().content().getFirst().text()).contains("Say hello to Modelgate.");
        assertThat(response.usage().inputTokens()).isPositive();
    }
}
