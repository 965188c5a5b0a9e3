// A template model's chat rule: which of its variables an OpenAI-style chat (POST /v1/chat/completions) fills. Each
// member is left to its default, set to none, or names a variable. The defaults shown here mirror Modelgate's
// (model.ChatRule); Modelgate decides, and its problem+json names the member (chat.prompt, chat.maxTokens…).

import { h, replace } from './dom.js';
import { field } from './form.js';

/** The members, what each receives, the variable types that fit it and the name its default looks for. */
export const CHAT_MEMBERS = [
  { member: 'prompt', label: 'Last user message', types: ['STRING'], name: 'prompt' },
  { member: 'system', label: 'System messages', types: ['STRING'], name: 'system.prompt' },
  { member: 'messages', label: 'Whole conversation', types: ['JSON'], name: 'messages' },
  { member: 'tools', label: 'Tools', types: ['JSON'], name: 'tools' },
  { member: 'maxTokens', label: 'max_tokens', types: ['INTEGER', 'NUMBER'], name: 'max_tokens' },
  { member: 'temperature', label: 'temperature', types: ['NUMBER'], name: 'temperature' },
  { member: 'topP', label: 'top_p', types: ['NUMBER'], name: 'top_p' },
  { member: 'stop', label: 'stop', types: ['JSON'], name: 'stop' },
];

// Select values: '' the default, NONE none, VARIABLE + name a variable (a variable may be called "none").
const NONE = '-';
const VARIABLE = '=';

/** The working copy: member → '' (its default), null (none) or a variable's name. */
export function emptyChat() {
  return Object.fromEntries(CHAT_MEMBERS.map(({ member }) => [member, '']));
}

/** A model's declared `chat` as the working copy: a member left out is its default, a null member none. */
export function fromChat(chat) {
  const out = emptyChat();
  if (!chat) return out;
  for (const { member } of CHAT_MEMBERS) {
    if (Object.prototype.hasOwnProperty.call(chat, member)) out[member] = chat[member] === null ? null : String(chat[member]);
  }
  return out;
}

/** The API's `chat`: members at their default left out; null when every member is at its default. */
export function toChat(c) {
  if (!c) return null;
  const out = {};
  for (const { member } of CHAT_MEMBERS) {
    if (c[member] === null) out[member] = null;
    else if (c[member]) out[member] = c[member];
  }
  return Object.keys(out).length ? out : null;
}

/**
 * The rule in force, member → variable name or null: a declared member as declared; one at its default takes the
 * variable of its usual name when its type fits, among the variables no declared member names; the conversation
 * otherwise takes the only JSON variable left (not tools', not stop's).
 */
export function effectiveRule(c, variables) {
  const declared = new Set(CHAT_MEMBERS.map(({ member }) => c[member]).filter(Boolean));
  const free = variables.filter((v) => v.name && !declared.has(v.name));
  const named = (name, types) => (free.some((v) => v.name === name && types.includes(v.type)) ? name : null);
  const defaults = Object.fromEntries(CHAT_MEMBERS.map(({ member, types, name }) => [member, named(name, types)]));
  if (!defaults.messages) {
    const json = free.filter((v) => v.type === 'JSON' && v.name !== defaults.tools && v.name !== defaults.stop);
    defaults.messages = json.length === 1 ? json[0].name : null;
  }
  return Object.fromEntries(CHAT_MEMBERS.map(({ member }) => [member,
    c[member] === null ? null : c[member] || defaults[member]]));
}

/** Whether a chat can fill a model with this rule: it takes the last user message or the conversation. */
export function takesChat(rule) {
  return Boolean(rule && (rule.prompt || rule.messages));
}

/**
 * The rule's fields: a select per member ("Default (…)", "None", or a variable of a fitting type), bound to
 * `errors` under chat.<member>, with a line saying whether the model can answer a chat.
 * @param {object} c the working copy (changed in place)
 * @param {{variables: () => {name: string, type: string}[], errors: import('./form.js').ErrorStore,
 *          onChange: (fieldName: string) => void}} options
 */
export function chatFields(c, { variables, errors, onChange }) {
  const grid = h('div', { class: 'chat-grid' });
  const note = h('p', { class: 'hint', id: 'chat-note', role: 'status' });
  const inputs = {};

  /** What a member at its default takes, given what the other members name. */
  const defaultOf = (member, vars) => effectiveRule({ ...c, [member]: '' }, vars)[member];

  function paint() {
    const vars = variables();
    replace(grid, CHAT_MEMBERS.map(({ member, label, types }) => {
      const fitting = vars.filter((v) => v.name && types.includes(v.type)).map((v) => v.name);
      if (c[member] && !fitting.includes(c[member])) fitting.push(c[member]); // shown, and Modelgate says what is wrong
      const select = h('select', { id: `chat-${member}` },
        h('option', { value: '' }, ''),
        h('option', { value: NONE }, 'None'),
        fitting.map((name) => h('option', { value: VARIABLE + name }, name)));
      select.value = c[member] === null ? NONE : c[member] ? VARIABLE + c[member] : '';
      select.addEventListener('change', () => {
        c[member] = select.value === NONE ? null : select.value.startsWith(VARIABLE) ? select.value.slice(VARIABLE.length) : '';
        onChange(`chat.${member}`);
        paintEffect();
      });
      inputs[`chat.${member}`] = select;
      return field(errors, { key: `chat.${member}`, label, input: select, className: 'compact' });
    }));
    paintEffect();
  }

  /** The default options' labels and the note, after any change. */
  function paintEffect() {
    const vars = variables();
    for (const { member } of CHAT_MEMBERS) {
      inputs[`chat.${member}`].options[0].textContent = `Default (${defaultOf(member, vars) || 'none'})`;
    }
    const rule = effectiveRule(c, vars);
    note.textContent = takesChat(rule)
      ? `OpenAI SDKs can call this model: the chat fills ${CHAT_MEMBERS.filter(({ member }) => rule[member])
        .map(({ member }) => `${rule[member]} (${member})`).join(', ')}.`
      : 'No variable takes the last user message (prompt) or the conversation (messages): /v1/chat/completions refuses this model.';
  }

  paint();
  return {
    element: h('div', { class: 'chat-rule' },
      h('p', { class: 'hint' }, 'Which variables POST /v1/chat/completions fills, for OpenAI SDKs and agent frameworks. ',
        'By default each part goes to the variable of its usual name (prompt, system.prompt, messages, tools, max_tokens, temperature, top_p, stop) when its type fits, and the conversation to the only JSON variable.'),
      grid, note),
    inputs,
    /** Repaints after the variables changed (names, types, added or removed). */
    refresh: paint,
  };
}
