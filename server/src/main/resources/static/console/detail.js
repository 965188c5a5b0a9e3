// Model detail: the configuration at a glance, a "try it" box that invokes the model as an agent would, its usage
// (calls and tokens per day, latency percentiles) and its last Test.

import { api, ApiError } from './api.js';
import { h, replace, exactTime, relativeTime, number, toast } from './dom.js';
import { field, problemBox } from './form.js';
import { parseValue } from './draft.js';
import { barChart, lastDays } from './chart.js';
import { testRun } from './test-result.js';
import { statusBadge, inferenceSwitch, deleteModel } from './list.js';
import { regionName } from './regions.js';

const CHART_DAYS = 14;

export async function mountDetail(root, { id }) {
  replace(root, h('p', { class: 'loading' }, 'Loading…'));
  let model;
  let revision;
  try {
    ({ data: model, revision } = await api.getModel(id));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(root, h('h1', { tabindex: '-1' }, 'Model'), problemBox(e, { title: e.status === 404 ? 'No such model' : 'The model could not be loaded' }),
      h('p', {}, h('a', { href: '#/models' }, 'Back to the models')));
    return null;
  }
  model.revision = revision;

  const badge = h('span', { id: 'model-status' }, statusBadge(model.status));
  const usageCard = h('section', { class: 'card', id: 'usage', 'aria-labelledby': 'usage-heading' });
  const testCard = h('section', { class: 'card', id: 'last-test', 'aria-labelledby': 'last-test-heading' });

  replace(root,
    h('div', { class: 'page-head' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, 'External models'), ' / ', model.name),
      h('div', { class: 'title-row' }, h('h1', { tabindex: '-1' }, model.name), badge,
        h('div', { class: 'head-actions' },
          inferenceSwitch(model, async (enabled) => {
            const { data, revision: r } = await api.setInference(model.id, enabled);
            model.revision = r;
            model.inferenceEnabled = data.inferenceEnabled;
            return data.inferenceEnabled;
          }),
          h('a', { class: 'button', href: `#/models/${model.id}/edit` }, 'Edit'),
          h('a', { class: 'button', href: `#/models/copy/${model.id}` }, 'Duplicate'),
          h('button', { type: 'button', class: 'button danger-quiet', onclick: async () => {
            if (await deleteModel(model)) location.hash = '#/models';
          } }, 'Delete'))),
      model.description ? h('p', { class: 'lead' }, model.description) : null),
    h('div', { class: 'detail-grid' },
      summaryCard(model),
      tryItCard(model, () => { loadUsage(); })),
    usageCard,
    testCard);

  async function loadUsage() {
    replace(usageCard, h('h2', { id: 'usage-heading' }, 'Usage'), h('p', { class: 'loading' }, 'Loading usage…'));
    try {
      const usage = await api.usage(model.id);
      paintUsage(usageCard, usage);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(usageCard, h('h2', { id: 'usage-heading' }, 'Usage'), problemBox(e, { title: 'Usage could not be loaded' }));
    }
  }

  async function loadTest() {
    const runButton = h('button', { type: 'button', class: 'button', id: 'detail-run-test' }, 'Run Test');
    const head = h('div', { class: 'card-head' }, h('h2', { id: 'last-test-heading' }, 'Last Test'), runButton);
    const bodyEl = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
    replace(testCard, head, bodyEl);
    runButton.addEventListener('click', async () => {
      runButton.disabled = true;
      runButton.setAttribute('aria-busy', 'true');
      replace(bodyEl, h('p', { class: 'muted' }, 'Testing: assuming the role, invoking the model, mapping the answer…'));
      try {
        const result = await api.testSaved(model.id);
        replace(bodyEl, testRun(result, { headingLevel: 3 }));
        if (result.model && result.model.status) {
          model.status = result.model.status;
          replace(badge, statusBadge(model.status));
        }
        loadUsage();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        replace(bodyEl, e.missingEndpoint ? h('p', { class: 'muted' }, 'This Modelgate server cannot run a Test yet.') : problemBox(e));
      } finally {
        runButton.disabled = false;
        runButton.removeAttribute('aria-busy');
      }
    });
    try {
      const answer = await api.tests(model.id, 1);
      const runs = Array.isArray(answer) ? answer : answer.items || [];
      replace(bodyEl, runs.length ? testRun(runs[0], { headingLevel: 3 })
        : h('p', { class: 'muted' }, 'No Test has run yet. A passed Test makes the model Ready.'));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(bodyEl, e.missingEndpoint ? h('p', { class: 'muted' }, 'This Modelgate server does not keep Test results yet.')
        : problemBox(e));
    }
  }

  loadUsage();
  loadTest();
  return null;
}

