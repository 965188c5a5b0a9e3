package dev.modelgate.web;

import static dev.modelgate.web.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.modelgate.access.Role;
import dev.modelgate.usage.UsageTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An agent key limited to some models ({@code models}) over real HTTP and the emulator: it calls the models in its
 * scope on the native API (plain and streamed) and on {@code /v1}, is refused every other one with 403
 * {@code model-not-in-key-scope} before anything reaches AWS or is metered, and {@code /v1/models} lists only its
 * models. A key without a scope, and the console's accounts, call every model as before.
 */
class KeyScopesIT extends OpenAiTestBase {

    private static final String KEYS = "/api/v1/keys";

    /** A key of the workspace that may call {@code haiku} and {@code support-*}. */
    private Api scoped;
    private String scopedToken;
    private String scopedName;

    @BeforeEach
    void scopedAgentKeyAndThreeModels() {
        Api.Reply reply = api.post(KEYS, Map.of("name", "support bot", "role", "AGENT",
                "models", List.of("haiku", "support-*")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        scopedToken = reply.json().get("token").stringValue();
        scopedName = scopedToken.substring(0, 12) + " (support bot)";
        scoped = api.anonymous().withKey(scopedToken);
        templateModel("haiku");
        templateModel("support-eu");
        templateModel("sales");
    }

    @AfterEach
    void dropTheScopedKey() {
        jdbc.sql("DELETE FROM api_keys WHERE name = 'support bot'").update();
    }

    private String refusal(String model) {
        return "the API key " + scopedName + " may call only the models \"haiku\", \"support-*\"; \"" + model
                + "\" is not among them (a workspace admin sets a key's models when creating it)";
    }

    private static Map<String, Object> variables() {
        return Map.of("variables", Map.of("prompt", "Say hello."));
    }

    private int bedrockCalls() {
        return aws.emulator().journal().ofOperation("InvokeModel").size()
                + aws.emulator().journal().ofOperation("InvokeModelWithResponseStream").size();
    }

    @Test
    void invoke_modelInScope_byNameOrPattern_answers() {
        assertThat(scoped.post(InvokeApiIT.invokePath("haiku"), variables()).status()).isEqualTo(200);
        assertThat(scoped.post(InvokeApiIT.invokePath("support-eu"), variables()).status()).isEqualTo(200);
    }

    @Test
    void invoke_modelOutOfScope_is403_beforeAnyAwsCall_andIsNotMetered() {
        aws.emulator().journal().clear();

        scoped.post(InvokeApiIT.invokePath("sales"), variables()).assertProblem(problem(403,
                "model-not-in-key-scope", "Model not in key scope", refusal("sales"),
                InvokeApiIT.invokePath("sales")));

        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).isEmpty();
        assertThat(bedrockCalls()).isZero();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void invoke_unknownModelOutOfScope_is403Too_soTheKeyLearnsNothingOfOtherModels() {
        scoped.post(InvokeApiIT.invokePath("nothing-here"), variables()).assertProblem(problem(403,
                "model-not-in-key-scope", "Model not in key scope", refusal("nothing-here"),
                InvokeApiIT.invokePath("nothing-here")));
    }

    @Test
    void stream_modelOutOfScope_is403ProblemJson_notAStream() {
        aws.emulator().journal().clear();

        try (EventStream stream = scoped.stream(InvokeApiIT.invokePath("sales"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(403);
            assertThat(stream.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(Api.canonical(Api.parse(stream.text()))).isEqualTo(Api.canonical(problem(403,
                    "model-not-in-key-scope", "Model not in key scope", refusal("sales"),
                    InvokeApiIT.invokePath("sales"))));
        }
        assertThat(bedrockCalls()).isZero();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void stream_modelInScope_streams() {
        try (EventStream stream = scoped.stream(InvokeApiIT.invokePath("support-eu"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.text()).contains("event: done");
        }
    }

    @Test
    void chatCompletions_inScope_answers_andOutOfScope_isPermissionDenied_inOpenAisShape() {
        ChatCompletion completion = client(scopedToken).chat().completions().create(chat("haiku"));
        assertThat(completion.choices()).hasSize(1);
        aws.emulator().journal().clear();
        UsageTables.deleteAll(jdbc);

        PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class,
                () -> client(scopedToken).chat().completions().create(chat("sales")));

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.headers().values("x-should-retry")).containsExactly("false");
        Api.Reply raw = scoped.post(CHAT, Map.of("model", "sales",
                "messages", List.of(Map.of("role", "user", "content", "Hi"))));
        assertThat(raw.status()).isEqualTo(403);
        ObjectNode expected = Api.JSON.createObjectNode();
        expected.putObject("error").put("message", refusal("sales")).put("type", "permission_error")
                .putNull("param").put("code", "model_not_in_key_scope");
        assertThat(Api.canonical(raw.json())).isEqualTo(Api.canonical(expected));
        assertThat(bedrockCalls()).isZero();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void v1Models_listsOnlyTheModelsInScope_andRetrieveRefusesTheOthers() {
        List<Model> listed = client(scopedToken).models().list().data();

        assertThat(listed).extracting(Model::id).containsExactlyInAnyOrder("haiku", "support-eu");
        assertThat(client(scopedToken).models().retrieve("support-eu").id()).isEqualTo("support-eu");
        PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class,
                () -> client(scopedToken).models().retrieve("sales"));
        assertThat(e.code()).contains("model_not_in_key_scope");
    }

    @Test
    void unscopedKey_andAccount_callAndListEveryModel() {
        assertThat(client(agentKey).models().list().data()).extracting(Model::id)
                .containsExactlyInAnyOrder("haiku", "support-eu", "sales");
        assertThat(agent.post(InvokeApiIT.invokePath("sales"), variables()).status()).isEqualTo(200);
        Api developer = signedIn("scope-dev-" + System.nanoTime() + "@example.com", Role.DEVELOPER,
                workspace().id());
        assertThat(developer.post(InvokeApiIT.invokePath("sales"), variables()).status()).isEqualTo(200);
    }

    @Test
    void keyViews_showTheScope_andNullForAnUnscopedKey() {
        String id = api.get(KEYS).json().get("keys").valueStream()
                .filter(k -> k.get("name").stringValue().equals("support bot")).findFirst().orElseThrow()
                .get("id").stringValue();

        JsonNode one = api.get(KEYS + "/" + id).json();

        assertThat(one.get("models")).isEqualTo(Api.parse("[\"haiku\", \"support-*\"]"));
        assertThat(api.get(KEYS).json().get("keys").valueStream()
                .filter(k -> k.get("name").stringValue().equals("test-agent"))
                .map(k -> k.get("models").isNull())).containsOnly(true);
    }

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello.").build();
    }
}
