// Step 3 for a Converse model: no template and no mapping. The model's defaults (system prompt, inference
// parameters, additional model request fields, tools), a test message, and a Test whose answer is shown parsed, as
// Modelgate reads it: text, tool calls, stop reason, usage.

import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { field, errorSlot, problemBox } from './form.js';
import { toApi, CONVERSE_VARIABLES } from './draft.js';
import { testRun } from './test-result.js';
import { converseBody, parsedAnswer } from './answer.js';
import { group } from './step-credentials.js';
import { freshness, testedAgainst, runningTest } from './test-freshness.js';
import { stepTitle } from './wizard-state.js';

const EXAMPLE_TOOL = [{
  toolSpec: {
    name: 'get_weather',
    description: 'The current weather in a city.',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string', description: 'The city' } }, required: ['city'] } },
  },
}];

/**
 * The parsed answer of a Converse Test: its ANSWER stage (Modelgate's reading of Converse's fixed shape), or what
 * else the result carries as read (`answer` / `output`), or else the Converse response body of its INVOKE stage
 * read here; null when there is none.
 */
export function converseAnswerOf(result) {
  if (!result) return null;
  const stages = result.stages || [];
  const stage = stages.find((st) => st.stage === 'ANSWER');
  if (stage && stage.outcome !== 'SKIPPED') {
    return { text: stage.text || '', toolCalls: stage.toolCalls || [], stopReason: stage.stopReason || null, usage: stage.usage || {} };
  }
  const candidates = [result.answer, result.output, ...stages.flatMap((s) => [s.answer, s.output])].filter(Boolean);
  for (const c of candidates) {
    if (c.message || c.text !== undefined || c.toolCalls) {
      const content = c.message && Array.isArray(c.message.content) ? c.message.content : [];
      return {
        text: c.text !== undefined && c.text !== null ? c.text : content.filter((b) => typeof b.text === 'string').map((b) => b.text).join(''),
        toolCalls: c.toolCalls || content.filter((b) => b.toolUse).map((b) => b.toolUse),
        stopReason: c.stopReason || result.stopReason || null,
        usage: c.usage || result.usage || {},
      };
    }
  }
  const invoke = stages.find((s) => s.stage === 'INVOKE');
  let body = invoke && invoke.response ? invoke.response.body : null;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = null;
    }
  }
  return converseBody(body);
}

