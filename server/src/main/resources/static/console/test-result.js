// A Test run as the tenant reads it: its three stages (assume the role, invoke the model, map the output), each
// with its outcome, timing, what was sent and received, and — where it failed — Modelgate's diagnosis and the fixes.

import { h, exactTime, number, copyButton } from './dom.js';
import { parsedAnswer } from './answer.js';

const STAGES = {
  ASSUME_ROLE: 'Assume the role',
  INVOKE: 'Invoke the model',
  MAP: 'Map the output',
  STREAM: 'Stream the answer',
  ANSWER: 'Read the answer',
  ROUTE: 'Try the fallbacks',
};

const OUTCOMES = {
  PASSED: ['Passed', 'badge-ok'],
  FAILED: ['Failed', 'badge-bad'],
  SKIPPED: ['Skipped', 'badge-muted'],
  MAPPED: ['Mapped', 'badge-ok'],
  UNMAPPED: ['Not mapped', 'badge-muted'],
  GUARDRAIL_INTERVENED: ['Guardrail intervened', 'badge-warn'],
};

export function outcomeBadge(outcome) {
  const [label, cls] = OUTCOMES[outcome] || [outcome || 'Unknown', 'badge-muted'];
  return h('span', { class: `badge ${cls}` }, label);
}

/**
 * The whole run: a headline, then one card per stage.
 * @param {object} result a Test run as the API answers it
 * @param {object} [options]
 * @param {number} [options.headingLevel]
 * @param {(value: string, stage: string) => void} [options.onSuggestion] offers a diagnosis's suggested values
 * @param {(line: number, column: number) => void} [options.onLocation] leads to a place in the request template
 */
export function testRun(result, { headingLevel = 3, onSuggestion = null, onLocation = null } = {}) {
  const passed = result.outcome === 'PASSED';
  const failedStage = result.failedStage ? STAGES[result.failedStage] || result.failedStage : null;
  const headline = passed ? 'Test passed' : `Test failed${failedStage ? ` at “${failedStage}”` : ''}`;
  return h('section', { class: `test-run ${passed ? 'passed' : 'failed'}`, 'aria-label': 'Test result' },
    h('div', { class: 'test-run-head' },
      h(`h${headingLevel}`, { tabindex: '-1' }, headline),
      h('span', { class: 'muted' }, [
        result.latencyMs != null ? `${number(result.latencyMs)} ms` : null,
        result.testedAt ? exactTime(result.testedAt) : null,
      ].filter(Boolean).join(' · '))),
    result.model && result.model.note ? h('p', { class: 'callout callout-warn' }, result.model.note) : null,
    guardrailNote(result),
    h('ol', { class: 'stages' }, (result.stages || []).map((stage) => h('li', {},
      stageCard(stage, headingLevel + 1, { onSuggestion, onLocation }))),
    // a streaming check carried beside the stages rather than as one of them
    result.stream && !(result.stages || []).some((st) => st.stage === 'STREAM')
      ? h('li', {}, stageCard({ stage: 'STREAM', ...result.stream }, headingLevel + 1, { onSuggestion, onLocation })) : null));
}

/** A guardrail's intervention is an outcome of the Test, not its failure. */
function guardrailNote(result) {
  // a stage's own diagnosis says it already
  if ((result.stages || []).some((st) => st.diagnosis && st.diagnosis.code === 'guardrail-intervened')) return null;
  const intervened = result.guardrailIntervened || result.outcomeDetail === 'GUARDRAIL_INTERVENED'
    || (result.stages || []).some((st) => st.outcome === 'GUARDRAIL_INTERVENED' || st.guardrailIntervened || st.stopReason === 'guardrail_intervened');
  return intervened ? h('div', { class: 'callout callout-warn', id: 'test-guardrail' },
    h('p', { class: 'callout-title' }, 'The guardrail intervened'),
    h('p', {}, 'Bedrock’s guardrail blocked the test prompt or the answer. The model and the guardrail work; change the test values to see an answer.')) : null;
}

