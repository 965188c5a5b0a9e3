// API keys (admins): the workspace's keys by prefix with their state, a form that creates one, and revocation after
// a confirmation. A new key's token is shown once, with a copy button, and kept nowhere: not in sessionStorage, not
// in the page after "Done" or leaving the screen.

import { api, ApiError } from './api.js';
import { h, replace, relativeTime, exactTime, confirmDialog, toast, copyButton, number } from './dom.js';
import { ErrorStore, field, showRefusal } from './form.js';
import { loader } from './loader.js';
import { ROLE_NAMES } from './session.js';
import { scopedBudgets } from './budgets.js';

const ROLES = [
  { value: 'AGENT', label: 'Agent — invokes models, nothing else' },
  { value: 'DEVELOPER', label: 'Developer — models, Tests, usage' },
  { value: 'ADMIN', label: 'Admin — everything, keys and members too' },
];

const STATES = {
  ACTIVE: ['badge-ok', 'Active'],
  EXPIRED: ['badge-muted', 'Expired'],
  REVOKED: ['badge-bad', 'Revoked'],
};

export function stateBadge(state) {
  const [kind, label] = STATES[state] || ['badge-muted', state];
  return h('span', { class: `badge ${kind}`, dataset: { state } }, label);
}

/** A time cell: relative, with the exact time as its title; "—" when absent. */
export function timeCell(iso, by = null) {
  if (!iso) return h('td', { class: 'muted' }, '—');
  return h('td', {},
    h('time', { datetime: iso, title: exactTime(iso) }, relativeTime(iso)),
    by ? h('span', { class: 'by' }, `by ${by}`) : null);
}

/**
 * The models a key may call, as typed: one name or pattern a line, or comma-separated; null (every model) when
 * nothing is typed. The server checks each entry (field models[i]).
 */
export function parseModels(text) {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  return entries.length ? entries : null;
}

/** A key's scope in the list: its names and patterns, or "all models". */
function modelsCell(models) {
  if (!models) return h('td', { class: 'muted key-models' }, 'all models');
  return h('td', { class: 'key-models' }, models.map((m, i) => [i ? ', ' : null, h('code', {}, m)]).flat());
}

/**
 * A key's own limits, as typed: null (the configured per-caller limit, no token limit) when every field is empty;
 * else the parts as numbers, a missing rate part sent as null so that the server names it (field
 * limits.requestsPerSecond or limits.burst), and tokensPerMinute when given.
 */
export function parseLimits(rate, burst, tokens = '') {
  if (!rate.trim() && !burst.trim() && !tokens.trim()) return null;
  const number = (text) => (text.trim() ? Number(text.trim()) : null);
  const limits = { requestsPerSecond: number(rate), burst: number(burst) };
  return tokens.trim() ? { ...limits, tokensPerMinute: number(tokens) } : limits;
}

/** A key's own rate limit in the list, or "default" when the configured per-caller limit applies. */
function limitsCell(limits) {
  if (!limits) return h('td', { class: 'muted key-limits' }, 'default');
  const rate = limits.requestsPerSecond ? `${limits.requestsPerSecond}/s, burst ${limits.burst}` : 'default rate';
  return h('td', { class: 'key-limits' }, limits.tokensPerMinute ? `${rate}; ${number(limits.tokensPerMinute)} tokens/min` : rate);
}

/** The end of a local calendar day (yyyy-mm-dd) as an ISO instant; null for an empty value. */
function endOfDay(date) {
  if (!date) return null;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59).toISOString();
}

