// What the Test and map step knows besides the working copy (variables, template, output mapping, chat rule and
// inference live in the draft; the last Test, its parsed response and the mapping field to fill live in the wizard's
// state): the fields of the mapping, the stages a Test runs, and the pure functions that say what to show (what a
// path extracts from the last response or its streamed chunks, the Test's status line, which field a diagnosis's
// suggestion goes to). No DOM, no fetches.

import { extract } from './jsonpath.js';

export const MAPPING_FIELDS = [
  { key: 'outputMapping.text', prop: 'text', label: 'Output text', kind: 'text', id: 'map-text',
    hint: 'The answer’s text; required to save. No path yet? Run the Test, then click the text in the response shown beside these fields (above them on a narrow screen).' },
  { key: 'outputMapping.inputTokens', prop: 'inputTokens', label: 'Input tokens', kind: 'tokens', id: 'map-input-tokens',
    hint: 'Optional: without it Modelgate reads Bedrock’s token count headers.' },
  { key: 'outputMapping.outputTokens', prop: 'outputTokens', label: 'Output tokens', kind: 'tokens', id: 'map-output-tokens',
    hint: 'Optional, as above.' },
];

export const STREAM_FIELDS = [
  { key: 'outputMapping.stream.text', prop: 'text', label: 'Streamed text', kind: 'text', id: 'map-stream-text',
    placeholder: '$.delta.text', hint: 'The text of one chunk; a chunk it matches nothing in has no text.' },
  { key: 'outputMapping.stream.inputTokens', prop: 'inputTokens', label: 'Streamed input tokens', kind: 'tokens', id: 'map-stream-input-tokens',
    placeholder: '$.message.usage.input_tokens', hint: 'Read from whichever chunk has it (the last match counts).' },
  { key: 'outputMapping.stream.outputTokens', prop: 'outputTokens', label: 'Streamed output tokens', kind: 'tokens', id: 'map-stream-output-tokens',
    placeholder: '$.usage.output_tokens', hint: 'Without them, Bedrock’s invocation metrics in the last chunk count.' },
];

export const RUN_STAGES = [
  { stage: 'ASSUME_ROLE', label: 'Assume the role' },
  { stage: 'INVOKE', label: 'Invoke the model' },
  { stage: 'MAP', label: 'Map the output' },
];

/** The streaming check of a Test result (a STREAM stage, or a `stream` member); null without one. */
export function streamCheckOf(result) {
  if (!result) return null;
  return (result.stages || []).find((s) => s.stage === 'STREAM') || result.stream || result.streaming || null;
}

/** The decoded chunks of a streaming check, as JSON values. */
export function decodedChunks(check) {
  const chunks = (check && (check.chunks || check.events)) || [];
  return chunks.map((c) => {
    let value = c && typeof c === 'object' && !Array.isArray(c) ? (c.decoded ?? c.json ?? c.payload ?? c.body ?? c) : c;
    if (typeof value === 'string') {
      try { value = JSON.parse(value); } catch { /* not JSON: matches nothing */ }
    }
    return value;
  });
}

