// What the Test and map step does: take the variables, template, mapping, chat rule and inference switch into the
// working copy, apply a family's preset, run a Test (of the working copy, or of the saved model after a save) and
// take its verdicts to the fields, and use a diagnosis's suggestion. Each action changes the draft or the wizard's
// state and asks the view (step-test-view.js) to repaint; step-test-state.js says what to show.

import { api, ApiError } from './api.js';
import { confirmDialog } from './dom.js';
import { toApi, applyPreset } from './draft.js';
import { group } from './step-credentials-state.js';
import { testedAgainst } from './test-freshness.js';
import {
  emptyVariable, presetReplacesWork, parseResponse, testsSaved, fieldVerdicts, TEST_STATUS, testStatusOf, suggestionTarget,
} from './step-test-state.js';

/**
 * The step's actions on the wizard's `ctx`, painted through the view given to `attach` before any of them runs.
 * `rerender` renders the whole step again (after a preset replaced the variables, template and mapping).
 */
export function testActions(ctx, rerender) {
  // The step as every action below sees it.
  const t = { ctx, state: ctx.state, d: ctx.state.draft, view: null, rerender };
  const { state, d } = t;
  const changed = (fieldName) => ctx.changed(fieldName);
  return {
    attach(view) { t.view = view; },
    runTest: (options) => runTest(t, options),
    useSuggestion: (value, stage) => useSuggestion(t, value, stage),
    loadPresets: () => loadPresets(t),
    ...variableActions(t),
    ...mappingActions(t),
    templateEdited(text) { d.requestTemplate = text; changed('requestTemplate'); },
    promoteOnPass(checked) { state.promoteOnPass = checked; },
    chatChanged(fieldName) { changed(fieldName); ctx.validateField(fieldName); },
    inferenceSet(checked) { d.inferenceEnabled = checked; changed('inferenceEnabled'); },
    /** Told after each change of the working copy: the result's freshness (a stale one loses its status line). */
    afterChange() { if (t.view.test.paintFreshness(state)) t.view.test.setStatus(''); },
  };
}

/** Runs a Test; answers whether it passed (null when it could not run). */
async function runTest(t, { saved = false } = {}) {
  const { ctx, state, d } = t;
  const { test } = t.view;
  const { draft, problems } = toApi(d);
  if (problems.length) {
    for (const [fieldName, list] of group(problems)) ctx.errors.set(fieldName, list);
    test.setStatus(TEST_STATUS.fixFirst);
    return null;
  }
  test.busy(true);
  test.setStatus(TEST_STATUS.running);
  const against = testedAgainst(d);
  test.paintRunning();
  try {
    const result = testsSaved(state, saved) ? await api.testSaved(state.id, undefined, state.promoteOnPass !== false)
      : await api.testDraft(draft);
    tested(t, result, against);
    test.focusResult();
    return result.outcome === 'PASSED';
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    notRun(t, e);
    return null;
  } finally {
    test.busy(false);
  }
}

/** A Test answered: it becomes the last Test, its verdicts go to the fields, and everything showing it repaints. */
function tested({ ctx, state, view }, result, against) {
  state.lastTest = result;
  state.lastTestAgainst = against;
  state.response = parseResponse(result);
  if (result.model && result.model.status && state.id && result.model.id === state.id) state.status = result.model.status;
  ctx.persist();
  for (const [fieldName, list] of fieldVerdicts(result)) ctx.errors.set(fieldName, list);
  view.test.setStatus(testStatusOf(result));
  view.paintTest();
}

function notRun({ ctx, view }, e) {
  const { test } = view;
  if (e.violations.length) {
    for (const [fieldName, list] of group(e.violations)) ctx.errors.set(fieldName, list);
    test.setStatus(TEST_STATUS.refused);
    view.paintResult(); // the last result stays, marked stale
  } else if (e.missingEndpoint) {
    test.setStatus('');
    test.paintUnavailable();
  } else {
    test.setStatus('');
    test.paintProblem(e);
  }
}

/** A diagnosis's suggested value: a JSONPath fills the mapping field focused last; anything else is a model. */
function useSuggestion({ ctx, d, view }, value, stage) {
  if (suggestionTarget(value, stage) === 'mapping') {
    view.mapping.fill(value).focus();
    return;
  }
  d.modelReference = value;
  ctx.changed('modelReference');
  view.test.setStatus(`The model is now ${value}. Run Test again.`);
  view.test.button.focus();
}

/** The presets of the step's picker (hidden when they cannot be loaded). */
function loadPresets(t) {
  api.presets().then((presets) => t.view.template.paintPresets(presets, (chosen) => usePreset(t, chosen)),
    () => t.view.template.hidePresets());
}

async function usePreset({ ctx, d, rerender }, chosen) {
  if (presetReplacesWork(d, chosen) && !(await confirmDialog({
    title: `Use the ${chosen.displayName} preset?`,
    body: 'It replaces the variables, the request template and the output mapping.', confirm: 'Use the preset' }))) return;
  applyPreset(d, chosen);
  d.family = chosen.family;
  ctx.changed('requestTemplate');
  ctx.errors.clearPrefix('variables');
  ctx.errors.clearPrefix('outputMapping');
  rerender().querySelector('#request-template')?.focus(); // where the work goes on
}

/** Editing the prompt variables: each change is stored, and the table repaints when its rows change. */
function variableActions(t) {
  const { ctx, d } = t;
  return {
    variableNamed(v, i, name) { v.name = name; ctx.changed(`variables[${i}].name`); t.view.editor.refresh(); },
    variableTyped(v, i, type) {
      v.type = type;
      ctx.changed(`variables[${i}]`);
      t.view.variables.paint();
      t.view.variables.focus(i, 'type');
    },
    variableSet(v, i, prop, value) { v[prop] = value; ctx.changed(`variables[${i}].${prop}`); },
    variableRemoved(i) {
      d.variables.splice(i, 1);
      ctx.changed('variables');
      t.view.variables.paint();
      t.view.editor.refresh();
      t.view.variables.addButton.focus();
    },
    variableAdded() {
      d.variables.push(emptyVariable());
      ctx.changed('variables');
      t.view.variables.paint();
      t.view.variables.focus(d.variables.length - 1, 'name');
    },
  };
}

/** Editing the output mapping, its extra fields and the stream mapping. */
function mappingActions(t) {
  const { ctx, state, d } = t;
  return {
    targetChosen(target) { state.mappingTarget = target; },
    mappingTyped(prop, key, path) { d.outputMapping[prop] = path; ctx.changed(key); },
    streamTyped(prop, key, path) { d.outputMapping.stream[prop] = path; ctx.changed(key); },
    extraNamed(extra, name) { extra.name = name; ctx.changed('outputMapping.extras'); },
    extraPathTyped(extra, path) { extra.path = path; ctx.changed(`outputMapping.extras.${extra.name}`); },
    extraRemoved(i) {
      d.outputMapping.extras.splice(i, 1);
      ctx.changed('outputMapping.extras');
      t.view.mapping.paintExtras();
      t.view.mapping.paintPreviews();
      t.view.mapping.addExtra.focus();
    },
    extraAdded() {
      d.outputMapping.extras.push({ name: '', path: '' });
      ctx.changed('outputMapping.extras');
      t.view.mapping.paintExtras();
      t.view.mapping.extrasList.querySelector(`#extra-${d.outputMapping.extras.length - 1}-name`)?.focus();
    },
  };
}
