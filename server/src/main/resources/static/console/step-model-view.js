// The Model step's page: the Region, the catalog of models the role can use (a filterable listbox), the model
// reference with what Modelgate understood of it, the API choice, the preset offer, the description, timeouts and
// request options. Builds and repaints the DOM from what step-model-state.js derives; fetches nothing. What the user
// does goes to the handlers it is given (step-model-actions.js).

import { h, replace } from './dom.js';
import { field, errorSlot } from './form.js';
import { APIS } from './draft.js';
import { optionsFields } from './request-options.js';
import { REGIONS } from './regions.js';
import {
  understoodRows, apiChoiceOf, presetOfferOf, catalogNoteOf, catalogRows, matchesFilter, anyOption, catalogLoadingText,
} from './step-model-state.js';

/**
 * Lays the step out in `section` and answers its live parts.
 * @param {{regionChosen, referenceTyped, descriptionTyped, timeoutTyped, optionChanged}} on what the fields call
 */
export function modelView(section, { draft: d, errors }, on) {
  const region = h('select', { id: 'region' }, REGIONS.map(([id, name]) => h('option', { value: id }, `${name} — ${id}`)));
  if (d.region && !REGIONS.some(([id]) => id === d.region)) region.append(h('option', { value: d.region }, d.region));
  region.value = d.region || 'us-east-1';
  region.addEventListener('change', () => on.regionChosen(region.value));
  const reference = h('input', { id: 'model-reference', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'anthropic.claude-3-haiku-20240307-v1:0, us.anthropic.claude-… or an ARN' });
  reference.value = d.modelReference;
  reference.addEventListener('input', () => on.referenceTyped(reference.value.trim()));
  const understood = h('div', { class: 'understood', id: 'understood', 'aria-live': 'polite' });
  const presetOffer = h('div', { class: 'preset-offer', id: 'preset-offer', tabindex: '-1' });
  const catalog = h('div', { class: 'catalog', id: 'catalog' });
  const apiChoice = h('div', { class: 'api-choice', id: 'api-choice' });
  const apiError = errorSlot('api-error');

  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, 'Model'),
    h('p', { class: 'lead' }, 'Choose where Bedrock runs the model and which model Modelgate calls.'),
    h('section', { class: 'card', 'aria-labelledby': 'where-heading' },
      h('h3', { id: 'where-heading' }, 'Region and model'),
      field(errors, { key: 'region', label: 'Region', input: region,
        hint: 'The Region Modelgate calls Bedrock in. A cross-Region inference profile routes from there within its geography.' }),
      h('div', { class: 'field wide' }, h('span', { class: 'label', id: 'catalog-label' }, 'Models your role can use'), catalog),
      field(errors, { key: 'modelReference', label: 'Model ID, inference profile or ARN', input: reference,
        hint: 'Pick a model above or paste any model ID, inference profile ID or ARN; Modelgate says what it understood.',
        extra: understood }),
      apiChoice,
      presetOffer),
    aboutCard(d, errors, on),
    optionsCard(d, errors, on));
  return { reference, understood, presetOffer, catalog, apiChoice, apiError };
}

function aboutCard(d, errors, on) {
  const description = h('textarea', { id: 'description', rows: 2, maxlength: '1000' });
  description.value = d.description;
  description.addEventListener('input', () => on.descriptionTyped(description.value));
  const connect = h('input', { id: 'connect-millis', type: 'text', inputmode: 'numeric', placeholder: 'default' });
  const total = h('input', { id: 'total-millis', type: 'text', inputmode: 'numeric', placeholder: 'default' });
  connect.value = d.timeouts.connectMillis;
  total.value = d.timeouts.totalMillis;
  connect.addEventListener('input', () => on.timeoutTyped('connectMillis', connect.value.trim()));
  total.addEventListener('input', () => on.timeoutTyped('totalMillis', total.value.trim()));
  return h('section', { class: 'card', 'aria-labelledby': 'about-heading' },
    h('h3', { id: 'about-heading' }, 'About this model'),
    field(errors, { key: 'description', label: 'Description', input: description, optional: true,
      hint: 'For your colleagues: what the model is for.' }),
    h('details', { class: 'advanced' }, h('summary', {}, 'Timeouts'),
      h('div', { class: 'field-row' },
        field(errors, { key: 'timeouts.connectMillis', label: 'Connect timeout (ms)', input: connect, optional: true }),
        field(errors, { key: 'timeouts.totalMillis', label: 'Total timeout, retries included (ms)', input: total, optional: true }))));
}

