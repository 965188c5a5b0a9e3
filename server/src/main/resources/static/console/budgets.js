// Budgets: how many tokens or US dollars the workspace, one API key or one model may spend per UTC day or month. The workspace's
// budgets screen lists them all with what each has spent and when it resets, and creates workspace budgets; the keys
// page and a model's page hold the budgets of keys and of that model (scopedBudgets). Admins change them, developers
// read them. A banner above every screen names the budgets past their soft threshold or spent (budgetBanner).

import { api, ApiError } from './api.js';
import { h, replace, number, exactTime, relativeTime, confirmDialog, toast } from './dom.js';
import { ErrorStore, field, showRefusal, problemBox } from './form.js';

const SCOPES = { WORKSPACE: 'Workspace', KEY: 'API key', MODEL: 'Model' };
const PERIODS = [{ value: 'DAY', label: 'Per day (UTC)' }, { value: 'MONTH', label: 'Per month (UTC)' }];
const UNITS = [{ value: 'TOKENS', label: 'Tokens' }, { value: 'USD', label: 'US dollars' }];
const USD = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 9 });

/** An amount of the budget's unit: "$12.50" (USD, the API's exact decimal, cents at least) or "1,234" (tokens). */
function amount(budget, n) {
  return budget.unit === 'USD' ? USD.format(n) : number(n);
}

/** "$12.50 of $25.00" or "1,234 of 10,000 tokens". */
function spentOfLimit(budget) {
  return `${amount(budget, budget.spent)} of ${amount(budget, budget.limit)}${budget.unit === 'USD' ? '' : ' tokens'}`;
}

/** The limit alone: "$25.00" or "10,000 tokens". */
function limitText(budget) {
  return budget.unit === 'USD' ? amount(budget, budget.limit) : `${number(budget.limit)} tokens`;
}

/** A budget's state: spent (calls are refused), past its soft threshold, or within. */
export function budgetState(budget) {
  if (budget.exceeded) return h('span', { class: 'badge badge-bad budget-state', dataset: { state: 'exceeded' } }, 'Spent');
  if (budget.warning) return h('span', { class: 'badge badge-warn budget-state', dataset: { state: 'warning' } }, 'Past soft limit');
  return h('span', { class: 'badge badge-ok budget-state', dataset: { state: 'within' } }, 'Within');
}

/** "1,234 of 10,000 tokens" or "$12.50 of $25.00" with a meter. */
function spentCell(budget) {
  return h('td', { class: 'budget-spent' },
    h('meter', { min: '0', max: String(budget.limit), value: String(Math.min(budget.spent, budget.limit)),
      low: String(budget.softLimit ?? budget.limit), high: String(budget.softLimit ?? budget.limit),
      optimum: '0', 'aria-hidden': 'true' }),
    ` ${spentOfLimit(budget)}`,
    budget.softLimit ? h('span', { class: 'hint' }, ` (warns at ${amount(budget, budget.softLimit)})`) : null);
}

function resetCell(iso) {
  return h('td', {}, h('time', { datetime: iso, title: exactTime(iso) }, relativeTime(iso)));
}

/** The period's label. */
function period(value) {
  return value === 'DAY' ? 'Day' : value === 'MONTH' ? 'Month' : value;
}

