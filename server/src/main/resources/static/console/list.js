// External models: every model of the workspace with its state, most recently updated first; add, edit, duplicate,
// delete (after a confirmation), and inference on or off in place.

import { api, ApiError } from './api.js';
import { h, replace, relativeTime, exactTime, confirmDialog, toast } from './dom.js';
import { loader } from './loader.js';
import { regionName } from './regions.js';
import { confirmingOff } from './inference-confirm.js';

const PAGE_SIZE = 20;
const PROVIDERS = { AMAZON_BEDROCK: 'Amazon Bedrock' };

export function statusBadge(status) {
  return status === 'READY' ? h('span', { class: 'badge badge-ok', dataset: { status } }, 'Ready')
    : h('span', { class: 'badge badge-draft', dataset: { status } }, 'Draft');
}

/** A switch for a model's inference; `onChange(enabled)` resolves to the new state or throws. */
export function inferenceSwitch(model, onChange) {
  const button = h('button', { type: 'button', role: 'switch', class: 'switch', 'aria-checked': String(model.inferenceEnabled),
    'aria-label': `Inference for ${model.name}`, title: model.inferenceEnabled ? 'Agents may invoke it' : 'Agents may not invoke it' },
  h('span', { class: 'switch-track', 'aria-hidden': 'true' }, h('span', { class: 'switch-thumb' })),
  h('span', { class: 'switch-label' }, model.inferenceEnabled ? 'On' : 'Off'));
  button.addEventListener('click', async () => {
    const enabled = button.getAttribute('aria-checked') !== 'true';
    button.disabled = true;
    try {
      const now = await onChange(enabled);
      button.setAttribute('aria-checked', String(now));
      button.lastChild.textContent = now ? 'On' : 'Off';
      button.title = now ? 'Agents may invoke it' : 'Agents may not invoke it';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      toast(`Inference could not be changed: ${e.message}`, { kind: 'bad' });
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Deletes after a confirmation; resolves true when deleted. */
export async function deleteModel(model) {
  const confirmed = await confirmDialog({
    title: `Delete “${model.name}”?`,
    body: h('p', {}, 'Agents that call it will get “not found”. Its usage history stays. This cannot be undone.'),
    confirm: 'Delete model',
    danger: true,
  });
  if (!confirmed) return false;
  try {
    await api.deleteModel(model.id, model.revision);
    toast(`“${model.name}” was deleted.`);
    return true;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    toast(e.status === 412 ? `“${model.name}” was changed meanwhile; reload and try again.` : `Not deleted: ${e.message}`, { kind: 'bad' });
    return false;
  }
}

export async function mountList(root, { page = 0, highlight = null } = {}) {
  const title = h('h1', { tabindex: '-1' }, 'External models');
  const { content, load } = loader({ what: 'models', fetch: () => api.listModels(page, PAGE_SIZE),
    render: (result) => show(root, content, result, page, highlight) });
  replace(root,
    h('div', { class: 'page-head' },
      h('div', { class: 'title-row' }, title,
        h('a', { class: 'button primary', href: '#/models/new', id: 'add-model' }, '+ Add a model')),
      h('p', { class: 'lead' }, 'Bedrock models in your AWS account that this workspace’s agents can call through Modelgate.')),
    content);
  await load();
  return null;
}

/** One page of models in `content`, or the invitation to connect the first one. */
function show(root, content, result, page, highlight) {
  if (result.totalItems === 0) {
    replace(content, h('div', { class: 'empty-state' },
      h('h2', {}, 'Connect your first model'),
      h('p', {}, 'Three steps: create an IAM role in your AWS account, choose the Bedrock model, then test the request and map the answer. ',
        'About five minutes, no access keys.'),
      h('a', { class: 'button primary', href: '#/models/new' }, 'Add a model')));
    return;
  }

  const rows = result.items.map((model) => {
    const row = h('tr', { dataset: { modelId: model.id, name: model.name }, class: model.id === highlight ? 'highlight' : '' },
      h('th', { scope: 'row' }, h('a', { href: `#/models/${model.id}`, class: 'model-name' }, model.name)),
      // Every model is on Bedrock today, so the provider is folded into the title rather than repeated on each row.
      h('td', { class: 'model-cell' },
        h('code', { class: 'model-ref', title: `${PROVIDERS[model.provider] || model.provider}: ${model.modelReference}` }, model.modelReference),
      model.api === 'CONVERSE' ? [' ', h('span', { class: 'api-tag', title: 'Called through Converse, without a template' }, 'Converse')] : null),
      h('td', { class: 'nowrap', title: regionName(model.region) }, model.region),
      h('td', {}, statusBadge(model.status)),
      h('td', {}, inferenceSwitch(model, confirmingOff(model, async (enabled) => {
        const { data, revision } = await api.setInference(model.id, enabled);
        model.revision = revision;
        return data.inferenceEnabled;
      }))),
      h('td', {}, h('time', { datetime: model.updatedAt, title: exactTime(model.updatedAt) }, relativeTime(model.updatedAt))),
      h('td', { class: 'actions' },
        h('a', { class: 'button small', href: `#/models/${model.id}/edit`, 'aria-label': `Edit ${model.name}` }, 'Edit'),
        h('a', { class: 'button small', href: `#/models/copy/${model.id}`, 'aria-label': `Duplicate ${model.name}` }, 'Duplicate'),
        h('button', { type: 'button', class: 'button small danger-quiet', 'aria-label': `Delete ${model.name}`,
          onclick: async () => { if (await deleteModel(model)) mountList(root, { page }); } }, 'Delete')));
    return row;
  });
  const pager = result.totalPages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 0 ? h('a', { class: 'button small', href: `#/models?page=${page - 1}` }, '← Newer') : null,
    h('span', { class: 'muted' }, `Page ${page + 1} of ${result.totalPages} · ${result.totalItems} models`),
    page + 1 < result.totalPages ? h('a', { class: 'button small', href: `#/models?page=${page + 1}` }, 'Older →') : null) : null;
  replace(content,
    h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models' },
      h('caption', { class: 'visually-hidden' }, 'External models'),
      h('thead', {}, h('tr', {}, ['Name', 'Model', 'Region', 'Status', 'Inference', 'Last updated', 'Actions']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))),
    pager);
}
