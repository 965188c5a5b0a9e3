// The Test and map step's page: the prompt variables table and the preset picker, the request template editor, the
// Test with its stages and freshness, the response tree beside the output mapping (its fields, extra fields and the
// stream mapping, each with what it extracts), the chat rule and the inference switch. Builds and repaints the DOM
// from the working copy and what step-test-state.js derives; fetches nothing. What the user does goes to the
// handlers it is given (step-test-actions.js).

import { h, replace } from './dom.js';
import { field, errorSlot, describe, problemBox } from './form.js';
import { VARIABLE_TYPES } from './draft.js';
import { templateEditor } from './template-editor.js';
import { jsonTree } from './json-tree.js';
import { testRun, preview } from './test-result.js';
import { chatFields } from './chat-rule.js';
import { freshness, runningTest } from './test-freshness.js';
import {
  MAPPING_FIELDS, STREAM_FIELDS, RUN_STAGES, rawResponseOf, valuePlaceholder, presetFamilyOf, labelOf, targetOrText,
  mappingPreview, streamPreview, chatDeclared, promoteHint,
} from './step-test-state.js';
import { stepTitle } from './wizard-state.js';

/**
 * Lays the step out in `section` and answers its parts, each with what repaints it.
 * @param {object} on the actions the fields and buttons call (see step-test-actions.js)
 */
export function testView(section, ctx, on) {
  const { state } = ctx;
  const d = state.draft;
  const template = templatePart(ctx, on);
  const variables = variablesPart(ctx, on, () => chat.refresh());
  const test = testPart(state, on);
  const chat = chatFields(d.chat, { variables: () => d.variables, errors: ctx.errors, onChange: on.chatChanged });
  const mapping = mappingPart(ctx, on, test.responsePanel);
  const inference = h('input', { type: 'checkbox', id: 'inference-enabled', checked: d.inferenceEnabled });
  const inferenceError = errorSlot('inference-error');
  inference.addEventListener('change', () => on.inferenceSet(inference.checked));

  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, stepTitle(2, d)),
    h('p', { class: 'lead' }, 'Write the request Modelgate sends, run a Test against Bedrock, and map the answer.'),
    variables.card(template.presetPicker),
    template.card,
    test.card,
    mapping.card,
    h('section', { class: 'card', 'aria-labelledby': 'chat-heading' },
      h('details', { class: 'advanced', id: 'chat-rule', open: chatDeclared(d.chat, ctx.errors.all()) },
        h('summary', {}, h('h3', { id: 'chat-heading', class: 'inline-heading' }, 'Chat (OpenAI API)'),
          h('span', { class: 'muted' }, ' which variables a chat completion fills')),
        chat.element)),
    h('div', { class: 'inference-row' }, inference,
      h('label', { for: 'inference-enabled' }, 'Let agents invoke this model once it is Ready'), inferenceError));

  ctx.errors.bind('variables', variables.addButton, variables.error);
  mapping.bindErrors();
  ctx.errors.bind('inferenceEnabled', inference, inferenceError);
  ctx.errors.bind('outputMapping.stream', null, mapping.streamError);

  const view = { variables, template, test, mapping, editor: template.editor };
  /** The last Test's result (with its freshness), or nothing. */
  view.paintResult = () => {
    replace(test.area, state.lastTest ? testRun(state.lastTest, { onSuggestion: on.useSuggestion, onLocation: template.editor.focusAt }) : null);
    test.paintFreshness(state);
  };
  /** Everything that shows the last Test: its result, the response tree and what each mapping path extracts. */
  view.paintTest = () => {
    view.paintResult();
    mapping.paintResponse();
    mapping.paintPreviews();
    mapping.paintStreamPreviews();
  };
  return view;
}

