// What the model wizard does: load the model (or the working copy kept in sessionStorage), keep the working copy
// stored as it changes, check a field as it is typed, move between the steps, save (as a draft, or with the Test that
// makes the model Ready), and start over. Each action changes the wizard's state (wizard-state.js) and asks the view
// (wizard-view.js) to repaint; the steps themselves get `ctx`, their way to say what changed.

import { api, ApiError } from './api.js';
import { h, debounce, toast, confirmDialog } from './dom.js';
import { emptyDraft, fromModel, toApi, loadStored, store, forget } from './draft.js';
import { holdUnsaved } from './unsaved.js';
import { renderCredentials } from './step-credentials.js';
import { renderModel } from './step-model.js';
import { renderTest } from './step-test.js';
import {
  stepOf, STEPS, storageKeyOf, snapshot, restoreOverSaved, restoreUnsaved, copyName, unsavedWarning, stepPath, saveChoice,
  savedAsDraftText, afterSavedTest,
} from './wizard-state.js';
import { setBusy } from './wizard-view.js';

const RENDERERS = [renderCredentials, renderModel, renderTest];

/**
 * Loads into `state` what the route edits: the saved model (with its unsaved changes, when they were made to the
 * revision it is at), a new model or copy kept in sessionStorage, or the model to copy. Answers the notice to show
 * about a restored working copy, or null. Throws what the API threw.
 */
export async function loadWizard(state, route) {
  const storageKey = storageKeyOf(route);
  if (route.mode === 'edit') {
    const { data, revision } = await api.getModel(route.id);
    Object.assign(state, { id: data.id, revision, status: data.status, liveRevision: data.liveRevision, savedName: data.name,
      draft: fromModel(data) });
    return restore(state, route, restoreOverSaved(loadStored(storageKey), revision));
  }
  const stored = loadStored(storageKey);
  if (stored) return restore(state, route, restoreUnsaved(stored, route.mode));
  if (route.mode === 'copy') {
    const { data } = await api.getModel(route.id);
    state.draft = fromModel(data);
    state.draft.name = copyName(data.name);
    state.dirty = true;
  }
  return null;
}

function restore(state, route, { restore: changes, step, notice }) {
  if (changes) {
    Object.assign(state, changes);
    if (!route.step) state.step = step;
  }
  return notice;
}

/**
 * The wizard's actions on `state`, painted through the view given to `attach` before any of them runs.
 * `cleanup` stops what runs in the background (storing, checking, the step's own work).
 */
export function wizardActions({ route, state, errors, session }) {
  // The mounted wizard, as every action below sees it.
  const w = { route, state, errors, view: null, storageKey: storageKeyOf(route), cleanups: [], stepCleanups: [], validation: null };
  w.persist = debounce(() => store(w.storageKey, snapshot(state)), 150);
  // A reload or a closed tab runs no timer: what waits to be stored is stored as the page goes.
  const flushOnPageHide = () => w.persist.flush();
  addEventListener('pagehide', flushOnPageHide);
  w.cleanups.push(() => { removeEventListener('pagehide', flushOnPageHide); w.persist.flush(); });
  w.cleanups.push(holdUnsaved(() => unsavedWarning(state)));
  w.validateField = fieldValidation(w);
  w.cleanups.push(() => stopValidation(w));
  w.cleanups.push(() => { for (const cleanup of w.stepCleanups.splice(0)) cleanup(); });
  w.ctx = stepContext(w, session);
  return {
    attach(view) { w.view = view; },
    nameTyped: (value) => nameTyped(w, value),
    showStep: (options) => showStep(w, options),
    goTo: (step, options) => goTo(w, step, options),
    focusField: (fieldName) => focusField(w, fieldName),
    cancel: (event) => cancel(w, event),
    save: (options) => save(w, options),
    startOver: () => startOver(w),
    cleanup() { for (const cleanup of w.cleanups) cleanup(); },
  };
}

