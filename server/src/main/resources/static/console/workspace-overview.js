// A workspace as a platform operator drills into it (#/workspaces/<id>): its counts, its models with their agents'
// calls of the last 30 days, its API keys (by prefix, with when each was last used), its members and its role
// registrations, and a link to its audit log. Read only: the workspace's own admins change these.

import { api } from './api.js';
import { h, replace, number, exactTime, relativeTime, copyButton } from './dom.js';
import { loader } from './loader.js';
import { statusBadge } from './list.js';
import { stateBadge, timeCell } from './keys.js';
import { registrationBadge } from './registrations.js';
import { ROLE_NAMES } from './session.js';

export async function mountWorkspaceOverview(root, { id }) {
  const title = h('h1', { tabindex: '-1' }, 'Workspace');
  const crumb = h('p', { class: 'breadcrumb' }, h('a', { href: '#/workspaces' }, 'Workspaces'));
  const { content, load } = loader({ what: 'the workspace', fetch: () => api.workspaceOverview(id), render: show });
  replace(root,
    crumb,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title,
      h('a', { class: 'button', id: 'workspace-audit', href: `#/operator/audit?workspaceId=${encodeURIComponent(id)}` },
        'Audit log of this workspace'))),
    content);

  function show(overview) {
    const w = overview.workspace;
    title.textContent = w.name;
    crumb.append(' / ', w.name);
    replace(content,
      h('dl', { class: 'facts facts-wide workspace-facts' },
        h('dt', {}, 'External ID'), h('dd', {}, h('code', { id: 'workspace-external-id' }, w.externalId), ' ',
          copyButton(w.externalId, 'Copy', `the External ID of ${w.name}`)),
        h('dt', {}, 'ID'), h('dd', {}, h('code', { class: 'muted' }, w.id)),
        h('dt', {}, 'Created'), h('dd', {}, exactTime(w.createdAt))),
      counts(w.counts),
      section('models', 'Models', overview.models, modelsTable, 'No models yet.'),
      section('keys', 'API keys', overview.keys, keysTable, 'No API keys yet.'),
      section('members', 'Members', overview.members, membersTable, 'No members.'),
      section('registrations', 'Role registrations', overview.registrations.items,
        (items) => [registrationStates(overview.registrations.states), registrationsTable(items)], 'No roles registered yet.'));
  }

  await load();
  return null;
}

function counts(c) {
  const stat = (key, label, value, note = null) => h('div', { class: 'stat', dataset: { count: key } },
    h('dt', {}, label), h('dd', {}, value, note ? h('span', { class: 'stat-note' }, note) : null));
  return h('dl', { class: 'stats card', id: 'workspace-counts', 'aria-label': 'Counts' },
    stat('models', 'Models', number(c.models), `${number(c.liveModels)} live`),
    stat('keys', 'Active API keys', number(c.activeKeys)),
    stat('members', 'Members', number(c.members)),
    stat('calls', 'Calls, 30 days', number(c.callsLast30Days), 'by agents'),
    stat('failed', 'Failed, 30 days', number(c.failedCallsLast30Days)),
    stat('last-call', 'Last call', c.lastCallAt
      ? h('time', { datetime: c.lastCallAt, title: exactTime(c.lastCallAt) }, relativeTime(c.lastCallAt)) : '—'));
}

function section(key, heading, items, table, empty) {
  const headingId = `workspace-${key}-heading`;
  return h('section', { class: 'workspace-section', id: `workspace-${key}`, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, heading, ' ', h('span', { class: 'muted' }, `(${number(items.length)})`)),
    items.length ? table(items) : h('p', { class: 'muted' }, empty));
}

function table(name, columns, rows) {
  return h('div', { class: 'table-scroll card flush' }, h('table', { class: `models ${name}` },
    h('caption', { class: 'visually-hidden' }, name),
    h('thead', {}, h('tr', {}, columns.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

function modelsTable(models) {
  return table('workspace-models', ['Name', 'Status', 'Live revision', 'Calls (30 days)', 'Failed', 'Tokens in / out'],
    models.map((m) => h('tr', { dataset: { modelId: m.id, name: m.name } },
      h('th', { scope: 'row' }, h('span', { class: 'model-name' }, m.name),
        h('span', { class: 'by' }, `revision ${m.revision}${m.inferenceEnabled ? '' : ' · inference off'}`)),
      h('td', {}, statusBadge(m.status)),
      h('td', { class: m.liveRevision === null ? 'muted' : '' }, m.liveRevision === null ? 'none' : `revision ${m.liveRevision}`),
      h('td', { class: 'count' }, number(m.calls)),
      h('td', { class: 'count' }, number(m.failedCalls)),
      h('td', { class: 'count nowrap' }, `${number(m.inputTokens)} / ${number(m.outputTokens)}`))));
}

function keysTable(keys) {
  return table('workspace-keys', ['Prefix', 'Name', 'Role', 'State', 'Created', 'Last used'],
    keys.map((k) => h('tr', { dataset: { keyId: k.id, prefix: k.prefix } },
      h('th', { scope: 'row' }, h('code', { class: 'key-prefix' }, k.prefix)),
      h('td', { class: 'key-name' }, k.name),
      h('td', {}, ROLE_NAMES[k.role] || k.role),
      h('td', {}, stateBadge(k.state)),
      timeCell(k.createdAt, k.createdBy),
      timeCell(k.lastUsedAt))));
}

function membersTable(members) {
  return table('workspace-members', ['Username', 'Role', 'Added'],
    members.map((m) => h('tr', { dataset: { memberId: m.id, username: m.username } },
      h('th', { scope: 'row' }, h('span', { class: 'member-name' }, m.username)),
      h('td', {}, ROLE_NAMES[m.role] || m.role),
      timeCell(m.createdAt))));
}

/** "1 pending · 2 approved", each state as its badge. */
function registrationStates(states) {
  return h('p', { class: 'registration-states', id: 'workspace-registration-states' },
    Object.entries(states).map(([state, n], i) => [i ? ' ' : null, h('span', { class: 'registration-state-count', dataset: { state } },
      registrationBadge(state), ` ${number(n)}`)]));
}

function registrationsTable(items) {
  return table('workspace-registrations', ['Role', 'State', 'Requested', 'Decided'],
    items.map((r) => h('tr', { dataset: { registrationId: r.id, roleArn: r.roleArn, state: r.state } },
      h('th', { scope: 'row' }, h('span', { class: 'role-name' }, r.roleArn.slice(r.roleArn.lastIndexOf('/') + 1)),
        h('code', { class: 'role-arn by' }, r.roleArn)),
      h('td', {}, registrationBadge(r.state)),
      timeCell(r.requestedAt),
      timeCell(r.decidedAt))));
}