/** The prompt variables: a row per variable, and "+ Add variable". */
function variablesPart(ctx, on, refreshChat) {
  const d = ctx.state.draft;
  const body = h('tbody');
  const error = errorSlot('variables-error');
  const addButton = h('button', { type: 'button', class: 'button small', id: 'add-variable', onclick: () => on.variableAdded() },
    '+ Add variable');
  const cell = (i, prop, input, label) => {
    input.setAttribute('aria-label', `${label} of variable ${i + 1}`);
    input.id = `var-${i}-${prop}`;
    const slot = errorSlot(`var-${i}-${prop}-error`);
    describe(input, slot.id);
    ctx.errors.bind(`variables[${i}].${prop}`, input, slot);
    return h('td', {}, input, slot);
  };
  return {
    body, error, addButton,
    paint() {
      for (const key of [...ctx.errors.bindings.keys()]) if (key.startsWith('variables[')) ctx.errors.bindings.delete(key);
      replace(body, d.variables.map((v, i) => variableRow(v, i, cell, on, refreshChat)));
      refreshChat();
      if (!d.variables.length) {
        body.append(h('tr', {}, h('td', { colspan: '7', class: 'muted empty-row' },
          'No variables yet. Add one for each {{placeholder}} of the template, or start from a preset.')));
      }
    },
    focus(i, prop) { body.querySelector(`#var-${i}-${prop}`)?.focus(); },
    card: (presetPicker) => h('section', { class: 'card', 'aria-labelledby': 'variables-heading' },
      h('div', { class: 'card-head' }, h('h3', { id: 'variables-heading' }, 'Prompt variables'), presetPicker),
      h('p', { class: 'hint' }, 'What agents pass when they invoke the model. The Test uses each test value (or the default).'),
      h('div', { class: 'table-scroll' }, h('table', { class: 'variables' },
        h('thead', {}, h('tr', {}, ['Name', 'Type', 'Required', 'Default', 'Test value', 'Description', ''].map((t) => h('th', { scope: 'col' }, t)))),
        body)),
      error, addButton),
  };
}

/** A variable's row: name, type, required, default, test value, description and Remove. */
function variableRow(v, i, cell, on, refreshChat) {
  const name = h('input', { type: 'text', value: v.name, spellcheck: 'false', autocomplete: 'off', placeholder: 'prompt' });
  const type = h('select', {}, VARIABLE_TYPES.map((t) => h('option', { value: t }, t)));
  type.value = v.type;
  const required = h('input', { type: 'checkbox', checked: v.required, id: `var-${i}-required`, 'aria-label': `Variable ${i + 1} is required` });
  const valueInput = (prop) => {
    if (v.type === 'BOOLEAN') {
      const select = h('select', {}, h('option', { value: '' }, '—'), h('option', { value: 'true' }, 'true'),
        h('option', { value: 'false' }, 'false'));
      select.value = v[prop];
      return select;
    }
    return h('input', { type: 'text', value: v[prop], spellcheck: 'false', autocomplete: 'off', placeholder: valuePlaceholder(v.type) });
  };
  const def = valueInput('defaultValue');
  const test = valueInput('testValue');
  const description = h('input', { type: 'text', value: v.description, autocomplete: 'off' });
  const remove = h('button', { type: 'button', class: 'button small quiet', 'aria-label': `Remove variable ${v.name || i + 1}` }, 'Remove');

  name.addEventListener('input', () => on.variableNamed(v, i, name.value.trim()));
  name.addEventListener('change', () => refreshChat());
  type.addEventListener('change', () => on.variableTyped(v, i, type.value));
  required.addEventListener('change', () => on.variableSet(v, i, 'required', required.checked));
  for (const [prop, input] of [['defaultValue', def], ['testValue', test]]) {
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => on.variableSet(v, i, prop, input.value));
  }
  description.addEventListener('input', () => on.variableSet(v, i, 'description', description.value));
  remove.addEventListener('click', () => on.variableRemoved(i));
  return h('tr', {},
    cell(i, 'name', name, 'Name'), cell(i, 'type', type, 'Type'),
    h('td', { class: 'center' }, required),
    cell(i, 'defaultValue', def, 'Default value'), cell(i, 'testValue', test, 'Test value'),
    cell(i, 'description', description, 'Description'),
    h('td', {}, remove));
}

