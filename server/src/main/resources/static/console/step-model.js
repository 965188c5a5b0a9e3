// Step 2, Model: the Region, a picker of the models the tenant's role can use there (foundation models on demand,
// and the inference profiles that carry profile-only models), a free-text model reference with what Modelgate
// understood of it, and the family preset of the chosen model.

import { api, ApiError } from './api.js';
import { h, replace, debounce, confirmDialog, toast } from './dom.js';
import { field, problemBox, errorSlot } from './form.js';
import { applyPreset, supportsConverse, APIS } from './draft.js';
import { optionsFields } from './request-options.js';
import { REGIONS, regionName } from './regions.js';

const KINDS = {
  FOUNDATION_MODEL_ID: 'Base model ID',
  FOUNDATION_MODEL_ARN: 'Base model ARN',
  MARKETPLACE_MODEL_ARN: 'Bedrock Marketplace model ARN',
  INFERENCE_PROFILE_ID: 'Cross-Region inference profile ID',
  INFERENCE_PROFILE_ARN: 'Cross-Region inference profile ARN',
  APPLICATION_INFERENCE_PROFILE_ARN: 'Application inference profile ARN',
  PROVISIONED_MODEL_ID: 'Provisioned Throughput (or account resource) ID',
  PROVISIONED_MODEL_ARN: 'Provisioned Throughput ARN',
  CUSTOM_MODEL_ARN: 'Custom model ARN',
  CUSTOM_MODEL_DEPLOYMENT_ARN: 'Custom model deployment ARN',
  IMPORTED_MODEL_ARN: 'Imported model ARN',
  MARKETPLACE_ENDPOINT_ARN: 'Bedrock Marketplace endpoint ARN',
};

const MODALITIES = { TEXT: 'Text', IMAGE: 'Image', EMBEDDING: 'Embedding', VIDEO: 'Video', SPEECH: 'Speech', AUDIO: 'Audio' };

