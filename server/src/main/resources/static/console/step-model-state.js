// What the Model step knows besides the working copy (Region, model reference, API, description, timeouts and
// request options live in the draft): what Modelgate understood of the model reference (its suggestion, with the
// family's preset), and the pure functions that say what to show for it (the facts understood, the API choice, the
// preset offer, the catalog's rows and notes). No DOM, no fetches.

import { supportsConverse, APIS } from './draft.js';
import { regionName } from './regions.js';

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

/** The step's own state: `suggestion` is what Modelgate understood of the model reference (null: nothing yet). */
export function modelState() {
  return { suggestion: null };
}

/**
 * What Modelgate understood of a model reference, as rows of a fact list: [term, value, code] where `code` is the
 * id of a code element for the value (or '' for a code element without one); null for plain text.
 */
export function understoodRows(u) {
  if (!u) return [];
  return [
    ['Kind', KINDS[u.kind] || u.kind, null],
    ['Modelgate sends', u.modelId, 'understood-model-id'],
    u.baseModelId && u.baseModelId !== u.modelId ? ['Base model', u.baseModelId, ''] : null,
    u.geoPrefix ? ['Geography', u.geoPrefix.toUpperCase(), null] : null,
    u.region ? ['Region in the ARN', u.region, null] : null,
    u.accountId ? ['Account', u.accountId, null] : null,
  ].filter(Boolean);
}

/** "Text, Image → Text" for a foundation model; '' without one. */
export function modalities(model) {
  if (!model) return '';
  const show = (list) => (list || []).map((m) => MODALITIES[m] || m).join(', ');
  return `${show(model.inputModalities)} → ${show(model.outputModalities)}`;
}

/** The API a family gets by default: Converse when it speaks it, else InvokeModel. */
export function defaultApiOf(preset) {
  return supportsConverse(preset) ? APIS.CONVERSE : APIS.INVOKE_MODEL;
}

/** The API choice: which option comes first, and the Converse option's title. */
export function apiChoiceOf(draft, suggestion) {
  const preset = suggestion ? suggestion.preset : null;
  return {
    converseFirst: supportsConverse(preset) || draft.api === APIS.CONVERSE,
    converseTitle: preset && supportsConverse(preset) ? 'Converse (recommended for this family)' : 'Converse',
  };
}

/**
 * What the preset offer under the API choice says: nothing before a suggestion; 'converse' (no template to write);
 * 'preset' with the family's preset and whether the template is already its; else 'pick' (choose the family).
 */
export function presetOfferOf(draft, suggestion) {
  if (!suggestion) return null;
  if (draft.api === APIS.CONVERSE) return { kind: 'converse' };
  if (suggestion.preset) return { kind: 'preset', preset: suggestion.preset, applied: draft.requestTemplate === suggestion.preset.template };
  return { kind: 'pick' };
}

/** Whether using `preset` would replace a template the user wrote (and so asks first). */
export function presetReplacesWork(draft, preset) {
  return draft.requestTemplate.trim() !== '' && draft.requestTemplate !== preset.template;
}

/** The model reference's violations from a refused suggestion, all shown at the model reference. */
export function suggestionProblems(e) {
  return e.violations.length ? e.violations.filter((v) => v.field === 'modelReference' || v.field === 'region')
    .map((v) => ({ ...v, field: 'modelReference' })) : [{ message: e.message }];
}

/** The catalog is asked once per role, STS endpoint and Region (the wizard's state keeps the answers). */
export function catalogKey(draft) {
  return `${draft.roleArn}|${draft.stsEndpoint}|${draft.region}`;
}

export function catalogLoadingText(draft) {
  return `Asking Bedrock which models your role can use in ${regionName(draft.region)}…`;
}

/** Why the catalog could not be listed, in the words the catalog's note shows. */
export function catalogFailure(e) {
  return e.missingEndpoint ? 'This Modelgate server cannot list models.'
    : e.slug === 'assume-role-failed' ? `Modelgate could not assume your role: ${e.message} Check the role in step 1.`
      : e.violations.length ? `Fix the connection in step 1 first: ${e.violations.map((v) => v.message).join('; ')}.`
        : e.message;
}

/**
 * The note above the catalog when it is incomplete: its title, and its message (the server's, else the console's
 * two lines). `nothing` says there is nothing to pick; null when the catalog is whole.
 */
export function catalogNoteOf(result) {
  const nothing = !(result.foundationModels || []).length && !(result.inferenceProfiles || []).length;
  const partial = result.listable === false || result.profilesListable === false;
  if (!partial) return null;
  return {
    nothing,
    title: nothing ? 'The list of models is not available' : 'The list is incomplete',
    lines: result.message ? [result.message]
      : ['Your role may not be allowed to list models (bedrock:ListFoundationModels and bedrock:ListInferenceProfiles).',
        'Free text always works: type the model ID, inference profile ID or ARN below.'],
  };
}

/**
 * The catalog's pickable rows: the foundation models that run on demand, and the inference profiles that carry a
 * model that runs only through one (or one not listed). Each row: {id, name, provider, detail, kind}.
 */
export function catalogRows(result) {
  const foundation = result.foundationModels || [];
  const byId = new Map(foundation.map((m) => [m.modelId, m]));
  const isOnDemand = (m) => (m.onDemand !== undefined ? m.onDemand : (m.inferenceTypes || []).includes('ON_DEMAND'));
  const profileOnly = new Set(foundation.filter((m) => !isOnDemand(m)).map((m) => m.modelId));
  const onDemand = foundation.filter(isOnDemand)
    .map((m) => ({ id: m.modelId, name: m.modelName || m.modelId, provider: m.provider, detail: modalities(m), kind: null }));
  const profiles = (result.inferenceProfiles || []).filter((p) => (p.models || []).some((id) => profileOnly.has(id) || !byId.has(id)))
    .map((p) => {
      const base = byId.get((p.models || [])[0]);
      return { id: p.id, name: p.name || p.id, provider: base ? base.provider : '',
        detail: `${modalities(base)}${base ? ' · ' : ''}routes to ${(p.models || []).length > 1 ? `${p.models.length} models` : 'its Regions'}`,
        kind: p.type === 'APPLICATION' ? 'Application profile' : 'Inference profile' };
    });
  return { onDemand, profiles };
}

/** Whether a row (its text: name, provider and id) passes the filter: every word of the query is in it. */
export function matchesFilter(text, query) {
  const q = query.trim().toLowerCase();
  return !q || q.split(/\s+/).every((word) => text.includes(word));
}

/** Whether any request option is set (the section then starts open). */
export function anyOption(options) {
  return Boolean(options.guardrail.identifier || options.guardrail.version || options.latency || options.serviceTier);
}
