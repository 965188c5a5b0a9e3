// What the Model step does: take the Region, model reference, API, description, timeouts and request options into the
// working copy, ask Modelgate what it understands of the reference (and the family's preset), list the catalog of
// models through the tenant's role, and apply a preset. Each action changes the draft or the step's state
// (step-model-state.js) and asks the view (step-model-view.js) to repaint.

import { api, ApiError } from './api.js';
import { debounce, confirmDialog, toast } from './dom.js';
import { applyPreset, supportsConverse, APIS } from './draft.js';
import { defaultApiOf, presetReplacesWork, suggestionProblems, catalogKey, catalogFailure } from './step-model-state.js';
import {
  paintUnderstood, clearPresetOffer, paintApiChoice, paintPresetOffer, paintFamilyPicker, catalogStates, paintCatalog, markPicked,
} from './step-model-view.js';

/**
 * The step's actions on the wizard's `ctx` and the step's own state `step`, painted through the view given to
 * `attach` before any of them runs. `cleanup` stops what is on its way.
 */
export function modelActions(ctx, step) {
  // The step as every action below sees it; `suggestAbort` and `catalogAbort` stop the requests on their way.
  const m = { ctx, state: ctx.state, d: ctx.state.draft, step, view: null, suggestAbort: null, catalogAbort: null };
  m.explain = debounce(() => explain(m), 300);
  return {
    attach(view) { m.view = view; },
    explain: m.explain,
    loadCatalog: () => loadCatalog(m),
    paintApi: () => paintApi(m),
    regionChosen(region) {
      m.d.region = region;
      ctx.changed('region');
      loadCatalog(m);
      m.explain();
    },
    referenceTyped(reference) {
      m.d.modelReference = reference;
      ctx.changed('modelReference');
      m.explain();
      markPicked(m.view, m.d.modelReference);
    },
    descriptionTyped(text) { m.d.description = text; ctx.changed('description'); },
    timeoutTyped(which, text) { m.d.timeouts[which] = text; ctx.changed(`timeouts.${which}`); },
    optionChanged(fieldName) {
      ctx.changed(fieldName);
      ctx.validateField(fieldName);
    },
    cleanup() {
      m.explain.cancel();
      if (m.suggestAbort) m.suggestAbort.abort();
      if (m.catalogAbort) m.catalogAbort.abort();
    },
  };
}

/** Asks what Modelgate understands of the model reference, in the Region; paints it, the API and the preset offer. */
async function explain(m) {
  const { ctx, d, step, view } = m;
  if (m.suggestAbort) m.suggestAbort.abort();
  clearPresetOffer(view);
  if (!d.modelReference) {
    // Typing already cleared this field's old messages; clearing here too, a moment later, would drop what a save
    // answered meanwhile ("model reference must not be blank").
    paintUnderstood(view, null);
    return;
  }
  m.suggestAbort = new AbortController();
  try {
    step.suggestion = await api.suggest(d.modelReference, d.region || 'us-east-1', m.suggestAbort.signal);
    ctx.errors.set('modelReference', []);
    paintUnderstood(view, step.suggestion.understood);
    if (step.suggestion.preset) d.family = step.suggestion.preset.family;
    defaultApi(m);
    paintApi(m);
    paintOffer(m);
  } catch (e) {
    if (e.name === 'AbortError') return;
    if (!(e instanceof ApiError)) throw e;
    step.suggestion = null;
    paintUnderstood(view, null);
    ctx.errors.set('modelReference', suggestionProblems(e));
  }
}

function paintApi(m) {
  paintApiChoice(m.view, { draft: m.d, errors: m.ctx.errors }, m.step.suggestion, (value) => chooseApi(m, value));
}

/** A family that speaks Converse gets it by default, until the user picks an API themselves. */
function defaultApi({ ctx, d, step }) {
  const { suggestion } = step;
  if (suggestion && suggestion.preset) d.converseCaps = suggestion.preset.converse || null;
  if (d.apiChosen || !suggestion) return;
  const preset = suggestion.preset;
  const chosen = defaultApiOf(preset);
  if (preset && d.requestTemplate.trim() === '') applyPreset(d, preset); // its test prompt, and a template to switch to
  if (d.api !== chosen || preset) {
    d.api = chosen;
    ctx.changed('api');
  }
}

function chooseApi(m, value) {
  m.d.api = value;
  m.d.apiChosen = true;
  m.ctx.changed('api');
  m.ctx.errors.set('api', []);
  paintOffer(m);
}

function paintOffer(m) {
  if (paintPresetOffer(m.view, m.d, m.step.suggestion, { usePreset: (preset) => usePreset(m, preset) }) === 'pick') pickFamily(m);
}

/** The reference does not say its family: the presets to choose from. */
async function pickFamily(m) {
  const { ctx, d, step } = m;
  let presets = [];
  try {
    presets = await api.presets();
  } catch {
    return;
  }
  paintFamilyPicker(m.view, presets, d.family, (chosen) => {
    d.family = chosen.family;
    step.suggestion = { ...step.suggestion, preset: chosen };
    if (!d.apiChosen && supportsConverse(chosen)) { d.api = APIS.CONVERSE; ctx.changed('api'); }
    paintApi(m);
    usePreset(m, { ...chosen, template: chosen.template });
  });
}

async function usePreset(m, preset) {
  const { ctx, state, d } = m;
  if (presetReplacesWork(d, preset) && !(await confirmDialog({ title: 'Replace your template?',
    body: 'The preset replaces the variables, request template and output mapping of step 3.', confirm: 'Use the preset' }))) return;
  applyPreset(d, preset);
  state.lastTest = null;
  state.response = undefined;
  ctx.changed('requestTemplate');
  ctx.errors.clearPrefix('variables');
  ctx.errors.clearPrefix('outputMapping');
  toast(`The ${preset.displayName} preset is ready in step 3.`);
  paintOffer(m);
  m.view.presetOffer.focus(); // the button that was used is gone: what it did is said here
}

/** The catalog through the tenant's role: kept per role, endpoint and Region in the wizard's state. */
async function loadCatalog(m) {
  const { state, d, view } = m;
  if (m.catalogAbort) m.catalogAbort.abort();
  if (!d.roleArn) {
    catalogStates.noRole(view);
    return;
  }
  const key = catalogKey(d);
  const cached = state.catalogs.get(key);
  if (cached) { showCatalog(m, cached); return; }
  m.catalogAbort = new AbortController();
  catalogStates.loading(view, d);
  try {
    const result = await api.catalog({ roleArn: d.roleArn, stsEndpoint: d.stsEndpoint || null, region: d.region }, m.catalogAbort.signal);
    state.catalogs.set(key, result);
    showCatalog(m, result);
  } catch (e) {
    if (e.name === 'AbortError') return;
    if (!(e instanceof ApiError)) throw e;
    showCatalog(m, { listable: false, profilesListable: false, message: catalogFailure(e) });
  }
}

function showCatalog(m, result) {
  paintCatalog(m.view, result, m.d.modelReference, (id) => pick(m, id));
}

/** A model picked in the catalog becomes the model reference, explained at once. */
function pick(m, id) {
  m.d.modelReference = id;
  m.view.reference.value = id;
  m.ctx.changed('modelReference');
  markPicked(m.view, id);
  m.explain();
  m.explain.flush();
}