export function renderModel(section, ctx) {
  const { state } = ctx;
  const d = state.draft;
  const cleanups = [];

  // --- Region ---
  const region = h('select', { id: 'region' }, REGIONS.map(([id, name]) => h('option', { value: id }, `${name} — ${id}`)));
  if (d.region && !REGIONS.some(([id]) => id === d.region)) region.append(h('option', { value: d.region }, d.region));
  region.value = d.region || 'us-east-1';

  // --- the model reference, and what Modelgate understood ---
  const reference = h('input', { id: 'model-reference', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'anthropic.claude-3-haiku-20240307-v1:0, us.anthropic.claude-… or an ARN' });
  reference.value = d.modelReference;
  const understood = h('div', { class: 'understood', id: 'understood', 'aria-live': 'polite' });
  const presetOffer = h('div', { class: 'preset-offer', id: 'preset-offer', tabindex: '-1' });

  // --- the catalog ---
  const catalog = h('div', { class: 'catalog', id: 'catalog' });

  let suggestion = null;
  let suggestAbort = null;
  const explain = debounce(async () => {
    if (suggestAbort) suggestAbort.abort();
    replace(presetOffer);
    if (!d.modelReference) {
      // Typing already cleared this field's old messages; clearing here too, a moment later, would drop what a save
      // answered meanwhile ("model reference must not be blank").
      replace(understood);
      return;
    }
    suggestAbort = new AbortController();
    try {
      suggestion = await api.suggest(d.modelReference, d.region || 'us-east-1', suggestAbort.signal);
      ctx.errors.set('modelReference', []);
      replace(understood, understoodFacts(suggestion.understood));
      if (suggestion.preset) d.family = suggestion.preset.family;
      defaultApi();
      paintApiChoice();
      paintPresetOffer();
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!(e instanceof ApiError)) throw e;
      suggestion = null;
      replace(understood);
      ctx.errors.set('modelReference', e.violations.length ? e.violations.filter((v) => v.field === 'modelReference' || v.field === 'region')
        .map((v) => ({ ...v, field: 'modelReference' })) : [{ message: e.message }]);
    }
  }, 300);
  cleanups.push(() => { explain.cancel(); if (suggestAbort) suggestAbort.abort(); });

  // --- which API Modelgate calls the model through ---
  const apiChoice = h('div', { class: 'api-choice', id: 'api-choice' });
  const apiError = errorSlot('api-error');
  function paintApiChoice() {
    const preset = suggestion ? suggestion.preset : null;
    const converseFirst = supportsConverse(preset) || d.api === APIS.CONVERSE;
    const option = (value, id, title, blurb) => {
      const input = h('input', { type: 'radio', name: 'api', id, value, checked: d.api === value,
        'aria-describedby': `${id}-blurb` });
      input.addEventListener('change', () => {
        if (!input.checked) return;
        d.api = value;
        d.apiChosen = true;
        ctx.changed('api');
        ctx.errors.set('api', []);
        paintPresetOffer();
      });
      return h('div', { class: 'api-option' }, input,
        h('label', { for: id }, h('span', { class: 'api-title' }, title),
          h('span', { class: 'hint', id: `${id}-blurb` }, blurb)));
    };
    const converse = option(APIS.CONVERSE, 'api-converse',
      preset && supportsConverse(preset) ? 'Converse (recommended for this family)' : 'Converse',
      'Bedrock’s common chat API: no template and no mapping. Modelgate reads the text, tool calls, stop reason and usage itself; you set defaults such as the system prompt and tools.');
    const invoke = option(APIS.INVOKE_MODEL, 'api-invoke-model', 'InvokeModel with a request template',
      'The model’s own JSON body with your variables in it, and a JSONPath mapping of its answer.');
    replace(apiChoice, h('fieldset', { class: 'api-set', 'aria-describedby': apiError.id },
      h('legend', {}, 'How Modelgate calls the model'),
      converseFirst ? [converse, invoke] : [invoke, converse], apiError));
    ctx.errors.bind('api', apiChoice.querySelector('input'), apiError);
  }

  /** A family that speaks Converse gets it by default, until the user picks an API themselves. */
  function defaultApi() {
    if (suggestion && suggestion.preset) d.converseCaps = suggestion.preset.converse || null;
    if (d.apiChosen || !suggestion) return;
    const preset = suggestion.preset;
    const api = supportsConverse(preset) ? APIS.CONVERSE : APIS.INVOKE_MODEL;
    if (preset && d.requestTemplate.trim() === '') applyPreset(d, preset); // its test prompt, and a template to switch to
    if (d.api !== api || preset) {
      d.api = api;
      ctx.changed('api');
    }
  }

  function paintPresetOffer() {
    if (!suggestion) return;
    if (d.api === APIS.CONVERSE) {
      replace(presetOffer, h('div', { class: 'callout callout-info' },
        h('p', { class: 'callout-title' }, 'Converse: no template to write'),
        h('p', {}, 'Step 3 sets the model’s defaults (system prompt, inference parameters, tools) and runs a Test that shows the parsed answer.')));
    } else if (suggestion.preset) {
      const preset = suggestion.preset;
      const applied = d.requestTemplate === preset.template;
      replace(presetOffer, h('div', { class: 'callout callout-info' },
        h('p', { class: 'callout-title' }, `Preset: ${preset.displayName}`),
        h('p', {}, applied ? 'Step 3 starts from this preset: its prompt variables, request template and output mapping.'
          : 'This model belongs to a family Modelgate knows. Start step 3 from its preset: prompt variables, a working request template and the output mapping.'),
        applied ? null : h('button', { type: 'button', class: 'button primary', id: 'use-preset', onclick: () => usePreset(preset) },
          `Use the ${preset.displayName} preset`)));
    } else {
      presetPicker();
    }
  }

  async function presetPicker() {
    let presets = [];
    try {
      presets = await api.presets();
    } catch {
      return;
    }
    const select = h('select', { id: 'preset-choice' }, h('option', { value: '' }, 'Choose a model family…'),
      presets.map((p) => h('option', { value: p.family }, p.displayName)));
    select.value = presets.some((p) => p.family === d.family) ? d.family : '';
    replace(presetOffer, h('div', { class: 'callout callout-info' },
      h('p', { class: 'callout-title' }, 'Which model family is it?'),
      h('p', {}, 'This reference does not say which family the model belongs to. Pick the family to start step 3 from its preset, or write the template yourself.'),
      h('div', { class: 'inline-form' }, h('label', { for: 'preset-choice' }, 'Family'), select,
        h('button', { type: 'button', class: 'button', onclick: () => {
          const chosen = presets.find((p) => p.family === select.value);
          if (chosen) {
            d.family = chosen.family;
            suggestion = { ...suggestion, preset: chosen };
            if (!d.apiChosen && supportsConverse(chosen)) { d.api = APIS.CONVERSE; ctx.changed('api'); }
            paintApiChoice();
            usePreset({ ...chosen, template: chosen.template });
          }
        } }, 'Use preset'))));
  }

  async function usePreset(preset) {
    const hasWork = d.requestTemplate.trim() !== '' && d.requestTemplate !== preset.template;
    if (hasWork && !(await confirmDialog({ title: 'Replace your template?',
      body: 'The preset replaces the variables, request template and output mapping of step 3.', confirm: 'Use the preset' }))) return;
    applyPreset(d, preset);
    state.lastTest = null;
    state.response = undefined;
    ctx.changed('requestTemplate');
    ctx.errors.clearPrefix('variables');
    ctx.errors.clearPrefix('outputMapping');
    toast(`The ${preset.displayName} preset is ready in step 3.`);
    paintPresetOffer();
    presetOffer.focus(); // the button that was used is gone: what it did is said here
  }

  // --- the catalog through the tenant's role ---
  let catalogAbort = null;
  async function loadCatalog() {
    if (catalogAbort) catalogAbort.abort();
    if (!d.roleArn) {
      replace(catalog, h('p', { class: 'callout callout-info' },
        'Enter your role ARN in step 1 to see the models it can use here, or type a model reference below.'));
      return;
    }
    const key = `${d.roleArn}|${d.stsEndpoint}|${d.region}`;
    const cached = state.catalogs.get(key);
    if (cached) { paintCatalog(cached); return; }
    catalogAbort = new AbortController();
    replace(catalog, h('p', { class: 'loading' }, `Asking Bedrock which models your role can use in ${regionName(d.region)}…`));
    try {
      const result = await api.catalog({ roleArn: d.roleArn, stsEndpoint: d.stsEndpoint || null, region: d.region }, catalogAbort.signal);
      state.catalogs.set(key, result);
      paintCatalog(result);
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!(e instanceof ApiError)) throw e;
      const why = e.missingEndpoint ? 'This Modelgate server cannot list models.'
        : e.slug === 'assume-role-failed' ? `Modelgate could not assume your role: ${e.message} Check the role in step 1.`
          : e.violations.length ? `Fix the connection in step 1 first: ${e.violations.map((v) => v.message).join('; ')}.`
            : e.message;
      paintCatalog({ listable: false, profilesListable: false, message: why });
    }
  }
  cleanups.push(() => { if (catalogAbort) catalogAbort.abort(); });

  function paintCatalog(result) {
    const nothing = !(result.foundationModels || []).length && !(result.inferenceProfiles || []).length;
    const partial = result.listable === false || result.profilesListable === false;
    const note = partial ? h('div', { class: 'callout callout-info', id: 'catalog-note' },
      h('p', { class: 'callout-title' }, nothing ? 'The list of models is not available' : 'The list is incomplete'),
      // the server's message says why and what to type instead; without one, the console says both (once)
      result.message ? h('p', {}, result.message)
        : h('p', {}, 'Your role may not be allowed to list models (bedrock:ListFoundationModels and bedrock:ListInferenceProfiles).'),
      result.message ? null : h('p', {}, 'Free text always works: type the model ID, inference profile ID or ARN below.')) : null;
    if (nothing && partial) {
      replace(catalog, note);
      return;
    }
    replace(catalog, note, picker(result, d.modelReference, (id) => {
      d.modelReference = id;
      reference.value = id;
      ctx.changed('modelReference');
      markPicked(catalog, id);
      explain();
      explain.flush();
    }));
  }

  region.addEventListener('change', () => {
    d.region = region.value;
    ctx.changed('region');
    loadCatalog();
    explain();
  });
  reference.addEventListener('input', () => {
    d.modelReference = reference.value.trim();
    ctx.changed('modelReference');
    explain();
    markPicked(catalog, d.modelReference);
  });

  // --- description and timeouts ---
  const description = h('textarea', { id: 'description', rows: 2, maxlength: '1000' });
  description.value = d.description;
  description.addEventListener('input', () => { d.description = description.value; ctx.changed('description'); });
  const connect = h('input', { id: 'connect-millis', type: 'text', inputmode: 'numeric', placeholder: 'default' });
  const total = h('input', { id: 'total-millis', type: 'text', inputmode: 'numeric', placeholder: 'default' });
  connect.value = d.timeouts.connectMillis;
  total.value = d.timeouts.totalMillis;
  connect.addEventListener('input', () => { d.timeouts.connectMillis = connect.value.trim(); ctx.changed('timeouts.connectMillis'); });
  total.addEventListener('input', () => { d.timeouts.totalMillis = total.value.trim(); ctx.changed('timeouts.totalMillis'); });

  // --- request options ---
  const options = optionsFields(d.options, { errors: ctx.errors, onChange: (fieldName) => {
    ctx.changed(fieldName);
    ctx.validateField(fieldName);
  } });
  const anyOption = d.options.guardrail.identifier || d.options.guardrail.version || d.options.latency || d.options.serviceTier;

  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, 'Model'),
    h('p', { class: 'lead' }, 'Choose where Bedrock runs the model and which model Modelgate calls.'),
    h('section', { class: 'card', 'aria-labelledby': 'where-heading' },
      h('h3', { id: 'where-heading' }, 'Region and model'),
      field(ctx.errors, { key: 'region', label: 'Region', input: region,
        hint: 'The Region Modelgate calls Bedrock in. A cross-Region inference profile routes from there within its geography.' }),
      h('div', { class: 'field wide' }, h('span', { class: 'label', id: 'catalog-label' }, 'Models your role can use'), catalog),
      field(ctx.errors, { key: 'modelReference', label: 'Model ID, inference profile or ARN', input: reference,
        hint: 'Pick a model above or paste any model ID, inference profile ID or ARN; Modelgate says what it understood.',
        extra: understood }),
      apiChoice,
      presetOffer),
    h('section', { class: 'card', 'aria-labelledby': 'about-heading' },
      h('h3', { id: 'about-heading' }, 'About this model'),
      field(ctx.errors, { key: 'description', label: 'Description', input: description, optional: true,
        hint: 'For your colleagues: what the model is for.' }),
      h('details', { class: 'advanced' }, h('summary', {}, 'Timeouts'),
        h('div', { class: 'field-row' },
          field(ctx.errors, { key: 'timeouts.connectMillis', label: 'Connect timeout (ms)', input: connect, optional: true }),
          field(ctx.errors, { key: 'timeouts.totalMillis', label: 'Total timeout, retries included (ms)', input: total, optional: true })))),
    h('section', { class: 'card', 'aria-labelledby': 'options-heading' },
      h('details', { class: 'advanced', id: 'request-options', open: Boolean(anyOption) || ctx.errors.all().some((v) => v.field.startsWith('options')) },
        h('summary', {}, h('h3', { id: 'options-heading', class: 'inline-heading' }, 'Request options'),
          h('span', { class: 'muted' }, ' guardrail, latency, service tier')),
        options.element)));
  paintApiChoice();

  loadCatalog();
  if (d.modelReference) { explain(); explain.flush(); }
  return () => { for (const cleanup of cleanups) cleanup(); };
}

