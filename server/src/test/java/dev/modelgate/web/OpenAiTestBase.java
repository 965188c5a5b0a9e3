package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.modelgate.access.Role;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.registration.TestApprovals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible API against the emulator: the workspace trusted by the emulator's tenant roles, an agent key
 * of it, and the two kinds of model a chat reaches (a Converse model, a streamable template model).
 */
abstract class OpenAiTestBase extends ApiTestBase {

    static final String CHAT = "/v1/chat/completions";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld().sharedAcrossClasses();

    @Autowired
    ExternalModels models;

    @Autowired
    TenantCredentials sessions;

    /** The API as an agent key of the workspace, the least role /v1 admits. */
    Api agent;
    String agentKey;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
        registry.add("modelgate.bedrock.retry.base-delay", () -> "PT0.001S");
        registry.add("modelgate.bedrock.retry.max-delay", () -> "PT0.005S");
    }

    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void clearPlatformCredentials() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
    }

    @BeforeEach
    void workspaceTrustedByTheTenantRoles() {
        sessions.invalidateAll();
        UsageTables.deleteAll(jdbc);
        TestApprovals.approveWorldFor(jdbc, "default", aws.emulator().world());
        agentKey = key(workspace().id(), Role.AGENT);
        agent = api.anonymous().withKey(agentKey);
    }

    @Override
    String workspaceExternalId() {
        return InvokeApiIT.EXTERNAL_ID;
    }

    /** The official SDK's client for {@code /v1} with {@code key}, never retrying (each answer is seen as it is). */
    OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(key).maxRetries(0)
                .build();
    }

    /** A Converse model of Claude 3 Haiku with a system prompt and maxTokens as defaults. */
    JsonNode converseModel(String name) {
        return ready(ConverseApiIT.converseDraft(name, ConverseApiIT.HAIKU));
    }

    /** A Converse model that also has a get_weather tool configured. */
    JsonNode converseModelWithWeatherTool(String name) {
        return ready(ConverseApiIT.withWeatherTool(ConverseApiIT.converseDraft(name, ConverseApiIT.HAIKU)));
    }

    /** A Claude template model (variables prompt and max_tokens) with a stream mapping. */
    JsonNode templateModel(String name) {
        return ready(StreamingInvokeIT.streamed(name, InvokeApiIT.TENANT_ROLE));
    }

    /** Creates the model and marks its first revision READY, as a passed Test would. */
    JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    List<Map<String, Object>> usageRecords() {
        return jdbc.sql("SELECT model_id, kind, outcome, input_tokens, output_tokens, token_source, request_id "
                + "FROM usage_records ORDER BY occurred_at").query().listOfRows();
    }

    /** The last request Bedrock got for {@code operation}, as JSON. */
    JsonNode sent(String operation) {
        return Api.JSON.readTree(aws.emulator().journal().ofOperation(operation).getLast().body());
    }
}
