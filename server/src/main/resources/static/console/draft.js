// The wizard's working copy of a model: what the user typed, kept as text (a half-typed number stays as typed),
// converted to the API's ModelDraft when sent, and saved in sessionStorage on every change so that a reload, a
// wrong click or a failed save never loses it.

export const VARIABLE_TYPES = ['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'JSON'];

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
    outputMapping: { text: '', inputTokens: '', outputTokens: '', extras: [] },
    timeouts: { connectMillis: '', totalMillis: '' },
  };
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
  };
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
    variables,
    requestTemplate: d.requestTemplate === '' ? null : d.requestTemplate,
    outputMapping: {
      text: orNull(d.outputMapping.text),
      inputTokens: orNull(d.outputMapping.inputTokens),
      outputTokens: orNull(d.outputMapping.outputTokens),
      extras,
    },
    timeouts: connectMillis === null && totalMillis === null ? null : { connectMillis, totalMillis },
  };
  return { draft, problems };
}

/** Applies a preset (variables, template, output mapping) to the working copy. */
export function applyPreset(d, preset) {
  d.variables = preset.variables.map(fromVariable);
  d.requestTemplate = preset.template;
  d.outputMapping = fromMapping(preset.outputMapping);
}

const PREFIX = 'modelgate.console.wizard.';

/** The stored working copy under `key` ('new', a model id, 'copy-<id>'), or null. */
export function loadStored(key) {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? JSON.parse(raw) : null;
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
