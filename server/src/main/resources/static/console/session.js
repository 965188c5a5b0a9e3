// Signing in and out. The sign-in screen takes the place of the whole app until a session exists; after a session
// ends mid-use it comes back over the screen the user was on, and signing in again returns there (the wizard's
// unsaved work is in sessionStorage, so nothing typed is lost).

import { api, ApiError } from './api.js';
import { h, replace, exactTime, toast, uid } from './dom.js';
import { describe } from './form.js';
import { mayDiscardUnsaved } from './unsaved.js';

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

    const providers = h('div', { class: 'sign-in-providers', id: 'sign-in-providers', hidden: true });
    replace(root, h('div', { class: 'sign-in' },
      h('div', { class: 'card sign-in-card' },
        h('img', { src: '/console/favicon.svg', alt: '', width: '36', height: '36', class: 'sign-in-logo' }),
        title,
        expired
          ? h('p', { class: 'callout callout-info', id: 'session-expired' },
            'Your session ended. Sign in again to continue where you were; nothing you typed is lost.')
          : h('p', { class: 'lead' }, 'Connect your workspace’s Bedrock models, manage its API keys and members.'),
        form,
        providers)));
    const providerError = /(?:^|[#&])signin-error=([a-z-]+)/.exec(window.location.hash);
    if (providerError) {
      fail(PROVIDER_ERRORS[providerError[1]] || PROVIDER_ERRORS.provider, user, 'Not signed in');
      history.replaceState(null, '', window.location.pathname);
    }
    showProviders(providers);
    (user.value ? password : user).focus();
  });
}

const PROVIDER_ERRORS = {
  'no-account': 'Your identity provider signed you in, but no Modelgate account has that name (or the email is not verified). Members a workspace admin adds sign in as their name in the workspace (name.namespace): ask your admin which name to use, or to sign in with your password.',
  provider: 'Signing in with your identity provider did not complete. Try again.',
};

/** Links to the configured OpenID Connect providers, if any, under the form. */
async function showProviders(container) {
  let result;
  try {
    result = await api.providers();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return; // password sign-in still works
  }
  if (!result.providers.length) return;
  replace(container, h('p', { class: 'sign-in-or' }, 'or'),
    ...result.providers.map((p) => h('a', { class: 'button sign-in-provider', href: p.signInUrl,
      dataset: { provider: p.id } }, `Sign in with ${p.name}`)));
  container.hidden = false;
}

/** A refused password change as sentences for the user. */
function passwordProblem(error) {
  if (!error.violations.length) return error.message;
  return error.violations.map((v) => {
    if (v.rule === 'wrong-password') return 'The current password is wrong.';
    if (v.rule === 'same-password') return 'Choose a password of your own, not the one your admin set.';
    return v.message.replace(/^newPassword/, 'The new password');
  }).join(' ');
}

/**
 * The screen an account whose password an admin set sees right after signing in, in place of the whole app: until
 * it chooses its own password, Modelgate refuses everything else (403 password-change-required). Resolves true once
 * changed, false when the user signs out instead.
 */