function optionsCard(d, errors, on) {
  const options = optionsFields(d.options, { errors, onChange: on.optionChanged });
  return h('section', { class: 'card', 'aria-labelledby': 'options-heading' },
    h('details', { class: 'advanced', id: 'request-options', open: anyOption(d.options) || errors.all().some((v) => v.field.startsWith('options')) },
      h('summary', {}, h('h3', { id: 'options-heading', class: 'inline-heading' }, 'Request options'),
        h('span', { class: 'muted' }, ' guardrail, latency, service tier')),
      options.element));
}

/** What Modelgate understood of the model reference (nothing for none). */
export function paintUnderstood(view, u) {
  const rows = understoodRows(u);
  replace(view.understood, rows.length ? h('div', { class: 'callout callout-ok' }, h('p', { class: 'callout-title' }, 'Modelgate understood'),
    h('dl', { class: 'facts' }, rows.flatMap(([term, value, code]) => [h('dt', {}, term),
      h('dd', {}, code === null ? value : h('code', code ? { id: code } : {}, value))]))) : null);
}

/** The two APIs as radio buttons, the family's first; `onChoose(api)` when one is chosen. */
export function paintApiChoice(view, { draft: d, errors }, suggestion, onChoose) {
  const { converseFirst, converseTitle } = apiChoiceOf(d, suggestion);
  const option = (value, id, title, blurb) => {
    const input = h('input', { type: 'radio', name: 'api', id, value, checked: d.api === value,
      'aria-describedby': `${id}-blurb` });
    input.addEventListener('change', () => { if (input.checked) onChoose(value); });
    return h('div', { class: 'api-option' }, input,
      h('label', { for: id }, h('span', { class: 'api-title' }, title),
        h('span', { class: 'hint', id: `${id}-blurb` }, blurb)));
  };
  const converse = option(APIS.CONVERSE, 'api-converse', converseTitle,
    'Bedrock’s common chat API: no template and no mapping. Modelgate reads the text, tool calls, stop reason and usage itself; you set defaults such as the system prompt and tools.');
  const invoke = option(APIS.INVOKE_MODEL, 'api-invoke-model', 'InvokeModel with a request template',
    'The model’s own JSON body with your variables in it, and a JSONPath mapping of its answer.');
  replace(view.apiChoice, h('fieldset', { class: 'api-set', 'aria-describedby': view.apiError.id },
    h('legend', {}, 'How Modelgate calls the model'),
    converseFirst ? [converse, invoke] : [invoke, converse], view.apiError));
  errors.bind('api', view.apiChoice.querySelector('input'), view.apiError);
}

export function clearPresetOffer(view) {
  replace(view.presetOffer);
}

/**
 * The offer under the API choice ({@link presetOfferOf}); answers 'pick' when the family must be chosen first (the
 * actions load the presets for {@link paintFamilyPicker}), else null.
 */
export function paintPresetOffer(view, d, suggestion, { usePreset }) {
  const offer = presetOfferOf(d, suggestion);
  if (!offer) return null;
  if (offer.kind === 'converse') {
    replace(view.presetOffer, h('div', { class: 'callout callout-info' },
      h('p', { class: 'callout-title' }, 'Converse: no template to write'),
      h('p', {}, 'Step 3 sets the model’s defaults (system prompt, inference parameters, tools) and runs a Test that shows the parsed answer.')));
  } else if (offer.kind === 'preset') {
    const { preset, applied } = offer;
    replace(view.presetOffer, h('div', { class: 'callout callout-info' },
      h('p', { class: 'callout-title' }, `Preset: ${preset.displayName}`),
      h('p', {}, applied ? 'Step 3 starts from this preset: its prompt variables, request template and output mapping.'
        : 'This model belongs to a family Modelgate knows. Start step 3 from its preset: prompt variables, a working request template and the output mapping.'),
      applied ? null : h('button', { type: 'button', class: 'button primary', id: 'use-preset', onclick: () => usePreset(preset) },
        `Use the ${preset.displayName} preset`)));
  }
  return offer.kind === 'pick' ? 'pick' : null;
}

