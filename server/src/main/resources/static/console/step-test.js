// Step 3, Test and map: the prompt variables, the request template (checked as typed), a Test that shows its three
// stages, the raw response as a tree, and the output mapping — click a value in the tree to fill the mapping field
// focused last; each field shows what it extracts from the last response as you type.

import { api, ApiError } from './api.js';
import { h, replace, confirmDialog } from './dom.js';
import { field, errorSlot, describe, problemBox } from './form.js';
import { VARIABLE_TYPES, toApi, applyPreset } from './draft.js';
import { templateEditor } from './template-editor.js';
import { jsonTree } from './json-tree.js';
import { extract } from './jsonpath.js';
import { testRun, preview } from './test-result.js';
import { group } from './step-credentials.js';
import { renderConverse } from './step-converse.js';
import { chatFields } from './chat-rule.js';
import { freshness, testedAgainst, runningTest } from './test-freshness.js';

const MAPPING_FIELDS = [
  { key: 'outputMapping.text', prop: 'text', label: 'Output text', kind: 'text', id: 'map-text',
    hint: 'The answer’s text; required to save. No path yet? Run the Test, then click the text in the response shown beside these fields (above them on a narrow screen).' },
  { key: 'outputMapping.inputTokens', prop: 'inputTokens', label: 'Input tokens', kind: 'tokens', id: 'map-input-tokens',
    hint: 'Optional: without it Modelgate reads Bedrock’s token count headers.' },
  { key: 'outputMapping.outputTokens', prop: 'outputTokens', label: 'Output tokens', kind: 'tokens', id: 'map-output-tokens',
    hint: 'Optional, as above.' },
];

const STREAM_FIELDS = [
  { key: 'outputMapping.stream.text', prop: 'text', label: 'Streamed text', kind: 'text', id: 'map-stream-text',
    placeholder: '$.delta.text', hint: 'The text of one chunk; a chunk it matches nothing in has no text.' },
  { key: 'outputMapping.stream.inputTokens', prop: 'inputTokens', label: 'Streamed input tokens', kind: 'tokens', id: 'map-stream-input-tokens',
    placeholder: '$.message.usage.input_tokens', hint: 'Read from whichever chunk has it (the last match counts).' },
  { key: 'outputMapping.stream.outputTokens', prop: 'outputTokens', label: 'Streamed output tokens', kind: 'tokens', id: 'map-stream-output-tokens',
    placeholder: '$.usage.output_tokens', hint: 'Without them, Bedrock’s invocation metrics in the last chunk count.' },
];

const RUN_STAGES = [
  { stage: 'ASSUME_ROLE', label: 'Assume the role' },
  { stage: 'INVOKE', label: 'Invoke the model' },
  { stage: 'MAP', label: 'Map the output' },
];

/** The streaming check of a Test result (a STREAM stage, or a `stream` member); null without one. */
export function streamCheckOf(result) {
  if (!result) return null;
  return (result.stages || []).find((s) => s.stage === 'STREAM') || result.stream || result.streaming || null;
}

/** The decoded chunks of a streaming check, as JSON values. */
function decodedChunks(check) {
  const chunks = (check && (check.chunks || check.events)) || [];
  return chunks.map((c) => {
    let value = c && typeof c === 'object' && !Array.isArray(c) ? (c.decoded ?? c.json ?? c.payload ?? c.body ?? c) : c;
    if (typeof value === 'string') {
      try { value = JSON.parse(value); } catch { /* not JSON: matches nothing */ }
    }
    return value;
  });
}

