// Usage (workspace-wide): calls, tokens, spend and latency of every model over the last 7, 14 or 30 UTC days, per
// model, per API key or account, and per day, then the recent calls, newest first (time, model, caller, outcome,
// tokens, latency, request ID, cost; never a prompt or an answer), and the range as a CSV download. The range and the
// page live in the route (#/usage?days=30&page=1).

import { api, ApiError } from './api.js';
import { h, replace, exactTime, relativeTime, number } from './dom.js';
import { problemBox } from './form.js';

const RANGES = [7, 14, 30];
const PAGE_SIZE = 25;

/** 00:00 UTC of the first of the last `days` UTC days, as the date the usage API takes. */
function firstDay(days, today = new Date()) {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1)))
    .toISOString().slice(0, 10);
}

function table(id, caption, heads, rows) {
  return h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models usage-table', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

function callerLabel(caller) {
  if (!caller || !caller.kind) return h('span', { class: 'muted' }, 'unknown');
  return h('span', {}, h('span', { class: 'muted' }, caller.kind === 'KEY' ? 'key ' : 'account '), caller.name);
}

function tokens(input, output) {
  return input == null && output == null ? '—' : `${input == null ? '?' : number(input)} in · ${output == null ? '?' : number(output)} out`;
}

/**
 * USD from the API's exact decimal string ("0.001250000"), trailing zeros dropped past the cents: "$0.00125",
 * "$2.25". Null (no cost) is a dash.
 */
export function usd(cost) {
  if (cost == null) return '—';
  const [whole, fraction = ''] = cost.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `$${whole}.${trimmed.length < 2 ? trimmed.padEnd(2, '0') : trimmed}`;
}

/** A spend cell: the cost, and how many calls it leaves out for want of a price. */
function spend(row) {
  return h('span', {}, usd(row.cost), row.unpricedCalls > 0
    ? h('span', { class: 'muted' }, ` + ${number(row.unpricedCalls)} unpriced`) : null);
}

export async function mountUsage(root, { params = new URLSearchParams() } = {}) {
  const days = RANGES.includes(Number(params.get('days'))) ? Number(params.get('days')) : 14;
  const page = Math.max(0, Number(params.get('page')) || 0);
  const hashFor = (d, p = 0) => `#/usage?days=${d}${p > 0 ? `&page=${p}` : ''}`;
  const title = h('h1', { tabindex: '-1' }, 'Usage');
  const content = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading usage…'));
  const ranges = h('nav', { class: 'usage-ranges', 'aria-label': 'Range' }, RANGES.map((d) =>
    h('a', { class: `button small${d === days ? ' primary' : ''}`, href: hashFor(d), id: `usage-range-${d}`,
      'aria-current': d === days ? 'true' : null }, `${d} days`)));
  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title, ranges),
      h('p', { class: 'lead' }, `Every model of this workspace, the last ${days} days (UTC), Tests included. Calls are listed without their prompts or answers, which Modelgate never stores.`)),
    content);

  const from = firstDay(days);
  let report;
  let calls;
  try {
    [report, calls] = await Promise.all([api.workspaceUsage(from), api.usageCalls(from, PAGE_SIZE, page * PAGE_SIZE)]);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(content, problemBox(e, { title: 'Usage could not be loaded' }));
    content.removeAttribute('aria-busy');
    return null;
  }
  content.removeAttribute('aria-busy');
  const t = report.totals;
  const stats = h('dl', { class: 'stats card', id: 'usage-totals' },
    h('div', { class: 'stat' }, h('dt', {}, 'Calls'), h('dd', { id: 'usage-total-calls' }, number(t.calls))),
    h('div', { class: 'stat' }, h('dt', {}, 'Failed'), h('dd', { id: 'usage-total-failed' }, number(t.failed))),
    h('div', { class: 'stat' }, h('dt', {}, 'Input tokens'), h('dd', { id: 'usage-total-input' }, number(t.inputTokens))),
    h('div', { class: 'stat' }, h('dt', {}, 'Output tokens'), h('dd', { id: 'usage-total-output' }, number(t.outputTokens))),
    h('div', { class: 'stat' }, h('dt', {}, 'Spend'), h('dd', { id: 'usage-total-spend' }, usd(t.cost))),
    h('div', { class: 'stat' }, h('dt', {}, 'Unpriced calls'),
      h('dd', { id: 'usage-total-unpriced' }, number(t.unpricedCalls))));
  if (t.calls === 0) {
    replace(content, stats, h('div', { class: 'empty-state', id: 'usage-empty' }, h('h2', {}, 'No calls'),
      h('p', {}, `No model of this workspace was called in the last ${days} days.`)));
    return null;
  }
  const models = table('usage-models', 'Usage per model', ['Model', 'Calls', 'Failed', 'Tokens', 'Latency p50', 'Spend'],
    report.models.map((m) => h('tr', { dataset: { model: m.modelName } },
      h('td', {}, m.modelId ? h('a', { href: `#/models/${encodeURIComponent(m.modelId)}` }, m.modelName)
        : h('span', {}, m.modelName, h('span', { class: 'muted' }, ' (unsaved draft)'))),
      h('td', {}, number(m.calls)), h('td', {}, number(m.failed)), h('td', {}, tokens(m.inputTokens, m.outputTokens)),
      h('td', {}, m.latencyMs ? `${number(Math.round(m.latencyMs.p50))} ms` : '—'), h('td', {}, spend(m)))));
  const callers = table('usage-callers', 'Usage per API key or account', ['Key or account', 'Calls', 'Failed', 'Tokens', 'Spend'],
    report.callers.map((c) => h('tr', { dataset: { caller: c.name || '' } },
      h('td', {}, callerLabel(c)), h('td', {}, number(c.calls)), h('td', {}, number(c.failed)),
      h('td', {}, tokens(c.inputTokens, c.outputTokens)), h('td', {}, spend(c)))));
  const perDay = table('usage-days', 'Usage per day', ['Day (UTC)', 'Calls', 'Failed', 'Tokens', 'Spend'],
    [...report.days].reverse().map((d) => h('tr', { dataset: { day: d.day } },
      h('td', { class: 'nowrap' }, d.day), h('td', {}, number(d.calls)), h('td', {}, number(d.failed)),
      h('td', {}, tokens(d.inputTokens, d.outputTokens)), h('td', {}, spend(d)))));
  const recent = table('usage-calls', 'Recent calls, newest first',
    ['When', 'Model', 'Key or account', 'Outcome', 'Tokens', 'Latency', 'Request ID', 'Cost'],
    calls.calls.map((c) => h('tr', { dataset: { callId: c.id } },
      h('td', { class: 'nowrap' }, h('time', { datetime: c.at, title: exactTime(c.at) }, exactTime(c.at)),
        h('span', { class: 'by' }, relativeTime(c.at))),
      h('td', {}, c.modelName, c.kind === 'TEST' ? h('span', { class: 'muted' }, ' (Test)') : null),
      h('td', {}, callerLabel(c.caller)),
      h('td', {}, h('span', { class: `badge ${c.outcome === 'OK' ? 'badge-ok' : 'badge-bad'}` }, c.outcome)),
      h('td', {}, tokens(c.inputTokens, c.outputTokens)),
      h('td', { class: 'nowrap' }, `${number(c.latencyMs)} ms`),
      h('td', { class: 'request-id' }, c.requestId ? h('code', {}, c.requestId) : '—'),
      h('td', { class: 'nowrap', title: c.price || c.pricing }, c.pricing === 'PROVISIONED' ? 'provisioned'
        : usd(c.cost)))));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of calls' },
    page > 0 ? h('a', { class: 'button small', href: hashFor(days, page - 1), id: 'usage-newer' }, '← Newer') : null,
    h('span', { class: 'muted', id: 'usage-page' }, `Page ${page + 1}`),
    calls.more ? h('a', { class: 'button small', href: hashFor(days, page + 1), id: 'usage-older' }, 'Older →') : null);
  const exportLink = h('p', {}, h('a', { class: 'button small', id: 'usage-export', download: '',
    href: `/api/v1/usage/export.csv?from=${from}` }, 'Export CSV'),
  h('span', { class: 'muted' }, ' one row per day, model and key or account, with tokens and spend'));
  replace(content, stats, exportLink,
    h('h2', { id: 'usage-models-heading' }, 'Per model'), models,
    h('h2', { id: 'usage-callers-heading' }, 'Per API key or account'), callers,
    h('h2', { id: 'usage-days-heading' }, 'Per day'), perDay,
    h('h2', { id: 'usage-calls-heading' }, 'Recent calls'), recent, pager);
  return null;
}
