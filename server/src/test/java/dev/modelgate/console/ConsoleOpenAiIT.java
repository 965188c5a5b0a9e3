package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelDraft;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * What the console offers for the OpenAI-compatible API: the model page's snippets (Python, JavaScript, Java, curl)
 * for a model that can answer a chat, a note naming the setting for one that cannot, and the template editor's chat
 * rule, saved as the model's {@code chat}.
 */
class ConsoleOpenAiIT extends ConsoleTestBase {

    private static final String NONE = ModelDraft.Chat.NONE;

    private String python(String name) {
        return """
                import os
                from openai import OpenAI

                client = OpenAI(base_url="%s/v1", api_key=os.environ["MODELGATE_KEY"])
                r = client.chat.completions.create(model="%s", messages=[{"role": "user", "content": "Hello"}])
                print(r.choices[0].message.content)""".formatted(base(), name);
    }

    private String javascript(String name) {
        return """
                import OpenAI from "openai";

                const client = new OpenAI({ baseURL: "%s/v1", apiKey: process.env.MODELGATE_KEY });
                const r = await client.chat.completions.create({ model: "%s", messages: [{ role: "user", content: "Hello" }] });
                console.log(r.choices[0].message.content);""".formatted(base(), name);
    }

    private String java(String name) {
        return """
                import com.openai.client.OpenAIClient;
                import com.openai.client.okhttp.OpenAIOkHttpClient;
                import com.openai.models.chat.completions.ChatCompletion;
                import com.openai.models.chat.completions.ChatCompletionCreateParams;

                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("%s/v1").apiKey(System.getenv("MODELGATE_KEY")).build();
                ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("%s").addUserMessage("Hello").build();
                ChatCompletion r = client.chat().completions().create(params);
                System.out.println(r.choices().get(0).message().content().orElse(""));""".formatted(base(), name);
    }

    private String curl(String name) {
        return """
                curl %s/v1/chat/completions \\
                  -H "Authorization: Bearer $MODELGATE_KEY" \\
                  -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "messages": [{"role": "user", "content": "Hello"}]}'""".formatted(base(), name);
    }

    /** A snippet's exact text, shown or in a hidden tab. */
    private String snippet(String client) {
        return css("#openai-" + client).getAttribute("textContent");
    }

    private String createConverseModel(String name) {
        ModelDraft draft = presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .converseDraft(name, TENANT_ROLE, null, "us-east-1", HAIKU);
        return models.create(WORKSPACE_ID, draft, "console-test").stored().id();
    }

    private String createTemplateModel(String name, ModelDraft.Chat chat) {
        ModelDraft d = presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft(name, TENANT_ROLE, null, "us-east-1", HAIKU);
        ModelDraft draft = new ModelDraft(d.name(), d.description(), d.inferenceEnabled(), d.roleArn(), d.stsEndpoint(),
                d.region(), d.modelReference(), d.variables(), d.requestTemplate(), d.outputMapping(), d.timeouts(),
                d.options(), d.api(), d.converse(), chat);
        ExternalModels.Saved saved = models.create(WORKSPACE_ID, draft, "console-test");
        return saved.stored().id();
    }

    @Test
    void converseModel_showsTheBaseUrlNameAndEverySnippet_eachCopied() {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        String id = createConverseModel("claude-chat");
        open("#/models/" + id);

        waitText(By.id("openai-heading"), "Use it from OpenAI SDKs");
        assertThat(css("#openai-base-url").getText()).isEqualTo(base() + "/v1");
        assertThat(css("#openai-model").getText()).isEqualTo("claude-chat");
        assertThat(snippet("python")).isEqualTo(python("claude-chat"));
        assertThat(snippet("javascript")).isEqualTo(javascript("claude-chat"));
        assertThat(snippet("java")).isEqualTo(java("claude-chat"));
        assertThat(snippet("curl")).isEqualTo(curl("claude-chat"));
        assertThat(css("#openai-python").isDisplayed()).isTrue();
        assertThat(css("#openai-java").isDisplayed()).isFalse();
        assertThat(css("#openai").getText()).doesNotContain("mgk_");

        click(By.cssSelector("button[aria-label='Copy the Python snippet']"));
        waitText(By.cssSelector("button[aria-label='Copy the Python snippet']"), "Copied");
        assertThat(driver.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])"))
                .isEqualTo(python("claude-chat"));

