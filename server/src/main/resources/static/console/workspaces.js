// Workspaces (platform operators): every tenant workspace with its counts (models, active keys, members, agents' calls
// of the last 30 days and the last one) and its External ID, each leading to its overview (#/workspaces/<id>); and
// creating one together with its first admin, who signs in with the temporary password the operator hands over.

import { api, ApiError } from './api.js';
import { h, replace, toast, copyButton, number, exactTime, relativeTime } from './dom.js';
import { ErrorStore, field, showRefusal } from './form.js';
import { loader } from './loader.js';
import { timeCell } from './keys.js';

/** A count, with a note below it ("1 live", "2 failed"). */
function countCell(kind, count, note = null) {
  return h('td', { class: `count count-${kind}` }, h('span', { class: 'count-value' }, number(count)),
    note ? h('span', { class: 'by' }, note) : null);
}

export async function mountWorkspaces(root) {
  const title = h('h1', { tabindex: '-1' }, 'Workspaces');
  const { content, load } = loader({ what: 'workspaces', fetch: () => api.listWorkspaces(), render: show });
  const errors = new ErrorStore();

  const name = h('input', { type: 'text', id: 'workspace-name', autocomplete: 'off', required: true, maxlength: '100' });
  const admin = h('input', { type: 'text', id: 'workspace-admin', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', required: true, maxlength: '64' });
  const password = h('input', { type: 'password', id: 'workspace-admin-password', autocomplete: 'new-password',
    required: true, maxlength: '128' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'create-workspace' }, 'Create workspace');
  const formError = h('div', { class: 'form-problem' });
  const form = h('form', { class: 'card access-form', id: 'workspace-form', 'aria-labelledby': 'workspace-form-title', novalidate: true },
    h('h2', { id: 'workspace-form-title' }, 'Create a workspace'),
    h('div', { class: 'field-row' },
      field(errors, { key: 'name', label: 'Workspace name', input: name, hint: 'Letters, digits, spaces and . _ -' }),
      field(errors, { key: 'admin.username', label: 'First admin’s username', input: admin }),
      field(errors, { key: 'admin.password', label: 'Temporary password', input: password,
        hint: 'At least 12 characters. Give it to the admin privately.' })),
    formError,
    h('div', { class: 'form-actions' }, submit));

  function show(result, highlight = null) {
    if (result.workspaces.length === 0) {
      replace(content, h('div', { class: 'empty-state' }, h('h2', {}, 'No workspaces yet'),
        h('p', {}, 'Create the first one below, with the admin who will set up its models.')));
      return;
    }
    const rows = result.workspaces.map((w) => h('tr', { dataset: { workspaceId: w.id, name: w.name }, class: w.id === highlight ? 'highlight' : '' },
      h('th', { scope: 'row' }, h('a', { class: 'workspace-name', href: `#/workspaces/${encodeURIComponent(w.id)}` }, w.name),
        h('span', { class: 'by' }, 'created ', h('time', { datetime: w.createdAt, title: exactTime(w.createdAt) }, relativeTime(w.createdAt)))),
      countCell('models', w.counts.models, w.counts.liveModels ? `${number(w.counts.liveModels)} live` : 'none live'),
      countCell('keys', w.counts.activeKeys),
      countCell('members', w.counts.members),
      countCell('calls', w.counts.callsLast30Days, w.counts.failedCallsLast30Days ? `${number(w.counts.failedCallsLast30Days)} failed` : null),
      timeCell(w.counts.lastCallAt),
      h('td', { class: 'external-id-cell' }, h('code', { class: 'external-id' }, w.externalId), ' ',
        copyButton(w.externalId, 'Copy', `the External ID of ${w.name}`))));
    replace(content, h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models workspaces' },
      h('caption', { class: 'visually-hidden' }, 'Workspaces, with their calls of the last 30 days'),
      h('thead', {}, h('tr', {}, ['Workspace', 'Models', 'Active keys', 'Members', 'Calls (30 days)', 'Last call', 'External ID']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(formError);
    errors.replaceAll([]);
    submit.disabled = true;
    try {
      const created = await api.createWorkspace({ name: name.value.trim(),
        admin: { username: admin.value.trim(), password: password.value } });
      form.reset();
      toast(`Workspace “${created.workspace.name}” was created; its admin “${created.admin.username}” can sign in now.`, { kind: 'ok' });
      await load(created.workspace.id);
      name.focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showRefusal(e, { errors, inputs: { name, 'admin.username': admin, 'admin.password': password }, formError, title: 'The workspace was not created' });
    } finally {
      submit.disabled = false;
    }
  });

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Each tenant of the platform is a workspace with its own External ID, models, keys and members.')),
    content, form);
  await load();
  return null;
}