/** One stage. */
export function stageCard(stage, headingLevel = 4, { onSuggestion = null, onLocation = null, open = false } = {}) {
  const failed = stage.outcome === 'FAILED';
  const offer = onSuggestion ? (value) => onSuggestion(value, stage.stage) : null;
  return h('article', { class: `stage stage-${(stage.outcome || '').toLowerCase()}`, dataset: { stage: stage.stage } },
    h('header', { class: 'stage-head' },
      h(`h${headingLevel}`, {}, STAGES[stage.stage] || stage.stage),
      outcomeBadge(stage.outcome),
      stage.latencyMs != null ? h('span', { class: 'muted' }, `${number(stage.latencyMs)} ms`) : null),
    failed && stage.diagnosis ? diagnosisBox(stage.diagnosis, { onSuggestion: offer, onLocation }) : null,
    stage.warnings && stage.warnings.length ? h('div', { class: 'callout callout-warn' },
      h('ul', {}, stage.warnings.map((w) => h('li', {}, w)))) : null,
    stage.outcome === 'SKIPPED' ? null
      // A passed stage keeps its facts one click away, so that the failed one and the mapping stand out.
      : stage.outcome === 'PASSED' && stage.stage !== 'MAP' && !open
        ? h('details', { class: 'stage-details' }, h('summary', {}, summaryOf(stage)), details(stage))
        : details(stage),
    !failed && stage.diagnosis ? diagnosisBox(stage.diagnosis, { cls: 'callout-warn', onSuggestion: offer, onLocation }) : null);
}

/**
 * Modelgate's diagnosis: what is wrong, why, and how to fix it (a step that carries JSON or an AWS CLI command shows
 * it ready to copy); values to use instead; where in the template Bedrock's complaint lies; AWS's own words last.
 */
export function diagnosisBox(diagnosis, { cls = 'callout-error', onSuggestion = null, onLocation = null } = {}) {
  const aws = diagnosis.aws;
  const suggestions = diagnosis.suggestions || [];
  const locations = diagnosis.locations || [];
  const evidence = diagnosis.evidence || [];
  return h('div', { class: `callout ${cls} diagnosis`, role: cls === 'callout-error' ? 'alert' : null, dataset: { code: diagnosis.code || '' } },
    h('p', { class: 'callout-title' }, diagnosis.title || diagnosis.code),
    diagnosis.detail ? h('p', {}, diagnosis.detail) : null,
    locations.length ? h('ul', { class: 'locations' }, locations.map((l) => h('li', {},
      l.line && onLocation ? h('button', { type: 'button', class: 'link', onclick: () => onLocation(l.line, l.column) },
        `Line ${l.line}, column ${l.column}`) : l.line ? `Line ${l.line}, column ${l.column}` : h('code', {}, l.pointer),
      ` — ${l.problem}`,
      l.variables && l.variables.length ? h('span', { class: 'muted' }, ` (variable${l.variables.length > 1 ? 's' : ''} ${l.variables.join(', ')})`) : null))) : null,
    suggestions.length ? h('div', { class: 'suggestions' }, h('span', { class: 'muted' }, 'Try instead: '),
      suggestions.map((value) => (onSuggestion
        ? h('button', { type: 'button', class: 'button small suggestion', title: `Use ${value}`, onclick: () => onSuggestion(value) }, value)
        : h('code', { class: 'suggestion' }, value)))) : null,
    diagnosis.code === 'role-not-approved' ? notApprovedFixes(diagnosis)
      : diagnosis.fixes && diagnosis.fixes.length ? h('div', {}, h('p', { class: 'fixes-title' }, 'How to fix it'),
        h('ol', { class: 'fixes' }, diagnosis.fixes.map(fixItem))) : null,
    evidence.length ? h('ul', { class: 'evidence' }, evidence.map((e) => h('li', {}, e))) : null,
    aws ? h('p', { class: 'aws-said' }, 'AWS said: ', h('code', {}, aws.errorCode || `HTTP ${aws.status}`),
      aws.message ? ` — ${aws.message}` : '', aws.requestId ? h('span', { class: 'muted' }, ` (request ID ${aws.requestId})`) : null) : null);
}

/**
 * The role is not registered, or not approved: in the console that is done on the IAM roles page (or on the wizard's
 * first step), so that comes first, and the API's steps (which name endpoints) one click away.
 */
function notApprovedFixes(diagnosis) {
  return h('div', { class: 'in-console' }, h('p', { class: 'fixes-title' }, 'How to fix it'),
    h('ol', { class: 'fixes' },
      h('li', {}, 'A workspace admin registers the role on the ', h('a', { href: '#/registrations' }, 'IAM roles'),
        ' page, or on the first step of this wizard (it shows the role’s registration under its ARN).'),
      h('li', {}, 'A platform operator approves the registration, unless automatic approval already did.'),
      h('li', {}, 'Then check the role or run the Test again.')),
    diagnosis.fixes && diagnosis.fixes.length ? h('details', { class: 'api-fixes' }, h('summary', {}, 'With the API'),
      h('ol', { class: 'fixes' }, diagnosis.fixes.map(fixItem))) : null);
}

