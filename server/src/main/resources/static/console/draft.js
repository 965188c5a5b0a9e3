// The wizard's working copy of a model: what the user typed, kept as text (a half-typed number stays as typed),
// converted to the API's ModelDraft when sent, and saved in sessionStorage on every change so that a reload, a
// wrong click or a failed save never loses it.

import { emptyOptions, fromOptions, toOptions } from './request-options.js';
import { emptyChat, fromChat, toChat } from './chat-rule.js';

export const VARIABLE_TYPES = ['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'JSON'];

/** The two APIs a model can be called through. */
export const APIS = { CONVERSE: 'CONVERSE', INVOKE_MODEL: 'INVOKE_MODEL' };

/** The variables a Converse model takes: its user message, and optionally a system prompt. */
export const CONVERSE_VARIABLES = ['prompt', 'system.prompt'];

/** A Converse model's defaults as the wizard edits them: numbers and JSON kept as typed. */
export function emptyConverse() {
  return { system: '', maxTokens: '', temperature: '', topP: '', stopSequences: '', additionalModelRequestFields: '',
    tools: '', toolChoice: 'auto', toolName: '' };
}

export function emptyDraft() {
  return {
    name: '',
    description: '',
    inferenceEnabled: true,
    roleArn: '',
    stsEndpoint: '',
    region: 'us-east-1',
    modelReference: '',
    variables: [],
    requestTemplate: '',
    outputMapping: { text: '', inputTokens: '', outputTokens: '', extras: [], stream: { text: '', inputTokens: '', outputTokens: '' } },
    timeouts: { connectMillis: '', totalMillis: '' },
    /** '' until chosen (the server's default is INVOKE_MODEL); CONVERSE or INVOKE_MODEL */
    api: '',
    /** whether the user picked the API (a family's default no longer replaces it) */
    apiChosen: false,
    converse: emptyConverse(),
    /** what the family's preset says of its Converse support ({supported, systemPrompt, toolUse, vision, note}) */
    converseCaps: null,
    options: emptyOptions(),
    /** a template model's chat rule: member → '' (default), null (none) or a variable's name */
    chat: emptyChat(),
    /** the preset family Modelgate detected for the model, or the user chose ('' when unknown); the console's own */
    family: '',
  };
}

/** A working copy stored by an older console, completed with what it lacks. */
export function complete(d) {
  const base = emptyDraft();
  const out = { ...base, ...d };
  out.outputMapping = { ...base.outputMapping, ...(d.outputMapping || {}) };
  out.outputMapping.stream = { ...base.outputMapping.stream, ...((d.outputMapping || {}).stream || {}) };
  out.converse = { ...base.converse, ...(d.converse || {}) };
  out.chat = { ...base.chat, ...(d.chat || {}) };
  out.options = d.options ? { ...base.options, ...d.options, guardrail: { ...base.options.guardrail, ...(d.options.guardrail || {}) } } : base.options;
  return out;
}

const jsonText = (value) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));

/** A model's `converse` defaults as the working copy. */
export function fromConverse(c) {
  const out = emptyConverse();
  if (!c) return out;
  const inference = c.inferenceConfig || {};
  out.system = typeof c.system === 'string' ? c.system : Array.isArray(c.system) ? c.system.map((b) => b.text || '').join('\n') : '';
  out.maxTokens = inference.maxTokens == null ? '' : String(inference.maxTokens);
  out.temperature = inference.temperature == null ? '' : String(inference.temperature);
  out.topP = inference.topP == null ? '' : String(inference.topP);
  out.stopSequences = (inference.stopSequences || []).join('\n');
  out.additionalModelRequestFields = jsonText(c.additionalModelRequestFields);
  const toolConfig = c.toolConfig || {};
  out.tools = toolConfig.tools && toolConfig.tools.length ? jsonText(toolConfig.tools) : '';
  const choice = toolConfig.toolChoice || {};
  out.toolChoice = choice.any ? 'any' : choice.tool ? 'tool' : 'auto';
  out.toolName = choice.tool ? choice.tool.name || '' : '';
  return out;
}

