// Signing in and out. The sign-in screen takes the place of the whole app until a session exists; after a session
// ends mid-use it comes back over the screen the user was on, and signing in again returns there (the wizard's
// unsaved work is in sessionStorage, so nothing typed is lost).

import { api, ApiError } from './api.js';
import { h, replace, exactTime } from './dom.js';
import { describe } from './form.js';

/** What a role may do, as the header and the refusals put it. */
export const ROLE_NAMES = { OPERATOR: 'Platform operator', ADMIN: 'Admin', DEVELOPER: 'Developer', AGENT: 'Agent' };

const SIGN_IN_TITLES = { 'sign-in-failed': 'Not signed in', 'account-locked': 'Account locked', 'rate-limited': 'Slow down' };

/** The problem of a refused sign-in as a sentence for the user; never repeats what was typed. */
export function signInMessage(error) {
  if (!(error instanceof ApiError)) return 'Signing in failed. Try again.';
  switch (error.slug) {
    case 'sign-in-failed':
      return 'The username or password is wrong.';
    case 'account-locked': {
      const until = /locked until (\S+?);/.exec(error.problem.detail || '');
      const when = until ? exactTime(until[1]) : '';
      return when ? `Too many failed sign-ins: this account is locked until ${when}. Try again then, or ask an admin to reset the password.`
        : 'Too many failed sign-ins: this account is locked for now. Try again later, or ask an admin to reset the password.';
    }
    case 'rate-limited':
      return `Too many sign-in attempts from this address. Try again in ${error.retryAfter || 'a few'} second${error.retryAfter === 1 ? '' : 's'}.`;
    default:
      return error.status === 0 ? error.message : (error.problem.detail || error.message);
  }
}

/**
 * The sign-in form in `root`. Resolves with the session once signed in.
 *
 * @param {object} options
 * @param {boolean} [options.expired] the session ended mid-use: say so, and that signing in returns to the same place
 * @param {string} [options.username] prefilled (the user whose session ended)
 */
export function mountSignIn(root, { expired = false, username = '' } = {}) {
  return new Promise((resolve) => {
    const title = h('h1', { tabindex: '-1', id: 'sign-in-title' }, 'Sign in to Modelgate');
    const user = h('input', { type: 'text', id: 'sign-in-username', name: 'username', autocomplete: 'username',
      autocapitalize: 'none', spellcheck: 'false', required: true, value: username });
    const password = h('input', { type: 'password', id: 'sign-in-password', name: 'password',
      autocomplete: 'current-password', required: true });
    const error = h('div', { id: 'sign-in-error', class: 'callout callout-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'button primary', id: 'sign-in' }, 'Sign in');
    describe(user, error.id);
    describe(password, error.id);
    const form = h('form', { class: 'sign-in-form', 'aria-labelledby': title.id, novalidate: true },
      h('div', { class: 'field' }, h('label', { for: user.id }, 'Username'), user),
      h('div', { class: 'field' }, h('label', { for: password.id }, 'Password'), password),
      error,
      submit);

    const fail = (message, focus, heading = null) => {
      replace(error, heading ? h('p', { class: 'callout-title' }, heading) : null, h('p', {}, message));
      error.hidden = false;
      focus.setAttribute('aria-invalid', 'true');
      focus.focus();
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      user.removeAttribute('aria-invalid');
      password.removeAttribute('aria-invalid');
      if (!user.value.trim()) { fail('Enter your username.', user); return; }
      if (!password.value) { fail('Enter your password.', password); return; }
      submit.disabled = true;
      submit.textContent = 'Signing in…';
      try {
        const session = await api.signIn(user.value.trim(), password.value);
        password.value = '';
        resolve(session);
      } catch (e) {
        password.value = '';
        fail(signInMessage(e), password, e instanceof ApiError ? SIGN_IN_TITLES[e.slug] : null);
      } finally {
        submit.disabled = false;
        submit.textContent = 'Sign in';
      }
    });

    replace(root, h('div', { class: 'sign-in' },
      h('div', { class: 'card sign-in-card' },
        h('img', { src: '/console/favicon.svg', alt: '', width: '36', height: '36', class: 'sign-in-logo' }),
        title,
        expired
          ? h('p', { class: 'callout callout-info', id: 'session-expired' },
            'Your session ended. Sign in again to continue where you were; nothing you typed is lost.')
          : h('p', { class: 'lead' }, 'Connect your workspace’s Bedrock models, manage its API keys and members.'),
        form)));
    (user.value ? password : user).focus();
  });
}

/**
 * The header's account area: who is signed in (name, role, workspace) and a Sign out button that calls `onSignOut`.
 */
export function accountArea(session, onSignOut) {
  const button = h('button', { type: 'button', class: 'button small', id: 'sign-out' }, 'Sign out');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.signOut();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // A session that is gone already is signed out; anything else still ends it here.
    }
    onSignOut();
  });
  return h('div', { class: 'account', id: 'account' },
    h('span', { class: 'account-who' },
      h('span', { class: 'visually-hidden' }, 'Signed in as '),
      h('span', { class: 'account-name', id: 'account-name' }, session.name),
      h('span', { class: 'badge badge-muted account-role', id: 'account-role', dataset: { role: session.role } },
        ROLE_NAMES[session.role] || session.role),
      session.workspace ? h('span', { class: 'account-workspace', id: 'account-workspace' },
        h('span', { class: 'visually-hidden' }, ' in workspace '), session.workspace.name) : null),
    button);
}
