// External ID (the workspace's; admins rotate it, developers read it): the ID every role's trust policy requires and
// that trust policy. A rotation happens without downtime: Start gives a new, pending ID and a trust policy accepting
// both; once each role trusts it, Confirm switches Modelgate to the new ID and checks every approved role with it
// (the answer's roleChecks say which accept it, and why the others do not). Cancel drops the pending ID.

import { api, ApiError } from './api.js';
import { h, replace, copyButton, confirmDialog, toast, exactTime, relativeTime } from './dom.js';
import { problemBox } from './form.js';
import { loader } from './loader.js';

export async function mountExternalId(root, { session }) {
  const admin = session.role === 'ADMIN';
  const title = h('h1', { tabindex: '-1' }, 'External ID');
  // An answer that holds the workspace as it is now (a rotation's) is shown without asking again.
  const { content, load } = loader({ what: 'the workspace', fetch: (answer = null) => answer || api.workspace(), render: show });
  const checks = h('div', { id: 'rotation-result' });

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'Each role’s trust policy lets Modelgate in only when it presents this workspace’s External ID, ',
        'so that no other workspace can use your roles. You can replace the ID without downtime.')),
    checks, content);

  function show(workspace) {
    replace(content, currentCard(workspace), workspace.pendingExternalId ? rotationCard(workspace) : startCard());
  }

  function currentCard(w) {
    return h('section', { class: 'card', 'aria-labelledby': 'current-id-heading' },
      h('h2', { id: 'current-id-heading' }, 'Current External ID'),
      h('dl', { class: 'facts facts-wide' },
        h('dt', {}, 'Workspace'), h('dd', {}, w.name),
        h('dt', {}, 'External ID'),
        h('dd', {}, h('code', { id: 'current-external-id' }, w.externalId), ' ', copyButton(w.externalId, 'Copy', 'the current External ID'))),
      w.pendingExternalId ? null : policy('Trust policy', 'trust-policy', w.trustPolicy,
        'What each of your roles should trust: Modelgate’s principal, with this External ID.'));
  }

  function startCard() {
    if (!admin) {
      return h('p', { class: 'callout callout-info', id: 'rotation-admins-only' }, 'Workspace admins can rotate the External ID.');
    }
    const start = h('button', { type: 'button', class: 'button', id: 'start-rotation' }, 'Start rotation');
    start.addEventListener('click', () => act(start, api.startRotation, 'A new External ID is pending.'));
    return h('section', { class: 'card', 'aria-labelledby': 'rotate-heading' },
      h('h2', { id: 'rotate-heading' }, 'Rotate the External ID'),
      h('p', {}, 'Starting a rotation gives a new External ID and changes nothing yet: Modelgate keeps sending the current one ',
        'until you confirm. In between, you update each role’s trust policy to accept both IDs.'),
      h('div', { class: 'form-actions' }, start));
  }

  function rotationCard(w) {
    const heading = h('h2', { id: 'rotation-heading', tabindex: '-1' }, 'Rotation in progress');
    const confirm = h('button', { type: 'button', class: 'button primary', id: 'confirm-rotation' }, 'Confirm: switch to the new ID');
    const cancel = h('button', { type: 'button', class: 'button', id: 'cancel-rotation' }, 'Cancel rotation');
    confirm.addEventListener('click', async () => {
      const sure = await confirmDialog({
        title: 'Switch to the new External ID?',
        body: [h('p', {}, 'Modelgate sends ', h('code', {}, w.pendingExternalId), ' from now on and no longer the current ID; ',
          'sessions assumed with the old one end. A role whose trust policy does not accept the new ID yet is refused ',
          'until it does.'),
        h('p', {}, 'Each approved role is checked with the new ID right after.')],
        confirm: 'Switch to the new ID',
      });
      if (sure) await act(confirm, api.confirmRotation, 'The new External ID is current.');
    });
    cancel.addEventListener('click', () => act(cancel, api.cancelRotation, 'The rotation was cancelled; the External ID did not change.'));
    return h('section', { class: 'card rotation', 'aria-labelledby': heading.id },
      heading,
      h('p', { class: 'muted' }, 'Started ', h('time', { datetime: w.rotationStartedAt, title: exactTime(w.rotationStartedAt) },
        relativeTime(w.rotationStartedAt)), '. Modelgate still sends the current External ID.'),
      h('dl', { class: 'facts facts-wide' },
        h('dt', {}, 'New External ID'),
        h('dd', {}, h('code', { id: 'pending-external-id' }, w.pendingExternalId), ' ',
          copyButton(w.pendingExternalId, 'Copy', 'the new External ID'))),
      h('ol', { class: 'how-to rotation-steps' },
        h('li', {}, h('strong', {}, 'Update each role’s trust policy'), ' to the transition policy below: it accepts both IDs, so ',
          'nothing breaks while you go through them (IAM → Roles → the role → Trust relationships → Edit trust policy).'),
        h('li', {}, h('strong', {}, 'Confirm'), ': Modelgate switches to the new ID and checks each approved role with it.'),
        h('li', {}, 'Once every role accepts it, you may replace the transition policy with the one that accepts only the new ID.')),
      h('div', { class: 'doc-grid' },
        policy('Transition trust policy (both IDs)', 'transition-policy', w.trustPolicy,
          'Paste this into each role now.'),
        policy('Trust policy after the rotation', 'after-rotation-policy', w.trustPolicyAfterRotation,
          'Only the new ID: for after you confirmed.')),
      admin ? h('div', { class: 'form-actions' }, confirm, cancel) : null);
  }

  async function act(button, call, message) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const answer = await call();
      toast(message, { kind: 'ok' });
      replace(checks, answer.roleChecks ? roleChecks(answer) : null);
      await load(answer);
      const focus = answer.roleChecks ? checks.querySelector('h2') : content.querySelector('#rotation-heading') || title;
      if (focus) focus.focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(checks, problemBox(e));
      await load();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  await load();
  return null;
}

