// Members (admins): the workspace's console accounts, adding one with a temporary password, and removing one after
// a confirmation. An admin cannot remove themselves (the API refuses it too).

import { api, ApiError } from './api.js';
import { h, replace, exactTime, confirmDialog, toast } from './dom.js';
import { ErrorStore, field, showRefusal } from './form.js';
import { loader } from './loader.js';
import { timeCell } from './keys.js';
import { ROLE_NAMES } from './session.js';

export async function mountMembers(root, { session }) {
  const title = h('h1', { tabindex: '-1' }, 'Members');
  const { content, load } = loader({ what: 'members', fetch: () => api.listMembers(), render: show });
  const errors = new ErrorStore();

  // Usernames a workspace admin gives live in the workspace's namespace (the first 8 letters and digits of its id):
  // the member signs in as name.namespace, and no answer says whether a name exists outside the workspace.
  const namespace = session.workspace.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);
  const username = h('input', { type: 'text', id: 'member-username', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', required: true, maxlength: '55' });
  const password = h('input', { type: 'password', id: 'member-password', autocomplete: 'new-password', required: true,
    maxlength: '128' });
  const role = h('select', { id: 'member-role' },
    h('option', { value: 'DEVELOPER' }, 'Developer — models, Tests, usage'),
    h('option', { value: 'ADMIN' }, 'Admin — everything, keys and members too'));
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'add-member' }, 'Add member');
  const formError = h('div', { class: 'form-problem' });
  const form = h('form', { class: 'card access-form', id: 'member-form', 'aria-labelledby': 'member-form-title', novalidate: true },
    h('h2', { id: 'member-form-title' }, 'Add a member'),
    h('div', { class: 'field-row' },
      field(errors, { key: 'username', label: 'Username', input: username,
        hint: `3 to 55 lower-case letters, digits or . _ @ -; they sign in as username.${namespace}` }),
      field(errors, { key: 'password', label: 'Temporary password', input: password,
        hint: 'At least 12 characters. Give it to them privately.' }),
      field(errors, { key: 'role', label: 'Role', input: role })),
    formError,
    h('div', { class: 'form-actions' }, submit));

  function show(result, highlight = null) {
    const rows = result.members.map((member) => {
      const self = member.username === session.name;
      return h('tr', { dataset: { memberId: member.id, username: member.username }, class: member.id === highlight ? 'highlight' : '' },
        h('th', { scope: 'row' }, h('span', { class: 'member-name' }, member.username),
          self ? h('span', { class: 'badge badge-muted you' }, 'You') : null),
        h('td', {}, ROLE_NAMES[member.role] || member.role),
        timeCell(member.createdAt, member.createdBy),
        h('td', {}, member.lockedUntil
          ? h('span', { class: 'badge badge-bad', title: exactTime(member.lockedUntil) }, `Locked until ${exactTime(member.lockedUntil)}`)
          : h('span', { class: 'muted' }, member.passwordChangeRequired
            ? 'Can sign in, then must choose a password' : 'Can sign in')),
        h('td', { class: 'actions' }, self ? null : [
          h('button', { type: 'button', class: 'button small', 'aria-label': `Set a password for ${member.username}`,
            onclick: () => setPassword(member) }, 'Set password'),
          h('button', { type: 'button', class: 'button small danger-quiet', 'aria-label': `Remove ${member.username}`,
            onclick: () => remove(member) }, 'Remove')]));
    });
    replace(content, h('div', { class: 'table-scroll card flush' }, h('table', { class: 'models members' },
      h('caption', { class: 'visually-hidden' }, 'Members'),
      h('thead', {}, h('tr', {}, ['Username', 'Role', 'Added', 'Sign-in', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
  }

  async function setPassword(member) {
    const input = h('input', { type: 'password', id: 'member-new-password', autocomplete: 'new-password' });
    const confirmed = await confirmDialog({
      title: `Set a password for “${member.username}”`,
      body: h('div', {},
        h('p', {}, 'Give them this temporary password another way: they choose their own at their next sign-in (a session they have open now must choose it first, too). It also lifts a lockout.'),
        h('div', { class: 'field' }, h('label', { for: input.id }, 'Temporary password (12 to 128 characters)'), input)),
      confirm: 'Set password',
    });
    if (!confirmed) return;
    try {
      await api.setMemberPassword(member.id, input.value);
      toast(`“${member.username}” has a new password.`, { kind: 'ok' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      toast(`Not changed: ${e.violations.length ? e.violations[0].message : e.message}`, { kind: 'bad' });
    }
    await load(member.id);
    title.focus();
  }

  async function remove(member) {
    const confirmed = await confirmDialog({
      title: `Remove “${member.username}”?`,
      body: h('p', {}, 'They can no longer sign in, and a session they have open ends with their next click. ',
        'What they did stays in the audit log.'),
      confirm: 'Remove member',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await api.removeMember(member.id);
      toast(`“${member.username}” was removed.`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      toast(`Not removed: ${e.message}`, { kind: 'bad' });
    }
    await load();
    title.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(formError);
    errors.replaceAll([]);
    submit.disabled = true;
    try {
      const member = await api.addMember({ username: username.value.trim(), password: password.value, role: role.value });
      form.reset();
      toast(`“${member.username}” was added as ${ROLE_NAMES[member.role] || member.role}: they sign in as ${member.username}.`, { kind: 'ok' });
      await load(member.id);
      username.focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showRefusal(e, { errors, inputs: { username, password, role }, formError, title: 'The member was not added' });
    } finally {
      submit.disabled = false;
    }
  });

  replace(root,
    h('div', { class: 'page-head' }, h('div', { class: 'title-row' }, title),
      h('p', { class: 'lead' }, 'People who sign in to this workspace’s console. Admins manage keys, members and the audit log; developers work on models.')),
    content, form);
  await load();
  return null;
}
