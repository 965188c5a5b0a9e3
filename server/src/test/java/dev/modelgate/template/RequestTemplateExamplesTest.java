package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.json;
import static dev.modelgate.template.TemplateFixtures.render;
import static dev.modelgate.template.TemplateFixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Realistic tenant templates for the Bedrock request bodies of PROTOCOL.md §5, rendered to exact bytes. */
class RequestTemplateExamplesTest {

    private static final List<PromptVariable> VARIABLES = List.of(
            PromptVariable.optional("system.prompt", VariableType.STRING, string("You are a concise assistant.")),
            PromptVariable.required("prompt", VariableType.STRING),
            PromptVariable.optional("max_tokens", VariableType.INTEGER, json("512")),
            PromptVariable.optional("temperature", VariableType.NUMBER, json("0.5")));

    private static final String CLAUDE_MESSAGES = """
            {
              "anthropic_version": "bedrock-2023-05-31",
              "max_tokens": {{max_tokens}},
              "temperature": {{ temperature }},
              "system": {{system.prompt}},
              "messages": [
                {"role": "user", "content": [{"type": "text", "text": "{{prompt}}"}]}
              ]
            }""";

    private static final String NOVA = """
            {
              "schemaVersion": "messages-v1",
              "system": [{"text": "{{system.prompt}}"}],
              "messages": [{"role": "user", "content": [{"text": "{{prompt}}"}]}],
              "inferenceConfig": {"maxTokens": {{max_tokens}}, "temperature": {{temperature}}}
            }""";

    @Test
    void render_claudeMessagesTemplate_withEveryValue() {
        RequestTemplate template = RequestTemplate.compile(CLAUDE_MESSAGES, VARIABLES);

        String body = render(template, Map.of("system.prompt", string("Answer in one line."),
                "prompt", string("Describe the purpose of a 'hello world' program.\nQuote \"it\"."),
                "max_tokens", json("1024"), "temperature", json("0.2")));

        assertThat(body).isEqualTo("""
                {
                  "anthropic_version": "bedrock-2023-05-31",
                  "max_tokens": 1024,
                  "temperature": 0.2,
                  "system": "Answer in one line.",
                  "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "Describe the purpose of a 'hello world' \
                program.\\nQuote \\"it\\"."}]}
                  ]
                }""");
        assertThat(template.warnings()).isEmpty();
    }

    @Test
    void render_claudeMessagesTemplate_withDefaults() {
        RequestTemplate template = RequestTemplate.compile(CLAUDE_MESSAGES, VARIABLES);

        assertThat(render(template, Map.of("prompt", string("Hi")))).isEqualTo("""
                {
                  "anthropic_version": "bedrock-2023-05-31",
                  "max_tokens": 512,
                  "temperature": 0.5,
                  "system": "You are a concise assistant.",
                  "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "Hi"}]}
                  ]
                }""");
    }

    @Test
    void render_novaTemplate() {
        RequestTemplate template = RequestTemplate.compile(NOVA, VARIABLES);

        String body = render(template, Map.of("prompt", string("What is machine learning? Answer in <b>bold</b>."),
                "max_tokens", json("300"), "temperature", json("0.7")));

        assertThat(body).isEqualTo("""
                {
                  "schemaVersion": "messages-v1",
                  "system": [{"text": "You are a concise assistant."}],
                  "messages": [{"role": "user", "content": [{"text": "What is machine learning? Answer in <b>bold</b>."}]}],
                  "inferenceConfig": {"maxTokens": 300, "temperature": 0.7}
                }""");
    }

    @Test
    void placeholders_ofTheNovaTemplate_tellWhereEachValueGoes() {
        assertThat(RequestTemplate.compile(NOVA, VARIABLES).placeholders()).containsExactly(
                new Placeholder("system.prompt", 3, 24, Placeholder.Kind.IN_STRING),
                new Placeholder("prompt", 4, 55, Placeholder.Kind.IN_STRING),
                new Placeholder("max_tokens", 5, 36, Placeholder.Kind.STANDALONE),
                new Placeholder("temperature", 5, 67, Placeholder.Kind.STANDALONE));
    }
}