/** As-you-type validation of one field through POST /models/validate (debounced; a newer check aborts an older one). */
function fieldValidation(w) {
  return debounce(async (fieldName) => {
    if (w.validation) w.validation.abort();
    const mine = new AbortController();
    w.validation = mine;
    const { draft } = toApi(w.state.draft);
    if (!draft.region) draft.region = 'us-east-1';
    try {
      const result = await api.validate(draft, mine.signal);
      if (mine.signal.aborted) return; // the working copy changed since: this answer is about a value no longer there
      w.errors.set(fieldName, result.violations.filter((v) => v.field === fieldName));
    } catch (e) {
      if (e.name !== 'AbortError' && !(e instanceof ApiError)) throw e;
    }
  }, 350);
}

function stopValidation(w) {
  w.validateField.cancel();
  if (w.validation) w.validation.abort();
}

/** What a step gets: the state, the errors, and the wizard's ways to store, check, move and save. */
function stepContext(w, session) {
  const ctx = {
    state: w.state,
    errors: w.errors,
    /** The signed-in caller: what the steps offer depends on the role. */
    session,
    /** The working copy changed at `fieldName`: its stale server messages go, the copy is stored. */
    changed(fieldName) {
      const wasDirty = w.state.dirty;
      w.state.dirty = true;
      if (!wasDirty) w.view.paintHeader(w.state); // "Unsaved changes" shows from the first change of any field
      w.view.clearDraftNote(); // what it said is missing may be there now
      // A check still on its way judged the copy before this change; its answer would bring back a stale error.
      if (w.validation) w.validation.abort();
      if (fieldName) w.errors.clearPrefix(fieldName);
      if (fieldName === 'api') { // the API names step 3: the stepper and the footer say which
        w.view.paintStepper(w.state, w.errors.all());
        w.view.paintFooter(w.state);
      }
      w.persist();
      if (ctx.afterChange) ctx.afterChange(fieldName);
    },
    /** Stores the working copy (a Test result) without marking it changed. */
    persist() {
      w.persist();
    },
    validateField: w.validateField,
    goTo: (step, options) => goTo(w, step, options),
    save: (options) => save(w, options),
    runTest: null,
    /** set by the step shown: told after each change (the Test result's freshness) */
    afterChange: null,
  };
  return ctx;
}

const paintSummary = (w, problem = null) => w.view.paintSummary(problem, w.errors.all());

function nameTyped(w, value) {
  w.state.draft.name = value;
  w.ctx.changed('name');
  w.view.paintHeader(w.state);
  w.validateField('name');
}

/** Renders the step of `state.step` (ending the one shown before), and its address. */
function showStep(w, { focus = true } = {}) {
  const { state, errors, view } = w;
  for (const cleanup of w.stepCleanups.splice(0)) cleanup();
  errors.unbindAll();
  errors.bind('name', view.nameInput, view.nameError);
  const section = view.stepSection();
  const cleanup = RENDERERS[state.step](section, w.ctx);
  if (cleanup) w.stepCleanups.push(cleanup);
  view.paintStepper(state, errors.all());
  view.paintFooter(state);
  const path = stepPath(state, w.route);
  if (location.hash !== path) history.replaceState(null, '', path);
  if (focus) section.querySelector('#step-heading')?.focus();
}

function goTo(w, step, { focus = true } = {}) {
  if (step < 0 || step >= STEPS.length) return;
  w.state.step = step;
  w.persist();
  showStep(w, { focus });
  window.scrollTo(0, 0);
}

/** Shows the field of a violation, on its step. */
function focusField(w, fieldName) {
  const step = stepOf(fieldName);
  if (step !== null && step !== w.state.step) goTo(w, step, { focus: false });
  const { bindings } = w.errors;
  const binding = bindings.get(fieldName)
    || [...bindings.entries()].find(([k]) => fieldName.startsWith(`${k}.`) || fieldName.startsWith(`${k}[`))?.[1];
  if (binding && binding.input) {
    binding.input.focus();
    binding.input.scrollIntoView({ block: 'center' });
  }
}

async function cancel(w, event) {
  event.preventDefault();
  if (w.state.dirty && !(await confirmDialog({ title: 'Discard your changes?',
    body: 'What you typed in this wizard has not been saved.', confirm: 'Discard', danger: true }))) return;
  w.persist.cancel();
  forget(w.storageKey);
  location.hash = w.state.id ? `#/models/${w.state.id}` : '#/models';
}

