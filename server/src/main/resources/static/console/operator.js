// The platform operator's side of role registrations.
//
// Registrations: every workspace's registrations, pending first, filtered by state (in the route:
// #/operator/registrations?state=PENDING). Each shows the workspace, the role ARN and the statement to add to the
// policy of Modelgate's own identity (Modelgate's principal ARN above it), with approve, reject and revoke, each with
// an optional note that the workspace sees. Approving verifies the role first; a role that does not pass stays pending
// and its card shows what failed and who fixes it.
//
// Settings: automatic approval. When on, a requested role is assumed once with its workspace's External ID (and must
// refuse Modelgate without it); a role that passes is approved at once, any other stays pending with the reason.

import { api, ApiError } from './api.js';
import { h, replace, confirmDialog, toast, copyButton, exactTime } from './dom.js';
import { loader } from './loader.js';
import { registrationBadge, policyBlock, STATE_MEANINGS } from './registrations.js';

const ORDER = { PENDING: 0, APPROVED: 1, REJECTED: 2, REVOKED: 3 };
const FILTERS = [['', 'All states'], ['PENDING', 'Pending'], ['APPROVED', 'Approved'], ['REJECTED', 'Rejected'], ['REVOKED', 'Revoked']];

const DECISIONS = {
  approve: { label: 'Approve', done: 'approved', danger: false,
    body: 'Modelgate verifies the role first: it must let Modelgate in with the workspace’s External ID, and refuse it without. A role that passes is assumed for the workspace from now on; one that does not stays pending, with what failed and who fixes it (the workspace, or you, in Modelgate’s own policy).' },
  reject: { label: 'Reject', done: 'rejected', danger: true,
    body: 'The workspace may not use this role. Your note tells its admins why; they can register it again after fixing it.' },
  revoke: { label: 'Revoke', done: 'revoked', danger: true,
    body: 'Modelgate stops assuming this role for the workspace at once: its models fail their Test and refuse invocations.' },
};