        click(By.id("openai-tab-java"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("openai-java")));
        assertThat(css("#openai-tab-java").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(css("#openai-python").isDisplayed()).isFalse();
        click(By.cssSelector("button[aria-label='Copy the Java snippet']"));
        waitText(By.cssSelector("button[aria-label='Copy the Java snippet']"), "Copied");
        assertThat(driver.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])"))
                .isEqualTo(java("claude-chat"));
        screenshot("01-java");
    }

    @Test
    void templateModelThatTakesAChat_showsItsSnippets() {
        String id = createTemplateModel("claude-template", null);
        open("#/models/" + id);

        waitText(By.id("openai-model"), "claude-template");
        assertThat(snippet("python")).isEqualTo(python("claude-template"));
        assertThat(snippet("javascript")).isEqualTo(javascript("claude-template"));
        assertThat(snippet("java")).isEqualTo(java("claude-template"));
        assertThat(snippet("curl")).isEqualTo(curl("claude-template"));
        css("#openai-tab-python").sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("openai-javascript")));
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("openai-tab-javascript");
        assertThat(driver.findElements(By.id("openai-note"))).isEmpty();
    }

    @Test
    void templateModelThatTakesNoChat_showsANoteNamingTheSetting() {
        String id = createTemplateModel("claude-no-chat", new ModelDraft.Chat(NONE, null, null, null, null, null, null,
                null));
        open("#/models/" + id);

        waitText(By.id("openai-note"), "OpenAI SDKs cannot call this model yet: no variable takes the chat. Set "
                + "chat.prompt or chat.messages in Edit → Test and map → Chat (OpenAI API).");
        assertThat(driver.findElements(By.id("openai-python"))).isEmpty();
        assertThat(css("#openai-note a").getAttribute("href")).endsWith("#/models/" + id + "/edit/test");
        screenshot("01-note");
    }

    @Test
    void templateEditor_setsTheChatRuleFromTheVariables_checkedAndSavedAsChat() {
        String id = createTemplateModel("claude-rule", null);
        open("#/models/" + id + "/edit/test");
        click(By.cssSelector("#chat-rule summary"));

        Select prompt = new Select(waitVisible(By.id("chat-prompt")));
        assertThat(prompt.getFirstSelectedOption().getText()).isEqualTo("Default (prompt)");
        assertThat(prompt.getOptions().stream().map(o -> o.getText()).toList())
                .containsExactly("Default (prompt)", "None", "system.prompt", "prompt");
        assertThat(new Select(css("#chat-maxTokens")).getOptions().stream().map(o -> o.getText()).toList())
                .containsExactly("Default (max_tokens)", "None", "max_tokens", "temperature");
        assertThat(new Select(css("#chat-messages")).getFirstSelectedOption().getText()).isEqualTo("Default (none)");
        assertThat(css("#chat-note").getText()).isEqualTo("OpenAI SDKs can call this model: the chat fills prompt "
                + "(prompt), system.prompt (system), max_tokens (maxTokens), temperature (temperature).");

        // Two members naming one variable: Modelgate says so at the second.
        new Select(css("#chat-prompt")).selectByVisibleText("prompt");
        new Select(css("#chat-system")).selectByVisibleText("prompt");
        waitText(By.id("chat-system-error"), "chat.system names \"prompt\", which chat.prompt names too");
        assertThat(css("#chat-system").getAttribute("aria-invalid")).isEqualTo("true");

        new Select(css("#chat-system")).selectByVisibleText("None");
        new Select(css("#chat-temperature")).selectByVisibleText("None");
        new Select(css("#chat-prompt")).selectByVisibleText("None");
        assertThat(css("#chat-note").getText()).isEqualTo("No variable takes the last user message (prompt) or the "
                + "conversation (messages): /v1/chat/completions refuses this model.");
        new Select(css("#chat-prompt")).selectByVisibleText("Default (prompt)");
        wait.until(ExpectedConditions.attributeToBe(By.id("chat-system"), "aria-invalid", "false"));
        fullPageScreenshot("01-chat-rule");

        click(By.id("save-draft"));

        wait.until(d -> models.get(WORKSPACE_ID, id).stored().revision() == 2);
        assertThat(models.get(WORKSPACE_ID, id).stored().chatJson()).isEqualTo("{\"system\":null,\"temperature\":null}");
        assertThat(models.get(WORKSPACE_ID, id).configuration().chat()).isEqualTo(new dev.modelgate.model.ChatRule(
                "prompt", null, null, null, "max_tokens", null, null, null));

        open("#/models/" + id + "/edit/test");
        assertThat(css("#chat-rule").getAttribute("open")).as("a declared rule opens its section").isNotNull();
        assertThat(new Select(css("#chat-system")).getFirstSelectedOption().getText()).isEqualTo("None");
        assertThat(new Select(css("#chat-prompt")).getFirstSelectedOption().getText()).isEqualTo("Default (prompt)");
    }
}
