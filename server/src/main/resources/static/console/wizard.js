// Add or edit a model in three steps, as the tenant thinks of them: Credentials (the IAM role), Model (Region and
// model reference), Test and map (variables, request template, a Test, the output mapping). The working copy is
// saved in sessionStorage on every change; "Save as draft" stores it at any step, "Save" stores it and runs the
// Test that makes it Ready.

import { api, ApiError } from './api.js';
import { h, replace, debounce, toast, confirmDialog } from './dom.js';
import { ErrorStore, problemBox } from './form.js';
import { emptyDraft, fromModel, toApi, loadStored, store, forget, missingToStore } from './draft.js';
import { holdUnsaved } from './unsaved.js';
import { renderCredentials } from './step-credentials.js';
import { renderModel } from './step-model.js';
import { renderTest, parseResponse } from './step-test.js';
import { checkTemplate } from './template-check.js';

export const STEPS = [
  { slug: 'credentials', title: 'Credentials', blurb: 'Create the IAM role and connect it' },
  { slug: 'model', title: 'Model', blurb: 'Choose the Region and the model' },
  { slug: 'test', title: 'Test and map', blurb: 'Template, Test, output mapping' },
];

const FIELD_LABELS = {
  name: 'Name', description: 'Description', roleArn: 'Role ARN', stsEndpoint: 'STS endpoint', region: 'Region',
  modelReference: 'Model', requestTemplate: 'Request template', variables: 'Variables',
  'outputMapping.text': 'Output text path', 'outputMapping.inputTokens': 'Input tokens path',
  'outputMapping.outputTokens': 'Output tokens path', 'outputMapping.extras': 'Extra fields', outputMapping: 'Output mapping',
  'timeouts.connectMillis': 'Connect timeout', 'timeouts.totalMillis': 'Total timeout', inferenceEnabled: 'Inference',
  api: 'API', converse: 'Converse defaults', 'converse.system': 'System prompt',
  'converse.inferenceConfig.maxTokens': 'Max tokens', 'converse.inferenceConfig.temperature': 'Temperature',
  'converse.inferenceConfig.topP': 'Top P', 'converse.inferenceConfig.stopSequences': 'Stop sequences',
  'converse.additionalModelRequestFields': 'Additional model request fields', 'converse.toolConfig': 'Tools',
  'converse.toolConfig.tools': 'Tools', 'converse.toolConfig.toolChoice': 'Tool choice',
  'converse.toolConfig.toolChoice.tool.name': 'Tool the model must call',
  'outputMapping.stream': 'Stream mapping', 'outputMapping.stream.text': 'Streamed text path',
  'outputMapping.stream.inputTokens': 'Streamed input tokens path', 'outputMapping.stream.outputTokens': 'Streamed output tokens path',
  options: 'Request options', 'options.guardrail': 'Guardrail', 'options.guardrail.identifier': 'Guardrail ID or ARN',
  'options.guardrail.version': 'Guardrail version', 'options.guardrail.trace': 'Guardrail trace', 'options.latency': 'Latency',
  'options.serviceTier': 'Service tier', chat: 'Chat rule',
};

/** The step a field is edited on; null for the name (always visible) and unknown fields. */
export function stepOf(field) {
  if (/^(roleArn|stsEndpoint)\b/.test(field)) return 0;
  if (/^(region|modelReference|description|timeouts|api|options)\b/.test(field)) return 1;
  if (/^(variables|requestTemplate|outputMapping|inferenceEnabled|converse|chat)\b/.test(field)) return 2;
  return null;
}

export function fieldLabel(field) {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const variable = /^variables\[(\d+)\]\.?(\w*)/.exec(field);
  if (variable) return `Variable ${Number(variable[1]) + 1}${variable[2] ? ` · ${variable[2].replace(/Value$/, ' value')}` : ''}`;
  const chat = /^chat\.(\w+)$/.exec(field);
  if (chat) return `Chat rule · ${chat[1]}`;
  const extra = /^outputMapping\.extras\.(.+)$/.exec(field);
  if (extra) return `Extra field “${extra[1]}”`;
  return field;
}

