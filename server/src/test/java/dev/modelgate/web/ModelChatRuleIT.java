package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.parse;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A template model's chat rule through the API: the default rule shown when the model declares none, a declared rule
 * round-tripped as written (members left out stay out, JSON nulls stay null) with the rule in force beside it, and
 * each broken rule a precise violation on create, update and preview.
 */
class ModelChatRuleIT extends ApiTestBase {

    /** Drafts.valid's variables (prompt, max_tokens) and two JSON ones: history and tools. */
    private static ObjectNode chatDraft(String name) {
        ObjectNode draft = Drafts.valid(name);
        draft.withArray("variables")
                .add(Api.JSON.createObjectNode().put("name", "history").put("type", "JSON").put("required", true)
                        .set("testValue", Api.array()))
                .add(Api.JSON.createObjectNode().put("name", "tools").put("type", "JSON").put("required", true)
                        .set("testValue", Api.array()));
        draft.put("requestTemplate", """
                {"max_tokens": {{max_tokens}}, "prompt": "{{prompt}}", "history": {{history}}, "tools": {{tools}}}""");
        return draft;
    }

    private static ObjectNode rule(String prompt, String system, String messages, String tools, String maxTokens,
                                   String temperature, String topP, String stop) {
        return Api.JSON.createObjectNode().put("prompt", prompt).put("system", system).put("messages", messages)
                .put("tools", tools).put("maxTokens", maxTokens).put("temperature", temperature).put("topP", topP)
                .put("stop", stop);
    }

    @Test
    void create_withoutChat_showsNoDeclaredRuleAndTheDefaultRuleInForce() {
        JsonNode created = create(Drafts.valid("haiku"));

        assertThat(created.get("chat").isNull()).isTrue();
        assertThat(created.get("chatEffective")).isEqualTo(rule("prompt", null, null, null, "max_tokens", null, null,
                null));
        api.get(path(created)).assertJson(200, created);
    }

    @Test
    void create_withChat_showsItAsWrittenAndTheRuleInForce_andGetAnswersTheSame() {
        ObjectNode draft = chatDraft("haiku");
        draft.set("chat", parse("""
                {"prompt": "prompt", "messages": "history", "tools": null}"""));

        JsonNode created = create(draft);

        assertThat(created.get("chat")).isEqualTo(parse("""
                {"prompt": "prompt", "messages": "history", "tools": null}"""));
        assertThat(created.get("chatEffective")).isEqualTo(rule("prompt", null, "history", null, "max_tokens", null,
                null, null));
        api.get(path(created)).assertJson(200, created);
    }

    @Test
    void update_changesTheRule_andAnUpdateWithoutChatGoesBackToTheDefaults() {
        ObjectNode draft = chatDraft("haiku");
        JsonNode created = create(draft);
        assertThat(created.get("chatEffective")).isEqualTo(rule("prompt", null, "history", "tools", "max_tokens",
                null, null, null));
        draft.set("chat", parse("""
                {"tools": null, "maxTokens": null, "messages": "tools"}"""));

        Api.Reply updated = api.put(path(created), draft, "If-Match", "\"1\"");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("chat")).isEqualTo(parse("""
                {"messages": "tools", "tools": null, "maxTokens": null}"""));
        assertThat(updated.json().get("chatEffective")).isEqualTo(rule("prompt", null, "tools", null, null, null,
                null, null));
        api.get(path(created)).assertJson(200, updated.json());

        draft.remove("chat");
        Api.Reply back = api.put(path(created), draft, "If-Match", "\"2\"");

        assertThat(back.json().get("chat").isNull()).isTrue();
        assertThat(back.json().get("chatEffective")).isEqualTo(created.get("chatEffective"));
    }

    @Test
    void create_chatNamingAnUnknownVariable_is422ListingTheModelsVariables() {
        ObjectNode draft = chatDraft("haiku");
        draft.set("chat", parse("{\"prompt\": \"question\"}"));

        api.post(MODELS, draft).assertProblem(invalid(MODELS, violation("chat.prompt", "unknown-variable",
                "chat.prompt names \"question\", which is not a variable of this model; its variables are prompt, "
                        + "max_tokens, history, tools")));
    }

    @Test
    void create_chatRulesBroken_is422ListingEveryViolation() {
        ObjectNode draft = chatDraft("haiku");
        draft.set("chat", parse("""
                {"prompt": "history", "maxTokens": "prompt", "messages": "tools", "tools": "tools",
                 "temperature": "top_p"}"""));

        api.post(MODELS, draft).assertProblem(invalid(MODELS, "4 fields are invalid; see violations",
                violation("chat.prompt", "wrong-type", "chat.prompt must name a variable of type STRING, but "
                        + "\"history\" is JSON"),
                violation("chat.tools", "duplicate-variable", "chat.tools names \"tools\", which chat.messages names "
                        + "too; a variable receives one part of the chat"),
                violation("chat.maxTokens", "wrong-type", "chat.maxTokens must name a variable of type INTEGER or "
                        + "NUMBER, but \"prompt\" is STRING"),
                violation("chat.temperature", "unknown-variable", "chat.temperature names \"top_p\", which is not a "
                        + "variable of this model; its variables are prompt, max_tokens, history, tools")));
        assertThat(api.get(MODELS).json().get("totalItems").asLong()).isZero();
    }

    @Test
    void update_chatBroken_is422AndChangesNothing() {
        JsonNode created = create(chatDraft("haiku"));
        ObjectNode draft = chatDraft("haiku");
        draft.set("chat", parse("{\"system\": \"max_tokens\"}"));

        api.put(path(created), draft, "If-Match", "\"1\"").assertProblem(invalid(path(created),
                violation("chat.system", "wrong-type", "chat.system must name a variable of type STRING, but "
                        + "\"max_tokens\" is INTEGER")));

        api.get(path(created)).assertJson(200, created);
    }

    @Test
    void create_converseModelWithChat_is422NotApplicable() {
        ObjectNode draft = ConverseApiIT.converseDraft("chat", ConverseApiIT.HAIKU);
        draft.set("chat", parse("{\"prompt\": \"prompt\"}"));

        api.post(MODELS, draft).assertProblem(invalid(MODELS, violation("chat", "not-applicable", "chat maps a chat "
                + "onto a template model's variables; a Converse model takes the chat as it is: leave chat out")));
    }

    @Test
    void converseModel_showsNeitherADeclaredNorAnEffectiveRule() {
        JsonNode created = create(ConverseApiIT.converseDraft("chat", ConverseApiIT.HAIKU));

        assertThat(created.get("chat").isNull()).isTrue();
        assertThat(created.get("chatEffective").isNull()).isTrue();
    }

    @Test
    void previewDraft_acceptsAChatRule_andNamesItsViolationsUnderDraft() {
        ObjectNode draft = chatDraft("haiku");
        draft.set("chat", parse("{\"messages\": \"history\", \"system\": null}"));
        ObjectNode request = Api.JSON.createObjectNode().set("draft", draft);

        Api.Reply preview = api.post(MODELS + "/preview", request);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        draft.set("chat", parse("{\"stop\": \"stop\"}"));
        api.post(MODELS + "/preview", request).assertProblem(invalid(MODELS + "/preview",
                violation("draft.chat.stop", "unknown-variable", "chat.stop names \"stop\", which is not a variable "
                        + "of this model; its variables are prompt, max_tokens, history, tools")));
    }
}
