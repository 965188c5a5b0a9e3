// What the model wizard knows, without the page: the step shown, the working copy and what Modelgate holds of it
// (id, revision, status), the last Test, whether anything is unsaved; and the pure functions that say what the page
// shows for it (titles, step paths, problem counts, the footer's buttons, the messages after a save). No DOM, no
// fetches: wizard-view.js paints these values, wizard-actions.js changes them.

import { emptyDraft, missingToStore } from './draft.js';
import { checkTemplate } from './template-check.js';

export const STEPS = [
  { slug: 'credentials', title: 'Credentials', blurb: 'Create the IAM role and connect it' },
  { slug: 'model', title: 'Model', blurb: 'Choose the Region and the model' },
  { slug: 'test', title: 'Test and map', blurb: 'Template, Test, output mapping' },
];

/** Step 3 of a Converse model: Modelgate builds the request itself, so there is no template and no mapping. */
const CONVERSE_TEST_STEP = { slug: 'test', title: 'Converse defaults and Test', blurb: 'Converse defaults, Test, the answer' };

/** The steps as the model's API names them (the stepper, the footer and each step's heading say the same). */
export function stepsOf(draft) {
  return draft && draft.api === 'CONVERSE' ? [STEPS[0], STEPS[1], CONVERSE_TEST_STEP] : STEPS;
}

/** The title of step `k` for the model's API: "Test and map", or "Converse defaults and Test" for a Converse model. */
export function stepTitle(k, draft) {
  return stepsOf(draft)[k].title;
}

const FIELD_LABELS = {
  name: 'Name', description: 'Description', roleArn: 'Role ARN', stsEndpoint: 'STS endpoint', region: 'Region',
  modelReference: 'Model', requestTemplate: 'Request template', variables: 'Variables',
  'outputMapping.text': 'Output text path', 'outputMapping.inputTokens': 'Input tokens path',
  'outputMapping.outputTokens': 'Output tokens path', 'outputMapping.extras': 'Extra fields', outputMapping: 'Output mapping',
  'timeouts.connectMillis': 'Connect timeout', 'timeouts.totalMillis': 'Total timeout', inferenceEnabled: 'Inference',
  api: 'API', converse: 'Converse defaults', 'converse.system': 'System prompt',
  'converse.inferenceConfig.maxTokens': 'Max tokens', 'converse.inferenceConfig.temperature': 'Temperature',
  'converse.inferenceConfig.topP': 'Top P', 'converse.inferenceConfig.stopSequences': 'Stop sequences',
  'converse.additionalModelRequestFields': 'Additional model request fields', 'converse.toolConfig': 'Tools',
  'converse.toolConfig.tools': 'Tools', 'converse.toolConfig.toolChoice': 'Tool choice',
  'converse.toolConfig.toolChoice.tool.name': 'Tool the model must call',
  'outputMapping.stream': 'Stream mapping', 'outputMapping.stream.text': 'Streamed text path',
  'outputMapping.stream.inputTokens': 'Streamed input tokens path', 'outputMapping.stream.outputTokens': 'Streamed output tokens path',
  options: 'Request options', 'options.guardrail': 'Guardrail', 'options.guardrail.identifier': 'Guardrail ID or ARN',
  'options.guardrail.version': 'Guardrail version', 'options.guardrail.trace': 'Guardrail trace', 'options.latency': 'Latency',
  'options.serviceTier': 'Service tier', chat: 'Chat rule',
};

/** The step a field is edited on; null for the name (always visible) and unknown fields. */
export function stepOf(field) {
  if (/^(roleArn|stsEndpoint)\b/.test(field)) return 0;
  if (/^(region|modelReference|description|timeouts|api|options)\b/.test(field)) return 1;
  if (/^(variables|requestTemplate|outputMapping|inferenceEnabled|converse|chat)\b/.test(field)) return 2;
  return null;
}

export function fieldLabel(field) {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const variable = /^variables\[(\d+)\]\.?(\w*)/.exec(field);
  if (variable) return `Variable ${Number(variable[1]) + 1}${variable[2] ? ` · ${variable[2].replace(/Value$/, ' value')}` : ''}`;
  const chat = /^chat\.(\w+)$/.exec(field);
  if (chat) return `Chat rule · ${chat[1]}`;
  const extra = /^outputMapping\.extras\.(.+)$/.exec(field);
  if (extra) return `Extra field “${extra[1]}”`;
  return field;
}

