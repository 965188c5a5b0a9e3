// Role registrations (admins manage them, developers read them): Modelgate assumes a role for the workspace only while
// its registration is APPROVED. The page lists every registration with its state, who asked and decided and when, and
// the note; admins register a role (approved at once when the platform verifies registrations automatically and the
// role passes, pending otherwise, with the reason) and revoke one after a confirmation. A pending registration shows
// the policy statement the platform operator adds to Modelgate's own identity before approving it.

import { api, ApiError } from './api.js';
import { h, replace, confirmDialog, toast, copyButton, debounce, uid } from './dom.js';
import { ErrorStore, field, problemBox } from './form.js';
import { loader } from './loader.js';
import { timeCell } from './keys.js';

/** A role ARN as IAM writes it (the API says precisely what is wrong with one that is not). */
export const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

const STATES = {
  PENDING: ['badge-draft', 'Pending'],
  APPROVED: ['badge-ok', 'Approved'],
  REJECTED: ['badge-bad', 'Rejected'],
  REVOKED: ['badge-muted', 'Revoked'],
};

/** What each state means, in a sentence, for people who did not read the API's documentation. */
export const STATE_MEANINGS = {
  PENDING: 'Waiting for a platform operator’s approval, given once Modelgate can assume the role with this workspace’s External ID (and not without). When verification fails, the note says what failed and who fixes it: the workspace (its role and trust policy) or the platform (Modelgate’s own policy).',
  APPROVED: 'Modelgate assumes the role for this workspace: models that use it can be tested and invoked.',
  REJECTED: 'A platform operator refused it; their note says why. Fix what it names and register the role again.',
  REVOKED: 'No longer used for this workspace. Register it again to ask for it anew.',
};

export function registrationBadge(state) {
  const [kind, label] = STATES[state] || ['badge-muted', state];
  return h('span', { class: `badge ${kind} registration-state`, dataset: { state } }, label);
}

/** What is wrong with a typed role ARN as a sentence; null when it looks right or is empty. */
export function roleArnProblem(text) {
  if (!text || ROLE_ARN.test(text)) return null;
  return 'A role ARN looks like arn:aws:iam::123456789012:role/ModelgateBedrockAccess (12 digits of account, then role/ and the name).';
}

/** The IAM policy a platform operator adds to Modelgate's own identity, with a copy button. */
export function policyBlock(policy, { id = uid('policy'), what = 'the platform policy' } = {}) {
  const text = JSON.stringify(policy, null, 2);
  return h('div', { class: 'policy-block' },
    h('div', { class: 'doc-head' }, h('span', { class: 'muted' }, 'IAM policy for Modelgate’s own identity'),
      copyButton(text, 'Copy', what)),
    h('pre', { class: 'code-block', id, tabindex: '0' }, text));
}

/** The answer to a registration request, for the admin who just made it. */
export function requestOutcome(registration) {
  if (registration.state === 'APPROVED') {
    return h('div', { class: 'callout callout-ok registration-outcome', dataset: { state: 'APPROVED' } },
      h('p', { class: 'callout-title' }, 'Approved'),
      h('p', {}, registration.decidedBy && !/automatic/.test(registration.decidedBy)
        ? `Approved at once by ${registration.decidedBy}. `
        : 'Approved at once by automatic verification: Modelgate assumed the role with this workspace’s External ID, and the role refused the same request without the External ID. ',
      'Models using this role can be tested and invoked now.'));
  }
  return h('div', { class: 'callout callout-warn registration-outcome', dataset: { state: registration.state } },
    h('p', { class: 'callout-title' }, 'Pending: a platform operator must approve it'),
    registration.note ? h('p', { class: 'registration-note' }, h('strong', {}, 'Why it was not approved at once: '), registration.note) : null,
    h('p', {}, 'Until then Modelgate does not assume the role for this workspace. The operator approves it once Modelgate can ',
      'assume it: when the note says the workspace must fix something, fix the role’s trust policy and ask again; ',
      'Modelgate’s own identity needs this statement, which the operator adds (send it to them if they ask).'),
    registration.platformPolicy ? policyBlock(registration.platformPolicy, { what: 'the policy for the operator' }) : null);
}