/**
 * A draft Modelgate cannot store yet (the API needs a name, a role, a model and, for a template model, a template
 * and an output text path) stays in the tab's sessionStorage, where every change is kept anyway; the note says so.
 */
function keepInTab(w, missing) {
  w.persist.flush();
  w.errors.replaceAll([]);
  paintSummary(w);
  w.view.paintKeptInTab(missing);
}

async function save(w, { andTest }) {
  const { state, errors, view } = w;
  view.clearDraftNote();
  const choice = saveChoice(state, andTest);
  if (choice.kind === 'keep-in-tab') {
    keepInTab(w, choice.missing);
    return;
  }
  const { draft, problems } = toApi(state.draft);
  if (problems.length) {
    errors.replaceAll(problems);
    paintSummary(w);
    view.summary.focus();
    return;
  }
  stopValidation(w); // what the save answers supersedes any check still waiting
  const button = view.saveButton(andTest);
  setBusy(button, true, 'Saving…');
  try {
    const { data, revision } = state.id ? await api.updateModel(state.id, state.revision, draft) : await api.createModel(draft);
    stored(w, data, revision);
    if (!andTest) {
      toast(savedAsDraftText(state, data.name));
      return;
    }
    await testSavedAndFinish(w, data);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    handleSaveError(w, e);
  } finally {
    setBusy(button, false);
  }
}

/** Modelgate stored the working copy as `revision` of the model: from now on the working copy belongs to it. */
function stored(w, data, revision) {
  Object.assign(w.state, { id: data.id, revision, status: data.status, liveRevision: data.liveRevision, savedName: data.name,
    dirty: false });
  w.errors.replaceAll([]);
  w.persist.cancel();
  forget(w.storageKey);
  if (w.route.mode !== 'edit') {
    w.route.mode = 'edit';
    w.route.id = data.id;
  }
  w.storageKey = data.id;
  w.view.paintHeader(w.state);
  paintSummary(w);
  showStep(w, { focus: false });
}

async function testSavedAndFinish(w, saved) {
  const { state } = w;
  if (state.step !== 2) goTo(w, 2, { focus: false });
  const passed = await w.ctx.runTest({ saved: true });
  const end = afterSavedTest(state, saved, passed);
  if (!end) return;
  if (passed) {
    forget(w.storageKey);
  } else {
    state.status = 'DRAFT';
    w.view.paintHeader(state);
  }
  toast(end.text, { kind: end.kind });
  if (end.go) location.hash = end.go;
}

function handleSaveError(w, e) {
  if (e.status === 412) {
    paintSummary(w, { title: 'This model was changed elsewhere', detail: `${e.problem.detail} Your changes are still here.`,
      actions: h('button', { type: 'button', class: 'button', onclick: () => reloadSaved(w) }, 'Discard mine and load the saved version') });
  } else if (e.violations.length) {
    w.errors.replaceAll(e.violations);
    paintSummary(w);
  } else {
    paintSummary(w, { title: e.problem.title || 'The model could not be saved', detail: e.problem.detail });
  }
  w.view.summary.focus();
}

async function reloadSaved(w) {
  forget(w.storageKey);
  const { data, revision } = await api.getModel(w.state.id);
  Object.assign(w.state, { revision, status: data.status, savedName: data.name, draft: fromModel(data), dirty: false });
  repaintAll(w);
}

async function startOver(w) {
  forget(w.storageKey);
  w.persist.cancel();
  if (w.state.id) {
    await reloadSaved(w);
  } else {
    Object.assign(w.state, { draft: emptyDraft(), lastTest: null, lastTestAgainst: null, response: undefined, dirty: false, step: 0 });
    repaintAll(w);
  }
  w.view.paintNotice(null, w.state);
}

/** After the working copy was replaced: the name, the header, the summary and the step, from the state. */
function repaintAll(w) {
  w.view.nameInput.value = w.state.draft.name;
  w.errors.replaceAll([]);
  w.view.paintHeader(w.state);
  paintSummary(w);
  showStep(w);
}