function summaryCard(model) {
  const r = model.resolved || {};
  const mapping = model.outputMapping || {};
  const rows = [
    ['Model', h('code', {}, model.modelReference)],
    r.model && r.model.modelId !== model.modelReference ? ['Modelgate sends', h('code', {}, r.model.modelId)] : null,
    ['Region', `${regionName(model.region)} (${model.region})`],
    ['Role', h('code', {}, model.roleArn)],
    ['STS endpoint', h('code', {}, r.stsEndpoint || model.stsEndpoint || 'the Region’s')],
    ['External ID', h('code', {}, model.externalId)],
    ['Variables', model.variables.length ? model.variables.map((v, k) => [k ? ', ' : '', h('code', {}, v.name),
      h('span', { class: 'muted' }, ` ${v.type.toLowerCase()}${v.required ? ', required' : ''}`)]) : 'none'],
    ['Output text', h('code', {}, mapping.text)],
    ['Tokens', mapping.inputTokens || mapping.outputTokens
      ? [h('code', {}, mapping.inputTokens || '—'), ' in · ', h('code', {}, mapping.outputTokens || '—'), ' out']
      : 'from Bedrock’s headers'],
    mapping.extras && Object.keys(mapping.extras).length ? ['Extra fields', Object.keys(mapping.extras).join(', ')] : null,
    ['Timeouts', model.timeouts ? `connect ${number(model.timeouts.connectMillis)} ms · total ${number(model.timeouts.totalMillis)} ms` : 'defaults'],
    ['Revision', `${model.revision} · updated ${relativeTime(model.updatedAt)} by ${model.updatedBy || '—'}`],
  ].filter(Boolean);
  return h('section', { class: 'card', 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading' }, 'Configuration'),
    h('dl', { class: 'facts facts-wide' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    model.warnings && model.warnings.length ? h('div', { class: 'callout callout-warn' },
      h('p', { class: 'callout-title' }, 'Warnings'), h('ul', {}, model.warnings.map((w) => h('li', {}, w.message)))) : null);
}

function tryItCard(model, onInvoked) {
  const inputs = model.variables.map((v) => {
    const multiline = v.type === 'STRING' && /prompt|message|text|input/i.test(v.name) && !/system/i.test(v.name);
    const input = multiline ? h('textarea', { id: `try-${v.name}`, rows: 3 }) : h('input', { id: `try-${v.name}`, type: 'text', autocomplete: 'off' });
    input.value = v.testValue == null ? '' : typeof v.testValue === 'string' ? v.testValue : JSON.stringify(v.testValue);
    if (v.defaultValue != null) input.placeholder = `default: ${typeof v.defaultValue === 'string' ? v.defaultValue : JSON.stringify(v.defaultValue)}`;
    return { v, input };
  });
  const result = h('div', { class: 'try-result', id: 'try-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'button primary', id: 'invoke' }, 'Invoke');
  const form = h('form', { class: 'try-form', novalidate: true },
    inputs.map(({ v, input }) => field(null, { label: v.name, input, optional: !v.required, hint: v.description || null })),
    h('div', { class: 'test-bar' }, button, h('span', { class: 'hint' }, `POST /api/v1/models/${model.name}/invoke`)),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const variables = {};
    for (const { v, input } of inputs) {
      if (input.value === '') continue;
      const parsed = parseValue(v.type, input.value, v.name);
      if (parsed.problem) {
        replace(result, h('p', { class: 'field-error', role: 'alert' }, parsed.problem));
        input.focus();
        return;
      }
      variables[v.name] = parsed.value;
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    replace(result, h('p', { class: 'muted' }, 'Invoking…'));
    try {
      const answer = await api.invoke(model.name, variables);
      replace(result, invocation(answer));
      onInvoked();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const hint = e.slug === 'model-not-ready' ? 'Run its Test below (or in Edit → Test and map): a passed Test makes it Ready.'
        : e.slug === 'inference-disabled' ? 'Turn inference on with the switch above.' : null;
      replace(result, h('div', { class: 'callout callout-error', role: 'alert' },
        h('p', { class: 'callout-title' }, e.problem.title || 'The model could not be invoked'),
        e.problem.detail ? h('p', {}, e.problem.detail) : null,
        e.violations.length ? h('ul', {}, e.violations.map((v) => h('li', {}, v.message))) : null,
        hint ? h('p', {}, hint) : null));
      if (e.status >= 500 || e.status === 422 || e.status === 429) onInvoked();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'try-heading' },
    h('h2', { id: 'try-heading' }, 'Try it'),
    h('p', { class: 'hint' }, 'Invokes the model as an agent would; the call counts in its usage.'),
    form);
}

function invocation(answer) {
  const usage = answer.usage || {};
  const source = (s) => (s === 'HEADERS' ? 'from Bedrock’s headers' : s === 'MAPPING' ? 'mapped' : 'unknown');
  const extras = Object.entries(answer.output.extras || {});
  return h('div', { class: 'invocation' },
    h('p', { class: 'label' }, 'Output'),
    h('div', { class: 'output-text', id: 'try-output' }, answer.output.text),
    extras.length ? h('dl', { class: 'facts' }, extras.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, JSON.stringify(v)))])) : null,
    h('p', { class: 'muted invocation-meta' },
      `${number(usage.inputTokens)} input and ${number(usage.outputTokens)} output tokens (${source(usage.inputTokensSource)}) · `,
      `${number(answer.latencyMs)} ms${answer.bedrockLatencyMs != null ? ` (Bedrock ${number(answer.bedrockLatencyMs)} ms)` : ''} · `,
      `${answer.modelId} · request ${answer.requestId}`));
}

function paintUsage(card, usage) {
  const t = usage.totals;
  const byDay = new Map((usage.days || []).map((d) => [d.day, d]));
  const calls = lastDays(CHART_DAYS, byDay, (d) => [d.succeeded, d.failed], 2);
  const tokens = lastDays(CHART_DAYS, byDay, (d) => [d.inputTokens, d.outputTokens], 2);
  const latency = usage.models && usage.models[0] && usage.models[0].latencyMs;
  replace(card,
    h('div', { class: 'card-head' }, h('h2', { id: 'usage-heading' }, 'Usage'),
      h('span', { class: 'muted' }, `Last 30 days (UTC), Tests included · as of ${exactTime(usage.to)}`)),
    h('dl', { class: 'stats' },
      stat('Calls', h('span', { id: 'usage-calls' }, number(t.calls)), t.failed ? `${number(t.failed)} failed` : 'none failed'),
      stat('Input tokens', h('span', { id: 'usage-input-tokens' }, number(t.inputTokens))),
      stat('Output tokens', h('span', { id: 'usage-output-tokens' }, number(t.outputTokens))),
      stat('Latency p50', latency ? `${number(Math.round(latency.p50))} ms` : '—'),
      stat('p90', latency ? `${number(Math.round(latency.p90))} ms` : '—'),
      stat('p99', latency ? `${number(Math.round(latency.p99))} ms` : '—')),
    h('div', { class: 'charts' },
      barChart({ title: `Calls per day (last ${CHART_DAYS} days)`, days: calls,
        series: [{ name: 'succeeded', cls: 'series-a' }, { name: 'failed', cls: 'series-bad' }] }),
      barChart({ title: `Tokens per day (last ${CHART_DAYS} days)`, days: tokens,
        series: [{ name: 'input tokens', cls: 'series-a' }, { name: 'output tokens', cls: 'series-b' }] })),
    t.callsWithUnknownTokens ? h('p', { class: 'hint' }, `${number(t.callsWithUnknownTokens)} calls have no token count.`) : null);
}

function stat(label, value, note = null) {
  return h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value, note ? h('span', { class: 'stat-note' }, note) : null));
}

export { toast };
