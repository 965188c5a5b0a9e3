// Audit log (admins): the workspace's events, newest first, filtered by action, actor and dates; each event's details
// open below its row as indented JSON. The filters and the page live in the route (#/audit?action=…&page=2), so a
// filtered view can be reloaded, bookmarked and gone back to. Platform operators get the same page over every
// workspace (operator-audit.js), with a workspace filter and column.

import { api, ApiError } from './api.js';
import { h, replace, relativeTime, exactTime, number } from './dom.js';
import { loader } from './loader.js';

const PAGE_SIZE = 20;

/** The API's AuditAction names, in its order, with how the page says them. */
export const ACTIONS = {
  MODEL_CREATED: 'Model created',
  MODEL_UPDATED: 'Model updated',
  MODEL_DELETED: 'Model deleted',
  INFERENCE_TOGGLED: 'Inference switched',
  ROUTING_CHANGED: 'Routing changed',
  MODEL_TESTED: 'Model tested',
  MODEL_PROMOTED: 'Revision promoted',
  MODEL_ROLLED_BACK: 'Rolled back',
  KEY_CREATED: 'Key created',
  KEY_REVOKED: 'Key revoked',
  REGISTRATION_REQUESTED: 'Registration requested',
  REGISTRATION_APPROVED: 'Registration approved',
  REGISTRATION_REJECTED: 'Registration rejected',
  REGISTRATION_REVOKED: 'Registration revoked',
  EXTERNAL_ID_ROTATED: 'External ID rotated',
  SIGN_IN: 'Signed in',
  SIGN_IN_FAILED: 'Sign-in failed',
  WORKSPACE_CREATED: 'Workspace created',
  MEMBER_ADDED: 'Member added',
  MEMBER_REMOVED: 'Member removed',
  PASSWORD_CHANGED: 'Password changed',
  SETTINGS_CHANGED: 'Settings changed',
  BUDGET_CREATED: 'Budget created',
  BUDGET_UPDATED: 'Budget changed',
  BUDGET_DELETED: 'Budget deleted',
  BUDGET_THRESHOLD_REACHED: 'Budget threshold reached',
};

/** A local calendar day (yyyy-mm-dd) as the ISO instant it starts at, `days` later; null for an empty value. */
function dayStart(date, days = 0) {
  if (!date) return null;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}

const RESOURCE_TYPES = { MODEL: 'Model', DRAFT: 'Draft', API_KEY: 'API key', ACCOUNT: 'Account', WORKSPACE: 'Workspace',
  ROLE_REGISTRATION: 'Role registration', PLATFORM_SETTINGS: 'Platform settings' };

function actionClass(action) {
  if (/FAILED|REVOKED|REJECTED|DELETED|REMOVED/.test(action)) return 'badge-bad';
  if (/CREATED|ADDED|APPROVED/.test(action)) return 'badge-ok';
  return 'badge-muted';
}

export async function mountAudit(root, { params = new URLSearchParams() } = {}) {
  return mountAuditPage(root, {
    params,
    route: '#/audit',
    lead: 'Who changed what in this workspace, and from where: models, role registrations, the External ID, keys, members and sign-ins. Events are never changed or deleted.',
    nothingYet: 'Nothing has happened in this workspace yet.',
    fetch: (query) => api.audit(query),
  });
}

/**
 * An audit page: its filters (in the route), the events of one page and the pager. `fetch(query)` asks the API;
 * `workspaces` ([{id, name}]) adds a workspace filter and column, for the platform's log; null for a workspace's.
 */
export async function mountAuditPage(root, { params, route, lead, nothingYet, fetch, workspaces = null }) {
  const filters = {
    ...(workspaces ? { workspaceId: params.get('workspaceId') || '' } : {}),
    action: params.get('action') || '',
    actor: params.get('actor') || '',
    from: params.get('from') || '',
    to: params.get('to') || '',
  };
  const page = Math.max(0, Number(params.get('page')) || 0);
  const title = h('h1', { tabindex: '-1' }, 'Audit log');
  const hashFor = (values, p = 0) => {
    const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
    if (p > 0) query.set('page', String(p));
    const text = query.toString();
    return `${route}${text ? `?${text}` : ''}`;
  };
  const names = new Map((workspaces || []).map((w) => [w.id, w.name]));
  const { content, load } = loader({
    what: 'events',
    fetch: () => fetch({ workspaceId: filters.workspaceId, action: filters.action, actor: filters.actor,
      from: dayStart(filters.from), to: dayStart(filters.to, 1), page, size: PAGE_SIZE }),
    render: (result) => showEvents(content, result, { filters, page, hashFor, nothingYet, names: workspaces ? names : null }),
  });
  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title), h('p', { class: 'lead' }, lead)),
    filterForm(filters, { route, hashFor, workspaces }), content);
  await load();
  return null;
}