/** Where the working copy is kept in sessionStorage: the model's id, `copy-<id>` for a copy, `new` for a new model. */
export function storageKeyOf(route) {
  return route.mode === 'edit' ? route.id : route.mode === 'copy' ? `copy-${route.id}` : 'new';
}

/** The wizard's state before anything is loaded: an empty working copy, on the route's step (else the first). */
export function initialState(route) {
  return {
    id: null,
    revision: null,
    status: null,
    savedName: null,
    draft: emptyDraft(),
    step: Math.max(0, STEPS.findIndex((s) => s.slug === route.step)),
    lastTest: null,
    /** what the last Test ran against (test-freshness.js), to tell when it no longer matches the working copy */
    lastTestAgainst: null,
    response: undefined,
    identity: null,
    catalogs: new Map(),
    mappingTarget: 'outputMapping.text',
    dirty: false,
  };
}

/** What sessionStorage keeps of the state (everything a reload needs to come back to the same screen). */
export function snapshot(state) {
  return { draft: state.draft, step: state.step, lastTest: state.lastTest, lastTestAgainst: state.lastTestAgainst, dirty: state.dirty,
    id: state.id, revision: state.revision, status: state.status };
}

/**
 * What a stored working copy brings back when a saved model is edited: its changes only when they were made to the
 * revision the server holds now. Answers the state's changes (null to keep the saved model's) and the notice to show.
 */
export function restoreOverSaved(stored, revision) {
  if (stored && stored.revision === revision && stored.dirty) {
    return { restore: { draft: stored.draft, lastTest: stored.lastTest, lastTestAgainst: stored.lastTestAgainst || null, dirty: true },
      step: stored.step, notice: 'Your unsaved changes to this model were restored.' };
  }
  if (stored && stored.dirty) {
    return { restore: null, step: null,
      notice: `You had unsaved changes to revision ${stored.revision}, but the model is now at revision ${revision}; they were set aside.` };
  }
  return { restore: null, step: null, notice: null };
}

/** What a stored working copy of a new model or a copy brings back, and the notice that says so. */
export function restoreUnsaved(stored, mode) {
  return {
    restore: { draft: stored.draft, lastTest: stored.lastTest, lastTestAgainst: stored.lastTestAgainst || null, dirty: stored.dirty,
      id: stored.id || null, revision: stored.revision || null, status: stored.status || null },
    step: stored.step,
    notice: mode === 'copy' ? 'Your unsaved copy was restored.' : 'The model you were adding was restored.',
  };
}

/** The name a copy starts with: the original's, with "-copy" (within the 64 characters a name may have). */
export function copyName(name) {
  const base = name.length > 59 ? name.slice(0, 59) : name;
  return `${base}-copy`;
}

/** The page's title. */
export function titleOf(state) {
  return state.id ? `Edit ${state.savedName || state.draft.name || 'model'}` : 'Add a model';
}

/** The status badge beside the title ({label, kind}); null before the model is saved. */
export function statusBadgeOf(state) {
  if (!state.status) return null;
  return state.status === 'READY' ? { label: 'Ready', kind: 'badge-ok' } : { label: 'Draft', kind: 'badge-draft' };
}

/** What signing out warns of while the working copy has unsaved changes; null when there are none. */
export function unsavedWarning(state) {
  if (!state.dirty) return null;
  const name = state.draft.name.trim();
  return `${name ? `“${name}”` : 'The model you are editing'} has changes that are not stored in Modelgate. Signing out discards them.`;
}

/** The address of the step shown: the saved model's, the copy's or the new model's. */
export function stepPath(state, route) {
  const slug = STEPS[state.step].slug;
  return state.id ? `#/models/${state.id}/edit/${slug}`
    : route.mode === 'copy' ? `#/models/copy/${route.id}/${slug}` : `#/models/new/${slug}`;
}

/** The stepper's line under a step's title: the last step of a Converse model has no template or mapping. */
export function stepBlurb(k, draft) {
  return stepsOf(draft)[k].blurb;
}