/** The INVOKE stage's response body as JSON; undefined when there is none or it is not JSON. */
export function parseResponse(result) {
  const invoke = (result?.stages || []).find((s) => s.stage === 'INVOKE');
  const body = invoke?.response?.body;
  if (body === null || body === undefined) return undefined;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function renderTest(section, ctx) {
  const { state } = ctx;
  const d = state.draft;
  if (d.api === 'CONVERSE') return renderConverse(section, ctx);

  // --- variables ---
  const variablesBody = h('tbody');
  const variablesError = errorSlot('variables-error');
  const declared = () => d.variables.map((v) => v.name).filter(Boolean);

  function paintVariables() {
    for (const key of [...ctx.errors.bindings.keys()]) if (key.startsWith('variables[')) ctx.errors.bindings.delete(key);
    replace(variablesBody, d.variables.map((v, i) => variableRow(v, i)));
    chat.refresh();
    if (!d.variables.length) {
      variablesBody.append(h('tr', {}, h('td', { colspan: '7', class: 'muted empty-row' },
        'No variables yet. Add one for each {{placeholder}} of the template, or start from a preset.')));
    }
  }

  function cell(i, prop, input, label) {
    input.setAttribute('aria-label', `${label} of variable ${i + 1}`);
    input.id = `var-${i}-${prop}`;
    const error = errorSlot(`var-${i}-${prop}-error`);
    describe(input, error.id);
    ctx.errors.bind(`variables[${i}].${prop}`, input, error);
    return h('td', {}, input, error);
  }

  function variableRow(v, i) {
    const name = h('input', { type: 'text', value: v.name, spellcheck: 'false', autocomplete: 'off', placeholder: 'prompt' });
    const type = h('select', {}, VARIABLE_TYPES.map((t) => h('option', { value: t }, t)));
    type.value = v.type;
    const required = h('input', { type: 'checkbox', checked: v.required });
    const valueInput = (prop) => {
      if (v.type === 'BOOLEAN') {
        const select = h('select', {}, h('option', { value: '' }, '—'), h('option', { value: 'true' }, 'true'),
          h('option', { value: 'false' }, 'false'));
        select.value = v[prop];
        return select;
      }
      return h('input', { type: 'text', value: v[prop], spellcheck: 'false', autocomplete: 'off',
        placeholder: v.type === 'JSON' ? 'JSON' : v.type === 'STRING' ? '' : '0' });
    };
    const def = valueInput('defaultValue');
    const test = valueInput('testValue');
    const description = h('input', { type: 'text', value: v.description, autocomplete: 'off' });
    const remove = h('button', { type: 'button', class: 'button small quiet', 'aria-label': `Remove variable ${v.name || i + 1}` }, 'Remove');

    name.addEventListener('input', () => { v.name = name.value.trim(); ctx.changed(`variables[${i}].name`); editor.refresh(); });
    name.addEventListener('change', () => chat.refresh());
    type.addEventListener('change', () => {
      v.type = type.value;
      ctx.changed(`variables[${i}]`);
      paintVariables();
      variablesBody.querySelector(`#var-${i}-type`)?.focus();
    });
    required.addEventListener('change', () => { v.required = required.checked; ctx.changed(`variables[${i}].required`); });
    const onValue = (prop, input) => () => { v[prop] = input.value; ctx.changed(`variables[${i}].${prop}`); };
    def.addEventListener(def.tagName === 'SELECT' ? 'change' : 'input', onValue('defaultValue', def));
    test.addEventListener(test.tagName === 'SELECT' ? 'change' : 'input', onValue('testValue', test));
    description.addEventListener('input', () => { v.description = description.value; ctx.changed(`variables[${i}].description`); });
    remove.addEventListener('click', () => {
      d.variables.splice(i, 1);
      ctx.changed('variables');
      paintVariables();
      editor.refresh();
      addButton.focus();
    });
    return h('tr', {},
      cell(i, 'name', name, 'Name'), cell(i, 'type', type, 'Type'),
      h('td', { class: 'center' }, (() => { required.id = `var-${i}-required`; required.setAttribute('aria-label', `Variable ${i + 1} is required`); return required; })()),
      cell(i, 'defaultValue', def, 'Default value'), cell(i, 'testValue', test, 'Test value'),
      cell(i, 'description', description, 'Description'),
      h('td', {}, remove));
  }

  const addButton = h('button', { type: 'button', class: 'button small', id: 'add-variable', onclick: () => {
    d.variables.push({ name: '', type: 'STRING', required: false, defaultValue: '', testValue: '', description: '' });
    ctx.changed('variables');
    paintVariables();
    variablesBody.querySelector(`#var-${d.variables.length - 1}-name`)?.focus();
  } }, '+ Add variable');

  // --- the template ---
  const templateHint = h('p', { class: 'hint', id: 'template-hint' },
    'The JSON body of Bedrock’s InvokeModel. Write {{name}} inside a string to insert a variable’s text, or as a whole value for a number, boolean or JSON.');
  const templateError = errorSlot('template-error');
  const editor = templateEditor({
    id: 'request-template', value: d.requestTemplate, declared,
    reported: () => ctx.errors.get('requestTemplate'),
    describedBy: `template-hint ${templateError.id}`,
    onChange: (text) => { d.requestTemplate = text; ctx.changed('requestTemplate'); },
  });
  ctx.errors.bind('requestTemplate', editor.textarea, templateError);
  const unsubscribe = ctx.errors.onChange(() => editor.refresh());
  // The family's preset: the one Modelgate detected in step 2 (or the one whose template is in use) is chosen already,
  // and stays chosen after use.
  const presetSelect = h('select', { id: 'preset-select', 'aria-label': 'Model family preset' },
    h('option', { value: '' }, 'Choose a preset…'));
  const presetButton = h('button', { type: 'button', class: 'button small', id: 'use-preset-template' }, 'Use preset');
  const presetPicker = h('div', { class: 'inline-form preset-picker' }, presetSelect, presetButton);
  api.presets().then((presets) => {
    presetSelect.append(...presets.map((p) => h('option', { value: p.family }, p.displayName)));
    presetSelect.value = d.family || presets.find((p) => p.template === d.requestTemplate)?.family || '';
    presetButton.addEventListener('click', async () => {
      const chosen = presets.find((p) => p.family === presetSelect.value);
      if (!chosen) { presetSelect.focus(); return; }
      if (d.requestTemplate.trim() && d.requestTemplate !== chosen.template && !(await confirmDialog({
        title: `Use the ${chosen.displayName} preset?`,
        body: 'It replaces the variables, the request template and the output mapping.', confirm: 'Use the preset' }))) return;
      applyPreset(d, chosen);
      d.family = chosen.family;
      ctx.changed('requestTemplate');
      ctx.errors.clearPrefix('variables');
      ctx.errors.clearPrefix('outputMapping');
      renderTest(section, ctx);
      section.querySelector('#request-template')?.focus(); // where the work goes on
    });
  }, () => { presetPicker.hidden = true; });

  // --- Test ---
  const testButton = h('button', { type: 'button', class: 'button primary', id: 'run-test' }, 'Run Test');
  const testStatus = h('span', { class: 'muted', id: 'test-status', 'aria-live': 'polite' });
  const testArea = h('div', { id: 'test-result' });
  const staleNote = h('div', { id: 'test-stale-note' });
  const responsePanel = h('div', { class: 'response-panel', id: 'response-tree' });
  const paintFreshness = freshness(staleNote, [testArea, responsePanel]);
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
    testStatus.textContent = 'Testing: assuming the role, invoking the model, mapping the answer…';
    const against = testedAgainst(d);
    replace(testArea, runningTest(RUN_STAGES));
    try {
      const result = saved || (state.id && !state.dirty) ? await api.testSaved(state.id, undefined, state.promoteOnPass !== false)
        : await api.testDraft(draft);
      state.lastTest = result;
      state.lastTestAgainst = against;
      state.response = parseResponse(result);
      if (result.model && result.model.status && state.id && result.model.id === state.id) state.status = result.model.status;
      ctx.persist();
      const map = (result.stages || []).find((s) => s.stage === 'MAP');
      const streamCheck = streamCheckOf(result);
      for (const f of [...(map?.fields || []), ...(streamCheck?.fields || [])]) {
        if (f.outcome === 'FAILED') ctx.errors.set(f.field, [{ message: f.message, rule: f.rule }]);
        else ctx.errors.set(f.field, []);
      }
      testStatus.textContent = result.outcome === 'PASSED' ? 'Test passed.' : 'Test failed; see the diagnosis below.';
      paintResult();
      paintResponse();
      paintPreviews();
      paintStreamPreviews();
      testArea.querySelector('.test-run-head [tabindex]')?.focus();
      return result.outcome === 'PASSED';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.violations.length) {
        for (const [fieldName, list] of group(e.violations)) ctx.errors.set(fieldName, list);
        testStatus.textContent = 'The Test could not run: fix the marked fields (see the list at the top).';
        paintResult(); // the last result stays, marked stale
      } else if (e.missingEndpoint) {
        testStatus.textContent = '';
        replace(testArea, h('div', { class: 'callout callout-info' }, h('p', {},
          'This Modelgate server cannot run a Test yet. Save the model as a draft; Test arrives with the next Modelgate version.')));
      } else {
        testStatus.textContent = '';
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
    replace(testArea, state.lastTest ? testRun(state.lastTest, { onSuggestion: useSuggestion, onLocation: editor.focusAt }) : null);
    paintFreshness(state);
  }

  /** A diagnosis's suggested value: a JSONPath fills the mapping field focused last; anything else is a model. */
  function useSuggestion(value, stage) {
    if (stage === 'MAP' || value.startsWith('$')) {
      const input = mappingInputs.get(state.mappingTarget) || mappingInputs.get('outputMapping.text');
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.focus();
      return;
    }
    d.modelReference = value;
    ctx.changed('modelReference');
    testStatus.textContent = `The model is now ${value}. Run Test again.`;
    testButton.focus();
  }

  // --- the response tree and the mapping ---
  const pickStatus = h('p', { class: 'pick-status', 'aria-live': 'polite' });
  const mappingInputs = new Map();
  const previews = [];

  function paintResponse() {
    if (state.response === undefined) {
      const invoke = (state.lastTest?.stages || []).find((s) => s.stage === 'INVOKE');
      const raw = invoke?.response?.body;
      replace(responsePanel, raw ? h('div', {}, h('p', { class: 'muted' }, 'The response is not JSON:'),
        h('pre', { class: 'code-block' }, String(raw)))
        : h('p', { class: 'empty-panel' }, 'Run Test to see the model’s response here. Then click a value to put its path in the mapping field you focused last.'));
      return;
    }
    replace(responsePanel, jsonTree(state.response, {
      pickHint: 'put its path in the focused mapping field',
      onPick: (path) => {
        const input = mappingInputs.get(state.mappingTarget) || mappingInputs.get('outputMapping.text');
        input.value = path;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.classList.remove('just-filled');
        void input.offsetWidth;
        input.classList.add('just-filled');
        pickStatus.textContent = `${labelOf(state.mappingTarget)} ← ${path}`;
      },
    }));
  }

  function labelOf(target) {
    const known = MAPPING_FIELDS.find((f) => f.key === target);
    if (known) return known.label;
    const extra = /^extra:(\d+)$/.exec(target);
    return extra ? `Extra field ${d.outputMapping.extras[Number(extra[1])]?.name || Number(extra[1]) + 1}` : target;
  }

  function setTarget(target) {
    state.mappingTarget = target;
    for (const [key, input] of mappingInputs) input.closest('.map-field')?.classList.toggle('is-target', key === target);
    targetLabel.textContent = labelOf(target);
  }
  const targetLabel = h('strong', { id: 'pick-target' });

  function mappingField({ key, prop, label, kind, id, hint }) {
    const input = h('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off', class: 'mono',
      placeholder: { text: '$.content[0].text', inputTokens: '$.usage.input_tokens', outputTokens: '$.usage.output_tokens' }[prop] });
    input.value = d.outputMapping[prop];
    const out = h('p', { class: 'extracted', id: `${id}-value`, 'aria-live': 'polite' });
    describe(input, `${id}-value`);
    input.addEventListener('focus', () => setTarget(key));
    input.addEventListener('input', () => {
      d.outputMapping[prop] = input.value.trim();
      ctx.changed(key);
      paintPreview(out, kind, d.outputMapping[prop], key);
    });
    mappingInputs.set(key, input);
    previews.push(() => paintPreview(out, kind, d.outputMapping[prop], key));
    return h('div', { class: 'map-field' }, field(ctx.errors, { key, label, input, hint, optional: kind !== 'text', extra: out }));
  }

  const extrasList = h('div', { class: 'extras' });
  const extrasError = errorSlot('extras-error');
  function paintExtras() {
    for (const key of [...mappingInputs.keys()]) if (key.startsWith('extra:')) mappingInputs.delete(key);
    for (const key of [...ctx.errors.bindings.keys()]) if (key.startsWith('outputMapping.extras.')) ctx.errors.bindings.delete(key);
    replace(extrasList, d.outputMapping.extras.map((extra, i) => {
      const target = `extra:${i}`;
      const nameInput = h('input', { type: 'text', id: `extra-${i}-name`, value: extra.name, spellcheck: 'false',
        autocomplete: 'off', placeholder: 'stopReason', 'aria-label': `Name of extra field ${i + 1}` });
      const pathInput = h('input', { type: 'text', id: `extra-${i}-path`, value: extra.path, spellcheck: 'false',
        autocomplete: 'off', class: 'mono', placeholder: '$.stop_reason', 'aria-label': `Path of extra field ${extra.name || i + 1}` });
      const out = h('p', { class: 'extracted', id: `extra-${i}-value`, 'aria-live': 'polite' });
      const error = errorSlot(`extra-${i}-error`);
      describe(pathInput, out.id, error.id);
      ctx.errors.bind(`outputMapping.extras.${extra.name}`, pathInput, error);
      nameInput.addEventListener('input', () => { extra.name = nameInput.value.trim(); ctx.changed('outputMapping.extras'); });
      nameInput.addEventListener('change', () => paintExtras());
      nameInput.addEventListener('focus', () => setTarget(target));
      pathInput.addEventListener('focus', () => setTarget(target));
      pathInput.addEventListener('input', () => {
        extra.path = pathInput.value.trim();
        ctx.changed(`outputMapping.extras.${extra.name}`);
        paintPreview(out, 'extra', extra.path, `outputMapping.extras.${extra.name}`);
      });
      mappingInputs.set(target, pathInput);
      previews.push(() => paintPreview(out, 'extra', extra.path, `outputMapping.extras.${extra.name}`));
      const remove = h('button', { type: 'button', class: 'button small quiet', 'aria-label': `Remove extra field ${extra.name || i + 1}`,
        onclick: () => { d.outputMapping.extras.splice(i, 1); ctx.changed('outputMapping.extras'); paintExtras(); paintPreviews(); addExtra.focus(); } }, 'Remove');
      return h('div', { class: 'map-field extra-row' }, nameInput, pathInput, remove, out, error);
    }));
    setTarget(mappingInputs.has(state.mappingTarget) ? state.mappingTarget : 'outputMapping.text');
  }
  const addExtra = h('button', { type: 'button', class: 'button small', id: 'add-extra', onclick: () => {
    d.outputMapping.extras.push({ name: '', path: '' });
    ctx.changed('outputMapping.extras');
    paintExtras();
    extrasList.querySelector(`#extra-${d.outputMapping.extras.length - 1}-name`)?.focus();
  } }, '+ Add extra field');

  function paintPreview(out, kind, path, key) {
    out.className = 'extracted';
    if (state.response === undefined) { out.textContent = ''; return; }
    const result = extract(kind, path, state.response);
    if (result.outcome === 'FAILED' && ctx.errors.get(key).length) {
      out.textContent = ''; // the Test's own message for this field is shown; it says the same with authority
      return;
    }
    switch (result.outcome) {
      case 'EMPTY':
        out.textContent = kind === 'text' ? 'Required: click a value in the response, or type a path.' : '';
        out.classList.add('muted');
        break;
      case 'MAPPED':
        out.replaceChildren('→ ', h('code', {}, preview(result.value)));
        out.classList.add('ok');
        break;
      case 'UNSUPPORTED':
        out.textContent = 'This path uses a filter; the console does not preview it. Run Test to see its value.';
        out.classList.add('muted');
        break;
      default:
        out.textContent = result.message;
        out.classList.add('bad');
    }
  }
  function paintPreviews() { for (const paint of previews) paint(); }

  // --- the stream mapping: JSONPaths applied to each decoded chunk of a streamed answer ---
  const streamPreviews = [];
  function streamField({ key, prop, label, kind, id, hint, placeholder }) {
    const input = h('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off', class: 'mono', placeholder });
    input.value = d.outputMapping.stream[prop];
    const out = h('p', { class: 'extracted', id: `${id}-value`, 'aria-live': 'polite' });
    describe(input, out.id);
    input.addEventListener('input', () => {
      d.outputMapping.stream[prop] = input.value.trim();
      ctx.changed(key);
      paintStreamPreview(out, kind, d.outputMapping.stream[prop]);
    });
    streamPreviews.push(() => paintStreamPreview(out, kind, d.outputMapping.stream[prop]));
    return field(ctx.errors, { key, label, input, hint, optional: true, extra: out });
  }
  /** What a path gives over the last streaming check's chunks: the texts joined, the last token count. */
  function paintStreamPreview(out, kind, path) {
    out.className = 'extracted';
    const chunks = decodedChunks(streamCheckOf(state.lastTest));
    if (!chunks.length || !path) { out.textContent = ''; return; }
    let text = '';
    let count = null;
    let matched = 0;
    for (const chunk of chunks) {
      const r = extract(kind, path, chunk);
      if (r.outcome === 'UNSUPPORTED') { out.textContent = 'This path uses a filter; run the Test to see what it gives.'; out.classList.add('muted'); return; }
      if (r.outcome !== 'MAPPED') continue;
      matched += 1;
      if (kind === 'text') text += r.value; else count = r.value;
    }
    if (!matched) {
      out.textContent = `matches nothing in the ${chunks.length} chunks of the last Test`;
      out.classList.add('bad');
      return;
    }
    out.replaceChildren('→ ', h('code', {}, kind === 'text' ? preview(text) : String(count)),
      h('span', { class: 'muted' }, ` (${matched} of ${chunks.length} chunks)`));
    out.classList.add('ok');
  }
  function paintStreamPreviews() { for (const paint of streamPreviews) paint(); }

  // --- the chat rule (POST /v1/chat/completions) ---
  const chat = chatFields(d.chat, { variables: () => d.variables, errors: ctx.errors, onChange: (fieldName) => {
    ctx.changed(fieldName);
    ctx.validateField(fieldName);
  } });
  const chatDeclared = Object.values(d.chat).some((value) => value !== '') || ctx.errors.all().some((v) => v.field.startsWith('chat'));

  // --- inference ---
  const inference = h('input', { type: 'checkbox', id: 'inference-enabled', checked: d.inferenceEnabled });
  const inferenceError = errorSlot('inference-error');
  const mappingError = errorSlot('mapping-error');
  const streamMappingError = errorSlot('stream-mapping-error');
  inference.addEventListener('change', () => { d.inferenceEnabled = inference.checked; ctx.changed('inferenceEnabled'); });

  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, 'Test and map'),
    h('p', { class: 'lead' }, 'Write the request Modelgate sends, run a Test against Bedrock, and map the answer.'),
    h('section', { class: 'card', 'aria-labelledby': 'variables-heading' },
      h('div', { class: 'card-head' }, h('h3', { id: 'variables-heading' }, 'Prompt variables'), presetPicker),
      h('p', { class: 'hint' }, 'What agents pass when they invoke the model. The Test uses each test value (or the default).'),
      h('div', { class: 'table-scroll' }, h('table', { class: 'variables' },
        h('thead', {}, h('tr', {}, ['Name', 'Type', 'Required', 'Default', 'Test value', 'Description', ''].map((t) => h('th', { scope: 'col' }, t)))),
        variablesBody)),
      variablesError, addButton),
    h('section', { class: 'card', 'aria-labelledby': 'template-heading' },
      h('h3', { id: 'template-heading' }, h('label', { for: 'request-template' }, 'Request template')),
      templateHint, editor.element, templateError),
    h('section', { class: 'card', 'aria-labelledby': 'run-heading' },
      h('h3', { id: 'run-heading' }, 'Test'),
      h('div', { class: 'test-bar' }, testButton, testStatus),
      promoteOnPassToggle(state),
      staleNote,
      h('p', { class: 'hint' }, 'Assumes your role, sends the template with the test values to Bedrock, and maps the answer. ',
        state.id ? 'A passed Test of the saved model makes it Ready.' : 'Save to make the model Ready.'),
      testArea),
    h('section', { class: 'card', 'aria-labelledby': 'mapping-heading' },
      h('h3', { id: 'mapping-heading' }, 'Output mapping'),
      h('p', { class: 'hint' }, 'JSONPaths into the response. Focus a field, then click a value in the response to fill it.'),
      h('div', { class: 'map-grid' },
        h('div', { class: 'map-response' }, h('p', { class: 'pick-banner' }, 'Click a value to fill ', targetLabel), responsePanel, pickStatus),
        h('div', { class: 'map-fields' },
          mappingError,
          MAPPING_FIELDS.map(mappingField),
          h('fieldset', { class: 'extras-set' }, h('legend', {}, 'Extra fields'),
            h('p', { class: 'hint' }, 'Anything else agents should get back, by name: a stop reason, citations…'),
            extrasList, extrasError, addExtra),
          h('fieldset', { class: 'extras-set', id: 'stream-mapping' }, h('legend', {}, 'Streaming'),
            h('p', { class: 'hint' }, 'For answers streamed as they are generated: JSONPaths applied to each decoded chunk. The Test streams once and checks them against Bedrock’s metrics.'),
            streamMappingError,
            STREAM_FIELDS.map(streamField))))),
    h('section', { class: 'card', 'aria-labelledby': 'chat-heading' },
      h('details', { class: 'advanced', id: 'chat-rule', open: chatDeclared },
        h('summary', {}, h('h3', { id: 'chat-heading', class: 'inline-heading' }, 'Chat (OpenAI API)'),
          h('span', { class: 'muted' }, ' which variables a chat completion fills')),
        chat.element)),
    h('div', { class: 'inference-row' }, inference,
      h('label', { for: 'inference-enabled' }, 'Let agents invoke this model once it is Ready'), inferenceError));

  ctx.errors.bind('variables', addButton, variablesError);
  ctx.errors.bind('outputMapping.extras', addExtra, extrasError);
  ctx.errors.bind('outputMapping', mappingInputs.get('outputMapping.text'), mappingError);
  ctx.errors.bind('inferenceEnabled', inference, inferenceError);
  ctx.errors.bind('outputMapping.stream', null, streamMappingError);
  paintVariables();
  paintExtras();
  paintResult();
  paintResponse();
  paintPreviews();
  paintStreamPreviews();
  return () => { ctx.runTest = null; ctx.afterChange = null; unsubscribe(); };
}

/**
 * "Make live when the Test passes" (sent as promoteOnPass; checked by default): unchecked, a passing Test of the saved
 * model leaves it the draft, to be promoted from the model page. Says which revision agents keep meanwhile.
 */
function promoteOnPassToggle(state) {
  const box = h('input', { type: 'checkbox', id: 'promote-on-pass', checked: state.promoteOnPass !== false,
    'aria-describedby': 'promote-on-pass-hint' });
  box.addEventListener('change', () => { state.promoteOnPass = box.checked; });
  const live = state.liveRevision;
  return h('div', { class: 'stream-toggle promote-toggle' }, box,
    h('label', { for: 'promote-on-pass' }, 'Make live when the Test passes'),
    h('span', { class: 'hint', id: 'promote-on-pass-hint' }, live == null
      ? 'Agents can invoke the model once a saved revision passes its Test and is live.'
      : `Saving makes a draft: agents keep getting revision ${live} until a draft passes its Test and is made live.`));
}