function filterForm(filters, { route, hashFor, workspaces }) {
  const workspace = workspaces ? h('select', { id: 'audit-workspace', name: 'workspaceId' },
    h('option', { value: '' }, 'All workspaces'),
    workspaces.map((w) => h('option', { value: w.id, selected: w.id === filters.workspaceId }, w.name)),
    filters.workspaceId && !workspaces.some((w) => w.id === filters.workspaceId)
      ? h('option', { value: filters.workspaceId, selected: true }, filters.workspaceId) : null) : null;
  const action = h('select', { id: 'audit-action', name: 'action' }, h('option', { value: '' }, 'All actions'),
    Object.entries(ACTIONS).map(([value, label]) => h('option', { value, selected: value === filters.action }, label)));
  const actor = h('input', { type: 'text', id: 'audit-actor', name: 'actor', value: filters.actor, autocomplete: 'off',
    spellcheck: 'false', placeholder: 'e.g. admin' });
  const from = h('input', { type: 'date', id: 'audit-from', name: 'from', value: filters.from });
  const to = h('input', { type: 'date', id: 'audit-to', name: 'to', value: filters.to });
  const labelled = (input, label) => h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
  const form = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Filter events' },
    workspace ? labelled(workspace, 'Workspace') : null,
    labelled(action, 'Action'), labelled(actor, 'Actor'), labelled(from, 'From'), labelled(to, 'To (inclusive)'),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button primary', id: 'audit-apply' }, 'Filter'),
      Object.values(filters).some(Boolean) ? h('a', { class: 'button quiet-link', href: route, id: 'audit-clear' }, 'Clear') : null));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashFor({ ...(workspace ? { workspaceId: workspace.value } : {}), action: action.value,
      actor: actor.value.trim(), from: from.value, to: to.value });
  });
  return form;
}

/** One page of events in `content`, each with its details below it; `names` (id → name) adds the workspace column. */
function showEvents(content, result, { filters, page, hashFor, nothingYet, names }) {
  if (result.total === 0) {
    replace(content, h('div', { class: 'empty-state', id: 'audit-empty' }, h('h2', {}, 'No events'),
      h('p', {}, Object.values(filters).some(Boolean) ? 'Nothing matches these filters.' : nothingYet)));
    return;
  }
  const columns = ['When', names ? 'Workspace' : null, 'Actor', 'Action', 'Resource', 'Source', 'Details'].filter(Boolean);
  const rows = result.items.flatMap((event) => {
    const detailsId = `audit-details-${event.id}`;
    const toggle = h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false', 'aria-controls': detailsId,
      'aria-label': `Details of ${ACTIONS[event.action] || event.action}, ${exactTime(event.occurredAt)}` }, 'Details');
    const details = h('tr', { id: detailsId, class: 'audit-details', hidden: true },
      h('td', { colspan: String(columns.length) }, h('pre', { class: 'code-block' }, JSON.stringify(event.details, null, 2))));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide' : 'Details';
      details.hidden = !open;
    });
    const resource = event.resourceName || event.resourceId;
    const row = h('tr', { dataset: { eventId: event.id, action: event.action } },
      h('td', { class: 'nowrap' }, h('time', { datetime: event.occurredAt, title: exactTime(event.occurredAt) }, exactTime(event.occurredAt)),
        h('span', { class: 'by' }, relativeTime(event.occurredAt))),
      names ? h('td', { class: 'audit-workspace' }, event.workspaceId
        ? h('a', { href: `#/workspaces/${encodeURIComponent(event.workspaceId)}` }, names.get(event.workspaceId) || event.workspaceId)
        : h('span', { class: 'muted' }, 'Platform')) : null,
      h('td', { class: 'audit-actor' }, event.actor),
      h('td', {}, h('span', { class: `badge ${actionClass(event.action)}`, title: event.action }, ACTIONS[event.action] || event.action)),
      h('td', {}, h('span', { class: 'muted resource-type' }, RESOURCE_TYPES[event.resourceType] || event.resourceType), resource ? ' ' : null,
        resource ? h('span', { class: 'resource-name' }, resource) : null),
      h('td', { class: 'muted nowrap' }, event.source || '—'),
      h('td', { class: 'actions' }, toggle));
    return [row, details];
  });
  const pager = result.totalPages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 0 ? h('a', { class: 'button small', href: hashFor(filters, page - 1), id: 'audit-newer' }, '← Newer') : null,
    h('span', { class: 'muted', id: 'audit-page' }, `Page ${page + 1} of ${result.totalPages} · ${number(result.total)} events`),
    page + 1 < result.totalPages ? h('a', { class: 'button small', href: hashFor(filters, page + 1), id: 'audit-older' }, 'Older →') : null)
    : h('p', { class: 'muted pager', id: 'audit-page' }, `${number(result.total)} event${result.total === 1 ? '' : 's'}`);
  replace(content,
    h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models audit' },
      h('caption', { class: 'visually-hidden' }, 'Audit events, newest first'),
      h('thead', {}, h('tr', {}, columns.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))),
    pager);
}

/** The platform's audit log (operators): every workspace's events and the platform's own, filtered by workspace too. */
export async function mountOperatorAudit(root, { params = new URLSearchParams() } = {}) {
  let workspaces = [];
  try {
    workspaces = (await api.listWorkspaces()).workspaces;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e; // the filter offers the workspace of the route alone; the events say more
  }
  return mountAuditPage(root, {
    params,
    route: '#/operator/audit',
    lead: 'What happened in every workspace, and on the platform itself: operators’ sign-ins, failed sign-ins under unknown names, workspaces created, settings changed. Events are never changed or deleted.',
    nothingYet: 'Nothing has happened on the platform yet.',
    fetch: (query) => api.operatorAudit(query),
    workspaces,
  });
}
