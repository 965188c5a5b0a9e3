package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.preset.Preset;
import dev.modelgate.preset.Presets;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class ChatRuleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NONE = ModelDraft.Chat.NONE;

    private static final List<PromptVariable> CHAT_TEMPLATE = List.of(
            PromptVariable.required("question", VariableType.STRING),
            PromptVariable.optional("instructions", VariableType.STRING, null),
            PromptVariable.optional("history", VariableType.JSON, null),
            PromptVariable.optional("tools", VariableType.JSON, null),
            PromptVariable.optional("limit", VariableType.INTEGER, null),
            PromptVariable.optional("temperature", VariableType.NUMBER, null),
            PromptVariable.optional("top_p", VariableType.NUMBER, null),
            PromptVariable.optional("stop", VariableType.JSON, null));

    private static ModelDraft.Chat chat(String prompt, String system, String messages, String tools, String maxTokens,
                                        String temperature, String topP, String stop) {
        return new ModelDraft.Chat(prompt, system, messages, tools, maxTokens, temperature, topP, stop);
    }

    private static List<Violation> violations(ModelDraft.Chat chat, List<PromptVariable> variables) {
        try {
            ChatRule.compile(chat, variables);
        } catch (InvalidInputException e) {
            return e.violations();
        }
        throw new AssertionError("expected the chat rule to be refused: " + chat);
    }

    static List<Preset> presets() {
        return Presets.builtIn().all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void defaults_everyPresetsVariables_takePromptSystemMaxTokensAndTemperature(Preset preset) {
        ModelConfiguration configuration = ModelConfiguration.compile(preset.draft("m",
                "arn:aws:iam::123456789012:role/ModelgateBedrockAccess", null, "us-east-1",
                "anthropic.claude-3-haiku-20240307-v1:0"));

        assertThat(configuration.chat()).isEqualTo(new ChatRule("prompt", "system.prompt", null, null, "max_tokens",
                "temperature", null, null));
        assertThat(configuration.chat().takesChat()).isTrue();
    }

    @Test
    void defaults_eachDefaultNameOfAFittingType_isTaken() {
        List<PromptVariable> variables = List.of(
                PromptVariable.required("prompt", VariableType.STRING),
                PromptVariable.optional("system.prompt", VariableType.STRING, null),
                PromptVariable.optional("messages", VariableType.JSON, null),
                PromptVariable.optional("tools", VariableType.JSON, null),
                PromptVariable.optional("max_tokens", VariableType.NUMBER, null),
                PromptVariable.optional("temperature", VariableType.NUMBER, null),
                PromptVariable.optional("top_p", VariableType.NUMBER, null),
                PromptVariable.optional("stop", VariableType.JSON, null));

        assertThat(ChatRule.defaults(variables)).isEqualTo(new ChatRule("prompt", "system.prompt", "messages", "tools",
                "max_tokens", "temperature", "top_p", "stop"));
    }

    @Test
    void defaults_aDefaultNameOfAnotherType_isNotTaken() {
        List<PromptVariable> variables = List.of(
                PromptVariable.required("prompt", VariableType.JSON),
                PromptVariable.optional("temperature", VariableType.STRING, null));

        assertThat(ChatRule.defaults(variables)).isEqualTo(new ChatRule(null, null, "prompt", null, null, null, null,
                null));
    }

    @Test
    void compile_noDeclaredRule_isTheDefaultRule() {
        assertThat(ChatRule.compile(null, CHAT_TEMPLATE)).isEqualTo(ChatRule.defaults(CHAT_TEMPLATE))
                .isEqualTo(new ChatRule(null, null, "history", "tools", null, "temperature", "top_p", "stop"));
    }

    @Test
    void compile_everyMemberDeclared_isTheDeclaredRule() {
        ChatRule rule = ChatRule.compile(chat("question", "instructions", "history", "tools", "limit", "temperature",
                "top_p", "stop"), CHAT_TEMPLATE);

        assertThat(rule).isEqualTo(new ChatRule("question", "instructions", "history", "tools", "limit",
                "temperature", "top_p", "stop"));
    }

    @Test
    void compile_membersLeftOut_takeTheirDefaults() {
        ChatRule rule = ChatRule.compile(chat("question", null, "history", null, null, null, null, null),
                CHAT_TEMPLATE);

        assertThat(rule).isEqualTo(new ChatRule("question", null, "history", "tools", null, "temperature", "top_p",
                "stop"));
    }

    @Test
    void compile_membersDeclaredNone_takeNone() {
        ChatRule rule = ChatRule.compile(chat("question", NONE, NONE, NONE, NONE, NONE, NONE, NONE), CHAT_TEMPLATE);

        assertThat(rule).isEqualTo(new ChatRule("question", null, null, null, null, null, null, null));
    }

    @Test
    void compile_allNone_takesNoChat() {
        ChatRule rule = ChatRule.compile(chat(NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE), CHAT_TEMPLATE);

        assertThat(rule).isEqualTo(ChatRule.NONE);
        assertThat(rule.takesChat()).isFalse();
    }

    @Test
    void compile_aVariableADeclaredMemberNames_isNoMembersDefault() {
        List<PromptVariable> variables = List.of(
                PromptVariable.required("prompt", VariableType.STRING),
                PromptVariable.optional("context", VariableType.JSON, null),
                PromptVariable.optional("history", VariableType.JSON, null));

        ChatRule rule = ChatRule.compile(chat(null, null, null, "context", null, null, null, null), variables);

        // With "context" taken by tools, "history" is the only JSON variable left: the default messages.
        assertThat(rule).isEqualTo(new ChatRule("prompt", null, "history", "context", null, null, null, null));
    }

    @Test
    void compile_anUnknownVariable_isRefusedListingTheModelsVariables() {
        assertThat(violations(chat("prompt", null, null, null, null, null, null, null), CHAT_TEMPLATE))
                .containsExactly(Violation.of("chat.prompt", "unknown-variable", "chat.prompt names \"prompt\", which "
                        + "is not a variable of this model; its variables are question, instructions, history, tools, "
                        + "limit, temperature, top_p, stop"));
    }

    @Test
    void compile_aModelWithoutVariables_saysItHasNone() {
        assertThat(violations(chat(null, null, "messages", null, null, null, null, null), List.of()))
                .containsExactly(Violation.of("chat.messages", "unknown-variable", "chat.messages names \"messages\", "
                        + "which is not a variable of this model; it has no variables"));
    }

    @Test
    void compile_variablesOfTheWrongType_areRefusedNamingTheTypesThatFit() {
        assertThat(violations(chat("history", "limit", "question", "question", "instructions", "limit", "stop",
                "top_p"), CHAT_TEMPLATE)).containsExactly(
                Violation.of("chat.prompt", "wrong-type", "chat.prompt must name a variable of type STRING, but "
                        + "\"history\" is JSON"),
                Violation.of("chat.system", "wrong-type", "chat.system must name a variable of type STRING, but "
                        + "\"limit\" is INTEGER"),
                Violation.of("chat.messages", "wrong-type", "chat.messages must name a variable of type JSON, but "
                        + "\"question\" is STRING"),
                Violation.of("chat.tools", "wrong-type", "chat.tools must name a variable of type JSON, but "
                        + "\"question\" is STRING"),
                Violation.of("chat.maxTokens", "wrong-type", "chat.maxTokens must name a variable of type INTEGER or "
                        + "NUMBER, but \"instructions\" is STRING"),
                Violation.of("chat.temperature", "wrong-type", "chat.temperature must name a variable of type NUMBER, "
                        + "but \"limit\" is INTEGER"),
                Violation.of("chat.topP", "wrong-type", "chat.topP must name a variable of type NUMBER, but \"stop\" "
                        + "is JSON"),
                Violation.of("chat.stop", "wrong-type", "chat.stop must name a variable of type JSON, but \"top_p\" "
                        + "is NUMBER"));
    }

    @Test
    void compile_aNumberVariable_fitsMaxTokens() {
        assertThat(ChatRule.compile(chat(null, null, null, null, "temperature", NONE, null, null), CHAT_TEMPLATE)
                .maxTokens()).isEqualTo("temperature");
    }

    @Test
    void compile_oneVariableForTwoMembers_isRefused() {
        assertThat(violations(chat(null, null, "history", "history", null, "temperature", "temperature", null),
                CHAT_TEMPLATE)).containsExactly(
                Violation.of("chat.tools", "duplicate-variable", "chat.tools names \"history\", which chat.messages "
                        + "names too; a variable receives one part of the chat"),
                Violation.of("chat.topP", "duplicate-variable", "chat.topP names \"temperature\", which "
                        + "chat.temperature names too; a variable receives one part of the chat"));
    }

    @Test
    void chat_fromJson_aMemberLeftOutIsNullAndAJsonNullIsNone() {
        ModelDraft.Chat chat = JSON.readValue("""
                {"prompt": "question", "system": null}""", ModelDraft.Chat.class);

        assertThat(chat).isEqualTo(chat("question", NONE, null, null, null, null, null, null));
    }

    @Test
    void chat_toJson_leavesDefaultsOutAndWritesNoneAsNull() {
        assertThat(JSON.writeValueAsString(chat("question", NONE, null, "tools", null, null, null, NONE)))
                .isEqualTo("{\"prompt\":\"question\",\"system\":null,\"tools\":\"tools\",\"stop\":null}");
    }
}