export function renderConverse(section, ctx) {
  const { state } = ctx;
  const d = state.draft;
  const c = d.converse;

  /** The working copy's problems in `prefix`, shown at their fields (a refusal the console can tell at once). */
  const check = (prefix) => {
    const { problems } = toApi(d);
    const mine = problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`));
    ctx.errors.clearPrefix(prefix);
    for (const [fieldName, list] of group(mine)) ctx.errors.set(fieldName, list);
  };
  const bindText = (input, prop, key) => {
    input.value = c[prop];
    input.addEventListener('input', () => { c[prop] = input.value; ctx.changed(key); });
    input.addEventListener('change', () => { check(key); if (!ctx.errors.get(key).length) ctx.validateField(key); });
    return input;
  };

  // --- defaults ---
  const system = bindText(h('textarea', { id: 'converse-system', rows: 3, placeholder: 'You are a helpful assistant.' }), 'system', 'converse.system');
  const maxTokens = bindText(h('input', { id: 'converse-max-tokens', type: 'text', inputmode: 'numeric', placeholder: 'model default' }),
    'maxTokens', 'converse.inferenceConfig.maxTokens');
  const temperature = bindText(h('input', { id: 'converse-temperature', type: 'text', inputmode: 'decimal', placeholder: 'model default' }),
    'temperature', 'converse.inferenceConfig.temperature');
  const topP = bindText(h('input', { id: 'converse-top-p', type: 'text', inputmode: 'decimal', placeholder: 'model default' }),
    'topP', 'converse.inferenceConfig.topP');
  const stops = bindText(h('textarea', { id: 'converse-stop-sequences', rows: 2, spellcheck: 'false' }), 'stopSequences',
    'converse.inferenceConfig.stopSequences');
  const additional = bindText(h('textarea', { id: 'converse-additional', rows: 4, class: 'mono code-input-plain', spellcheck: 'false',
    placeholder: '{"top_k": 50}' }), 'additionalModelRequestFields', 'converse.additionalModelRequestFields');
  const tools = bindText(h('textarea', { id: 'converse-tools', rows: 8, class: 'mono code-input-plain', spellcheck: 'false',
    placeholder: '[{"toolSpec": {"name": "…", "description": "…", "inputSchema": {"json": {…}}}}]' }), 'tools', 'converse.toolConfig.tools');
  const choice = h('select', { id: 'converse-tool-choice' },
    h('option', { value: 'auto' }, 'The model decides (auto)'),
    h('option', { value: 'any' }, 'The model must call a tool (any)'),
    h('option', { value: 'tool' }, 'The model must call this tool…'));
  choice.value = c.toolChoice;
  const toolName = bindText(h('input', { id: 'converse-tool-name', type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono' }),
    'toolName', 'converse.toolConfig.toolChoice.tool.name');
  const toolNameField = field(ctx.errors, { key: 'converse.toolConfig.toolChoice.tool.name', label: 'Tool to call', input: toolName });
  toolNameField.hidden = c.toolChoice !== 'tool';
  choice.addEventListener('change', () => {
    c.toolChoice = choice.value;
    toolNameField.hidden = c.toolChoice !== 'tool';
    ctx.changed('converse.toolConfig.toolChoice');
  });
  const example = h('button', { type: 'button', class: 'button small', id: 'example-tool', onclick: () => {
    tools.value = JSON.stringify(EXAMPLE_TOOL, null, 2);
    tools.dispatchEvent(new Event('input', { bubbles: true }));
    tools.dispatchEvent(new Event('change', { bubbles: true }));
    tools.focus();
  } }, 'Insert an example tool');

  // --- the test message: the `prompt` variable's test value ---
  let prompt = d.variables.find((v) => v.name === 'prompt');
  if (!prompt) {
    prompt = { name: 'prompt', type: 'STRING', required: true, defaultValue: '', testValue: '', description: 'The user’s message' };
    d.variables.unshift(prompt);
  }
  const promptIndex = d.variables.filter((v) => CONVERSE_VARIABLES.includes(v.name)).indexOf(prompt);
  const testPrompt = h('textarea', { id: 'converse-test-prompt', rows: 2, placeholder: 'Say hello to Modelgate.' });
  testPrompt.value = prompt.testValue;
  testPrompt.addEventListener('input', () => { prompt.testValue = testPrompt.value; ctx.changed(`variables[${promptIndex}].testValue`); });

  // --- Test ---
  const testButton = h('button', { type: 'button', class: 'button primary', id: 'run-test' }, 'Run Test');
  const testStatus = h('span', { class: 'muted', id: 'test-status', 'aria-live': 'polite' });
  const answerArea = h('div', { id: 'converse-answer-area' });
  const testArea = h('div', { id: 'test-result' });
  const staleNote = h('div', { id: 'test-stale-note' });
  const paintFreshness = freshness(staleNote, [testArea, answerArea]);
  ctx.afterChange = () => { if (paintFreshness(state)) testStatus.textContent = ''; };

  async function runTest({ saved = false } = {}) {
    const { draft, problems } = toApi(d);
    if (problems.length) {
      for (const [fieldName, list] of group(problems)) ctx.errors.set(fieldName, list);
      testStatus.textContent = 'Fix the marked fields first.';
      return null;
    }
    testButton.disabled = true;
    testButton.setAttribute('aria-busy', 'true');
    testStatus.textContent = 'Testing: assuming the role, calling Converse, reading the answer…';
    const against = testedAgainst(d);
    replace(answerArea);
    replace(testArea, runningTest([{ stage: 'ASSUME_ROLE', label: 'Assume the role' }, { stage: 'INVOKE', label: 'Call Converse' },
      { stage: 'ANSWER', label: 'Read the answer' }]));
    try {
      const result = saved || (state.id && !state.dirty) ? await api.testSaved(state.id) : await api.testDraft(draft);
      state.lastTest = result;
      state.lastTestAgainst = against;
      state.response = undefined;
      if (result.model && result.model.status && state.id && result.model.id === state.id) state.status = result.model.status;
      ctx.persist();
      testStatus.textContent = result.outcome === 'PASSED' ? 'Test passed.' : 'Test failed; see the diagnosis below.';
      paintResult();
      testArea.querySelector('.test-run-head [tabindex]')?.focus();
      return result.outcome === 'PASSED';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.violations.length) {
        for (const [fieldName, list] of group(e.violations)) ctx.errors.set(fieldName, list);
        testStatus.textContent = 'The Test could not run: fix the marked fields (see the list at the top).';
        replace(testArea);
        replace(answerArea);
      } else {
        testStatus.textContent = '';
        replace(answerArea);
        replace(testArea, problemBox(e, { title: 'The Test could not run' }));
      }
      return null;
    } finally {
      testButton.disabled = false;
      testButton.removeAttribute('aria-busy');
    }
  }
  ctx.runTest = runTest;
  testButton.addEventListener('click', () => runTest());

  function paintResult() {
    const answer = converseAnswerOf(state.lastTest);
    replace(answerArea, answer ? h('section', { class: 'parsed', 'aria-labelledby': 'parsed-heading' },
      h('h4', { id: 'parsed-heading' }, 'The answer, as Modelgate reads it'), parsedAnswer(answer)) : null);
    replace(testArea, state.lastTest ? testRun(state.lastTest, {}) : null);
    paintFreshness(state);
  }

  const inference = h('input', { type: 'checkbox', id: 'inference-enabled', checked: d.inferenceEnabled });
  const inferenceError = errorSlot('inference-error');
  inference.addEventListener('change', () => { d.inferenceEnabled = inference.checked; ctx.changed('inferenceEnabled'); });
  const converseError = errorSlot('converse-error');
  const variablesError = errorSlot('variables-error');

  const caps = d.converseCaps;
  const limits = caps ? [caps.systemPrompt === false ? 'no system prompt' : null, caps.toolUse === false ? 'no tools' : null,
    caps.vision === false ? 'no images' : null].filter(Boolean) : [];
  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, stepTitle(2, d)),
    h('p', { class: 'lead' }, 'Modelgate builds the Converse request itself. Set what every call starts from, then run a Test against Bedrock.'),
    caps && (limits.length || caps.note) ? h('div', { class: 'callout callout-info', id: 'converse-caps' },
      h('p', { class: 'callout-title' }, limits.length ? `This family takes ${limits.join(', ')} through Converse` : 'About this family'),
      caps.note ? h('p', {}, caps.note) : null) : null,
    h('section', { class: 'card', 'aria-labelledby': 'defaults-heading', id: 'converse-defaults' },
      h('h3', { id: 'defaults-heading' }, 'Defaults'),
      h('p', { class: 'hint' }, 'A call may override each of them; what it leaves out comes from here.'),
      converseError,
      field(ctx.errors, { key: 'converse.system', label: 'System prompt', input: system, optional: true }),
      h('div', { class: 'field-row' },
        field(ctx.errors, { key: 'converse.inferenceConfig.maxTokens', label: 'Max tokens', input: maxTokens, optional: true }),
        field(ctx.errors, { key: 'converse.inferenceConfig.temperature', label: 'Temperature', input: temperature, optional: true }),
        field(ctx.errors, { key: 'converse.inferenceConfig.topP', label: 'Top P', input: topP, optional: true })),
      field(ctx.errors, { key: 'converse.inferenceConfig.stopSequences', label: 'Stop sequences', input: stops, optional: true,
        hint: 'One per line.' }),
      field(ctx.errors, { key: 'converse.additionalModelRequestFields', label: 'Additional model request fields (JSON)', input: additional,
        optional: true, hint: 'A JSON object Bedrock passes to the model as it is, e.g. Claude’s {"thinking": {…}}.' }),
      h('fieldset', { class: 'tools-set' }, h('legend', {}, 'Tools'),
        field(ctx.errors, { key: 'converse.toolConfig.tools', label: 'Tools (JSON array of toolSpec)', input: tools, optional: true,
          hint: 'The tools the model may call. Its tool calls reach the agent, which sends the results back.', extra: example }),
        h('div', { class: 'field-row' },
          field(ctx.errors, { key: 'converse.toolConfig.toolChoice', label: 'Tool choice', input: choice, optional: true }),
          toolNameField))),
    h('section', { class: 'card', 'aria-labelledby': 'run-heading' },
      h('h3', { id: 'run-heading' }, 'Test'),
      field(ctx.errors, { key: `variables[${promptIndex}].testValue`, label: 'Test message', input: testPrompt,
        hint: 'The user message the Test sends. Name a tool in it to see a tool call.' }),
      variablesError,
      h('div', { class: 'test-bar' }, testButton, testStatus),
      staleNote,
      h('p', { class: 'hint' }, 'Assumes your role, calls Converse with these defaults and the test message, and reads the answer. ',
        state.id ? 'A passed Test of the saved model makes it Ready.' : 'Save to make the model Ready.'),
      answerArea,
      testArea),
    h('div', { class: 'inference-row' }, inference,
      h('label', { for: 'inference-enabled' }, 'Let agents invoke this model once it is Ready'), inferenceError));

  ctx.errors.bind('converse', system, converseError);
  ctx.errors.bind('variables', testPrompt, variablesError);
  ctx.errors.bind('inferenceEnabled', inference, inferenceError);
  paintResult();
  return () => { ctx.runTest = null; ctx.afterChange = null; };
}
