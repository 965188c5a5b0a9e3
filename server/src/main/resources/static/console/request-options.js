// Bedrock's request options that a body cannot carry, per model: a guardrail (identifier, version, trace), latency
// (standard or optimized) and the service tier. The same fields in the wizard and on the model's page. What is
// checked here only spares a round trip; Modelgate decides, and its problem+json names the field.

import { h } from './dom.js';
import { field } from './form.js';

export const LATENCIES = [['', 'Bedrock’s default (standard)'], ['standard', 'Standard'], ['optimized', 'Optimized']];
export const SERVICE_TIERS = [['', 'Bedrock’s default'], ['default', 'Default'], ['priority', 'Priority'], ['flex', 'Flex']];

const GUARDRAIL_ID = /^(?:[a-z0-9]{12}|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]{12})$/;
const GUARDRAIL_VERSION = /^(?:DRAFT|[1-9][0-9]{0,7})$/;

/** The working copy's options: every field as text. */
export function emptyOptions() {
  return { guardrail: { identifier: '', version: '', trace: false }, latency: '', serviceTier: '' };
}

/** A model's (or a draft's) `options` as the working copy. */
export function fromOptions(options) {
  const o = options || {};
  const g = o.guardrail || {};
  return {
    guardrail: { identifier: g.identifier || '', version: g.version == null ? '' : String(g.version), trace: Boolean(g.trace) },
    latency: o.latency || '',
    serviceTier: o.serviceTier || '',
  };
}

/** The API's `options`, or null when none is set. */
export function toOptions(o) {
  if (!o) return null;
  const identifier = o.guardrail.identifier.trim();
  const version = o.guardrail.version.trim();
  const guardrail = identifier || version ? { identifier: identifier || null, version: version || null, trace: o.guardrail.trace } : null;
  if (!guardrail && !o.latency && !o.serviceTier) return null;
  return { guardrail, latency: o.latency || null, serviceTier: o.serviceTier || null };
}

/** What the console can tell at once about the options, as violations {field, rule, message}. */
export function checkOptions(o) {
  const problems = [];
  const identifier = o.guardrail.identifier.trim();
  const version = o.guardrail.version.trim();
  if (identifier && !GUARDRAIL_ID.test(identifier)) {
    problems.push({ field: 'options.guardrail.identifier', rule: 'pattern',
      message: 'a guardrail identifier is its ID (12 lowercase letters or digits, e.g. abcd1234wxyz) or its ARN (arn:aws:bedrock:<region>:<account>:guardrail/<id>)' });
  }
  if (version && !GUARDRAIL_VERSION.test(version)) {
    problems.push({ field: 'options.guardrail.version', rule: 'pattern', message: 'a guardrail version is DRAFT or a version number (1, 2, …)' });
  }
  if (identifier && !version) {
    problems.push({ field: 'options.guardrail.version', rule: 'required', message: 'a guardrail needs its version: DRAFT or a version number' });
  }
  if (version && !identifier) {
    problems.push({ field: 'options.guardrail.identifier', rule: 'required', message: 'a guardrail version needs the guardrail’s identifier' });
  }
  return problems;
}

/**
 * The options' fields, bound to `errors` under the API's field names.
 * @param {object} o the working copy (changed in place)
 * @param {{errors: import('./form.js').ErrorStore, onChange: (fieldName: string) => void}} options
 */
export function optionsFields(o, { errors, onChange }) {
  const identifier = h('input', { id: 'guardrail-identifier', type: 'text', autocomplete: 'off', spellcheck: 'false',
    class: 'mono', placeholder: 'abc123def456 or arn:aws:bedrock:…:guardrail/…', value: o.guardrail.identifier });
  const version = h('input', { id: 'guardrail-version', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'DRAFT or 1', value: o.guardrail.version, list: 'guardrail-versions' });
  const trace = h('input', { id: 'guardrail-trace', type: 'checkbox', checked: o.guardrail.trace });
  const latency = h('select', { id: 'latency' }, LATENCIES.map(([value, label]) => h('option', { value }, label)));
  latency.value = o.latency;
  const tier = h('select', { id: 'service-tier' }, SERVICE_TIERS.map(([value, label]) => h('option', { value }, label)));
  tier.value = o.serviceTier;

  // Checked when the user leaves a field (not while typing: a half-typed ARN is not wrong yet).
  const check = (...names) => {
    const found = checkOptions(o);
    for (const name of names) errors.set(name, found.filter((p) => p.field === name));
  };
  const guardrailFields = ['options.guardrail.identifier', 'options.guardrail.version'];
  identifier.addEventListener('input', () => { o.guardrail.identifier = identifier.value; onChange('options.guardrail.identifier'); });
  version.addEventListener('input', () => { o.guardrail.version = version.value; onChange('options.guardrail.version'); });
  identifier.addEventListener('change', () => check(...guardrailFields));
  version.addEventListener('change', () => check(...guardrailFields));
  trace.addEventListener('change', () => { o.guardrail.trace = trace.checked; onChange('options.guardrail.trace'); });
  latency.addEventListener('change', () => { o.latency = latency.value; onChange('options.latency'); });
  tier.addEventListener('change', () => { o.serviceTier = tier.value; onChange('options.serviceTier'); });

  return {
    element: h('div', { class: 'request-options' },
      h('fieldset', { class: 'options-set' }, h('legend', {}, 'Guardrail'),
        h('p', { class: 'hint' }, 'Bedrock applies the guardrail to the prompt and the answer. An intervention is its own outcome, not an error. The role needs bedrock:ApplyGuardrail on it.'),
        h('div', { class: 'field-row' },
          field(errors, { key: 'options.guardrail.identifier', label: 'Guardrail ID or ARN', input: identifier, optional: true }),
          field(errors, { key: 'options.guardrail.version', label: 'Version', input: version, optional: true,
            extra: h('datalist', { id: 'guardrail-versions' }, h('option', { value: 'DRAFT' }), h('option', { value: '1' })) })),
        h('div', { class: 'inference-row' }, trace, h('label', { for: 'guardrail-trace' }, 'Ask Bedrock for the guardrail’s trace'))),
      h('div', { class: 'field-row' },
        field(errors, { key: 'options.latency', label: 'Latency', input: latency, optional: true,
          hint: 'Optimized: Bedrock’s latency-optimized inference, for the models that offer it.' }),
        field(errors, { key: 'options.serviceTier', label: 'Service tier', input: tier, optional: true,
          hint: 'Priority costs more and is served first; flex costs less and may wait.' }))),
    inputs: { 'options.guardrail.identifier': identifier, 'options.guardrail.version': version,
      'options.guardrail.trace': trace, 'options.latency': latency, 'options.serviceTier': tier },
  };
}

/** One line per option set, for summaries; empty when none is. */
export function describeOptions(options) {
  const o = options || {};
  const rows = [];
  if (o.guardrail && o.guardrail.identifier) {
    rows.push(['Guardrail', [h('code', {}, o.guardrail.identifier), ` version ${o.guardrail.version || '—'}`,
      o.guardrail.trace ? ' · trace on' : '']]);
  }
  if (o.latency) rows.push(['Latency', o.latency === 'optimized' ? 'optimized' : 'standard']);
  if (o.serviceTier) rows.push(['Service tier', o.serviceTier]);
  return rows;
}