/** A variable's value as the text the table shows. */
function valueText(type, value) {
  if (value === null || value === undefined) return '';
  if (type === 'STRING' && typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A ModelView (or a preset's variables/mapping) as the wizard's working copy. */
export function fromModel(model) {
  const draft = emptyDraft();
  for (const key of ['name', 'description', 'roleArn', 'stsEndpoint', 'region', 'modelReference', 'requestTemplate']) {
    if (model[key] !== null && model[key] !== undefined) draft[key] = model[key];
  }
  draft.inferenceEnabled = model.inferenceEnabled !== false;
  draft.variables = (model.variables || []).map(fromVariable);
  draft.outputMapping = fromMapping(model.outputMapping);
  if (model.api) {
    draft.api = model.api;
    draft.apiChosen = true;
  }
  draft.converse = fromConverse(model.converse);
  draft.options = fromOptions(model.options);
  draft.chat = fromChat(model.chat);
  if (model.timeouts) {
    draft.timeouts = {
      connectMillis: model.timeouts.connectMillis == null ? '' : String(model.timeouts.connectMillis),
      totalMillis: model.timeouts.totalMillis == null ? '' : String(model.timeouts.totalMillis),
    };
  }
  return draft;
}

export function fromVariable(v) {
  return {
    name: v.name || '',
    type: v.type || 'STRING',
    required: Boolean(v.required),
    defaultValue: valueText(v.type, v.defaultValue),
    testValue: valueText(v.type, v.testValue),
    description: v.description || '',
  };
}

export function fromMapping(mapping) {
  const m = mapping || {};
  return {
    text: m.text || '',
    inputTokens: m.inputTokens || '',
    outputTokens: m.outputTokens || '',
    extras: Object.entries(m.extras || {}).map(([name, path]) => ({ name, path })),
    stream: { text: (m.stream && m.stream.text) || '', inputTokens: (m.stream && m.stream.inputTokens) || '',
      outputTokens: (m.stream && m.stream.outputTokens) || '' },
  };
}

/** A Converse model's defaults for the API, and the problems found on the way. */
function toConverse(c, problems) {
  const number = (text, fieldName, integer) => {
    const t = String(text).trim();
    if (t === '') return null;
    const ok = integer ? /^[0-9]+$/.test(t) : /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(t);
    if (!ok) {
      problems.push({ field: fieldName, rule: integer ? 'integer' : 'number', message: `${fieldName.replace(/^converse\./, '')} must be ${integer ? 'a whole number' : 'a number'}` });
      return null;
    }
    return Number(t);
  };
  const json = (text, fieldName, check) => {
    if (String(text).trim() === '') return null;
    try {
      const value = JSON.parse(text);
      const wrong = check(value);
      if (wrong) problems.push({ field: fieldName, rule: 'type', message: wrong });
      return value;
    } catch (e) {
      problems.push({ field: fieldName, rule: 'invalid-json', message: `${fieldName.replace(/^converse\./, '')} must be JSON (${e.message})` });
      return null;
    }
  };
  const inferenceConfig = {
    maxTokens: number(c.maxTokens, 'converse.inferenceConfig.maxTokens', true),
    temperature: number(c.temperature, 'converse.inferenceConfig.temperature', false),
    topP: number(c.topP, 'converse.inferenceConfig.topP', false),
    stopSequences: c.stopSequences.split('\n').map((x) => x.trim()).filter(Boolean),
  };
  for (const key of Object.keys(inferenceConfig)) {
    if (inferenceConfig[key] === null || (Array.isArray(inferenceConfig[key]) && !inferenceConfig[key].length)) delete inferenceConfig[key];
  }
  const additional = json(c.additionalModelRequestFields, 'converse.additionalModelRequestFields',
    (v) => (v && typeof v === 'object' && !Array.isArray(v) ? null : 'additionalModelRequestFields must be a JSON object'));
  const tools = json(c.tools, 'converse.toolConfig.tools',
    (v) => (Array.isArray(v) ? null : 'tools must be a JSON array of {"toolSpec": {name, description, inputSchema: {json}}}'));
  let toolConfig = null;
  if (Array.isArray(tools) && tools.length) {
    const toolChoice = c.toolChoice === 'any' ? { any: {} } : c.toolChoice === 'tool' ? { tool: { name: c.toolName.trim() } } : { auto: {} };
    if (c.toolChoice === 'tool' && !c.toolName.trim()) {
      problems.push({ field: 'converse.toolConfig.toolChoice.tool.name', rule: 'required', message: 'name the tool the model must call' });
    }
    toolConfig = { tools, toolChoice };
  }
  const out = {
    system: c.system.trim() === '' ? null : c.system,
    inferenceConfig: Object.keys(inferenceConfig).length ? inferenceConfig : null,
    additionalModelRequestFields: additional,
    toolConfig,
  };
  return Object.values(out).every((v) => v === null) ? null : out;
}

/**
 * A typed value from its text; problems that the API could not tell apart (a JSON variable's invalid JSON would
 * read as a string) are reported here.
 * @returns {{value: *, problem: string|null}}
 */
export function parseValue(type, text, what) {
  if (text === '' || text === undefined || text === null) return { value: null, problem: null };
  switch (type) {
    case 'STRING':
      return { value: text, problem: null };
    case 'NUMBER':
    case 'INTEGER': {
      const trimmed = text.trim();
      if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(trimmed)) return { value: Number(trimmed), problem: null };
      return { value: text, problem: null }; // Modelgate names the rule (a NUMBER must be a JSON number)
    }
    case 'BOOLEAN':
      if (text === 'true' || text === 'false') return { value: text === 'true', problem: null };
      return { value: text, problem: null };
    case 'JSON':
      try {
        return { value: JSON.parse(text), problem: null };
      } catch (e) {
        return { value: null, problem: `${what} must be JSON (${e.message.replace(/^JSON\.parse: /, '')})` };
      }
    default:
      return { value: text, problem: null };
  }
}

const orNull = (text) => (text === undefined || text === null || String(text).trim() === '' ? null : text);

/**
 * The API's ModelDraft, and the problems found on the way (field names as the API's).
 * @returns {{draft: object, problems: {field, rule, message}[]}}
 */
export function toApi(d) {
  const problems = [];
  const variables = d.variables.map((v, i) => {
    const label = v.name ? `variable "${v.name}"` : `variable ${i + 1}`;
    const def = parseValue(v.type, v.defaultValue, `the default value of ${label}`);
    const test = parseValue(v.type, v.testValue, `the test value of ${label}`);
    if (def.problem) problems.push({ field: `variables[${i}].defaultValue`, rule: 'invalid-json', message: def.problem });
    if (test.problem) problems.push({ field: `variables[${i}].testValue`, rule: 'invalid-json', message: test.problem });
    return { name: v.name, type: v.type, required: v.required, defaultValue: def.value, testValue: test.value,
      description: orNull(v.description) };
  });
  const extras = {};
  for (const extra of d.outputMapping.extras) {
    if (!extra.name && !extra.path) continue;
    if (Object.prototype.hasOwnProperty.call(extras, extra.name)) {
      problems.push({ field: 'outputMapping.extras', rule: 'duplicate-extra', message: `the extra field "${extra.name}" is mapped twice` });
    }
    extras[extra.name] = extra.path;
  }
  const millis = (text, field) => {
    if (orNull(text) === null) return null;
    if (!/^[0-9]+$/.test(String(text).trim())) {
      problems.push({ field, rule: 'integer', message: `${field} must be a whole number of milliseconds` });
      return null;
    }
    return Number(text);
  };
  const converse = d.api === APIS.CONVERSE;
  const stream = d.outputMapping.stream || { text: '', inputTokens: '', outputTokens: '' };
  const streamMapping = orNull(stream.text) === null && orNull(stream.inputTokens) === null && orNull(stream.outputTokens) === null ? null
    : { text: orNull(stream.text), inputTokens: orNull(stream.inputTokens), outputTokens: orNull(stream.outputTokens) };
  const converseDefaults = converse ? toConverse(d.converse || emptyConverse(), problems) : null;
  const connectMillis = millis(d.timeouts.connectMillis, 'timeouts.connectMillis');
  const totalMillis = millis(d.timeouts.totalMillis, 'timeouts.totalMillis');
  const draft = {
    name: d.name.trim() === '' ? null : d.name,
    description: orNull(d.description),
    inferenceEnabled: d.inferenceEnabled,
    roleArn: orNull(d.roleArn),
    stsEndpoint: orNull(d.stsEndpoint),
    region: orNull(d.region),
    modelReference: orNull(d.modelReference),
    variables: converse ? variables.filter((v) => CONVERSE_VARIABLES.includes(v.name)) : variables,
    requestTemplate: converse || d.requestTemplate === '' ? null : d.requestTemplate,
    outputMapping: converse ? null : {
      text: orNull(d.outputMapping.text),
      inputTokens: orNull(d.outputMapping.inputTokens),
      outputTokens: orNull(d.outputMapping.outputTokens),
      extras,
      ...(streamMapping ? { stream: streamMapping } : {}),
    },
    timeouts: connectMillis === null && totalMillis === null ? null : { connectMillis, totalMillis },
  };
  // Members the server learned with Converse, request options and the chat rule are sent only when used, so that a draft of a
  // template model reads the same to a server that does not know them.
  if (d.api === APIS.CONVERSE) draft.api = d.api;
  if (converseDefaults) draft.converse = converseDefaults;
  const options = toOptions(d.options);
  if (options) draft.options = options;
  const chat = converse ? null : toChat(d.chat);
  if (chat) draft.chat = chat;
  return { draft, problems };
}

/** Applies a preset (variables, template, output mapping with its stream part, Converse defaults) to the working copy. */
export function applyPreset(d, preset) {
  d.variables = preset.variables.map(fromVariable);
  d.requestTemplate = preset.template;
  d.outputMapping = fromMapping(preset.outputMapping);
  d.converseCaps = preset.converse && typeof preset.converse === 'object' ? preset.converse : null;
}

/**
 * Whether a preset's family speaks Converse: its `converse.supported`; a preset that says nothing is a chat family,
 * and every chat family Bedrock serves speaks it.
 */
export function supportsConverse(preset) {
  if (!preset) return false;
  if (preset.converse && typeof preset.converse === 'object' && typeof preset.converse.supported === 'boolean') {
    return preset.converse.supported;
  }
  if (Array.isArray(preset.apis)) return preset.apis.includes(APIS.CONVERSE);
  if (typeof preset.supportsConverse === 'boolean') return preset.supportsConverse;
  if (typeof preset.converse === 'boolean') return preset.converse;
  return true;
}

const PREFIX = 'modelgate.console.wizard.';

/** The stored working copy under `key` ('new', a model id, 'copy-<id>'), or null. */
export function loadStored(key) {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    const stored = raw ? JSON.parse(raw) : null;
    if (stored && stored.draft) stored.draft = complete(stored.draft);
    return stored;
  } catch {
    return null;
  }
}

export function store(key, value) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // storage full or refused: the page still holds the copy
  }
}

export function forget(key) {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // nothing stored
  }
}

/**
 * What Modelgate needs before it stores a model (the API refuses a model without them), as the user names them;
 * empty when the working copy can be stored. Until then "Save as draft" keeps the copy in the tab.
 */
export function missingToStore(d) {
  const template = d.api !== APIS.CONVERSE;
  return [
    [!d.name.trim(), 'a name'],
    [!d.roleArn.trim(), 'a role (step 1)'],
    [!d.region || !d.modelReference.trim(), 'a model (step 2)'],
    [template && !d.requestTemplate.trim(), 'a request template (step 3)'],
    [template && !d.outputMapping.text.trim(), 'an output text path (step 3)'],
  ].filter(([missing]) => missing).map(([, what]) => what);
}
