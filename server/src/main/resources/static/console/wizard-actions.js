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
  let storageKey = storageKeyOf(route);
  let view = null;
  const cleanups = [];
  const stepCleanups = [];
  const paintSummary = (problem = null) => view.paintSummary(problem, errors.all());

  const persist = debounce(() => store(storageKey, snapshot(state)), 150);
  cleanups.push(() => persist.flush());
  cleanups.push(holdUnsaved(() => unsavedWarning(state)));

  // As-you-type validation of one field through POST /models/validate.
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
  const stopValidation = () => { validateField.cancel(); if (validation) validation.abort(); };
  cleanups.push(stopValidation);
  cleanups.push(() => { for (const cleanup of stepCleanups.splice(0)) cleanup(); });

  /** What a step gets: the state, the errors, and the wizard's ways to store, check, move and save. */
  const ctx = {
    state,
    errors,
    /** The signed-in caller: what the steps offer depends on the role. */
    session,
    /** The working copy changed at `fieldName`: its stale server messages go, the copy is stored. */
    changed(fieldName) {
      state.dirty = true;
      view.clearDraftNote(); // what it said is missing may be there now
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

  function attach(v) {
    view = v;
  }

  function nameTyped(value) {
    state.draft.name = value;
    ctx.changed('name');
    view.paintHeader(state);
    validateField('name');
  }

  /** Renders the step of `state.step` (ending the one shown before), and its address. */
  function showStep({ focus = true } = {}) {
    for (const cleanup of stepCleanups.splice(0)) cleanup();
    errors.unbindAll();
    errors.bind('name', view.nameInput, view.nameError);
    const section = view.stepSection();
    const cleanup = RENDERERS[state.step](section, ctx);
    if (cleanup) stepCleanups.push(cleanup);
    view.paintStepper(state, errors.all());
    view.paintFooter(state);
    const path = stepPath(state, route);
    if (location.hash !== path) history.replaceState(null, '', path);
    if (focus) section.querySelector('#step-heading')?.focus();
  }

  function goTo(step, { focus = true } = {}) {
    if (step < 0 || step >= STEPS.length) return;
    state.step = step;
    persist();
    showStep({ focus });
    window.scrollTo(0, 0);
  }

  /** Shows the field of a violation, on its step. */
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

  async function cancel(event) {
    event.preventDefault();
    if (state.dirty && !(await confirmDialog({ title: 'Discard your changes?',
      body: 'What you typed in this wizard has not been saved.', confirm: 'Discard', danger: true }))) return;
    persist.cancel();
    forget(storageKey);
    location.hash = state.id ? `#/models/${state.id}` : '#/models';
  }

  /**
   * A draft Modelgate cannot store yet (the API needs a name, a role, a model and, for a template model, a template
   * and an output text path) stays in the tab's sessionStorage, where every change is kept anyway; the note says so.
   */
  function keepInTab(missing) {
    persist.flush();
    errors.replaceAll([]);
    paintSummary();
    view.paintKeptInTab(missing);
  }

  async function save({ andTest }) {
    view.clearDraftNote();
    const choice = saveChoice(state, andTest);
    if (choice.kind === 'keep-in-tab') {
      keepInTab(choice.missing);
      return;
    }
    const { draft, problems } = toApi(state.draft);
    if (problems.length) {
      errors.replaceAll(problems);
      paintSummary();
      view.summary.focus();
      return;
    }
    stopValidation(); // what the save answers supersedes any check still waiting
    const button = view.saveButton(andTest);
    setBusy(button, true, 'Saving…');
    try {
      const { data, revision } = state.id ? await api.updateModel(state.id, state.revision, draft) : await api.createModel(draft);
      stored(data, revision);
      if (!andTest) {
        toast(savedAsDraftText(state, data.name));
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

  /** Modelgate stored the working copy as `revision` of the model: from now on the working copy belongs to it. */
  function stored(data, revision) {
    Object.assign(state, { id: data.id, revision, status: data.status, liveRevision: data.liveRevision, savedName: data.name,
      dirty: false });
    errors.replaceAll([]);
    persist.cancel();
    forget(storageKey);
    if (route.mode !== 'edit') {
      route.mode = 'edit';
      route.id = data.id;
    }
    storageKey = data.id;
    view.paintHeader(state);
    paintSummary();
    showStep({ focus: false });
  }

  async function testSavedAndFinish(saved) {
    if (state.step !== 2) goTo(2, { focus: false });
    const passed = await ctx.runTest({ saved: true });
    const end = afterSavedTest(state, saved, passed);
    if (!end) return;
    if (passed) {
      forget(storageKey);
    } else {
      state.status = 'DRAFT';
      view.paintHeader(state);
    }
    toast(end.text, { kind: end.kind });
    if (end.go) location.hash = end.go;
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
    view.summary.focus();
  }

  async function reloadSaved() {
    forget(storageKey);
    const { data, revision } = await api.getModel(state.id);
    Object.assign(state, { revision, status: data.status, savedName: data.name, draft: fromModel(data), dirty: false });
    repaintAll();
  }

  async function startOver() {
    forget(storageKey);
    persist.cancel();
    if (state.id) {
      await reloadSaved();
    } else {
      Object.assign(state, { draft: emptyDraft(), lastTest: null, lastTestAgainst: null, response: undefined, dirty: false, step: 0 });
      repaintAll();
    }
    view.paintNotice(null, state);
  }

  /** After the working copy was replaced: the name, the header, the summary and the step, from the state. */
  function repaintAll() {
    view.nameInput.value = state.draft.name;
    errors.replaceAll([]);
    view.paintHeader(state);
    paintSummary();
    showStep();
  }

  return {
    attach, nameTyped, showStep, goTo, focusField, cancel, save, startOver,
    cleanup() { for (const c of cleanups) c(); },
  };
}