function understoodFacts(u) {
  if (!u) return null;
  const rows = [
    ['Kind', KINDS[u.kind] || u.kind],
    ['Modelgate sends', h('code', { id: 'understood-model-id' }, u.modelId)],
    u.baseModelId && u.baseModelId !== u.modelId ? ['Base model', h('code', {}, u.baseModelId)] : null,
    u.geoPrefix ? ['Geography', u.geoPrefix.toUpperCase()] : null,
    u.region ? ['Region in the ARN', u.region] : null,
    u.accountId ? ['Account', u.accountId] : null,
  ].filter(Boolean);
  return h('div', { class: 'callout callout-ok' }, h('p', { class: 'callout-title' }, 'Modelgate understood'),
    h('dl', { class: 'facts' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));
}

function modalities(model) {
  if (!model) return '';
  const show = (list) => (list || []).map((m) => MODALITIES[m] || m).join(', ');
  return `${show(model.inputModalities)} → ${show(model.outputModalities)}`;
}

/**
 * The list of pickable models, filterable by typing: one listbox, one tab stop (the chosen model, else the first shown),
 * arrow keys, Home and End move between the models shown, Enter or Space picks.
 */
function picker(result, current, onPick) {
  const foundation = result.foundationModels || [];
  const byId = new Map(foundation.map((m) => [m.modelId, m]));
  const isOnDemand = (m) => (m.onDemand !== undefined ? m.onDemand : (m.inferenceTypes || []).includes('ON_DEMAND'));
  const onDemand = foundation.filter(isOnDemand);
  const profileOnly = new Set(foundation.filter((m) => !isOnDemand(m)).map((m) => m.modelId));
  const profiles = (result.inferenceProfiles || []).filter((p) => (p.models || []).some((id) => profileOnly.has(id) || !byId.has(id)));
  const filter = h('input', { id: 'catalog-filter', type: 'search', autocomplete: 'off', placeholder: 'Filter: claude, nova, llama…',
    'aria-describedby': 'catalog-count', 'aria-controls': 'catalog-listbox' });
  const count = h('span', { id: 'catalog-count', class: 'muted', 'aria-live': 'polite' });
  const rows = [];
  const row = (id, name, provider, detail, kind) => {
    const button = h('button', { type: 'button', class: 'pick-row', role: 'option', tabindex: '-1',
      'aria-selected': String(id === current), dataset: { modelId: id } },
    h('span', { class: 'pick-name' }, name),
    h('span', { class: 'pick-provider' }, provider || ''),
    h('code', { class: 'pick-id' }, id),
    h('span', { class: 'pick-detail' }, detail),
    kind ? h('span', { class: 'badge badge-muted' }, kind) : null);
    button.addEventListener('click', () => { onPick(id); });
    const item = h('li', { role: 'none' }, button);
    rows.push({ item, button, text: `${name} ${provider} ${id}`.toLowerCase() });
    return item;
  };
  const onDemandList = h('ul', { class: 'pick-list', role: 'group', 'aria-label': 'On-demand models' },
    onDemand.map((m) => row(m.modelId, m.modelName || m.modelId, m.provider, modalities(m), null)));
  const profileList = h('ul', { class: 'pick-list', role: 'group', 'aria-label': 'Inference profiles' },
    profiles.map((p) => {
      const base = byId.get((p.models || [])[0]);
      return row(p.id, p.name || p.id, base ? base.provider : '', `${modalities(base)}${base ? ' · ' : ''}routes to ${(p.models || []).length > 1 ? `${p.models.length} models` : 'its Regions'}`,
        p.type === 'APPLICATION' ? 'Application profile' : 'Inference profile');
    }));
  const shown = () => rows.filter((r) => !r.item.hidden).map((r) => r.button);
  const listbox = h('div', { class: 'picker-body', id: 'catalog-listbox', role: 'listbox', 'aria-labelledby': 'catalog-label' },
    // the headings are for the eye; the groups carry the same names for assistive technology
    onDemand.length ? h('h4', { 'aria-hidden': 'true' }, 'On-demand models') : null, onDemandList,
    profiles.length ? h('h4', { 'aria-hidden': 'true' }, 'Inference profiles (for models that run only through one)') : null, profileList);
  listbox.addEventListener('keydown', (event) => {
    const options = shown();
    const at = options.indexOf(document.activeElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: options.length - 1 }[event.key];
    if (next === undefined || at < 0) return;
    event.preventDefault();
    const target = options[Math.max(0, Math.min(options.length - 1, next))];
    rovingStop(listbox, target);
    target.focus();
  });
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    for (const r of rows) r.item.hidden = !(!q || q.split(/\s+/).every((word) => r.text.includes(word)));
    const options = shown();
    count.textContent = `${options.length} of ${rows.length} shown`;
    rovingStop(listbox, options.find((b) => b.getAttribute('aria-selected') === 'true') || options[0] || null);
  };
  filter.addEventListener('input', apply);
  apply();
  return h('div', { class: 'picker' },
    h('div', { class: 'picker-head' }, h('label', { for: 'catalog-filter', class: 'visually-hidden' }, 'Filter the models'), filter, count),
    listbox,
    rows.length ? null : h('p', { class: 'muted' }, 'Your role can list models here, but none are available in this Region.'));
}

/** Makes `option` the listbox's one tab stop. */
function rovingStop(listbox, option) {
  for (const button of listbox.querySelectorAll('.pick-row')) button.tabIndex = button === option ? 0 : -1;
}

function markPicked(catalog, id) {
  const listbox = catalog.querySelector('[role="listbox"]');
  for (const button of catalog.querySelectorAll('.pick-row')) {
    button.setAttribute('aria-selected', String(button.dataset.modelId === id));
  }
  const picked = catalog.querySelector(`.pick-row[aria-selected="true"]`);
  if (listbox && picked && !picked.closest('li').hidden) rovingStop(listbox, picked);
}

export { problemBox };