/** A fix; JSON after a line break, or an AWS CLI command after a colon, becomes a block with a copy button. */
function fixItem(fix) {
  const newline = fix.indexOf('\n');
  const command = /^(.*?:\s)(aws [a-z0-9-]+ [a-z0-9-]+ .*)$/s.exec(fix);
  let prose = fix;
  let code = null;
  if (newline > 0) {
    prose = fix.slice(0, newline);
    code = fix.slice(newline + 1);
  } else if (command) {
    [, prose, code] = command;
  }
  return h('li', {}, prose, code ? h('div', { class: 'fix-code' }, h('pre', { class: 'code-block' }, code), copyButton(code, 'Copy', 'this fix')) : null);
}

/** One line that says what a passed stage did. */
function summaryOf(stage) {
  if (stage.stage === 'ASSUME_ROLE') return `Session ${stage.sessionName || ''} of ${stage.roleArn}`;
  if (stage.stage === 'INVOKE') return `${stage.modelId} in ${stage.region || 'the Region'} answered HTTP ${stage.response?.status ?? '?'}`;
  if (stage.stage === 'STREAM') {
    return `${number(stage.chunkCount ?? (stage.chunks || []).length)} chunks`
      + `${stage.timeToFirstTokenMs != null ? `, first token after ${number(stage.timeToFirstTokenMs)} ms` : ''}`;
  }
  if (stage.stage === 'ANSWER') {
    const calls = (stage.toolCalls || []).length;
    return `${calls ? `${calls} tool call${calls === 1 ? '' : 's'}` : `${(stage.text || '').length} characters of text`}`
      + `${stage.stopReason ? `, stop reason ${stage.stopReason}` : ''}`;
  }
  if (stage.stage === 'ROUTE') {
    const links = stage.links || [];
    const passed = links.filter((l) => l.outcome === 'PASSED').length;
    return `${links.length} link${links.length === 1 ? '' : 's'}, ${passed} answered`;
  }
  return 'Details';
}

function dl(rows) {
  const present = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return present.length ? h('dl', { class: 'facts' }, present.flatMap(([term, value]) => [h('dt', {}, term),
    h('dd', {}, typeof value === 'number' || (typeof value === 'string' && !/\s/.test(value)) ? h('code', {}, String(value)) : value)])) : null;
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
        ['Session name', stage.sessionName], ['Session expires', stage.sessionExpiresAt ? exactTime(stage.sessionExpiresAt) : null],
        ['External ID required', stage.externalIdRequired === true ? 'yes, by the trust policy'
          : stage.externalIdRequired === false ? 'no: the trust policy lets Modelgate in without it' : null],
        ['STS request ID', stage.requestId]]);
    case 'INVOKE': {
      const response = stage.response || {};
      const headers = response.headers ? Object.entries(response.headers) : [];
      return h('div', {},
        dl([['Model ID sent', stage.modelId], ['Region', stage.region], ['HTTP status', response.status],
          ['Attempts', stage.attempts], ['Bedrock request ID', stage.requestId ?? response.headers?.['x-amzn-RequestId']]]),
        stage.request && stage.request.body != null ? h('details', { class: 'raw' }, h('summary', {}, 'Request body sent'),
          h('pre', { class: 'code-block' }, pretty(stage.request.body))) : null,
        headers.length ? h('details', { class: 'raw' }, h('summary', {}, 'Response headers'),
          dl(headers.map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]))) : null,
        response.body != null ? h('details', { class: 'raw' }, h('summary', {}, 'Raw response body'),
          h('pre', { class: 'code-block' }, String(response.body))) : null);
    }
    case 'MAP':
      return mapTable(stage);
    case 'STREAM':
      return streamDetails(stage);
    case 'ROUTE':
      return routeTable(stage);
    case 'ANSWER':
      return parsedAnswer({ text: stage.text || '', toolCalls: stage.toolCalls || [], stopReason: stage.stopReason,
        usage: stage.usage || {} }, 'answer-stage');
    default:
      return null;
  }
}

