// Model detail: the configuration at a glance, a "try it" box that invokes the model as an agent would, its usage
// (calls and tokens per day, latency percentiles) and its last Test.

import { api, ApiError } from './api.js';
import { h, replace, exactTime, relativeTime, number, toast } from './dom.js';
import { field, problemBox, ErrorStore } from './form.js';
import { liveAnswer } from './answer.js';
import { describeOptions, checkOptions, optionsFields } from './request-options.js';
import { parseValue, fromModel, toApi } from './draft.js';
import { barChart, lastDays } from './chart.js';
import { testRun } from './test-result.js';
import { statusBadge, inferenceSwitch, deleteModel } from './list.js';
import { confirmingOff } from './inference-confirm.js';
import { regionName } from './regions.js';
import { openAiCard } from './openai-snippet.js';
import { revisionsCard } from './revisions.js';
import { callSnippetBox } from './call-snippet.js';
import { usd } from './usage.js';
import { stepTitle } from './wizard-state.js';
import { scopedBudgets } from './budgets.js';
import { routingCard } from './routing.js';

// The usage card's totals and its charts cover the same UTC days: today and the 13 before it.
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
  let summary = summaryCard(model);
  const usageCard = h('section', { class: 'card', id: 'usage', 'aria-labelledby': 'usage-heading' });
  const testCard = h('section', { class: 'card', id: 'last-test', 'aria-labelledby': 'last-test-heading' });
  const modelBudgets = scopedBudgets({ scope: 'MODEL', heading: 'Budgets', idPrefix: 'model-budget', fixed: { id: model.id, label: model.name } });
  const revisions = revisionsCard(model, { onChanged: () => mountDetail(root, { id }) });
  /** After a Test or a save: the model's live and draft revisions may have moved. */
  const refreshRevisions = async () => {
    const { data, revision: r } = await api.getModel(id);
    Object.assign(model, data, { revision: r });
    revisions.reload();
  };

  replace(root,
    h('div', { class: 'page-head' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, 'External models'), ' / ', model.name),
      h('div', { class: 'title-row' }, h('h1', { tabindex: '-1' }, model.name), badge,
        h('div', { class: 'head-actions' },
          inferenceSwitch(model, confirmingOff(model, async (enabled) => {
            const { data, revision: r } = await api.setInference(model.id, enabled);
            model.revision = r;
            model.inferenceEnabled = data.inferenceEnabled;
            return data.inferenceEnabled;
          })),
          h('a', { class: 'button', href: `#/models/${model.id}/edit` }, 'Edit'),
          h('a', { class: 'button', href: `#/models/copy/${model.id}` }, 'Duplicate'),
          h('button', { type: 'button', class: 'button danger-quiet', onclick: async () => {
            if (await deleteModel(model)) location.hash = '#/models';
          } }, 'Delete'))),
      model.description ? h('p', { class: 'lead' }, model.description) : null),
    revisions.element,
    h('div', { class: 'detail-grid' },
      summary,
      tryItCard(model, () => { loadUsage(); })),
    openAiCard(model),
    routingCard(model),
    optionsCard(model, { onSaved: () => {
      replace(badge, statusBadge(model.status));
      const fresh = summaryCard(model);
      summary.replaceWith(fresh);
      summary = fresh;
      loadTest();
      loadUsage();
      refreshRevisions();
    } }),
    usageCard,
    modelBudgets.element,
    testCard);
  modelBudgets.load();

  async function loadUsage() {
    replace(usageCard, h('h2', { id: 'usage-heading' }, 'Usage'), h('p', { class: 'loading' }, 'Loading usage…'));
    try {
      const usage = await api.usage(model.id, firstChartDay());
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
        refreshRevisions();
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
  const converse = model.api === 'CONVERSE';
  const defaults = model.converse || {};
  const inference = defaults.inferenceConfig || {};
  const tools = (defaults.toolConfig && defaults.toolConfig.tools) || [];
  const choice = defaults.toolConfig && defaults.toolConfig.toolChoice;
  const stream = mapping.stream || {};
  const rows = [
    ['Model', h('code', {}, model.modelReference)],
    r.model && r.model.modelId !== model.modelReference ? ['Modelgate sends', h('code', {}, r.model.modelId)] : null,
    ['Region', `${regionName(model.region)} (${model.region})`],
    ['Role', h('code', {}, model.roleArn)],
    ['STS endpoint', h('code', {}, r.stsEndpoint || model.stsEndpoint || 'the Region’s')],
    ['External ID', h('code', {}, model.externalId)],
    ['API', h('span', { id: 'summary-api' }, converse ? 'Converse (no template)' : 'InvokeModel with a request template')],
    converse ? null : ['Variables', model.variables.length ? model.variables.map((v, k) => [k ? ', ' : '', h('code', {}, v.name),
      h('span', { class: 'muted' }, ` ${v.type.toLowerCase()}${v.required ? ', required' : ''}`)]) : 'none'],
    converse ? null : ['Output text', h('code', {}, mapping.text)],
    converse ? null : ['Tokens', mapping.inputTokens || mapping.outputTokens
      ? [h('code', {}, mapping.inputTokens || '—'), ' in · ', h('code', {}, mapping.outputTokens || '—'), ' out']
      : 'from Bedrock’s headers'],
    converse ? null : ['Streamed text', stream.text ? h('code', {}, stream.text) : h('span', { class: 'muted' }, 'no stream mapping')],
    !converse && mapping.extras && Object.keys(mapping.extras).length ? ['Extra fields', Object.keys(mapping.extras).join(', ')] : null,
    converse && defaults.system ? ['System prompt', h('span', { class: 'clamp' }, defaults.system)] : null,
    converse && Object.keys(inference).length ? ['Inference', Object.entries(inference)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join(' ') : v}`).join(' · ')] : null,
    converse && tools.length ? ['Tools', [tools.map((t, k) => [k ? ', ' : '', h('code', {}, t.toolSpec ? t.toolSpec.name : '?')]),
      choice ? h('span', { class: 'muted' }, ` · choice ${choice.tool ? choice.tool.name : Object.keys(choice)[0]}`) : null]] : null,
    converse && defaults.additionalModelRequestFields && Object.keys(defaults.additionalModelRequestFields).length
      ? ['Model fields', h('code', {}, JSON.stringify(defaults.additionalModelRequestFields))] : null,
    ...describeOptions(model.options),
    ['Timeouts', model.timeouts ? `connect ${number(model.timeouts.connectMillis)} ms · total ${number(model.timeouts.totalMillis)} ms` : 'defaults'],
    ['Revision', `${model.revision} · updated ${relativeTime(model.updatedAt)} by ${model.updatedBy || '—'}`],
  ].filter(Boolean);
  return h('section', { class: 'card', 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading' }, 'Configuration'),
    h('dl', { class: 'facts facts-wide' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    model.warnings && model.warnings.length ? h('div', { class: 'callout callout-warn' },
      h('p', { class: 'callout-title' }, 'Warnings'), h('ul', {}, model.warnings.map((w) => h('li', {}, w.message)))) : null);
}

/**
 * The request options (guardrail, latency, service tier), changed in place: saving stores a new revision, which
 * is a Draft until its Test passes, so the Test runs right after.
 */
function optionsCard(model, { onSaved }) {
  const errors = new ErrorStore();
  const draft = fromModel(model);
  const fields = optionsFields(draft.options, { errors, onChange: (fieldName) => { errors.set(fieldName, []); status.textContent = ''; } });
  const save = h('button', { type: 'submit', class: 'button primary', id: 'save-options' }, 'Save options');
  const status = h('span', { class: 'muted', id: 'options-status', role: 'status' });
  const formError = h('div', { id: 'options-error' });
  const form = h('form', { novalidate: true }, fields.element, formError, h('div', { class: 'test-bar' }, save, status));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(formError);
    const found = checkOptions(draft.options);
    if (found.length) {
      errors.replaceAll(found);
      fields.inputs[found[0].field]?.focus();
      return;
    }
    const { draft: body, problems } = toApi(draft);
    if (problems.length) {
      replace(formError, problemBox({ problem: { title: 'This model cannot be saved here', detail: `${problems[0].message}. Edit it in the wizard.` } }));
      return;
    }
    if (!body.options) body.options = null;
    save.disabled = true;
    save.setAttribute('aria-busy', 'true');
    status.textContent = 'Saving…';
    try {
      const { data, revision } = await api.updateModel(model.id, model.revision, body);
      Object.assign(model, data, { revision });
      errors.replaceAll([]);
      status.textContent = 'Saved. Testing the new revision…';
      try {
        const result = await api.testSaved(model.id);
        if (result.model && result.model.status) model.status = result.model.status;
        status.textContent = result.outcome === 'PASSED' ? `Saved as revision ${revision}; its Test passed.`
          : `Saved as revision ${revision}; its Test did not pass (see Last Test below)${keeps(model)}.`;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        model.status = 'DRAFT';
        status.textContent = `Saved as revision ${revision}; the Test could not run: ${e.message}${keeps(model)}.`;
      }
      onSaved();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status.textContent = '';
      const mine = e.violations.filter((v) => v.field.startsWith('options'));
      if (mine.length) {
        errors.replaceAll(mine);
        fields.inputs[mine[0].field]?.focus();
      }
      if (mine.length !== e.violations.length || !e.violations.length) {
        replace(formError, problemBox(e, { title: e.status === 412 ? 'The model was changed elsewhere: reload the page' : 'The options could not be saved' }));
      }
    } finally {
      save.disabled = false;
      save.removeAttribute('aria-busy');
    }
  });
  const o = draft.options;
  return h('section', { class: 'card options-card', id: 'request-options-card', 'aria-labelledby': 'options-heading' },
    h('details', { class: 'advanced', open: Boolean(o.guardrail.identifier || o.latency || o.serviceTier) },
      h('summary', {}, h('h2', { id: 'options-heading', class: 'inline-heading' }, 'Request options'),
        h('span', { class: 'muted' }, ' guardrail, latency, service tier')),
      h('p', { class: 'hint' }, 'What Bedrock is told beside the body. Saving makes a new revision, Tested at once.'),
      form));
}

/** What agents get while a saved edit is a draft: "; agents keep getting revision 3", or nothing before any went live. */
function keeps(model) {
  return model.liveRevision == null ? '' : `; agents keep getting revision ${model.liveRevision}`;
}

/** Whether Try it streams by default: Converse models always can; template models once they have a stream mapping. */
export function canStream(model) {
  if (model.api === 'CONVERSE') return true;
  return Boolean(model.outputMapping && model.outputMapping.stream && model.outputMapping.stream.text);
}

/** The variables Try it asks for: a Converse model's fixed pair (with what the model lists for them), or the model's. */
function tryVariables(model) {
  if (model.api !== 'CONVERSE') return model.variables || [];
  const listed = new Map((model.variables || []).map((v) => [v.name, v]));
  return [
    { type: 'STRING', required: true, description: 'The user’s message', ...listed.get('prompt'), name: 'prompt' },
    // left empty, the model's default system prompt applies
    { ...listed.get('system.prompt'), type: 'STRING', required: false, testValue: null, name: 'system.prompt',
      description: 'Replaces the model’s default system prompt for this call; leave it empty to use the default' },
  ];
}

function tryItCard(model, onInvoked) {
  const converse = model.api === 'CONVERSE';
  const inputs = tryVariables(model).map((v) => {
    const multiline = v.type === 'STRING' && /prompt|message|text|input/i.test(v.name) && !/system/i.test(v.name);
    const input = multiline ? h('textarea', { id: `try-${v.name}`, rows: 3 }) : h('input', { id: `try-${v.name}`, type: 'text', autocomplete: 'off' });
    input.value = v.testValue == null ? '' : typeof v.testValue === 'string' ? v.testValue : JSON.stringify(v.testValue);
    if (v.defaultValue != null) input.placeholder = `default: ${typeof v.defaultValue === 'string' ? v.defaultValue : JSON.stringify(v.defaultValue)}`;
    return { v, input };
  });
  const result = h('div', { class: 'try-result', id: 'try-result' });
  const callCode = h('div', { id: 'try-call-code' });
  const button = h('button', { type: 'submit', class: 'button primary', id: 'invoke' }, 'Invoke');
  const stop = h('button', { type: 'button', class: 'button', id: 'stop-invoke', hidden: true }, 'Stop');
  const stream = h('input', { type: 'checkbox', id: 'try-stream', checked: canStream(model) });
  const streamHint = h('span', { class: 'hint', id: 'try-stream-hint' }, canStream(model) ? ''
    : 'This model has no stream mapping yet: its answer may arrive whole.');
  if (streamHint.textContent) stream.setAttribute('aria-describedby', streamHint.id);
  const form = h('form', { class: 'try-form', novalidate: true },
    inputs.map(({ v, input }) => field(null, { label: v.name, input, optional: !v.required, hint: v.description || null })),
    h('div', { class: 'stream-toggle' }, stream, h('label', { for: 'try-stream' }, 'Stream the answer as it is generated'),
      streamHint.textContent ? streamHint : null),
    h('div', { class: 'test-bar' }, button, stop, h('span', { class: 'hint' }, `POST /api/v1/models/${model.name}/invoke`)),
    result, callCode);
  let running = null;
  stop.addEventListener('click', () => { if (running) running.abort(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (running) return;
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
    const streaming = stream.checked;
    const controller = new AbortController();
    running = controller;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    stop.hidden = false;
    const view = liveAnswer({ streaming });
    replace(result, view.element);
    let settled = false;
    try {
      if (streaming) {
        await api.invokeStream(model.name, { variables }, { signal: controller.signal, onEvent: (e) => {
          if (e.type === 'delta') view.delta(e.text);
          else if (e.type === 'toolUse') view.toolUse(e);
          else if (e.type === 'done') { settled = true; view.done(e); stop.hidden = true; }
          else if (e.type === 'error') { settled = true; view.failed(e); stop.hidden = true; }
        } });
        if (!settled) view.failed({ title: 'The stream ended early', detail: 'Modelgate closed the stream before its final event.' });
      } else {
        view.done(await api.invoke(model.name, { variables }, controller.signal));
      }
      onInvoked();
    } catch (e) {
      if (e.name === 'AbortError') {
        view.stopped();
        onInvoked();
        return;
      }
      if (!(e instanceof ApiError)) throw e;
      const hint = e.slug === 'model-not-ready' ? `Run its Test below (or in Edit → ${stepTitle(2, model)}): a passed Test makes it Ready.`
        : e.slug === 'inference-disabled' ? 'Turn inference on with the switch above.' : null;
      view.failed({ ...e.problem, code: e.problem.code || e.slug || null, status: e.status || null,
        title: e.problem.title || 'The model could not be invoked' }, hint);
      if (e.status >= 500 || e.status === 422 || e.status === 429) onInvoked();
    } finally {
      replace(callCode, callSnippetBox(window.location.origin, model.name, { variables }, streaming));
      running = null;
      stop.hidden = true;
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'try-heading' },
    h('h2', { id: 'try-heading' }, 'Try it'),
    h('p', { class: 'hint' }, converse
      ? 'Sends one user message through Converse, with the model’s defaults (system prompt, tools…); the call counts in its usage.'
      : 'Invokes the model as an agent would; the call counts in its usage.'),
    form);
}

function paintUsage(card, usage) {
  const t = usage.totals;
  const byDay = new Map((usage.days || []).map((d) => [d.day, d]));
  const calls = lastDays(CHART_DAYS, byDay, (d) => [d.succeeded, d.failed], 2);
  const tokens = lastDays(CHART_DAYS, byDay, (d) => [d.inputTokens, d.outputTokens], 2);
  const latency = usage.models && usage.models[0] && usage.models[0].latencyMs;
  replace(card,
    h('div', { class: 'card-head' }, h('h2', { id: 'usage-heading' }, 'Usage'),
      h('span', { class: 'muted' }, `Last ${CHART_DAYS} days (UTC), Tests included · as of ${exactTime(usage.to)}`)),
    h('dl', { class: 'stats' },
      stat('Calls', h('span', { id: 'usage-calls' }, number(t.calls)), t.failed ? `${number(t.failed)} failed` : 'none failed'),
      stat('Input tokens', h('span', { id: 'usage-input-tokens' }, number(t.inputTokens))),
      stat('Output tokens', h('span', { id: 'usage-output-tokens' }, number(t.outputTokens))),
      stat('Spend', h('span', { id: 'usage-spend' }, usd(t.cost)),
        t.unpricedCalls ? `${number(t.unpricedCalls)} unpriced` : null),
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

/** 00:00 UTC of the first day the charts show, as the date the usage API takes. */
function firstChartDay(today = new Date()) {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (CHART_DAYS - 1)))
    .toISOString().slice(0, 10);
}

function stat(label, value, note = null) {
  return h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value, note ? h('span', { class: 'stat-note' }, note) : null));
}

export { toast };
