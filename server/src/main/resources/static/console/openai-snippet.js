// "Use it from OpenAI SDKs" on a model's page: the base URL (this page's origin + /v1), the model's name, and a
// snippet per client (Python, JavaScript, Java, curl) to copy. The key is read from MODELGATE_KEY: no key is ever
// written into the page.

import { h, copyButton, snippetTabs } from './dom.js';
import { takesChat } from './chat-rule.js';

/** The snippets, by client, for a model called `name` on the server at `origin`. */
export function snippets(origin, name) {
  const base = `${origin}/v1`;
  return [
    { id: 'python', label: 'Python', note: 'pip install openai', code: [
      'import os',
      'from openai import OpenAI',
      '',
      `client = OpenAI(base_url="${base}", api_key=os.environ["MODELGATE_KEY"])`,
      `r = client.chat.completions.create(model="${name}", messages=[{"role": "user", "content": "Hello"}])`,
      'print(r.choices[0].message.content)',
    ] },
    { id: 'javascript', label: 'JavaScript', note: 'npm install openai', code: [
      'import OpenAI from "openai";',
      '',
      `const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.MODELGATE_KEY });`,
      `const r = await client.chat.completions.create({ model: "${name}", messages: [{ role: "user", content: "Hello" }] });`,
      'console.log(r.choices[0].message.content);',
    ] },
    { id: 'java', label: 'Java', note: 'com.openai:openai-java', code: [
      'import com.openai.client.OpenAIClient;',
      'import com.openai.client.okhttp.OpenAIOkHttpClient;',
      'import com.openai.models.chat.completions.ChatCompletion;',
      'import com.openai.models.chat.completions.ChatCompletionCreateParams;',
      '',
      `OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("${base}").apiKey(System.getenv("MODELGATE_KEY")).build();`,
      `ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("${name}").addUserMessage("Hello").build();`,
      'ChatCompletion r = client.chat().completions().create(params);',
      'System.out.println(r.choices().get(0).message().content().orElse(""));',
    ] },
    { id: 'curl', label: 'curl', note: null, code: [
      `curl ${base}/chat/completions \\`,
      '  -H "Authorization: Bearer $MODELGATE_KEY" \\',
      '  -H "Content-Type: application/json" \\',
      `  -d '{"model": "${name}", "messages": [{"role": "user", "content": "Hello"}]}'`,
    ] },
  ].map((s) => ({ ...s, code: s.code.join('\n') }));
}

/** Whether OpenAI clients can call the model: a Converse model always, a template model when its rule takes a chat. */
export function answersChat(model) {
  return model.api === 'CONVERSE' || takesChat(model.chatEffective);
}

/** The card: the snippets in tabs, or one line naming the setting that would let the model take a chat. */
export function openAiCard(model, origin = location.origin) {
  const heading = h('h2', { id: 'openai-heading' }, 'Use it from OpenAI SDKs');
  if (!answersChat(model)) {
    return h('section', { class: 'card', id: 'openai', 'aria-labelledby': 'openai-heading' }, heading,
      h('p', { class: 'muted', id: 'openai-note' }, 'OpenAI SDKs cannot call this model yet: no variable takes the chat. Set chat.prompt or chat.messages in ',
        h('a', { href: `#/models/${model.id}/edit/test` }, 'Edit → Test and map → Chat (OpenAI API)'), '.'));
  }
  const all = snippets(origin, model.name);
  return h('section', { class: 'card', id: 'openai', 'aria-labelledby': 'openai-heading' }, heading,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Base URL'), h('dd', {}, h('code', { id: 'openai-base-url' }, `${origin}/v1`), ' ',
        copyButton(`${origin}/v1`, 'Copy', 'the base URL')),
      h('dt', {}, 'Model'), h('dd', {}, h('code', { id: 'openai-model' }, model.name)),
      h('dt', {}, 'Key'), h('dd', {}, 'an API key of this workspace (an agent key will do), in ', h('code', {}, 'MODELGATE_KEY'))),
    snippetTabs(all, 'openai', (s) => `the ${s.label} snippet`),
    h('p', { class: 'hint' }, 'The model answers once it is Ready with inference on; each call counts in its usage.'));
}