/** The ROUTE stage: each link of the chain, whether it may be invoked, and its call. */
function routeTable(stage) {
  return h('table', { class: 'route-table' },
    h('thead', {}, h('tr', {}, ['Link', 'Model', 'Live revision', 'Invocable', 'Call'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, (stage.links || []).map((link) => h('tr', { dataset: { model: link.model } },
      h('td', {}, link.kind === 'BALANCE' ? `balance (weight ${link.weight})` : 'fallback'),
      h('td', {}, h('code', {}, link.model), link.modelId ? h('span', { class: 'muted' }, ` ${link.modelId}`) : null),
      h('td', {}, link.revision != null ? String(link.revision) : '—'),
      h('td', {}, link.invocable ? 'yes' : `no (${link.notInvocable === 'INFERENCE_DISABLED' ? 'inference off' : 'not live'})`),
      h('td', {}, outcomeBadge(link.outcome), link.diagnosis ? diagnosisBox(link.diagnosis) : null)))));
}

function mapTable(stage, checkName = 'Bedrock’s header') {
  const fields = stage.fields || [];
  if (!fields.length) return null;
  return h('div', {}, h('table', { class: 'map-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Path'),
      h('th', { scope: 'col' }, 'Result'))),
    h('tbody', {}, fields.map((f) => h('tr', { dataset: { field: f.field } },
      h('th', { scope: 'row' }, f.field.replace(/^outputMapping\./, '')),
      h('td', {}, f.path ? h('code', {}, f.path) : h('span', { class: 'muted' }, '—')),
      h('td', {}, outcomeBadge(f.outcome), ' ',
        f.outcome === 'MAPPED' ? h('code', { class: 'value' }, preview(f.value))
          : f.outcome === 'FAILED' ? h('span', { class: 'error-text' }, f.message) : null))))),
  tokenFacts(stage.tokens, checkName));
}

/**
 * The streaming check: the chunks as they came (raw and decoded), the stream mapping's result per field, the text
 * joined from the chunks, and the counts against Bedrock's invocation metrics.
 */
function streamDetails(stage) {
  const chunks = stage.chunks || stage.events || [];
  const text = stage.text ?? stage.mappedText ?? null;
  return h('div', { class: 'stream-check' },
    dl([['Chunks', stage.chunkCount != null ? `${number(stage.chunkCount)}${stage.chunksTruncated ? ` (the first ${chunks.length} shown)` : ''}` : chunks.length || null], ['Time to first token', stage.timeToFirstTokenMs != null
      ? `${number(stage.timeToFirstTokenMs)} ms` : stage.timeToFirstChunkMs != null ? `${number(stage.timeToFirstChunkMs)} ms` : null],
    ['Bedrock request ID', stage.requestId]]),
    text !== null ? h('div', {}, h('p', { class: 'label' }, 'Text joined from the chunks'),
      h('div', { class: 'output-text', id: 'stream-check-text' }, text)) : null,
    mapTable(stage, 'Bedrock’s metrics'),
    stage.fields && stage.fields.length ? null : tokenFacts(stage.tokens, 'Bedrock’s metrics'),
    chunks.length ? h('details', { class: 'raw' }, h('summary', {}, `The ${chunks.length} chunks as they came`),
      h('ol', { class: 'chunks' }, chunks.map((c) => h('li', {},
        c && typeof c === 'object' && (c.raw !== undefined || c.decoded !== undefined)
          ? [c.raw !== undefined ? h('code', { class: 'chunk-raw' }, preview(c.raw)) : null,
            c.decoded !== undefined ? h('pre', { class: 'code-block' }, pretty(c.decoded)) : null]
          : h('pre', { class: 'code-block' }, pretty(c)))))) : null);
}

/** Token counts by the mapping and by Bedrock's headers (or a stream's metrics), and whether they agree. */
function tokenFacts(tokens, checkName = 'Bedrock’s header') {
  if (!tokens) return null;
  const row = (label, t) => {
    if (!t) return null;
    const check = t.header ?? t.metrics ?? t.metric;
    if (t.mapped == null && check == null) return null;
    const parts = [t.mapped != null ? `mapped ${number(t.mapped)}` : 'not mapped',
      check != null ? `${checkName} ${number(check)}` : `no ${checkName.replace('Bedrock’s ', '')}`];
    return [label, `${parts.join(' · ')}${t.agree === true ? ' — they agree' : t.agree === false ? ' — they differ' : ''}`];
  };
  return dl([row('Input tokens', tokens.input), row('Output tokens', tokens.output)].filter(Boolean));
}

export function preview(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
