// A model's answer as the console shows it, streamed or not: the text as it arrives, tool calls (Converse), the stop
// reason, a guardrail's intervention (an outcome, not an error), usage and timings once the answer is done, and
// the problem when it failed (title, detail, code), keeping what had arrived.

import { h, replace, number } from './dom.js';

const STOP_REASONS = {
  end_turn: 'the model finished its turn',
  tool_use: 'the model asks for a tool',
  max_tokens: 'the answer reached its token limit',
  stop_sequence: 'a stop sequence',
  guardrail_intervened: 'a guardrail intervened',
  content_filtered: 'content was filtered',
};

const SOURCES = { HEADERS: 'from Bedrock’s headers', MAPPING: 'mapped', METRICS: 'from Bedrock’s stream metrics', CONVERSE: 'from Converse' };

/** "tool_use — the model asks for a tool" */
export function stopReasonText(reason) {
  return STOP_REASONS[reason] ? `${reason} — ${STOP_REASONS[reason]}` : reason;
}

/** One tool call: its name, ID and input. */
export function toolCall(call) {
  return h('li', { class: 'tool-call', dataset: { tool: call.name || '', toolUseId: call.toolUseId || '' } },
    h('span', { class: 'tool-call-head' }, h('span', { class: 'badge badge-muted' }, 'Tool call'), ' ',
      h('code', { class: 'tool-name' }, call.name), call.toolUseId ? h('span', { class: 'muted' }, ` · ${call.toolUseId}`) : null),
    h('pre', { class: 'code-block tool-input' }, JSON.stringify(call.input === undefined ? {} : call.input, null, 2)));
}

/** The text and tool calls of a Converse message ({role, content: [{text} | {toolUse} | …]}). */
export function messageParts(message) {
  const content = (message && Array.isArray(message.content)) ? message.content : [];
  return {
    text: content.filter((b) => typeof b.text === 'string').map((b) => b.text).join(''),
    toolCalls: content.filter((b) => b.toolUse).map((b) => b.toolUse),
  };
}

/**
 * A live answer. `element` is the view; feed it with `delta(text)`, `toolUse(call)`, then one of `done(facts)`,
 * `failed(problem, hint)` or `stopped()`. The output element (#<idPrefix>-output) carries data-state:
 * streaming | done | failed | stopped.
 */
export function liveAnswer({ idPrefix = 'try', streaming = true } = {}) {
  const output = h('div', { class: 'output-text', id: `${idPrefix}-output`, dataset: { state: 'streaming' },
    'aria-busy': streaming ? 'true' : 'false', 'aria-labelledby': `${idPrefix}-output-label` });
  const cursor = h('span', { class: 'stream-cursor', 'aria-hidden': 'true' });
  const textNode = document.createTextNode('');
  output.append(textNode, cursor);
  const tools = h('ul', { class: 'tool-calls', id: `${idPrefix}-tool-calls`, 'aria-label': 'Tool calls', hidden: true });
  const status = h('p', { class: 'muted stream-status', id: `${idPrefix}-status`, role: 'status' },
    streaming ? 'Waiting for the first token…' : 'Invoking…');
  const outcome = h('div', { id: `${idPrefix}-outcome` });
  const problem = h('div', { id: `${idPrefix}-problem` });
  const meta = h('div', { id: `${idPrefix}-meta` });
  const element = h('div', { class: 'invocation' },
    h('p', { class: 'label', id: `${idPrefix}-output-label` }, 'Output'),
    outcome, output, tools, status, problem, meta);
  let chunks = 0;

  const settle = (state) => {
    output.dataset.state = state;
    output.setAttribute('aria-busy', 'false');
    cursor.remove();
  };

  const addToolUse = (call) => {
    tools.hidden = false;
    tools.append(toolCall(call));
  };

  return {
    element,
    output,
    delta(text) {
      if (!text) return;
      chunks += 1;
      textNode.appendData(text);
      status.textContent = `Streaming… ${chunks} event${chunks === 1 ? '' : 's'}`;
    },
    toolUse(call) {
      chunks += 1;
      addToolUse(call);
      status.textContent = `Streaming… ${chunks} event${chunks === 1 ? '' : 's'}`;
    },
    /** The final facts: the `done` event, or the whole non-streamed answer. */
    done(answer) {
      const output_ = answer.output || {};
      if (!streaming || (!textNode.data && output_.text)) textNode.data = output_.text || '';
      if (output_.message) {
        const parts = messageParts(output_.message);
        if (!textNode.data && parts.text) textNode.data = parts.text;
        if (!tools.children.length) for (const call of parts.toolCalls) addToolUse(call);
      }
      settle('done');
      // an answer that is only tool calls has no text to show
      output.hidden = !textNode.data && tools.children.length > 0;
      status.textContent = streaming ? `Streamed in ${chunks} event${chunks === 1 ? '' : 's'}.` : '';
      status.hidden = !streaming;
      if (answer.outcome === 'GUARDRAIL_INTERVENED' || output_.stopReason === 'guardrail_intervened') {
        replace(outcome, h('div', { class: 'callout callout-warn', id: `${idPrefix}-guardrail` },
          h('p', { class: 'callout-title' }, 'The guardrail intervened'),
          h('p', {}, 'Bedrock’s guardrail blocked the prompt or the answer; the text below is its message. This is an outcome, not an error.')));
      }
      replace(meta, answerFacts(answer, idPrefix));
    },
    failed(problemJson, hint = null) {
      settle('failed');
      status.textContent = chunks ? `The answer broke off after ${chunks} event${chunks === 1 ? '' : 's'}.` : '';
      status.hidden = !chunks;
      if (!chunks && !tools.children.length) { output.hidden = true; element.querySelector('.label').hidden = true; }
      replace(problem, problemCallout(problemJson, hint));
    },
    stopped() {
      settle('stopped');
      status.textContent = `Stopped: you ended the request${chunks ? ` after ${chunks} event${chunks === 1 ? '' : 's'}` : ' before the first token'}.`;
    },
  };
}