/**
 * Mounts the wizard.
 * @param {HTMLElement} root
 * @param {{mode: 'new'|'edit'|'copy', id?: string, step?: string}} route
 * @returns {() => void} cleanup
 */
export async function mountWizard(root, route, { session = null } = {}) {
  let storageKey = route.mode === 'edit' ? route.id : route.mode === 'copy' ? `copy-${route.id}` : 'new';
  const state = {
    id: null,
    revision: null,
    status: null,
    savedName: null,
    draft: emptyDraft(),
    step: Math.max(0, STEPS.findIndex((s) => s.slug === route.step)),
    lastTest: null,
    /** what the last Test ran against (test-freshness.js), to tell when it no longer matches the working copy */
    lastTestAgainst: null,
    response: undefined,
    identity: null,
    catalogs: new Map(),
    mappingTarget: 'outputMapping.text',
    dirty: false,
  };
  const errors = new ErrorStore();
  errors.wording = (v) => ownJsonWording(v, state.draft);
  const cleanups = [];
  let notice = null;

  replace(root, h('p', { class: 'loading' }, 'Loading…'));
  try {
    if (route.mode === 'edit') {
      const { data, revision } = await api.getModel(route.id);
      state.id = data.id;
      state.revision = revision;
      state.status = data.status;
      state.liveRevision = data.liveRevision;
      state.savedName = data.name;
      state.draft = fromModel(data);
      const stored = loadStored(storageKey);
      if (stored && stored.revision === revision && stored.dirty) {
        Object.assign(state, { draft: stored.draft, lastTest: stored.lastTest, lastTestAgainst: stored.lastTestAgainst || null, dirty: true });
        if (!route.step) state.step = stored.step;
        notice = 'Your unsaved changes to this model were restored.';
      } else if (stored && stored.dirty) {
        notice = `You had unsaved changes to revision ${stored.revision}, but the model is now at revision ${revision}; they were set aside.`;
      }
    } else {
      const stored = loadStored(storageKey);
      if (stored) {
        Object.assign(state, { draft: stored.draft, lastTest: stored.lastTest, lastTestAgainst: stored.lastTestAgainst || null, dirty: stored.dirty,
          id: stored.id || null, revision: stored.revision || null, status: stored.status || null });
        if (!route.step) state.step = stored.step;
        notice = route.mode === 'copy' ? 'Your unsaved copy was restored.' : 'The model you were adding was restored.';
      } else if (route.mode === 'copy') {
        const { data } = await api.getModel(route.id);
        state.draft = fromModel(data);
        state.draft.name = copyName(data.name);
        state.dirty = true;
      }
    }
  } catch (e) {
    replace(root, h('h1', { tabindex: '-1' }, 'Model'), problemBox(e instanceof ApiError ? e : new ApiError(0, { detail: String(e) }),
      { title: 'The model could not be loaded' }), h('p', {}, h('a', { href: '#/models' }, 'Back to the models')));
    return () => {};
  }
  if (state.lastTest) state.response = parseResponse(state.lastTest);

  // --- persistence ---------------------------------------------------------------------------------------------
  const persist = debounce(() => {
    store(storageKey, { draft: state.draft, step: state.step, lastTest: state.lastTest, lastTestAgainst: state.lastTestAgainst, dirty: state.dirty,
      id: state.id, revision: state.revision, status: state.status });
  }, 150);
  cleanups.push(() => persist.flush());
  cleanups.push(holdUnsaved(() => (state.dirty
    ? `${state.draft.name.trim() ? `“${state.draft.name.trim()}”` : 'The model you are editing'} has changes that are not stored in Modelgate. Signing out discards them.`
    : null)));

  // --- as-you-type validation of one field through POST /models/validate -----------------------------------------
  let validation = null;
  const validateField = debounce(async (fieldName) => {
    if (validation) validation.abort();
    const mine = new AbortController();
    validation = mine;
    const { draft } = toApi(state.draft);
    if (!draft.region) draft.region = 'us-east-1';
    try {
      const result = await api.validate(draft, mine.signal);
      if (mine.signal.aborted) return; // the working copy changed since: this answer is about a value no longer there
      errors.set(fieldName, result.violations.filter((v) => v.field === fieldName));
    } catch (e) {
      if (e.name !== 'AbortError' && !(e instanceof ApiError)) throw e;
    }
  }, 350);
  cleanups.push(() => { validateField.cancel(); if (validation) validation.abort(); });

  // --- the page ------------------------------------------------------------------------------------------------
  const title = h('h1', { tabindex: '-1' });
  const statusBadge = h('span');
  const noticeEl = h('div');
  const summary = h('div', { class: 'wizard-summary', tabindex: '-1' });
  const draftNote = h('div', { class: 'draft-note', role: 'status' });
  const stepper = h('ol', { class: 'stepper' });
  const body = h('div', { class: 'wizard-body' });
  const footer = h('div', { class: 'wizard-footer' });
  const nameInput = h('input', { id: 'model-name', type: 'text', autocomplete: 'off', spellcheck: 'false',
    maxlength: '64', placeholder: 'e.g. claude-haiku' });
  nameInput.value = state.draft.name;

  const ctx = {
    state,
    errors,
    /** The signed-in caller: what the steps offer depends on the role. */
    session,
    /** The working copy changed at `fieldName`: its stale server messages go, the copy is stored. */
    changed(fieldName) {
      const wasDirty = state.dirty;
      state.dirty = true;
      if (!wasDirty) paintHeader(); // "Unsaved changes" shows from the first change of any field, not only the name
      if (draftNote.firstChild) replace(draftNote); // what it said is missing may be there now
      // A check still on its way judged the copy before this change; its answer would bring back a stale error.
      if (validation) validation.abort();
      if (fieldName) errors.clearPrefix(fieldName);
      persist();
      if (ctx.afterChange) ctx.afterChange(fieldName);
    },
    /** Stores the working copy (a Test result) without marking it changed. */
    persist() {
      persist();
    },
    validateField,
    goTo,
    save,
    runTest: null,
    /** set by the step shown: told after each change (the Test result's freshness) */
    afterChange: null,
  };

  function paintHeader() {
    const editing = Boolean(state.id);
    title.textContent = editing ? `Edit ${state.savedName || state.draft.name || 'model'}` : 'Add a model';
    replace(statusBadge, state.status ? h('span', { class: `badge ${state.status === 'READY' ? 'badge-ok' : 'badge-draft'}` },
      state.status === 'READY' ? 'Ready' : 'Draft') : null,
    state.dirty ? h('span', { class: 'unsaved' }, 'Unsaved changes') : null);
  }

  function paintStepper() {
    replace(stepper, STEPS.map((s, k) => {
      const count = errors.all().filter((v) => stepOf(v.field) === k).length;
      return h('li', { class: k === state.step ? 'current' : k < state.step ? 'done' : '' },
        h('button', { type: 'button', class: 'step-link', 'aria-current': k === state.step ? 'step' : null,
          onclick: () => goTo(k) },
        h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(k + 1)),
        h('span', { class: 'step-text' }, h('span', { class: 'step-title' }, s.title), h('span', { class: 'step-blurb' },
          k === STEPS.length - 1 && state.draft.api === 'CONVERSE' ? 'Converse defaults, Test, the answer' : s.blurb)),
        count ? h('span', { class: 'step-errors' }, `${count} problem${count === 1 ? '' : 's'}`) : null));
    }));
  }

  let currentProblem = null;
  let summarySignature = '';
  function paintSummary(problem = null) {
    currentProblem = problem;
    const all = errors.all();
    // Unchanged content is not rebuilt: a link the user focused in it keeps its focus.
    const signature = JSON.stringify([problem && [problem.title, problem.detail], all]);
    if (signature === summarySignature) return;
    summarySignature = signature;
    if (!problem && all.length === 0) { replace(summary); summary.hidden = true; return; }
    summary.hidden = false;
    replace(summary, h('div', { class: 'callout callout-error', role: 'alert' },
      h('p', { class: 'callout-title' }, problem ? problem.title : `${all.length} problem${all.length === 1 ? '' : 's'} to fix`),
      problem && problem.detail ? h('p', {}, problem.detail) : null,
      all.length ? h('ul', { class: 'summary-list' }, all.map((v) => {
        const step = stepOf(v.field);
        return h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => focusField(v.field) },
          `${step === null ? '' : `Step ${step + 1} · `}${fieldLabel(v.field)}`), ` — ${v.line ? `line ${v.line}, column ${v.column}: ` : ''}${v.message}`);
      })) : null,
      problem && problem.actions ? h('p', { class: 'actions' }, problem.actions) : null));
  }

  function focusField(fieldName) {
    const step = stepOf(fieldName);
    if (step !== null && step !== state.step) goTo(step, { focus: false });
    const binding = errors.bindings.get(fieldName)
      || [...errors.bindings.entries()].find(([k]) => fieldName.startsWith(`${k}.`) || fieldName.startsWith(`${k}[`))?.[1];
    if (binding && binding.input) {
      binding.input.focus();
      binding.input.scrollIntoView({ block: 'center' });
    }
  }

  function paintFooter() {
    const last = state.step === STEPS.length - 1;
    replace(footer,
      h('div', { class: 'footer-left' },
        state.step > 0 ? h('button', { type: 'button', class: 'button', onclick: () => goTo(state.step - 1) },
          `← ${STEPS[state.step - 1].title}`) : h('a', { class: 'button', href: '#/models', onclick: cancel }, 'Cancel')),
      h('div', { class: 'footer-right' },
        h('button', { type: 'button', class: 'button', id: 'save-draft', onclick: () => save({ andTest: false }) }, 'Save as draft'),
        last ? h('button', { type: 'button', class: 'button primary', id: 'save', onclick: () => save({ andTest: true }) }, 'Save')
          : h('button', { type: 'button', class: 'button primary', id: 'next', onclick: () => goTo(state.step + 1) },
            `Next: ${STEPS[state.step + 1].title} →`)));
  }

  async function cancel(event) {
    event.preventDefault();
    if (state.dirty && !(await confirmDialog({ title: 'Discard your changes?',
      body: 'What you typed in this wizard has not been saved.', confirm: 'Discard', danger: true }))) return;
    persist.cancel();
    forget(storageKey);
    location.hash = state.id ? `#/models/${state.id}` : '#/models';
  }

  function paintStep({ focus = true } = {}) {
    for (const cleanup of stepCleanups.splice(0)) cleanup();
    errors.unbindAll();
    bindName();
    const renderer = [renderCredentials, renderModel, renderTest][state.step];
    const section = h('section', { class: 'step', 'aria-labelledby': 'step-heading' });
    replace(body, section);
    const cleanup = renderer(section, ctx);
    if (cleanup) stepCleanups.push(cleanup);
    paintStepper();
    paintFooter();
    const path = state.id ? `#/models/${state.id}/edit/${STEPS[state.step].slug}`
      : route.mode === 'copy' ? `#/models/copy/${route.id}/${STEPS[state.step].slug}` : `#/models/new/${STEPS[state.step].slug}`;
    if (location.hash !== path) history.replaceState(null, '', path);
    if (focus) {
      const heading = section.querySelector('#step-heading');
      if (heading) heading.focus();
    }
  }
  const stepCleanups = [];
  cleanups.push(() => { for (const cleanup of stepCleanups.splice(0)) cleanup(); });

  function goTo(step, { focus = true } = {}) {
    if (step < 0 || step >= STEPS.length) return;
    state.step = step;
    persist();
    paintStep({ focus });
    window.scrollTo(0, 0);
  }

  const nameField = (() => {
    const hintEl = h('p', { id: 'model-name-hint', class: 'hint' },
      'Agents call the model by this name. Letters, digits, “.”, “_” and “-”.');
    const errorEl = h('p', { id: 'model-name-error', class: 'field-error', role: 'alert', hidden: true });
    nameInput.setAttribute('aria-describedby', 'model-name-hint model-name-error');
    nameInput.addEventListener('input', () => {
      state.draft.name = nameInput.value;
      ctx.changed('name');
      paintHeader();
      validateField('name');
    });
    return { element: h('div', { class: 'field name-field' }, h('label', { for: 'model-name' }, 'Name'), nameInput, hintEl, errorEl), errorEl };
  })();
  const bindName = () => errors.bind('name', nameInput, nameField.errorEl);

  // --- saving --------------------------------------------------------------------------------------------------
  /**
   * A draft Modelgate cannot store yet (the API needs a name, a role, a model and, for a template model, a template
   * and an output text path) stays in the tab's sessionStorage, where every change is kept anyway; the note says so.
   */
  function keepInTab(missing) {
    persist.flush();
    errors.replaceAll([]);
    paintSummary();
    replace(draftNote, h('div', { class: 'callout callout-info', id: 'draft-kept' },
      h('p', { class: 'callout-title' }, 'Draft kept in this browser tab'),
      h('p', {}, `Modelgate stores the model once it has ${joinAnd(missing)}. Until then the draft stays in this tab, `
        + 'across reloads; closing the tab or signing out discards it.')));
    draftNote.scrollIntoView({ block: 'center' });
  }

  async function save({ andTest }) {
    replace(draftNote);
    const missing = missingToStore(state.draft);
    if (!andTest && !state.id && missing.length) {
      keepInTab(missing);
      return;
    }
    const { draft, problems } = toApi(state.draft);
    if (problems.length) {
      errors.replaceAll(problems);
      paintSummary();
      summary.focus();
      return;
    }
    validateField.cancel(); // what the save answers supersedes any check still waiting
    if (validation) validation.abort();
    const button = footer.querySelector(andTest ? '#save' : '#save-draft');
    setBusy(button, true, andTest ? 'Saving…' : 'Saving…');
    try {
      const { data, revision } = state.id ? await api.updateModel(state.id, state.revision, draft) : await api.createModel(draft);
      Object.assign(state, { id: data.id, revision, status: data.status, liveRevision: data.liveRevision, savedName: data.name,
        dirty: false });
      errors.replaceAll([]);
      persist.cancel();
      forget(storageKey);
      if (route.mode !== 'edit') {
        route.mode = 'edit';
        route.id = data.id;
      }
      // From now on the working copy belongs to the saved model.
      storageKey = data.id;
      paintHeader();
      paintSummary();
      paintStep({ focus: false });
      if (!andTest) {
        toast(`Saved “${data.name}” as a draft (revision ${revision}).${agentsKeep(state)}`);
        return;
      }
      await testSavedAndFinish(data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      handleSaveError(e);
    } finally {
      setBusy(button, false);
    }
  }

  async function testSavedAndFinish(saved) {
    if (state.step !== 2) goTo(2, { focus: false });
    const passed = await ctx.runTest({ saved: true });
    if (passed && state.status !== 'READY') {
      forget(storageKey);
      toast(`Revision ${state.revision} of “${saved.name}” passed its Test and is the draft.${agentsKeep(state)} Promote it on the model page.`,
        { kind: 'ok' });
      location.hash = `#/models/${encodeURIComponent(saved.id)}`;
    } else if (passed) {
      forget(storageKey);
      toast(`“${saved.name}” is saved and Ready.`, { kind: 'ok' });
      location.hash = `#/models?highlight=${encodeURIComponent(saved.id)}`;
    } else if (passed === false) {
      state.status = 'DRAFT';
      paintHeader();
      toast(`“${saved.name}” is saved as a draft (revision ${state.revision}): its Test did not pass.${agentsKeep(state)}`,
        { kind: 'warn' });
    }
  }

  function handleSaveError(e) {
    if (e.status === 412) {
      paintSummary({ title: 'This model was changed elsewhere', detail: `${e.problem.detail} Your changes are still here.`,
        actions: h('button', { type: 'button', class: 'button', onclick: reloadSaved }, 'Discard mine and load the saved version') });
    } else if (e.violations.length) {
      errors.replaceAll(e.violations);
      paintSummary();
    } else {
      paintSummary({ title: e.problem.title || 'The model could not be saved', detail: e.problem.detail });
    }
    summary.focus();
  }

  async function reloadSaved() {
    forget(storageKey);
    const { data, revision } = await api.getModel(state.id);
    Object.assign(state, { revision, status: data.status, savedName: data.name, draft: fromModel(data), dirty: false });
    nameInput.value = state.draft.name;
    errors.replaceAll([]);
    paintHeader();
    paintSummary();
    paintStep();
  }

  errors.onChange(() => {
    paintStepper();
    if (!summary.hidden) paintSummary(currentProblem);
  });

  replace(root,
    h('div', { class: 'page-head' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, 'External models'),
        state.id ? [' / ', h('a', { href: `#/models/${state.id}` }, state.savedName)] : null),
      h('div', { class: 'title-row' }, title, statusBadge)),
    noticeEl,
    h('div', { class: 'wizard' },
      h('div', { class: 'wizard-top' }, nameField.element, h('nav', { 'aria-label': 'Steps' }, stepper)),
      summary,
      draftNote,
      body,
      footer));
  if (notice) {
    replace(noticeEl, h('div', { class: 'callout callout-info notice' }, h('p', {}, notice, ' ',
      h('button', { type: 'button', class: 'link', onclick: startOver }, state.id ? 'Discard them' : 'Start over'))));
  }
  summary.hidden = true;
  paintHeader();
  paintStep({ focus: false });
  title.focus();

  async function startOver() {
    forget(storageKey);
    persist.cancel();
    if (state.id) {
      await reloadSaved();
    } else {
      Object.assign(state, { draft: emptyDraft(), lastTest: null, lastTestAgainst: null, response: undefined, dirty: false, step: 0 });
      nameInput.value = '';
      errors.replaceAll([]);
      paintHeader();
      paintSummary();
      paintStep();
    }
    replace(noticeEl);
  }

  return () => { for (const cleanup of cleanups) cleanup(); };
}

function setBusy(button, busy, label) {
  if (!button) return;
  if (busy) {
    button.dataset.label = button.textContent;
    button.textContent = label;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  } else {
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * The server words a template's JSON syntax error with its parser's text ("Unexpected character ('\"' (code 34))");
 * the console's own check of the same template says it plainly, at the same place: that wording is shown instead.
 */
function ownJsonWording(v, draft) {
  if (v.field !== 'requestTemplate' || v.rule !== 'invalid-json') return v;
  const own = checkTemplate(draft.requestTemplate, draft.variables.map((x) => x.name).filter(Boolean)).problems
    .find((p) => p.rule === 'invalid-json');
  return own ? { ...v, message: `template is ${own.message}`, line: own.line, column: own.column } : v;
}

function joinAnd(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function copyName(name) {
  const base = name.length > 59 ? name.slice(0, 59) : name;
  return `${base}-copy`;
}

export { setBusy };

/** " Agents keep getting revision 3." for a model with a live revision; nothing before one went live. */
function agentsKeep(state) {
  return state.liveRevision == null ? '' : ` Agents keep getting revision ${state.liveRevision}.`;
}