/** Which approved roles accept the new External ID, and what the others still need. */
function roleChecks(answer) {
  const list = answer.roleChecks;
  const refused = list.filter((c) => !c.accepted).length;
  const heading = h('h2', { tabindex: '-1', id: 'role-checks-heading' }, 'The new External ID is current');
  return h('section', { class: `card role-checks ${refused ? 'has-problems' : ''}`, 'aria-labelledby': heading.id },
    heading,
    h('p', {}, list.length === 0 ? 'This workspace has no approved roles to check.'
      : refused === 0 ? `All ${list.length} approved role${list.length === 1 ? '' : 's'} accept it.`
        : `${list.length - refused} of ${list.length} approved roles accept it. Update the trust policy of the others `
          + '(the policy below accepts only the new ID): until then Modelgate cannot assume them.'),
    list.length ? h('ul', { class: 'role-check-list' }, list.map((c) => h('li', { class: c.accepted ? 'accepted' : 'refused', dataset: { roleArn: c.roleArn } },
      h('span', { class: `badge ${c.accepted ? 'badge-ok' : 'badge-bad'}` }, c.accepted ? '✓ Accepts' : '✗ Refuses'), ' ',
      h('code', {}, c.roleArn),
      c.problem ? h('p', { class: 'hint role-check-problem' }, c.problem) : null))) : null);
}

function policy(title, id, document, blurb) {
  if (!document) {
    return h('p', { class: 'hint' }, 'Modelgate cannot learn its own AWS identity right now, so it cannot show the trust policy. Ask your platform operator.');
  }
  const text = JSON.stringify(document, null, 2);
  return h('section', { class: 'doc', 'aria-labelledby': `${id}-title` },
    h('div', { class: 'doc-head' }, h('h3', { id: `${id}-title` }, title), copyButton(text, 'Copy', title.toLowerCase())),
    h('p', { class: 'hint' }, blurb),
    h('pre', { class: 'code-block', id, tabindex: '0' }, text));
}