function table(caption, budgets, { names = {}, canEdit, onDelete }) {
  const rows = budgets.map((b) => h('tr', { dataset: { budgetId: b.id, scope: b.scope } },
    h('th', { scope: 'row' }, SCOPES[b.scope] || b.scope,
      b.scope === 'WORKSPACE' ? null : h('span', { class: 'budget-target' }, ` ${names[b.keyId || b.modelId] || b.keyId || b.modelId}`)),
    h('td', {}, period(b.period)),
    spentCell(b),
    resetCell(b.resetsAt),
    h('td', {}, budgetState(b)),
    canEdit ? h('td', { class: 'actions' }, h('button', { type: 'button', class: 'button small danger-quiet',
      'aria-label': `Delete the ${SCOPES[b.scope].toLowerCase()} budget of ${limitText(b)}`, onclick: () => onDelete(b) },
    'Delete')) : null));
  return h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models budgets' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ['Scope', 'Period', 'Spent', 'Resets', 'State', canEdit ? 'Actions' : null]
      .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

async function deleteBudget(budget, reload) {
  const confirmed = await confirmDialog({
    title: 'Delete this budget?',
    body: h('p', {}, `Calls are no longer held to its ${limitText(budget)} per ${period(budget.period).toLowerCase()}.`),
    confirm: 'Delete budget',
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.deleteBudget(budget.id);
    toast('The budget was deleted.');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    toast(`Not deleted: ${e.message}`, { kind: 'bad' });
  }
  await reload();
}

/**
 * The form that creates a budget of `scope`; `targets()` answers [{id, label}] to choose from (KEY, MODEL), or a
 * fixed target. `onCreated` reloads what lists them.
 */
function budgetForm({ scope, idPrefix, targets, fixed, onCreated }) {
  const errors = new ErrorStore();
  const target = h('select', { id: `${idPrefix}-target` });
  const periodSelect = h('select', { id: `${idPrefix}-period` }, PERIODS.map((p) => h('option', { value: p.value }, p.label)));
  const unitSelect = h('select', { id: `${idPrefix}-unit` }, UNITS.map((u) => h('option', { value: u.value }, u.label)));
  const amountInput = (id) => h('input', { type: 'number', id, min: '0', step: 'any', inputmode: 'decimal' });
  const limit = amountInput(`${idPrefix}-limit`);
  const soft = amountInput(`${idPrefix}-soft-limit`);
  const submit = h('button', { type: 'submit', class: 'button primary', id: `${idPrefix}-create` }, 'Add budget');
  const formError = h('div', { class: 'form-problem' });
  const targetKey = scope === 'KEY' ? 'keyId' : 'modelId';
  const form = h('form', { class: 'budget-form', id: `${idPrefix}-form`, novalidate: true },
    h('div', { class: 'field-row' },
      scope !== 'WORKSPACE' && !fixed ? field(errors, { key: targetKey, label: SCOPES[scope], input: target }) : null,
      field(errors, { key: 'period', label: 'Period', input: periodSelect }),
      field(errors, { key: 'unit', label: 'Unit', input: unitSelect,
        hint: 'Tokens: input, output and cached together. US dollars: the calls’ cost at the prices in effect; calls without a price count 0.' }),
      field(errors, { key: 'limit', label: 'Limit', input: limit,
        hint: 'In the unit: whole tokens, or dollars (up to 9 decimals). Calls are refused once it is spent, until the period ends.' }),
      field(errors, { key: 'softLimit', label: 'Warn at', input: soft, optional: true,
        hint: 'Below the limit: answers carry a warning and the console shows a banner.' })),
    formError,
    h('div', { class: 'form-actions' }, submit));

  function setTargets(list) {
    replace(target, list.map((t) => h('option', { value: t.id }, t.label)));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(formError);
    errors.replaceAll([]);
    const value = (input) => (input.value.trim() ? Number(input.value.trim()) : null);
    const body = { scope, unit: unitSelect.value, period: periodSelect.value, limit: value(limit), softLimit: value(soft) };
    if (scope !== 'WORKSPACE') body[targetKey] = fixed ? fixed.id : target.value || null;
    submit.disabled = true;
    try {
      await api.createBudget(body);
      form.reset();
      toast('The budget was added.', { kind: 'ok' });
      await onCreated();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showRefusal(e, { errors, inputs: { [targetKey]: target, period: periodSelect, unit: unitSelect, limit, softLimit: soft },
        formError, title: 'The budget was not added' });
    } finally {
      submit.disabled = false;
    }
  });
  if (targets) setTargets(targets);
  return { form, setTargets };
}

/**
 * The budgets of keys (scope KEY, on the keys page) or of one model (scope MODEL with `fixed` {id, label}, on its
 * page): a card with their table and, for admins, a form that adds one. `setTargets([{id, label}])` gives the keys
 * to choose from and names them in the table.
 */
export function scopedBudgets({ scope, heading, idPrefix, fixed = null }) {
  const element = h('section', { class: 'card budgets-card', id: `${idPrefix}-budgets`, 'aria-labelledby': `${idPrefix}-budgets-heading` });
  let targets = fixed ? [fixed] : [];
  const form = budgetForm({ scope, idPrefix, fixed, targets: fixed ? null : targets, onCreated: () => load() });

  async function load() {
    let budgets;
    let role;
    try {
      [budgets, { role }] = await Promise.all([api.listBudgets(), api.session()]);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(element, h('h2', { id: `${idPrefix}-budgets-heading` }, heading),
        problemBox(e, { title: 'The budgets could not be loaded' }));
      return;
    }
    const ids = new Set(targets.map((t) => t.id));
    const mine = budgets.budgets.filter((b) => b.scope === scope && ids.has(b.keyId || b.modelId));
    const names = Object.fromEntries(targets.map((t) => [t.id, t.label]));
    const canEdit = role === 'ADMIN';
    replace(element, h('h2', { id: `${idPrefix}-budgets-heading` }, heading),
      mine.length ? table(heading, mine, { names, canEdit, onDelete: (b) => deleteBudget(b, load) })
        : h('p', { class: 'muted budgets-empty' }, 'No budgets: calls are limited by rate only.'),
      canEdit ? form.form : h('p', { class: 'hint' }, 'Workspace admins add and delete budgets.'));
  }

  return {
    element,
    load,
    setTargets(list) {
      targets = list;
      form.setTargets(list);
      return load();
    },
  };
}

/** #/budgets: every budget of the workspace, and (for admins) a form that adds a workspace budget. */
export async function mountBudgets(root, { session }) {
  const title = h('h1', { tabindex: '-1' }, 'Budgets');
  const content = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading budgets…'));
  const canEdit = session.role === 'ADMIN';
  const form = budgetForm({ scope: 'WORKSPACE', idPrefix: 'workspace-budget', onCreated: () => load() });

  async function names() {
    const out = {};
    const [keys, models] = await Promise.allSettled([canEdit ? api.listKeys() : Promise.resolve({ keys: [] }),
      api.listModels(0, 100)]);
    if (keys.status === 'fulfilled') keys.value.keys.forEach((k) => { out[k.id] = `${k.name} (${k.prefix})`; });
    if (models.status === 'fulfilled') models.value.items?.forEach((m) => { out[m.id] = m.name; });
    return out;
  }

  async function load() {
    let budgets;
    let labels;
    try {
      [budgets, labels] = await Promise.all([api.listBudgets(), names()]);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(content, problemBox(e, { title: 'The budgets could not be loaded' }));
      content.removeAttribute('aria-busy');
      return;
    }
    content.removeAttribute('aria-busy');
    replace(content, budgets.budgets.length
      ? table('Budgets', budgets.budgets, { names: labels, canEdit, onDelete: (b) => deleteBudget(b, load) })
      : h('div', { class: 'empty-state' }, h('h2', {}, 'No budgets yet'),
        h('p', {}, 'A budget refuses calls once the workspace, a key or a model has spent its tokens or dollars for the day or month.')));
  }

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Tokens or US dollars the workspace, its API keys and its models may spend per UTC day or month. '
        + 'Key budgets are set on the API keys page, model budgets on each model’s page.')),
    content,
    canEdit ? h('section', { class: 'card access-form', 'aria-labelledby': 'workspace-budget-title' },
      h('h2', { id: 'workspace-budget-title' }, 'Add a workspace budget'), form.form) : null);
  await load();
}