/** "2 problems" on a step's tab: how many of the violations are of fields edited there; '' for none. */
export function stepProblems(violations, k) {
  const count = violations.filter((v) => stepOf(v.field) === k).length;
  return count ? `${count} problem${count === 1 ? '' : 's'}` : '';
}

/** The summary's title: the problem's own, else how many fields to fix. */
export function summaryTitle(problem, violations) {
  return problem ? problem.title : `${violations.length} problem${violations.length === 1 ? '' : 's'} to fix`;
}

/** One line of the summary: the link's text ("Step 2 · Model") and what follows it (" — line 3, column 7: …"). */
export function summaryLine(v) {
  const step = stepOf(v.field);
  return {
    link: `${step === null ? '' : `Step ${step + 1} · `}${fieldLabel(v.field)}`,
    text: ` — ${v.line ? `line ${v.line}, column ${v.column}: ` : ''}${v.message}`,
  };
}

/**
 * The footer's buttons for the step shown, with the steps named for the model's API: `back` (the previous step's
 * title; null on the first step, which has Cancel) and the primary button, "Save" on the last step, else
 * "Next: <title> →" (`next` is the title, which a narrow screen leaves out of the button's visible text).
 */
export function footerOf(step, draft) {
  const steps = stepsOf(draft);
  const last = step === steps.length - 1;
  return {
    back: step > 0 ? `← ${steps[step - 1].title}` : null,
    primary: last ? { id: 'save', label: 'Save' }
      : { id: 'next', label: `Next: ${steps[step + 1].title} →`, next: steps[step + 1].title },
  };
}

/**
 * What "Save" ({andTest: true}) or "Save as draft" does with the working copy: 'keep-in-tab' for a new draft that
 * Modelgate cannot store yet (`missing` says what it needs), else 'store'.
 */
export function saveChoice(state, andTest) {
  const missing = missingToStore(state.draft);
  return !andTest && !state.id && missing.length ? { kind: 'keep-in-tab', missing } : { kind: 'store', missing: [] };
}

/** The note shown when a draft stays in the tab: what Modelgate needs before it stores the model. */
export function keptInTabText(missing) {
  return `Modelgate stores the model once it has ${joinAnd(missing)}. Until then the draft stays in this tab, `
    + 'across reloads; closing the tab or signing out discards it.';
}

/** " Agents keep getting revision 3." for a model with a live revision; nothing before one went live. */
export function agentsKeep(state) {
  return state.liveRevision == null ? '' : ` Agents keep getting revision ${state.liveRevision}.`;
}

/** The toast after "Save as draft" stored the model. */
export function savedAsDraftText(state, name) {
  return `Saved “${name}” as a draft (revision ${state.revision}).${agentsKeep(state)}`;
}

/**
 * How "Save" ends after the saved model's Test: `passed` is the Test's verdict (null when it could not run). Answers
 * the toast ({text, kind}) and where to go (null to stay), or null when there is nothing to say.
 */
export function afterSavedTest(state, saved, passed) {
  if (passed && state.status !== 'READY') {
    return { text: `Revision ${state.revision} of “${saved.name}” passed its Test and is the draft.${agentsKeep(state)} Promote it on the model page.`,
      kind: 'ok', go: `#/models/${encodeURIComponent(saved.id)}` };
  }
  if (passed) return { text: `“${saved.name}” is saved and Ready.`, kind: 'ok', go: `#/models?highlight=${encodeURIComponent(saved.id)}` };
  if (passed === false) {
    return { text: `“${saved.name}” is saved as a draft (revision ${state.revision}): its Test did not pass.${agentsKeep(state)}`,
      kind: 'warn', go: null };
  }
  return null;
}

/**
 * The server words a template's JSON syntax error with its parser's text ("Unexpected character ('\"' (code 34))");
 * the console's own check of the same template says it plainly, at the same place: that wording is shown instead.
 */
export function ownJsonWording(v, draft) {
  if (v.field !== 'requestTemplate' || v.rule !== 'invalid-json') return v;
  const own = checkTemplate(draft.requestTemplate, draft.variables.map((x) => x.name).filter(Boolean)).problems
    .find((p) => p.rule === 'invalid-json');
  return own ? { ...v, message: `template is ${own.message}`, line: own.line, column: own.column } : v;
}

function joinAnd(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
