// A Test run as the tenant reads it: its three stages (assume the role, invoke the model, map the output), each
// with its outcome, timing, what was sent and received, and — where it failed — Modelgate's diagnosis and the fixes.

import { h, exactTime, number } from './dom.js';

const STAGES = {
  ASSUME_ROLE: 'Assume the role',
  INVOKE: 'Invoke the model',
  MAP: 'Map the output',
};

const OUTCOMES = {
  PASSED: ['Passed', 'badge-ok'],
  FAILED: ['Failed', 'badge-bad'],
  SKIPPED: ['Skipped', 'badge-muted'],
  MAPPED: ['Mapped', 'badge-ok'],
  UNMAPPED: ['Not mapped', 'badge-muted'],
};

export function outcomeBadge(outcome) {
  const [label, cls] = OUTCOMES[outcome] || [outcome || 'Unknown', 'badge-muted'];
  return h('span', { class: `badge ${cls}` }, label);
}

/** The whole run: a headline, then one card per stage. */
export function testRun(result, { headingLevel = 3 } = {}) {
  const passed = result.outcome === 'PASSED';
  const failedStage = result.failedStage ? STAGES[result.failedStage] || result.failedStage : null;
  const headline = passed ? 'Test passed' : `Test failed${failedStage ? ` at “${failedStage}”` : ''}`;
  return h('section', { class: `test-run ${passed ? 'passed' : 'failed'}`, 'aria-label': 'Test result' },
    h('div', { class: 'test-run-head' },
      h(`h${headingLevel}`, {}, headline),
      h('span', { class: 'muted' }, [
        result.latencyMs != null ? `${number(result.latencyMs)} ms` : null,
        result.testedAt ? exactTime(result.testedAt) : null,
      ].filter(Boolean).join(' · '))),
    h('ol', { class: 'stages' }, (result.stages || []).map((stage) => h('li', {}, stageCard(stage, headingLevel + 1)))));
}

/** One stage. */
export function stageCard(stage, headingLevel = 4) {
  const failed = stage.outcome === 'FAILED';
  return h('article', { class: `stage stage-${(stage.outcome || '').toLowerCase()}`, dataset: { stage: stage.stage } },
    h('header', { class: 'stage-head' },
      h(`h${headingLevel}`, {}, STAGES[stage.stage] || stage.stage),
      outcomeBadge(stage.outcome),
      stage.latencyMs != null ? h('span', { class: 'muted' }, `${number(stage.latencyMs)} ms`) : null),
    failed && stage.diagnosis ? diagnosisBox(stage.diagnosis) : null,
    stage.outcome === 'SKIPPED' ? null : details(stage),
    !failed && stage.diagnosis ? diagnosisBox(stage.diagnosis, 'callout-warn') : null);
}

/** Modelgate's diagnosis: what is wrong, why, and how to fix it; AWS's own words last. */
export function diagnosisBox(diagnosis, cls = 'callout-error') {
  const aws = diagnosis.aws;
  return h('div', { class: `callout ${cls} diagnosis`, role: cls === 'callout-error' ? 'alert' : null, dataset: { code: diagnosis.code || '' } },
    h('p', { class: 'callout-title' }, diagnosis.title || diagnosis.code),
    diagnosis.detail ? h('p', {}, diagnosis.detail) : null,
    diagnosis.fixes && diagnosis.fixes.length ? h('div', {}, h('p', { class: 'fixes-title' }, 'How to fix it'),
      h('ol', { class: 'fixes' }, diagnosis.fixes.map((fix) => h('li', {}, fix)))) : null,
    aws ? h('p', { class: 'aws-said' }, 'AWS said: ', h('code', {}, aws.errorCode || `HTTP ${aws.status}`),
      aws.message ? ` — ${aws.message}` : '', aws.requestId ? h('span', { class: 'muted' }, ` (request ID ${aws.requestId})`) : null) : null);
}

function dl(rows) {
  const present = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return present.length ? h('dl', { class: 'facts' }, present.flatMap(([term, value]) => [h('dt', {}, term),
    h('dd', {}, typeof value === 'string' || typeof value === 'number' ? h('code', {}, String(value)) : value)])) : null;
}

function pretty(text) {
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function details(stage) {
  switch (stage.stage) {
    case 'ASSUME_ROLE':
      return dl([['Role ARN', stage.roleArn], ['External ID', stage.externalId], ['STS endpoint', stage.stsEndpoint],
        ['Session name', stage.sessionName], ['STS request ID', stage.requestId]]);
    case 'INVOKE': {
      const response = stage.response || {};
      const headers = response.headers ? Object.entries(response.headers) : [];
      return h('div', {},
        dl([['Model ID sent', stage.modelId], ['HTTP status', response.status], ['Attempts', stage.attempts],
          ['Bedrock request ID', stage.requestId]]),
        stage.request && stage.request.body != null ? h('details', { class: 'raw' }, h('summary', {}, 'Request body sent'),
          h('pre', { class: 'code-block' }, pretty(stage.request.body))) : null,
        headers.length ? h('details', { class: 'raw' }, h('summary', {}, 'Response headers'),
          dl(headers.map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]))) : null,
        response.body != null ? h('details', { class: 'raw' }, h('summary', {}, 'Raw response body'),
          h('pre', { class: 'code-block' }, String(response.body))) : null);
    }
    case 'MAP':
      return mapTable(stage);
    default:
      return null;
  }
}

function mapTable(stage) {
  const fields = stage.fields || [];
  if (!fields.length) return null;
  return h('table', { class: 'map-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Path'),
      h('th', { scope: 'col' }, 'Result'))),
    h('tbody', {}, fields.map((f) => h('tr', { dataset: { field: f.field } },
      h('th', { scope: 'row' }, f.field.replace(/^outputMapping\./, '')),
      h('td', {}, f.path ? h('code', {}, f.path) : h('span', { class: 'muted' }, '—')),
      h('td', {}, outcomeBadge(f.outcome), ' ',
        f.outcome === 'MAPPED' ? h('code', { class: 'value' }, preview(f.value))
          : f.outcome === 'FAILED' ? h('span', { class: 'error-text' }, f.message) : null)))));
}

export function preview(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
