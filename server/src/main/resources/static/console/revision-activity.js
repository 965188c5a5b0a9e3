// What each revision of a model did: the agents' calls it served and its Tests, counted in the history
// ("12 calls, 2 failed · 3 Tests, 2 passed"), and on demand its latest Test runs and recent calls.

import { api, ApiError } from './api.js';
import { h, replace, exactTime, relativeTime, number } from './dom.js';
import { problemBox } from './form.js';

/** How many Test runs and calls of one revision are listed. */
const LISTED = 5;

const plural = (n, one) => `${number(n)} ${one}${n === 1 ? '' : 's'}`;

/** "12 calls, 2 failed, 1,200 in · 300 out tokens · 3 Tests, 2 passed", all the time recorded. */
export function countsText(r) {
  const u = r.usage || { calls: 0, failed: 0, inputTokens: 0, outputTokens: 0 };
  const t = r.tests || { runs: 0, passed: 0 };
  const calls = u.calls === 0 ? 'No calls'
    : `${plural(u.calls, 'call')}, ${number(u.failed)} failed, ${number(u.inputTokens)} in · ${number(u.outputTokens)} out tokens`;
  const tests = t.runs === 0 ? 'no Tests' : `${plural(t.runs, 'Test')}, ${number(t.passed)} passed`;
  return `${calls} · ${tests}`;
}

/** The counts line of a history item, with when the revision last served a call. */
export function countsLine(r) {
  const last = r.usage && r.usage.lastCallAt;
  return h('p', { class: 'revision-counts', 'data-counts': String(r.revision) }, countsText(r),
    last ? h('span', { class: 'muted' }, ' · last call ',
      h('time', { datetime: last, title: exactTime(last) }, relativeTime(last))) : null);
}

function when(iso) {
  return h('time', { datetime: iso, title: exactTime(iso) }, relativeTime(iso));
}

function runItem(run) {
  const passed = run.outcome === 'PASSED';
  return h('li', { 'data-run': run.id },
    h('span', { class: `badge ${passed ? 'badge-ok' : 'badge-bad'}` }, passed ? 'Passed' : 'Failed'), ' ',
    when(run.testedAt),
    run.failedStage ? h('span', { class: 'muted' }, ` at ${run.failedStage}`) : null,
    h('span', { class: 'muted' }, ' · run '), h('code', {}, run.id));
}

function callItem(call) {
  const tokens = call.inputTokens == null && call.outputTokens == null ? 'tokens unknown'
    : `${call.inputTokens == null ? '?' : number(call.inputTokens)} in · ${call.outputTokens == null ? '?' : number(call.outputTokens)} out`;
  const who = call.caller && call.caller.name ? call.caller.name : 'unknown caller';
  return h('li', { 'data-call': call.id },
    h('span', { class: `badge ${call.outcome === 'OK' ? 'badge-ok' : 'badge-bad'}` }, call.outcome), ' ',
    when(call.at), call.kind === 'TEST' ? h('span', { class: 'muted' }, ' (Test)') : null,
    h('span', { class: 'muted' }, ` · ${who} · ${tokens} · ${number(call.latencyMs)}\u00a0ms`));
}

function list(id, heading, items, render, none) {
  return h('div', { class: 'revision-activity-part' }, h('h4', {}, heading),
    items.length ? h('ul', { class: 'revision-activity-list', id }, items.map(render)) : h('p', { class: 'hint', id }, none));
}

/** "Test runs and recent calls" of revision `r`, loaded when first opened. */
export function activityDetails(model, r) {
  const body = h('div', { class: 'revision-activity-body' });
  const details = h('details', { class: 'revision-activity', id: `revision-activity-${r.revision}` },
    h('summary', {}, 'Test runs and recent calls'), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    replace(body, h('p', { class: 'loading' }, 'Loading…'));
    let runs;
    let calls;
    try {
      [runs, calls] = await Promise.all([api.revisionTests(model.id, r.revision, LISTED),
        api.revisionCalls(model.id, r.revision, LISTED)]);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      loaded = false;
      replace(body, problemBox(e, { title: `Revision ${r.revision}'s Test runs and calls could not be loaded` }));
      return;
    }
    replace(body,
      list(`revision-runs-${r.revision}`, `Latest Test runs (up to ${LISTED})`, runs.items, runItem,
        'No Test run of this revision.'),
      list(`revision-calls-${r.revision}`, `Recent calls, last 30 days (up to ${LISTED})`, calls.calls, callItem,
        'No call of this revision in the last 30 days.'));
  });
  return details;
}