export function mountPasswordChange(root, session) {
  return new Promise((resolve) => {
    const title = h('h1', { tabindex: '-1', id: 'password-change-title' }, 'Choose your own password');
    const field = (id, label, autocomplete) => {
      const input = h('input', { type: 'password', id, autocomplete, required: true });
      return { input, row: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
    };
    const current = field('password-change-current', 'Password your admin gave you', 'current-password');
    const next = field('password-change-new', 'New password (12 to 128 characters)', 'new-password');
    const again = field('password-change-again', 'New password again', 'new-password');
    const error = h('div', { id: 'password-change-error', class: 'callout callout-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'button primary', id: 'password-change-save' }, 'Set my password');
    const signOut = h('button', { type: 'button', class: 'button', id: 'password-change-sign-out' }, 'Sign out');
    for (const f of [current, next, again]) describe(f.input, error.id);
    const form = h('form', { class: 'sign-in-form', 'aria-labelledby': title.id, novalidate: true },
      current.row, next.row, again.row, error, h('div', { class: 'dialog-actions' }, signOut, submit));
    const fail = (message, focus) => {
      replace(error, h('p', {}, message));
      error.hidden = false;
      focus.focus();
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      if (!current.input.value) { fail('Enter the password your admin gave you.', current.input); return; }
      if (next.input.value !== again.input.value) { fail('The new password and its repetition differ.', again.input); return; }
      submit.disabled = true;
      try {
        await api.changePassword(current.input.value, next.input.value);
        toast('Your password was changed.', { kind: 'ok' });
        resolve(true);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        fail(passwordProblem(e), e.violations.some((v) => v.field === 'currentPassword') ? current.input : next.input);
      } finally {
        submit.disabled = false;
      }
    });
    signOut.addEventListener('click', async () => {
      signOut.disabled = true;
      try {
        await api.signOut();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
      resolve(false);
    });
    replace(root, h('div', { class: 'sign-in' },
      h('div', { class: 'card sign-in-card' },
        title,
        h('p', { class: 'callout callout-info', id: 'password-change-why' },
          `An admin set the password of ${session.name}. Choose your own before you continue: until you do, `
          + 'Modelgate lets this session do nothing else.'),
        form)));
    current.input.focus();
  });
}

/** A dialog to change one's own password: the current one, then the new one twice. */
async function changePassword() {
  const ids = { current: uid('current-password'), next: uid('new-password'), again: uid('new-password-again') };
  const error = h('div', { class: 'callout callout-error', role: 'alert', id: 'password-error', hidden: true });
  const input = (id, label, autocomplete) => h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { type: 'password', id, autocomplete, required: true }));
  const save = h('button', { type: 'submit', class: 'button primary', id: 'save-password' }, 'Change password');
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const form = h('form', { method: 'dialog', novalidate: true },
    h('h2', { id: 'password-title' }, 'Change your password'),
    input(ids.current, 'Current password', 'current-password'),
    input(ids.next, 'New password (12 to 128 characters)', 'new-password'),
    input(ids.again, 'New password again', 'new-password'),
    error,
    h('div', { class: 'dialog-actions' }, cancel, save));
  const dialog = h('dialog', { class: 'dialog', id: 'password-dialog', 'aria-labelledby': 'password-title' }, form);
  const close = () => { dialog.close(); dialog.remove(); };
  const value = (id) => dialog.querySelector(`#${id}`).value;
  const show = (message) => { replace(error, h('p', {}, message)); error.hidden = false; };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (value(ids.next) !== value(ids.again)) { show('The new password and its repetition differ.'); return; }
    save.disabled = true;
    try {
      await api.changePassword(value(ids.current), value(ids.next));
      close();
      toast('Your password was changed.', { kind: 'ok' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      show(passwordProblem(e));
    } finally {
      save.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector(`#${ids.current}`).focus();
}

/**
 * The header's account area: who is signed in (name, role, workspace) and a Sign out button that calls `onSignOut`.
 */
export function accountArea(session, onSignOut) {
  const button = h('button', { type: 'button', class: 'button small', id: 'sign-out' }, 'Sign out');
  button.addEventListener('click', async () => {
    if (!(await mayDiscardUnsaved('Sign out'))) return;
    button.disabled = true;
    try {
      await api.signOut();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // A session that is gone already is signed out; anything else still ends it here.
    }
    onSignOut();
  });
  const password = h('button', { type: 'button', class: 'button small', id: 'change-password' }, 'Password');
  password.addEventListener('click', changePassword);
  return h('div', { class: 'account', id: 'account' },
    h('span', { class: 'account-who' },
      h('span', { class: 'visually-hidden' }, 'Signed in as '),
      h('span', { class: 'account-name', id: 'account-name', title: session.name }, session.name),
      h('span', { class: 'badge badge-muted account-role', id: 'account-role', dataset: { role: session.role } },
        ROLE_NAMES[session.role] || session.role),
      session.workspace ? h('span', { class: 'account-workspace', id: 'account-workspace', title: session.workspace.name },
        h('span', { class: 'visually-hidden' }, ' in workspace '), session.workspace.name) : null),
    session.kind === 'ACCOUNT' ? password : null,
    button);
}
