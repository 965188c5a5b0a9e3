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
  const { state } = ctx;
  const d = state.draft;
  let view = null;
  let suggestAbort = null;
  let catalogAbort = null;

  /** Asks what Modelgate understands of the model reference, in the Region; paints it, the API and the preset offer. */
  const explain = debounce(async () => {
    if (suggestAbort) suggestAbort.abort();
    clearPresetOffer(view);
    if (!d.modelReference) {
      // Typing already cleared this field's old messages; clearing here too, a moment later, would drop what a save
      // answered meanwhile ("model reference must not be blank").
      paintUnderstood(view, null);
      return;
    }
    suggestAbort = new AbortController();
    try {
      step.suggestion = await api.suggest(d.modelReference, d.region || 'us-east-1', suggestAbort.signal);
      ctx.errors.set('modelReference', []);
      paintUnderstood(view, step.suggestion.understood);
      if (step.suggestion.preset) d.family = step.suggestion.preset.family;
      defaultApi();
      paintApi();
      paintOffer();
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!(e instanceof ApiError)) throw e;
      step.suggestion = null;
      paintUnderstood(view, null);
      ctx.errors.set('modelReference', suggestionProblems(e));
    }
  }, 300);

  const paintApi = () => paintApiChoice(view, { draft: d, errors: ctx.errors }, step.suggestion, chooseApi);

  /** A family that speaks Converse gets it by default, until the user picks an API themselves. */
  function defaultApi() {
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

  function chooseApi(value) {
    d.api = value;
    d.apiChosen = true;
    ctx.changed('api');
    ctx.errors.set('api', []);
    paintOffer();
  }

  function paintOffer() {
    if (paintPresetOffer(view, d, step.suggestion, { usePreset }) === 'pick') pickFamily();
  }

  /** The reference does not say its family: the presets to choose from. */
  async function pickFamily() {
    let presets = [];
    try {
      presets = await api.presets();
    } catch {
      return;
    }
    paintFamilyPicker(view, presets, d.family, (chosen) => {
      d.family = chosen.family;
      step.suggestion = { ...step.suggestion, preset: chosen };
      if (!d.apiChosen && supportsConverse(chosen)) { d.api = APIS.CONVERSE; ctx.changed('api'); }
      paintApi();
      usePreset({ ...chosen, template: chosen.template });
    });
  }

  async function usePreset(preset) {
    if (presetReplacesWork(d, preset) && !(await confirmDialog({ title: 'Replace your template?',
      body: 'The preset replaces the variables, request template and output mapping of step 3.', confirm: 'Use the preset' }))) return;
    applyPreset(d, preset);
    state.lastTest = null;
    state.response = undefined;
    ctx.changed('requestTemplate');
    ctx.errors.clearPrefix('variables');
    ctx.errors.clearPrefix('outputMapping');
    toast(`The ${preset.displayName} preset is ready in step 3.`);
    paintOffer();
    view.presetOffer.focus(); // the button that was used is gone: what it did is said here
  }

  /** The catalog through the tenant's role: kept per role, endpoint and Region in the wizard's state. */
  async function loadCatalog() {
    if (catalogAbort) catalogAbort.abort();
    if (!d.roleArn) {
      catalogStates.noRole(view);
      return;
    }
    const key = catalogKey(d);
    const cached = state.catalogs.get(key);
    if (cached) { showCatalog(cached); return; }
    catalogAbort = new AbortController();
    catalogStates.loading(view, d);
    try {
      const result = await api.catalog({ roleArn: d.roleArn, stsEndpoint: d.stsEndpoint || null, region: d.region }, catalogAbort.signal);
      state.catalogs.set(key, result);
      showCatalog(result);
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!(e instanceof ApiError)) throw e;
      showCatalog({ listable: false, profilesListable: false, message: catalogFailure(e) });
    }
  }

  const showCatalog = (result) => paintCatalog(view, result, d.modelReference, pick);

  function pick(id) {
    d.modelReference = id;
    view.reference.value = id;
    ctx.changed('modelReference');
    markPicked(view, id);
    explain();
    explain.flush();
  }

  return {
    attach(v) { view = v; },
    explain, loadCatalog, paintApi,
    regionChosen(region) {
      d.region = region;
      ctx.changed('region');
      loadCatalog();
      explain();
    },
    referenceTyped(reference) {
      d.modelReference = reference;
      ctx.changed('modelReference');
      explain();
      markPicked(view, d.modelReference);
    },
    descriptionTyped(text) { d.description = text; ctx.changed('description'); },
    timeoutTyped(which, text) { d.timeouts[which] = text; ctx.changed(`timeouts.${which}`); },
    optionChanged(fieldName) {
      ctx.changed(fieldName);
      ctx.validateField(fieldName);
    },
    cleanup() {
      explain.cancel();
      if (suggestAbort) suggestAbort.abort();
      if (catalogAbort) catalogAbort.abort();
    },
  };
}