/** The request template's editor (checked as typed), and the family preset picker shown beside the variables. */
function templatePart(ctx, on) {
  const d = ctx.state.draft;
  const hint = h('p', { class: 'hint', id: 'template-hint' },
    'The JSON body of Bedrock’s InvokeModel. Write {{name}} inside a string to insert a variable’s text, or as a whole value for a number, boolean or JSON.');
  const error = errorSlot('template-error');
  const editor = templateEditor({
    id: 'request-template', value: d.requestTemplate, declared: () => d.variables.map((v) => v.name).filter(Boolean),
    reported: () => ctx.errors.get('requestTemplate'),
    describedBy: `template-hint ${error.id}`,
    onChange: (text) => on.templateEdited(text),
  });
  ctx.errors.bind('requestTemplate', editor.textarea, error);
  const unsubscribe = ctx.errors.onChange(() => editor.refresh());
  // The family's preset: the one Modelgate detected in step 2 (or the one whose template is in use) is chosen already,
  // and stays chosen after use.
  const presetSelect = h('select', { id: 'preset-select', 'aria-label': 'Model family preset' },
    h('option', { value: '' }, 'Choose a preset…'));
  const presetButton = h('button', { type: 'button', class: 'button small', id: 'use-preset-template' }, 'Use preset');
  const presetPicker = h('div', { class: 'inline-form preset-picker' }, presetSelect, presetButton);
  return {
    editor, presetPicker, unsubscribe,
    card: h('section', { class: 'card', 'aria-labelledby': 'template-heading' },
      h('h3', { id: 'template-heading' }, h('label', { for: 'request-template' }, 'Request template')),
      hint, editor.element, error),
    /** The presets to choose from; `onUse(preset)` with the one chosen (focus stays on the select without one). */
    paintPresets(presets, onUse) {
      presetSelect.append(...presets.map((p) => h('option', { value: p.family }, p.displayName)));
      presetSelect.value = presetFamilyOf(d, presets);
      presetButton.addEventListener('click', () => {
        const chosen = presets.find((p) => p.family === presetSelect.value);
        if (!chosen) { presetSelect.focus(); return; }
        onUse(chosen);
      });
    },
    hidePresets() { presetPicker.hidden = true; },
  };
}

/** "Run Test", its status line, the freshness note, the result and the response panel. */
function testPart(state, on) {
  const button = h('button', { type: 'button', class: 'button primary', id: 'run-test' }, 'Run Test');
  button.addEventListener('click', () => on.runTest());
  const status = h('span', { class: 'muted', id: 'test-status', 'aria-live': 'polite' });
  const area = h('div', { id: 'test-result' });
  const staleNote = h('div', { id: 'test-stale-note' });
  const responsePanel = h('div', { class: 'response-panel', id: 'response-tree' });
  return {
    button, area, responsePanel,
    paintFreshness: freshness(staleNote, [area, responsePanel]),
    setStatus(text) { status.textContent = text; },
    busy(yes) {
      button.disabled = yes;
      if (yes) button.setAttribute('aria-busy', 'true'); else button.removeAttribute('aria-busy');
    },
    paintRunning() { replace(area, runningTest(RUN_STAGES)); },
    /** Takes focus to the new result's heading. */
    focusResult() { area.querySelector('.test-run-head [tabindex]')?.focus(); },
    paintUnavailable() {
      replace(area, h('div', { class: 'callout callout-info' }, h('p', {},
        'This Modelgate server cannot run a Test yet. Save the model as a draft; Test arrives with the next Modelgate version.')));
    },
    paintProblem(e) { replace(area, problemBox(e, { title: 'The Test could not run' })); },
    card: h('section', { class: 'card', 'aria-labelledby': 'run-heading' },
      h('h3', { id: 'run-heading' }, 'Test'),
      h('div', { class: 'test-bar' }, button, status),
      promoteOnPassToggle(state, on.promoteOnPass),
      staleNote,
      h('p', { class: 'hint' }, 'Assumes your role, sends the template with the test values to Bedrock, and maps the answer. ',
        state.id ? 'A passed Test of the saved model makes it Ready.' : 'Save to make the model Ready.'),
      area),
  };
}

/**
 * "Make live when the Test passes" (sent as promoteOnPass; checked by default): unchecked, a passing Test of the saved
 * model leaves it the draft, to be promoted from the model page. Says which revision agents keep meanwhile.
 */
function promoteOnPassToggle(state, onChange) {
  const box = h('input', { type: 'checkbox', id: 'promote-on-pass', checked: state.promoteOnPass !== false,
    'aria-describedby': 'promote-on-pass-hint' });
  box.addEventListener('change', () => onChange(box.checked));
  return h('div', { class: 'stream-toggle promote-toggle' }, box,
    h('label', { for: 'promote-on-pass' }, 'Make live when the Test passes'),
    h('span', { class: 'hint', id: 'promote-on-pass-hint' }, promoteHint(state.liveRevision)));
}

/** Paints what a path extracts ({@link mappingPreview}, {@link streamPreview}) under its field. */
function paintExtracted(out, shown) {
  out.className = 'extracted';
  if (shown.tone === 'ok') {
    const code = h('code', {}, shown.asText === false ? String(shown.value) : preview(shown.value));
    if (shown.note) out.replaceChildren('→ ', code, h('span', { class: 'muted' }, shown.note));
    else out.replaceChildren('→ ', code);
  } else {
    out.textContent = shown.text;
  }
  if (shown.tone) out.classList.add(shown.tone);
}