export async function mountKeys(root) {
  const title = h('h1', { tabindex: '-1' }, 'API keys');
  const created = h('div', { id: 'new-key-slot' });
  const { content, load } = loader({ what: 'keys', fetch: () => api.listKeys(), render: show });
  const errors = new ErrorStore();
  const budgets = scopedBudgets({ scope: 'KEY', heading: 'Key budgets', idPrefix: 'key-budget' });

  const name = h('input', { type: 'text', id: 'key-name', autocomplete: 'off', maxlength: '100', required: true });
  const role = h('select', { id: 'key-role' }, ROLES.map((r) => h('option', { value: r.value }, r.label)));
  const expires = h('input', { type: 'date', id: 'key-expires', min: new Date().toLocaleDateString('en-CA') });
  const models = h('textarea', { id: 'key-models', rows: '3', autocomplete: 'off', spellcheck: 'false' });
  const number = (id, max) => h('input', { type: 'number', id, min: '1', max, step: '1', inputmode: 'numeric' });
  const rate = number('key-rate', '10000');
  const burst = number('key-burst', '100000');
  const tokensPerMinute = number('key-tokens', '1000000000');
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'create-key' }, 'Create key');
  const formError = h('div', { class: 'form-problem' });
  const form = h('form', { class: 'card access-form', id: 'key-form', 'aria-labelledby': 'key-form-title', novalidate: true },
    h('h2', { id: 'key-form-title' }, 'Create a key'),
    h('div', { class: 'field-row' },
      field(errors, { key: 'name', label: 'Name', input: name, hint: 'What uses it, e.g. “support-agent-prod”.' }),
      field(errors, { key: 'role', label: 'Role', input: role }),
      field(errors, { key: 'expiresAt', label: 'Expires', input: expires, optional: true,
        hint: 'At the end of that day, your time. Empty: never.' })),
    field(errors, { key: 'models', label: 'Models', input: models, optional: true,
      hint: 'The models the key may call: one name or pattern per line, or comma-separated; * matches any characters '
        + '(support-*). At most 20, each 1–100 of A–Z a–z 0–9 . _ - *. Empty: every model of the workspace.' }),
    h('div', { class: 'field-row' },
      field(errors, { key: 'limits.requestsPerSecond', label: 'Requests per second', input: rate, optional: true,
        hint: '1–10,000: the key’s own steady rate. Both empty: the configured per-key limit.' }),
      field(errors, { key: 'limits.burst', label: 'Burst', input: burst, optional: true,
        hint: '1–100,000: how many requests may come at once.' }),
      field(errors, { key: 'limits.tokensPerMinute', label: 'Tokens per minute', input: tokensPerMinute, optional: true,
        hint: 'Input, output and cached tokens of its calls, counted as they are used. Empty: no token limit.' })),
    formError,
    h('div', { class: 'form-actions' }, submit));

  function show(result) {
    budgets.setTargets(result.keys.filter((k) => k.state === 'ACTIVE').map((k) => ({ id: k.id, label: `${k.name} (${k.prefix})` })));
    if (result.keys.length === 0) {
      replace(content, h('div', { class: 'empty-state' }, h('h2', {}, 'No API keys yet'),
        h('p', {}, 'Agents call Modelgate with a key: create one below, with the Agent role for an agent.')));
      return;
    }
    const rows = result.keys.map((key) => h('tr', { dataset: { keyId: key.id, prefix: key.prefix, name: key.name } },
      h('th', { scope: 'row' }, h('code', { class: 'key-prefix' }, key.prefix)),
      h('td', { class: 'key-name' }, key.name),
      h('td', {}, ROLE_NAMES[key.role] || key.role),
      h('td', {}, stateBadge(key.state)),
      modelsCell(key.models),
      limitsCell(key.limits),
      timeCell(key.createdAt, key.createdBy),
      key.expiresAt ? timeCell(key.expiresAt) : h('td', { class: 'muted' }, 'Never'),
      timeCell(key.revokedAt, key.revokedBy),
      h('td', { class: 'actions' }, key.state === 'ACTIVE'
        ? h('button', { type: 'button', class: 'button small danger-quiet', 'aria-label': `Revoke ${key.name} (${key.prefix})`,
          onclick: () => revoke(key) }, 'Revoke') : null)));
    replace(content, h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models keys' },
      h('caption', { class: 'visually-hidden' }, 'API keys'),
      h('thead', {}, h('tr', {}, ['Prefix', 'Name', 'Role', 'State', 'Models', 'Rate limit', 'Created', 'Expires',
        'Revoked', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
  }

  async function revoke(key) {
    const confirmed = await confirmDialog({
      title: `Revoke “${key.name}”?`,
      body: h('p', {}, `Every request with the key ${key.prefix}… is refused from now on. This cannot be undone.`),
      confirm: 'Revoke key',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await api.revokeKey(key.id);
      toast(`The key “${key.name}” was revoked.`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      toast(`Not revoked: ${e.message}`, { kind: 'bad' });
    }
    await load();
  }

  function showToken(key) {
    const token = h('input', { type: 'text', id: 'new-key-token', class: 'mono token', readOnly: true, value: key.token,
      'aria-describedby': 'new-key-note', autocomplete: 'off', spellcheck: 'false' });
    const done = h('button', { type: 'button', class: 'button', id: 'new-key-done' }, 'Done');
    const heading = h('h2', { tabindex: '-1', id: 'new-key-title' }, `Your new key “${key.name}”`);
    done.addEventListener('click', () => { replace(created); name.focus(); });
    replace(created, h('section', { class: 'callout callout-ok new-key', 'aria-labelledby': heading.id },
      heading,
      h('p', { id: 'new-key-note', class: 'new-key-note' }, h('strong', {}, 'Copy it now: you won’t see it again. '),
        'Modelgate keeps only a hash of it. Store it in your secret manager; if it is lost, revoke it and create another.'),
      h('div', { class: 'token-row' },
        h('label', { for: token.id, class: 'visually-hidden' }, 'API key'),
        token, copyButton(() => token.value, 'Copy', 'the API key')),
      h('p', { class: 'hint' }, 'Send it as ', h('code', {}, 'Authorization: Bearer <key>'), '.'),
      h('div', { class: 'form-actions' }, done)));
    heading.focus();
    token.addEventListener('focus', () => token.select());
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(formError);
    errors.replaceAll([]);
    if (!name.value.trim()) {
      errors.set('name', [{ message: 'Give the key a name.' }]);
      name.focus();
      return;
    }
    submit.disabled = true;
    try {
      const key = await api.createKey({ name: name.value.trim(), role: role.value, expiresAt: endOfDay(expires.value),
        models: parseModels(models.value), limits: parseLimits(rate.value, burst.value, tokensPerMinute.value) });
      form.reset();
      showToken(key);
      await load();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // models[i] is shown at the one Models field; its message names the entry.
      // So is limits (neither part given; not sent by this form) at the rate field.
      e.problem.violations = e.violations.map((v) => (v.field.startsWith('models[') ? { ...v, field: 'models' }
        : v.field === 'limits' ? { ...v, field: 'limits.requestsPerSecond' } : v));
      showRefusal(e, { errors, inputs: { name, role, expiresAt: expires, models, 'limits.requestsPerSecond': rate,
        'limits.burst': burst, 'limits.tokensPerMinute': tokensPerMinute }, formError,
        title: 'The key was not created' });
    } finally {
      submit.disabled = false;
    }
  });

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Agents and scripts call Modelgate’s API with a key: its role decides what it may do.')),
    created, content, form, budgets.element);
  await load();
  return () => replace(created);
}