/** A problem+json (an ApiError's, or an `error` event's members) as the console shows refusals. */
export function problemCallout(p, hint = null) {
  const violations = Array.isArray(p.violations) ? p.violations : [];
  return h('div', { class: 'callout callout-error', role: 'alert' },
    h('p', { class: 'callout-title' }, p.title || 'The model could not be invoked'),
    p.detail ? h('p', {}, p.detail) : null,
    violations.length ? h('ul', {}, violations.map((v) => h('li', {}, v.field ? [h('code', {}, v.field), ': '] : null, v.message))) : null,
    p.code || p.status ? h('p', { class: 'muted problem-code' }, [p.code ? ['Code ', h('code', {}, p.code)] : null,
      p.status ? `${p.code ? ' · ' : ''}HTTP ${p.status}` : null]) : null,
    hint ? h('p', {}, hint) : null);
}

/** Stop reason, extras, usage, latency, time to first token, model and request IDs. */
export function answerFacts(answer, idPrefix = 'try') {
  const usage = answer.usage || {};
  const output = answer.output || {};
  const extras = Object.entries(output.extras || {});
  const cache = [usage.cacheReadInputTokens != null ? `${number(usage.cacheReadInputTokens)} read from cache` : null,
    usage.cacheWriteInputTokens != null ? `${number(usage.cacheWriteInputTokens)} written to cache` : null].filter(Boolean);
  const source = SOURCES[usage.inputTokensSource] || (usage.inputTokensSource ? usage.inputTokensSource.toLowerCase() : 'unknown');
  return h('div', {},
    output.stopReason ? h('p', { class: 'stop-reason', id: `${idPrefix}-stop-reason` }, 'Stop reason: ',
      h('code', {}, output.stopReason), STOP_REASONS[output.stopReason] ? ` — ${STOP_REASONS[output.stopReason]}` : '') : null,
    extras.length ? h('dl', { class: 'facts' }, extras.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, JSON.stringify(v)))])) : null,
    h('p', { class: 'muted invocation-meta', id: `${idPrefix}-usage` },
      `${number(usage.inputTokens)} input and ${number(usage.outputTokens)} output tokens (${source})`,
      cache.length ? `, ${cache.join(', ')}` : '', ' · ',
      `${number(answer.latencyMs)} ms${answer.bedrockLatencyMs != null ? ` (Bedrock ${number(answer.bedrockLatencyMs)} ms)` : ''}`,
      answer.timeToFirstTokenMs != null ? h('span', { id: `${idPrefix}-ttft` }, ` · first token after ${number(answer.timeToFirstTokenMs)} ms`) : null,
      ` · ${answer.modelId || ''}`,
      answer.requestId ? [' · request ', h('code', { id: `${idPrefix}-request-id` }, answer.requestId)] : null,
      answer.attempts > 1 ? ` · ${answer.attempts} attempts` : null));
}

/**
 * What a Converse response body says ({output: {message}, stopReason, usage, metrics}), as the parsed answer the
 * Test shows; null when the body is not one.
 */
export function converseBody(body) {
  if (!body || typeof body !== 'object' || !body.output || !body.output.message) return null;
  const parts = messageParts(body.output.message);
  return { text: parts.text, toolCalls: parts.toolCalls, stopReason: body.stopReason || null, usage: body.usage || {},
    latencyMs: body.metrics ? body.metrics.latencyMs : null };
}

/** The parsed answer of a Converse Test: text, tool calls, stop reason and usage. */
export function parsedAnswer(answer, idPrefix = 'converse') {
  const usage = answer.usage || {};
  return h('div', { class: 'parsed-answer', id: `${idPrefix}-answer` },
    h('dl', { class: 'facts facts-wide' },
      h('dt', {}, 'Text'), h('dd', {}, answer.text ? h('div', { class: 'output-text', id: `${idPrefix}-text` }, answer.text)
        : h('span', { class: 'muted', id: `${idPrefix}-text` }, 'none')),
      h('dt', {}, 'Tool calls'), h('dd', {}, answer.toolCalls.length
        ? h('ul', { class: 'tool-calls', id: `${idPrefix}-tool-calls` }, answer.toolCalls.map(toolCall))
        : h('span', { class: 'muted' }, 'none')),
      h('dt', {}, 'Stop reason'), h('dd', { id: `${idPrefix}-stop-reason` }, answer.stopReason ? [h('code', {}, answer.stopReason),
        STOP_REASONS[answer.stopReason] ? ` — ${STOP_REASONS[answer.stopReason]}` : ''] : '—'),
      h('dt', {}, 'Usage'), h('dd', { id: `${idPrefix}-usage` },
        `${number(usage.inputTokens)} input · ${number(usage.outputTokens)} output`,
        usage.cacheReadInputTokens != null ? ` · ${number(usage.cacheReadInputTokens)} cache read` : '',
        usage.cacheWriteInputTokens != null ? ` · ${number(usage.cacheWriteInputTokens)} cache write` : '')));
}