export async function mountRegistrations(root, { session }) {
  const admin = session.role === 'ADMIN';
  const title = h('h1', { tabindex: '-1' }, 'Role registrations');
  const { content, load } = loader({ what: 'registrations', fetch: () => api.listRegistrations(), render: show });
  const outcome = h('div', { id: 'registration-outcome', 'aria-live': 'polite' });
  const errors = new ErrorStore();

  const roleArn = h('input', { type: 'text', id: 'registration-role-arn', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'none', maxlength: '2048', required: true, placeholder: 'arn:aws:iam::123456789012:role/ModelgateBedrockAccess' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'register-role' }, 'Register role');
  const formError = h('div', { class: 'form-problem' });
  const checkTyped = debounce(() => {
    const problem = roleArnProblem(roleArn.value.trim());
    errors.set('roleArn', problem ? [{ message: problem }] : []);
  }, 400);
  roleArn.addEventListener('input', () => {
    if (errors.get('roleArn').length) errors.set('roleArn', []);
    checkTyped();
  });
  const form = admin ? h('form', { class: 'card access-form', id: 'registration-form', 'aria-labelledby': 'registration-form-title', novalidate: true },
    h('h2', { id: 'registration-form-title' }, 'Register a role'),
    h('p', { class: 'hint' }, 'The role you created in your AWS account for Modelgate (the trust policy is on the model wizard’s first step, ',
      'the External ID on the ', h('a', { href: '#/external-id' }, 'External ID'), ' page).'),
    field(errors, { key: 'roleArn', label: 'Role ARN', input: roleArn,
      hint: 'IAM → Roles → your role → ARN.' }),
    formError,
    h('div', { class: 'form-actions' }, submit)) : null;

  function show(result, highlight = null) {
    if (result.items.length === 0) {
      replace(content, h('div', { class: 'empty-state', id: 'registrations-empty' }, h('h2', {}, 'No roles registered yet'),
        h('p', {}, admin ? 'Register the role your models use below: Modelgate assumes a role only once it is approved.'
          : 'A workspace admin registers the roles your models use; Modelgate assumes a role only once it is approved.')));
      return;
    }
    const rows = result.items.flatMap((r) => registrationRows(r, { admin, highlight, revoke, registerAgain }));
    replace(content, h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models registrations' },
      h('caption', { class: 'visually-hidden' }, 'Role registrations, most recently requested first'),
      h('thead', {}, h('tr', {}, ['Role', 'State', 'Requested', 'Decided', 'Note', admin ? 'Actions' : 'Policy']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
  }

  async function revoke(registration) {
    const note = h('textarea', { id: 'revoke-note', rows: '2', maxlength: '2000', class: 'note-input' });
    const pending = registration.state === 'PENDING';
    const confirmed = await confirmDialog({
      title: `${pending ? 'Withdraw' : 'Revoke'} ${roleName(registration.roleArn)}?`,
      body: [h('p', {}, pending ? 'The request is withdrawn; the operator no longer sees it as pending.'
        : 'Modelgate stops assuming this role for the workspace at once: models that use it fail their Test and '
          + 'refuse invocations until it is registered and approved again.'),
      h('p', {}, h('code', { class: 'role-arn' }, registration.roleArn)),
      h('div', { class: 'field' }, h('label', { for: note.id }, 'Note', h('span', { class: 'optional' }, ' optional')), note)],
      confirm: pending ? 'Withdraw request' : 'Revoke role',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await api.revokeRegistration(registration.id, note.value.trim() || null);
      toast(`${roleName(registration.roleArn)} was ${pending ? 'withdrawn' : 'revoked'}.`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      toast(`Not revoked: ${e.message}`, { kind: 'bad' });
    }
    await load(registration.id);
    title.focus();
  }

  async function registerAgain(registration) {
    roleArn.value = registration.roleArn;
    form.requestSubmit();
  }

  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      checkTyped.cancel();
      replace(formError);
      replace(outcome);
      const value = roleArn.value.trim();
      const problem = value ? roleArnProblem(value) : 'Enter the role ARN.';
      if (problem) {
        errors.set('roleArn', [{ message: problem }]);
        roleArn.focus();
        return;
      }
      errors.replaceAll([]);
      submit.disabled = true;
      submit.setAttribute('aria-busy', 'true');
      try {
        const registration = await api.register(value);
        form.reset();
        await load(registration.id);
        const heading = h('h2', { tabindex: '-1', id: 'registration-outcome-title' }, roleName(registration.roleArn));
        replace(outcome, h('section', { class: 'card', 'aria-labelledby': heading.id }, heading,
          h('p', {}, h('code', { class: 'role-arn' }, registration.roleArn)), requestOutcome(registration)));
        heading.focus();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.violations.length) {
          errors.replaceAll(e.violations);
          roleArn.focus();
        } else {
          replace(formError, problemBox(e, { title: e.slug === 'registration-exists' ? 'Already registered' : 'The role was not registered' }));
        }
      } finally {
        submit.disabled = false;
        submit.removeAttribute('aria-busy');
      }
    });
  }

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Modelgate assumes an IAM role for this workspace only once its registration is approved. ',
        'A new registration is pending until a platform operator approves it — unless the platform verifies registrations ',
        'automatically, and your role lets Modelgate in with this workspace’s External ID.')),
    admin ? null : h('p', { class: 'callout callout-info', id: 'registrations-read-only' },
      'You can see the workspace’s registrations; registering or revoking a role is for workspace admins. Ask one of them.'),
    outcome, content, form, stateLegend());
  await load();
  return () => checkTyped.cancel();
}