/** The INVOKE stage's response body as JSON; undefined when there is none or it is not JSON. */
export function parseResponse(result) {
  const invoke = (result?.stages || []).find((s) => s.stage === 'INVOKE');
  const body = invoke?.response?.body;
  if (body === null || body === undefined) return undefined;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The INVOKE stage's response body as it came (for one that is not JSON); undefined without one. */
export function rawResponseOf(result) {
  const invoke = (result?.stages || []).find((s) => s.stage === 'INVOKE');
  return invoke?.response?.body;
}

/** A new, empty prompt variable. */
export function emptyVariable() {
  return { name: '', type: 'STRING', required: false, defaultValue: '', testValue: '', description: '' };
}

/** The placeholder of a variable's default and test value fields. */
export function valuePlaceholder(type) {
  return type === 'JSON' ? 'JSON' : type === 'STRING' ? '' : '0';
}

/** The preset chosen in the step's preset picker: the family detected in step 2, else the one whose template is used. */
export function presetFamilyOf(draft, presets) {
  return draft.family || presets.find((p) => p.template === draft.requestTemplate)?.family || '';
}

// Whether using a preset would replace a template the user wrote (and so asks first): the rule of step 2.
export { presetReplacesWork } from './step-model-state.js';

/** What the mapping field `target` is called ("Output text", "Extra field stopReason"). */
export function labelOf(target, draft) {
  const known = MAPPING_FIELDS.find((f) => f.key === target);
  if (known) return known.label;
  const extra = /^extra:(\d+)$/.exec(target);
  return extra ? `Extra field ${draft.outputMapping.extras[Number(extra[1])]?.name || Number(extra[1]) + 1}` : target;
}

/** The mapping field a picked path or suggested path fills: the one focused last, if still there, else the output text. */
export function targetOrText(target, present) {
  return present(target) ? target : 'outputMapping.text';
}

/**
 * What a mapping field's path extracts from the last response, for the line under it: `text` (or `value`, to show
 * as code) and its tone ('muted', 'ok', 'bad'; null for none). `reported` says whether the Test's own message for
 * the field is shown (then a failure says nothing more).
 */
export function mappingPreview(kind, path, response, reported) {
  if (response === undefined) return { text: '', tone: null };
  const result = extract(kind, path, response);
  if (result.outcome === 'FAILED' && reported) return { text: '', tone: null };
  switch (result.outcome) {
    case 'EMPTY':
      return { text: kind === 'text' ? 'Required: click a value in the response, or type a path.' : '', tone: 'muted' };
    case 'MAPPED':
      return { value: result.value, tone: 'ok' };
    case 'UNSUPPORTED':
      return { text: 'This path uses a filter; the console does not preview it. Run Test to see its value.', tone: 'muted' };
    default:
      return { text: result.message, tone: 'bad' };
  }
}

/**
 * What a stream mapping path gives over the last Test's streamed chunks: the texts joined (or the last token
 * count), as `value` with `note` " (2 of 3 chunks)"; else `text` and its tone.
 */
export function streamPreview(kind, path, lastTest) {
  const chunks = decodedChunks(streamCheckOf(lastTest));
  if (!chunks.length || !path) return { text: '', tone: null };
  let text = '';
  let count = null;
  let matched = 0;
  for (const chunk of chunks) {
    const r = extract(kind, path, chunk);
    if (r.outcome === 'UNSUPPORTED') return { text: 'This path uses a filter; run the Test to see what it gives.', tone: 'muted' };
    if (r.outcome !== 'MAPPED') continue;
    matched += 1;
    if (kind === 'text') text += r.value; else count = r.value;
  }
  if (!matched) return { text: `matches nothing in the ${chunks.length} chunks of the last Test`, tone: 'bad' };
  return { value: kind === 'text' ? text : count, asText: kind === 'text', note: ` (${matched} of ${chunks.length} chunks)`, tone: 'ok' };
}

/** Whether a Test runs the saved model (after a save, or with nothing unsaved) rather than the working copy. */
export function testsSaved(state, saved) {
  return Boolean(saved || (state.id && !state.dirty));
}

/** The mapping fields' verdicts of a Test: [field, violations] for each field the MAP or STREAM stage judged. */
export function fieldVerdicts(result) {
  const map = (result.stages || []).find((s) => s.stage === 'MAP');
  const streamCheck = streamCheckOf(result);
  return [...(map?.fields || []), ...(streamCheck?.fields || [])]
    .map((f) => [f.field, f.outcome === 'FAILED' ? [{ message: f.message, rule: f.rule }] : []]);
}

export const TEST_STATUS = {
  fixFirst: 'Fix the marked fields first.',
  running: 'Testing: assuming the role, invoking the model, mapping the answer…',
  refused: 'The Test could not run: fix the marked fields (see the list at the top).',
};

/** The status line after a Test answered. */
export function testStatusOf(result) {
  return result.outcome === 'PASSED' ? 'Test passed.' : 'Test failed; see the diagnosis below.';
}

/** Where a diagnosis's suggested value goes: a JSONPath (or any MAP suggestion) to the mapping, anything else is a model. */
export function suggestionTarget(value, stage) {
  return stage === 'MAP' || value.startsWith('$') ? 'mapping' : 'model';
}

/** Whether the chat rule's section starts open: any of its fields is set, or has a problem. */
export function chatDeclared(chat, violations) {
  return Object.values(chat).some((value) => value !== '') || violations.some((v) => v.field.startsWith('chat'));
}

/** The hint under "Make live when the Test passes": which revision agents keep meanwhile. */
export function promoteHint(liveRevision) {
  return liveRevision == null
    ? 'Agents can invoke the model once a saved revision passes its Test and is live.'
    : `Saving makes a draft: agents keep getting revision ${liveRevision} until a draft passes its Test and is made live.`;
}