/** The output mapping: the response tree beside the fields, extra fields and stream mapping, and what fills them. */
function mappingPart(ctx, on, panel) {
  const { state } = ctx;
  const d = state.draft;
  const inputs = new Map();
  const previews = [];
  const streamPreviews = [];
  const pickStatus = h('p', { class: 'pick-status', 'aria-live': 'polite' });
  const targetLabel = h('strong', { id: 'pick-target' });
  const extrasList = h('div', { class: 'extras' });
  const extrasError = errorSlot('extras-error');
  const mappingError = errorSlot('mapping-error');
  const streamError = errorSlot('stream-mapping-error');
  const addExtra = h('button', { type: 'button', class: 'button small', id: 'add-extra', onclick: () => on.extraAdded() }, '+ Add extra field');
  const paintPreview = (out, kind, path, key) => paintExtracted(out, mappingPreview(kind, path, state.response, ctx.errors.get(key).length > 0));

  const part = {
    inputs, streamError, addExtra, extrasList,
    /** Makes `target` the field a picked value fills. */
    setTarget(target) {
      on.targetChosen(target);
      for (const [key, input] of inputs) input.closest('.map-field')?.classList.toggle('is-target', key === target);
      targetLabel.textContent = labelOf(target, d);
    },
    /** The mapping field a value goes to: the one focused last, else the output text. */
    target() {
      return inputs.get(targetOrText(state.mappingTarget, (t) => inputs.has(t)));
    },
    /** Puts `path` in the mapping field focused last, as if typed there. */
    fill(path) {
      const input = part.target();
      input.value = path;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return input;
    },
    paintExtras() {
      for (const key of [...inputs.keys()]) if (key.startsWith('extra:')) inputs.delete(key);
      for (const key of [...ctx.errors.bindings.keys()]) if (key.startsWith('outputMapping.extras.')) ctx.errors.bindings.delete(key);
      replace(extrasList, d.outputMapping.extras.map((extra, i) => extraRow(extra, i, { ctx, on, part, paintPreview, previews })));
      part.setTarget(inputs.has(state.mappingTarget) ? state.mappingTarget : 'outputMapping.text');
    },
    paintPreviews() { for (const paint of previews) paint(); },
    paintStreamPreviews() { for (const paint of streamPreviews) paint(); },
    paintResponse() { paintResponse(panel, state, (path) => picked(path)); },
    bindErrors() {
      ctx.errors.bind('outputMapping.extras', addExtra, extrasError);
      ctx.errors.bind('outputMapping', inputs.get('outputMapping.text'), mappingError);
    },
  };

  const picked = (path) => {
    const input = part.fill(path);
    input.classList.remove('just-filled');
    void input.offsetWidth;
    input.classList.add('just-filled');
    pickStatus.textContent = `${labelOf(state.mappingTarget, d)} ← ${path}`;
  };

  const shared = { ctx, on, part, paintPreview, previews, streamPreviews };
  part.card = h('section', { class: 'card', 'aria-labelledby': 'mapping-heading' },
    h('h3', { id: 'mapping-heading' }, 'Output mapping'),
    h('p', { class: 'hint' }, 'JSONPaths into the response. Focus a field, then click a value in the response to fill it.'),
    h('div', { class: 'map-grid' },
      h('div', { class: 'map-response' }, h('p', { class: 'pick-banner' }, 'Click a value to fill ', targetLabel), panel, pickStatus),
      h('div', { class: 'map-fields' },
        mappingError,
        MAPPING_FIELDS.map((spec) => mappingField(spec, shared)),
        h('fieldset', { class: 'extras-set' }, h('legend', {}, 'Extra fields'),
          h('p', { class: 'hint' }, 'Anything else agents should get back, by name: a stop reason, citations…'),
          extrasList, extrasError, addExtra),
        h('fieldset', { class: 'extras-set', id: 'stream-mapping' }, h('legend', {}, 'Streaming'),
          h('p', { class: 'hint' }, 'For answers streamed as they are generated: JSONPaths applied to each decoded chunk. The Test streams once and checks them against Bedrock’s metrics.'),
          streamError,
          STREAM_FIELDS.map((spec) => streamField(spec, shared))))));
  return part;
}