/** The family picker, for a reference that does not say its family; `onPick(preset)` with the family chosen. */
export function paintFamilyPicker(view, presets, family, onPick) {
  const select = h('select', { id: 'preset-choice' }, h('option', { value: '' }, 'Choose a model family…'),
    presets.map((p) => h('option', { value: p.family }, p.displayName)));
  select.value = presets.some((p) => p.family === family) ? family : '';
  replace(view.presetOffer, h('div', { class: 'callout callout-info' },
    h('p', { class: 'callout-title' }, 'Which model family is it?'),
    h('p', {}, 'This reference does not say which family the model belongs to. Pick the family to start step 3 from its preset, or write the template yourself.'),
    h('div', { class: 'inline-form' }, h('label', { for: 'preset-choice' }, 'Family'), select,
      h('button', { type: 'button', class: 'button', onclick: () => {
        const chosen = presets.find((p) => p.family === select.value);
        if (chosen) onPick(chosen);
      } }, 'Use preset'))));
}

export const catalogStates = {
  noRole(view) {
    replace(view.catalog, h('p', { class: 'callout callout-info' },
      'Enter your role ARN in step 1 to see the models it can use here, or type a model reference below.'));
  },
  loading(view, d) {
    replace(view.catalog, h('p', { class: 'loading' }, catalogLoadingText(d)));
  },
};

/** The catalog: its note when incomplete, and the picker of its models; `onPick(id)` when one is picked. */
export function paintCatalog(view, result, current, onPick) {
  const noteOf = catalogNoteOf(result);
  const note = noteOf ? h('div', { class: 'callout callout-info', id: 'catalog-note' },
    h('p', { class: 'callout-title' }, noteOf.title),
    // the server's message says why and what to type instead; without one, the console says both (once)
    noteOf.lines.map((line) => h('p', {}, line))) : null;
  if (noteOf && noteOf.nothing) {
    replace(view.catalog, note);
    return;
  }
  replace(view.catalog, note, picker(result, current, onPick));
}

/**
 * The list of pickable models, filterable by typing: one listbox, one tab stop (the chosen model, else the first shown),
 * arrow keys, Home and End move between the models shown, Enter or Space picks.
 */
function picker(result, current, onPick) {
  const { onDemand, profiles } = catalogRows(result);
  const filter = h('input', { id: 'catalog-filter', type: 'search', autocomplete: 'off', placeholder: 'Filter: claude, nova, llama…',
    'aria-describedby': 'catalog-count', 'aria-controls': 'catalog-listbox' });
  const count = h('span', { id: 'catalog-count', class: 'muted', 'aria-live': 'polite' });
  const rows = [];
  const row = ({ id, name, provider, detail, kind }) => {
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
  const onDemandList = h('ul', { class: 'pick-list', role: 'group', 'aria-label': 'On-demand models' }, onDemand.map(row));
  const profileList = h('ul', { class: 'pick-list', role: 'group', 'aria-label': 'Inference profiles' }, profiles.map(row));
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
    for (const r of rows) r.item.hidden = !matchesFilter(r.text, filter.value.toLowerCase());
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

/** Marks the model `id` picked in the catalog (and makes it the tab stop when shown). */
export function markPicked(view, id) {
  const { catalog } = view;
  const listbox = catalog.querySelector('[role="listbox"]');
  for (const button of catalog.querySelectorAll('.pick-row')) {
    button.setAttribute('aria-selected', String(button.dataset.modelId === id));
  }
  const picked = catalog.querySelector(`.pick-row[aria-selected="true"]`);
  if (listbox && picked && !picked.closest('li').hidden) rovingStop(listbox, picked);
}