function roleName(arn) {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export async function mountOperatorRegistrations(root, { params = new URLSearchParams() } = {}) {
  const filter = FILTERS.some(([value]) => value === params.get('state')) ? params.get('state') : '';
  const title = h('h1', { tabindex: '-1' }, 'Role registrations');
  const principal = h('div', { id: 'platform-principal' });
  const { content, load } = loader({ what: 'registrations', fetch: () => api.operatorRegistrations(filter || null), render: show });
  const state = h('select', { id: 'registration-filter', name: 'state' },
    FILTERS.map(([value, label]) => h('option', { value, selected: value === filter }, label)));
  state.addEventListener('change', () => {
    location.hash = state.value ? `#/operator/registrations?state=${state.value}` : '#/operator/registrations';
  });
  const filters = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Filter registrations' },
    h('div', { class: 'field' }, h('label', { for: state.id }, 'State'), state));
  filters.addEventListener('submit', (e) => e.preventDefault());

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Workspaces ask that Modelgate may assume their IAM roles. Before approving one, allow ',
        'Modelgate’s own identity to assume it (sts:AssumeRole on the role), with the statement each registration shows. ',
        h('a', { href: '#/operator/settings' }, 'Automatic approval'), ' can verify and approve them for you.')),
    principal, filters, content);

  function show(result, highlight = null) {
    replace(principal, result.platformPrincipalArn ? h('section', { class: 'card', 'aria-labelledby': 'principal-heading' },
      h('h2', { id: 'principal-heading', class: 'small-heading' }, 'Modelgate’s own identity'),
      h('dl', { class: 'facts facts-wide' }, h('dt', {}, 'Principal ARN'),
        h('dd', {}, h('code', { id: 'platform-principal-arn' }, result.platformPrincipalArn), ' ',
          copyButton(result.platformPrincipalArn, 'Copy', 'Modelgate’s principal ARN'))),
      h('p', { class: 'hint' }, 'The policy statements below go into a policy attached to this principal.'))
      : h('p', { class: 'callout callout-warn' }, 'Modelgate cannot learn its own AWS identity right now (check its credentials).'));
    const items = [...result.items].sort((a, b) => ORDER[a.state] - ORDER[b.state]
      || Date.parse(b.requestedAt) - Date.parse(a.requestedAt));
    if (items.length === 0) {
      replace(content, h('div', { class: 'empty-state', id: 'operator-registrations-empty' },
        h('h2', {}, filter ? `No ${filter.toLowerCase()} registrations` : 'No registrations yet'),
        h('p', {}, filter === 'PENDING' ? 'Nothing is waiting for you.' : 'Workspace admins register their roles from their console.')));
      return;
    }
    replace(content, h('div', { class: 'registration-cards' }, items.map((r) => card(r, highlight))));
  }

  function card(r, highlight) {
    const headingId = `operator-registration-${r.id}`;
    const buttons = [];
    if (r.state === 'PENDING') buttons.push(decisionButton(r, 'approve', 'button primary'), decisionButton(r, 'reject', 'button danger-quiet'));
    if (r.state === 'APPROVED') buttons.push(decisionButton(r, 'revoke', 'button danger-quiet'));
    return h('article', { class: `card registration-card ${r.id === highlight ? 'highlight' : ''}`, 'aria-labelledby': headingId,
      dataset: { registrationId: r.id, roleArn: r.roleArn, state: r.state, workspace: r.workspaceName } },
    h('div', { class: 'card-head' },
      h('h2', { id: headingId, class: 'small-heading' }, roleName(r.roleArn), h('span', { class: 'muted' }, ` · ${r.workspaceName}`)),
      registrationBadge(r.state)),
    h('dl', { class: 'facts facts-wide' },
      h('dt', {}, 'Workspace'), h('dd', { class: 'registration-workspace' }, r.workspaceName),
      h('dt', {}, 'Role ARN'), h('dd', {}, h('code', { class: 'role-arn' }, r.roleArn), ' ', copyButton(r.roleArn, 'Copy', `the role ARN of ${roleName(r.roleArn)}`)),
      h('dt', {}, 'Requested'), h('dd', {}, `${exactTime(r.requestedAt)} by ${r.requestedBy}`),
      r.decidedAt ? [h('dt', {}, 'Decided'), h('dd', {}, `${exactTime(r.decidedAt)} by ${r.decidedBy}`)] : null,
      r.note ? [h('dt', {}, r.state === 'PENDING' ? 'Verification' : 'Note'), h('dd', { class: 'registration-note' }, r.note)] : null),
    h('p', { class: 'hint' }, STATE_MEANINGS[r.state]),
    r.state === 'PENDING' || r.state === 'APPROVED' ? h('details', { class: 'policy-details', open: r.state === 'PENDING' },
      h('summary', {}, 'Statement for Modelgate’s policy'),
      policyBlock(r.platformPolicy, { id: `operator-policy-${r.id}`, what: `the policy for ${roleName(r.roleArn)} of ${r.workspaceName}` })) : null,
    buttons.length ? h('div', { class: 'form-actions' }, buttons) : null);
  }

  function decisionButton(r, decision, cls) {
    const d = DECISIONS[decision];
    return h('button', { type: 'button', class: `${cls} small`, dataset: { decision },
      'aria-label': `${d.label} ${roleName(r.roleArn)} of ${r.workspaceName}`, onclick: () => decide(r, decision) }, d.label);
  }

  async function decide(r, decision) {
    const d = DECISIONS[decision];
    const note = h('textarea', { id: 'decision-note', rows: '2', maxlength: '2000', class: 'note-input' });
    const confirmed = await confirmDialog({
      title: `${d.label} ${roleName(r.roleArn)} for ${r.workspaceName}?`,
      body: [h('p', {}, h('code', { class: 'role-arn' }, r.roleArn)), h('p', {}, d.body),
        h('div', { class: 'field' }, h('label', { for: note.id }, 'Note for the workspace', h('span', { class: 'optional' }, ' optional')), note)],
      confirm: d.label,
      danger: d.danger,
    });
    if (!confirmed) return;
    try {
      await api.decideRegistration(r.id, decision, note.value.trim() || null);
      toast(`${roleName(r.roleArn)} of ${r.workspaceName} was ${d.done}.`, { kind: 'ok' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const who = { TENANT: 'the workspace must fix its role', PLATFORM: 'Modelgate’s own identity must be fixed' }[e.problem.fixedBy];
      toast(`Not ${d.done}${who ? `: ${who}` : ''}: ${e.message}`, { kind: 'bad' });
    }
    await load(r.id);
    title.focus();
  }

  await load();
  return null;
}

export async function mountSettings(root) {
  const title = h('h1', { tabindex: '-1' }, 'Platform settings');
  const { content, load } = loader({ what: 'settings', fetch: () => api.operatorSettings(), render: paint });
  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Settings of the whole platform, for every workspace.')),
    content);

  function paint(settings) {
    const on = settings.autoApproveRegistrations;
    const toggle = h('button', { type: 'button', role: 'switch', class: 'switch', id: 'auto-approve',
      'aria-checked': String(on), 'aria-labelledby': 'auto-approve-title', 'aria-describedby': 'auto-approve-what' },
    h('span', { class: 'switch-track', 'aria-hidden': 'true' }, h('span', { class: 'switch-thumb' })),
    h('span', { class: 'switch-label' }, on ? 'On' : 'Off'));
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      try {
        const changed = await api.setAutoApprove(!on);
        toast(`Automatic approval is ${changed.autoApproveRegistrations ? 'on' : 'off'}.`, { kind: 'ok' });
        paint(changed);
        content.querySelector('#auto-approve').focus();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        toggle.disabled = false;
        toast(`Not changed: ${e.message}`, { kind: 'bad' });
      }
    });
    replace(content, h('section', { class: 'card setting', 'aria-labelledby': 'auto-approve-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'auto-approve-title' }, 'Automatic approval of role registrations'), toggle),
      h('p', { id: 'auto-approve-what' }, 'When on, Modelgate verifies each role a workspace registers: it assumes the role once with that ',
        'workspace’s External ID, and the role must refuse it without one. A role that passes is approved at once; any other ',
        'stays pending for you, with the reason as its note. Modelgate’s own identity must already be allowed to assume ',
        'tenant roles (for example sts:AssumeRole on arn:aws:iam::*:role/*) for verification to pass.'),
      settings.updatedAt ? h('p', { class: 'muted', id: 'auto-approve-changed' },
        `Last changed ${exactTime(settings.updatedAt)}${settings.updatedBy ? ` by ${settings.updatedBy}` : ''}.`) : null));
  }

  await load();
  return null;
}