/** A field of the output mapping, with what its path extracts from the last response under it. */
function mappingField({ key, prop, label, kind, id, hint }, { ctx, on, part, paintPreview, previews }) {
  const d = ctx.state.draft;
  const input = h('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off', class: 'mono',
    placeholder: { text: '$.content[0].text', inputTokens: '$.usage.input_tokens', outputTokens: '$.usage.output_tokens' }[prop] });
  input.value = d.outputMapping[prop];
  const out = h('p', { class: 'extracted', id: `${id}-value`, 'aria-live': 'polite' });
  describe(input, `${id}-value`);
  input.addEventListener('focus', () => part.setTarget(key));
  input.addEventListener('input', () => {
    on.mappingTyped(prop, key, input.value.trim());
    paintPreview(out, kind, d.outputMapping[prop], key);
  });
  part.inputs.set(key, input);
  previews.push(() => paintPreview(out, kind, d.outputMapping[prop], key));
  return h('div', { class: 'map-field' }, field(ctx.errors, { key, label, input, hint, optional: kind !== 'text', extra: out }));
}

/** A field of the stream mapping: a JSONPath applied to each decoded chunk, with what it gives over the last Test's. */
function streamField({ key, prop, label, kind, id, hint, placeholder }, { ctx, on, streamPreviews }) {
  const { state } = ctx;
  const d = state.draft;
  const input = h('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off', class: 'mono', placeholder });
  input.value = d.outputMapping.stream[prop];
  const out = h('p', { class: 'extracted', id: `${id}-value`, 'aria-live': 'polite' });
  describe(input, out.id);
  const paint = () => paintExtracted(out, streamPreview(kind, d.outputMapping.stream[prop], state.lastTest));
  input.addEventListener('input', () => {
    on.streamTyped(prop, key, input.value.trim());
    paint();
  });
  streamPreviews.push(paint);
  return field(ctx.errors, { key, label, input, hint, optional: true, extra: out });
}

/** An extra field of the mapping: its name, its path and what the path extracts. */
function extraRow(extra, i, { ctx, on, part, paintPreview, previews }) {
  const target = `extra:${i}`;
  const nameInput = h('input', { type: 'text', id: `extra-${i}-name`, value: extra.name, spellcheck: 'false',
    autocomplete: 'off', placeholder: 'stopReason', 'aria-label': `Name of extra field ${i + 1}` });
  const pathInput = h('input', { type: 'text', id: `extra-${i}-path`, value: extra.path, spellcheck: 'false',
    autocomplete: 'off', class: 'mono', placeholder: '$.stop_reason', 'aria-label': `Path of extra field ${extra.name || i + 1}` });
  const out = h('p', { class: 'extracted', id: `extra-${i}-value`, 'aria-live': 'polite' });
  const error = errorSlot(`extra-${i}-error`);
  describe(pathInput, out.id, error.id);
  ctx.errors.bind(`outputMapping.extras.${extra.name}`, pathInput, error);
  nameInput.addEventListener('input', () => on.extraNamed(extra, nameInput.value.trim()));
  nameInput.addEventListener('change', () => part.paintExtras());
  nameInput.addEventListener('focus', () => part.setTarget(target));
  pathInput.addEventListener('focus', () => part.setTarget(target));
  pathInput.addEventListener('input', () => {
    on.extraPathTyped(extra, pathInput.value.trim());
    paintPreview(out, 'extra', extra.path, `outputMapping.extras.${extra.name}`);
  });
  part.inputs.set(target, pathInput);
  previews.push(() => paintPreview(out, 'extra', extra.path, `outputMapping.extras.${extra.name}`));
  const remove = h('button', { type: 'button', class: 'button small quiet', 'aria-label': `Remove extra field ${extra.name || i + 1}`,
    onclick: () => on.extraRemoved(i) }, 'Remove');
  return h('div', { class: 'map-field extra-row' }, nameInput, pathInput, remove, out, error);
}

/** The response tree of the last Test (click a value to map it), its raw body when not JSON, or what to do first. */
function paintResponse(panel, state, onPick) {
  if (state.response === undefined) {
    const raw = rawResponseOf(state.lastTest);
    replace(panel, raw ? h('div', {}, h('p', { class: 'muted' }, 'The response is not JSON:'),
      h('pre', { class: 'code-block' }, String(raw)))
      : h('p', { class: 'empty-panel' }, 'Run Test to see the model’s response here. Then click a value to put its path in the mapping field you focused last.'));
    return;
  }
  replace(panel, jsonTree(state.response, { pickHint: 'put its path in the focused mapping field', onPick }));
}