/**
 * Fills `slot` with a banner naming the workspace's budgets that are spent or past their soft threshold; empties it
 * when there are none (or the budgets cannot be read).
 */
export async function budgetBanner(slot) {
  let budgets;
  try {
    budgets = (await api.listBudgets()).budgets;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(slot);
    return;
  }
  const spent = budgets.filter((b) => b.exceeded);
  const warned = budgets.filter((b) => b.warning && !b.exceeded);
  if (!spent.length && !warned.length) {
    replace(slot);
    return;
  }
  const line = (b) => h('li', {}, `${SCOPES[b.scope]} budget: ${spentOfLimit(b)} this `
    + `${period(b.period).toLowerCase()}, resets ${relativeTime(b.resetsAt)}`);
  replace(slot, h('div', { class: `callout ${spent.length ? 'callout-error' : 'callout-warn'} budget-banner`, role: 'status' },
    h('p', { class: 'callout-title' }, spent.length
      ? `${spent.length === 1 ? 'A budget is' : `${spent.length} budgets are`} spent: calls it covers are refused until it resets.`
      : `${warned.length === 1 ? 'A budget is' : `${warned.length} budgets are`} past the soft limit.`),
    h('ul', {}, [...spent, ...warned].map(line)),
    h('p', {}, h('a', { href: '#/budgets' }, 'See the budgets'))));
}