function stateLegend() {
  return h('section', { class: 'card card-quiet legend', 'aria-labelledby': 'states-heading' },
    h('h2', { id: 'states-heading' }, 'What the states mean'),
    h('dl', { class: 'facts facts-wide' }, Object.keys(STATES).flatMap((state) => [
      h('dt', {}, registrationBadge(state)), h('dd', {}, STATE_MEANINGS[state])])));
}

/** The ARN with a line-break opportunity before the role's name, where a narrow column should break it. */
function arnParts(arn) {
  const cut = arn.lastIndexOf('/') + 1;
  return [arn.slice(0, cut), h('wbr'), arn.slice(cut)];
}

function roleName(arn) {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** A registration's row, and for a pending one a hidden row below with the policy for the operator. */
function registrationRows(r, { admin, highlight, revoke, registerAgain }) {
  const policyId = `registration-policy-${r.id}`;
  const pending = r.state === 'PENDING';
  const toggle = pending && r.platformPolicy ? h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false',
    'aria-controls': policyId, 'aria-label': `Policy for the operator, ${roleName(r.roleArn)}` }, 'Policy') : null;
  const policyRow = toggle ? h('tr', { id: policyId, class: 'registration-policy', hidden: true },
    h('td', { colspan: '6' },
      h('p', { class: 'hint' }, 'A platform operator adds this to the policy of Modelgate’s own identity, then approves the registration.'),
      policyBlock(r.platformPolicy, { what: `the policy for ${roleName(r.roleArn)}` }))) : null;
  if (toggle) {
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide policy' : 'Policy';
      policyRow.hidden = !open;
    });
  }
  const actions = [];
  if (admin && (pending || r.state === 'APPROVED')) {
    actions.push(h('button', { type: 'button', class: 'button small danger-quiet', 'aria-label': `${pending ? 'Withdraw' : 'Revoke'} ${roleName(r.roleArn)}`,
      onclick: () => revoke(r) }, pending ? 'Withdraw' : 'Revoke'));
  }
  if (admin && (r.state === 'REJECTED' || r.state === 'REVOKED')) {
    actions.push(h('button', { type: 'button', class: 'button small', 'aria-label': `Register ${roleName(r.roleArn)} again`,
      onclick: () => registerAgain(r) }, 'Register again'));
  }
  const row = h('tr', { dataset: { registrationId: r.id, roleArn: r.roleArn, state: r.state }, class: r.id === highlight ? 'highlight' : '' },
    h('th', { scope: 'row' }, h('span', { class: 'role-name' }, roleName(r.roleArn)), h('code', { class: 'role-arn by' }, arnParts(r.roleArn))),
    h('td', { title: STATE_MEANINGS[r.state] }, registrationBadge(r.state)),
    timeCell(r.requestedAt, r.requestedBy),
    timeCell(r.decidedAt, r.decidedBy),
    h('td', { class: r.note ? 'registration-note' : 'muted' }, r.note || '—'),
    h('td', { class: 'actions' }, toggle, actions));
  return policyRow ? [row, policyRow] : [row];
}
