// The console's entry point: the session first (the sign-in screen until there is one), then hash routes (no
// server-side routing, so any page can be reloaded or bookmarked), one screen mounted at a time, focus moved to its
// heading on navigation. What the header offers depends on the signed-in role.
//
//   #/models                        External models                        DEVELOPER, ADMIN
//   #/models/new[/<step>]           Add a model (steps: credentials, model, test)
//   #/models/copy/<id>[/<step>]     Duplicate a model
//   #/models/<id>                   Model detail
//   #/models/<id>/edit[/<step>]     Edit a model
//   #/registrations                 Role registrations                     ADMIN (DEVELOPER reads)
//   #/external-id                   External ID and its rotation           ADMIN (DEVELOPER reads)
//   #/keys                          API keys                               ADMIN
//   #/budgets                       Budgets, with what each has spent      DEVELOPER, ADMIN
//   #/members                       Members                                ADMIN
//   #/usage[?days=&page=]           Usage of every model, recent calls      DEVELOPER, ADMIN
//   #/audit[?action=&actor=&from=&to=&page=]  Audit log                    ADMIN
//   #/workspaces                    Workspaces, with their counts          OPERATOR
//   #/workspaces/<id>               A workspace's overview                 OPERATOR
//   #/operator/registrations[?state=]  Every workspace's role registrations  OPERATOR
//   #/operator/audit[?workspaceId=&action=&actor=&from=&to=&page=]  The platform's audit log  OPERATOR
//   #/operator/settings             Platform settings                      OPERATOR

import { api, ApiError, UNAUTHENTICATED_EVENT, PASSWORD_CHANGE_EVENT } from './api.js';
import { h, replace } from './dom.js';
import { problemBox } from './form.js';
import { mountSignIn, mountPasswordChange, accountArea, ROLE_NAMES } from './session.js';
import { mountList } from './list.js';
import { mountDetail } from './detail.js';
import { mountWizard } from './wizard.js';
import { mountKeys } from './keys.js';
import { mountBudgets, budgetBanner } from './budgets.js';
import { mountMembers } from './members.js';
import { mountAudit, mountOperatorAudit } from './audit.js';
import { mountUsage } from './usage.js';
import { mountWorkspaces } from './workspaces.js';
import { mountWorkspaceOverview } from './workspace-overview.js';
import { mountRegistrations } from './registrations.js';
import { mountExternalId } from './external-id.js';
import { mountOperatorRegistrations, mountSettings } from './operator.js';

const main = document.getElementById('main');
/** Above every screen of a workspace: the budgets spent or past their soft threshold (budgets.js). */
const budgetSlot = h('div', { id: 'budget-banner' });
main.before(budgetSlot);
const nav = document.getElementById('nav');
const account = document.getElementById('account-slot');
const brand = document.getElementById('brand');
const menuButton = document.getElementById('menu-button');
const menu = document.getElementById('topbar-menu');
let cleanup = null;
let generation = 0;
/** The signed-in caller ({kind, name, role, workspace, passwordChangeRequired}); null while signed out. */
let session = null;
let signingIn = false;

/** Each section of the console: its link, and the roles that see it. */
const SECTIONS = [
  { id: 'models', href: '#/models', label: 'External models', roles: ['ADMIN', 'DEVELOPER'] },
  { id: 'registrations', href: '#/registrations', label: 'IAM roles', roles: ['ADMIN', 'DEVELOPER'] },
  { id: 'external-id', href: '#/external-id', label: 'External ID', roles: ['ADMIN', 'DEVELOPER'] },
  { id: 'keys', href: '#/keys', label: 'API keys', roles: ['ADMIN'] },
  { id: 'members', href: '#/members', label: 'Members', roles: ['ADMIN'] },
  { id: 'budgets', href: '#/budgets', label: 'Budgets', roles: ['ADMIN', 'DEVELOPER'] },
  { id: 'usage', href: '#/usage', label: 'Usage', roles: ['ADMIN', 'DEVELOPER'] },
  { id: 'audit', href: '#/audit', label: 'Audit log', roles: ['ADMIN'] },
  { id: 'workspaces', href: '#/workspaces', label: 'Workspaces', roles: ['OPERATOR'] },
  { id: 'operator-registrations', href: '#/operator/registrations', label: 'Role registrations', roles: ['OPERATOR'] },
  { id: 'operator-audit', href: '#/operator/audit', label: 'Audit log', roles: ['OPERATOR'] },
  { id: 'settings', href: '#/operator/settings', label: 'Settings', roles: ['OPERATOR'] },
];

export function parseRoute(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { screen: 'home' };
  if (parts.length === 2 && parts[0] === 'operator' && parts[1] === 'registrations') {
    return { screen: 'operator-registrations', section: 'operator-registrations', params };
  }
  if (parts.length === 2 && parts[0] === 'operator' && parts[1] === 'audit') {
    return { screen: 'operator-audit', section: 'operator-audit', params };
  }
  if (parts.length === 2 && parts[0] === 'workspaces') {
    return { screen: 'workspace', section: 'workspaces', id: parts[1] };
  }
  if (parts.length === 2 && parts[0] === 'operator' && parts[1] === 'settings') {
    return { screen: 'settings', section: 'settings' };
  }
  if (parts.length === 1 && ['keys', 'members', 'budgets', 'workspaces', 'registrations', 'external-id'].includes(parts[0])) {
    return { screen: parts[0], section: parts[0] };
  }
  if (parts.length === 1 && parts[0] === 'usage') {
    return { screen: 'usage', section: 'usage', params };
  }
  if (parts.length === 1 && parts[0] === 'audit') {
    return { screen: 'audit', section: 'audit', params };
  }
  if (parts[0] !== 'models') return { screen: 'missing' };
  if (parts.length === 1) {
    return { screen: 'list', section: 'models', page: Math.max(0, Number(params.get('page')) || 0), highlight: params.get('highlight') };
  }
  if (parts[1] === 'new') return { screen: 'wizard', section: 'models', mode: 'new', step: parts[2] };
  if (parts[1] === 'copy' && parts[2]) return { screen: 'wizard', section: 'models', mode: 'copy', id: parts[2], step: parts[3] };
  if (parts.length === 2) return { screen: 'detail', section: 'models', id: parts[1] };
  if (parts[2] === 'edit') return { screen: 'wizard', section: 'models', mode: 'edit', id: parts[1], step: parts[3] };
  return { screen: 'missing' };
}

function sectionsFor(role) {
  return SECTIONS.filter((s) => s.roles.includes(role));
}

function unmount() {
  generation += 1;
  if (cleanup) {
    const previous = cleanup;
    cleanup = null;
    previous();
  }
}

async function route() {
  if (!session) return;
  unmount();
  const mine = generation;
  const target = parseRoute(location.hash);
  const sections = sectionsFor(session.role);
  if (target.screen === 'home') {
    location.replace(sections[0].href);
    return;
  }
  setMenuOpen(false);
  nav.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === target.section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const screen = h('div', { class: `screen screen-${target.screen}` });
  replace(main, screen);
  if (session.workspace) budgetBanner(budgetSlot);
  let result = null;
  const section = SECTIONS.find((s) => s.id === target.section);
  if (section && !section.roles.includes(session.role)) {
    document.title = 'Not available · Modelgate';
    replace(screen, h('h1', { tabindex: '-1' }, 'Not available'),
      h('p', { class: 'lead', id: 'not-available' }, `${section.label} ${section.label.endsWith('s') ? 'need' : 'needs'} the `,
        section.roles.map((r) => ROLE_NAMES[r]).join(' or '), ` role; you are signed in as ${ROLE_NAMES[session.role]}.`),
      h('p', {}, h('a', { href: sections[0].href }, `Go to ${sections[0].label}`)));
    target.screen = 'refused';
  }
  switch (target.screen) {
    case 'refused':
      break;
    case 'list':
      document.title = 'External models · Modelgate';
      result = await mountList(screen, target);
      break;
    case 'detail':
      document.title = 'Model · Modelgate';
      result = await mountDetail(screen, target);
      break;
    case 'wizard':
      document.title = `${target.mode === 'edit' ? 'Edit model' : 'Add a model'} · Modelgate`;
      result = await mountWizard(screen, target, { session });
      break;
    case 'keys':
      result = await mountKeys(screen);
      break;
    case 'members':
      result = await mountMembers(screen, { session });
      break;
    case 'budgets':
      result = await mountBudgets(screen, { session });
      break;
    case 'usage':
      result = await mountUsage(screen, target);
      break;
    case 'audit':
      result = await mountAudit(screen, target);
      break;
    case 'workspaces':
      result = await mountWorkspaces(screen);
      break;
    case 'workspace':
      result = await mountWorkspaceOverview(screen, target);
      break;
    case 'operator-audit':
      result = await mountOperatorAudit(screen, target);
      break;
    case 'registrations':
      result = await mountRegistrations(screen, { session });
      break;
    case 'external-id':
      result = await mountExternalId(screen, { session });
      break;
    case 'operator-registrations':
      result = await mountOperatorRegistrations(screen, target);
      break;
    case 'settings':
      result = await mountSettings(screen);
      break;
    default:
      document.title = 'Not found · Modelgate';
      replace(screen, h('h1', { tabindex: '-1' }, 'Nothing here'),
        h('p', {}, h('a', { href: sections[0].href }, `Go to ${sections[0].label}`)));
  }
  if (mine !== generation) {
    if (typeof result === 'function') result();
    return;
  }
  cleanup = typeof result === 'function' ? result : null;
  const heading = screen.querySelector('h1');
  if (heading && !screen.contains(document.activeElement)) heading.focus({ preventScroll: true });
  const title = heading ? heading.textContent : '';
  if (title) document.title = `${title} · Modelgate`;
}

/** The header for a signed-in caller: the sections their role may use, who they are and Sign out. */
function showFrame() {
  const sections = sectionsFor(session.role);
  brand.setAttribute('href', sections[0].href);
  replace(nav, sections.map((s) => h('a', { href: s.href, dataset: { nav: s.id } }, s.label)));
  nav.hidden = false;
  menuButton.hidden = false;
  replace(account, accountArea(session, signedOut));
}

function hideFrame() {
  setMenuOpen(false);
  replace(budgetSlot);
  replace(nav);
  nav.hidden = true;
  menuButton.hidden = true;
  replace(account);
  brand.setAttribute('href', '#/');
}

/** Shows the sign-in screen until a session exists, then the screen of the current route. */
async function signIn({ expired = false } = {}) {
  if (signingIn) return;
  signingIn = true;
  const previous = session;
  session = null;
  unmount();
  hideFrame();
  document.title = 'Sign in · Modelgate';
  const screen = h('div', { class: 'screen screen-sign-in' });
  replace(main, screen);
  session = await mountSignIn(screen, { expired, username: previous ? previous.name : '' });
  signingIn = false;
  if (session.passwordChangeRequired && !(await choosePassword())) return;
  showFrame();
  await route();
}

/**
 * An admin set this account's password: the app waits behind the change-password screen until the user chooses
 * their own. Answers whether they did (false: they signed out instead).
 */
async function choosePassword() {
  unmount();
  hideFrame();
  document.title = 'Choose your own password · Modelgate';
  const screen = h('div', { class: 'screen screen-sign-in' });
  replace(main, screen);
  const changed = await mountPasswordChange(screen, session);
  if (!changed) {
    signedOut();
    return false;
  }
  session = { ...session, passwordChangeRequired: false };
  return true;
}

/** After Sign out: the browser's unsaved drafts belong to whoever signed out, so they go too. */
function signedOut() {
  sessionStorage.clear();
  session = null;
  history.replaceState(null, '', '#/');
  signIn();
}

async function boot() {
  try {
    session = await api.session();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status !== 401) {
      replace(main, h('h1', { tabindex: '-1' }, 'Modelgate'), problemBox(e, { title: 'The console could not start' }));
      return;
    }
  }
  if (!session) {
    await signIn();
    return;
  }
  if (session.passwordChangeRequired && !(await choosePassword())) return;
  showFrame();
  await route();
}

/**
 * On narrow screens the sections and the account area fold into a panel under the header that the Menu button opens
 * (CSS shows them inline, and hides the button, where they fit). Escape or choosing a section closes it.
 */
function setMenuOpen(open) {
  menuButton.setAttribute('aria-expanded', String(open));
  menu.classList.toggle('open', open);
}
menuButton.addEventListener('click', () => setMenuOpen(menuButton.getAttribute('aria-expanded') !== 'true'));
menu.addEventListener('click', (event) => {
  if (event.target.closest('a[href]')) setMenuOpen(false);
});
document.querySelector('.topbar').addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || menuButton.getAttribute('aria-expanded') !== 'true') return;
  event.preventDefault();
  setMenuOpen(false);
  menuButton.focus();
});

/**
 * On phones each row of a list becomes a small card (console.css), where the column headers are out of sight: every
 * data cell carries its column's name in data-label for the card to show. Lists are built by many screens, so the
 * cells are labelled here as they appear.
 */
function labelCells(table) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const row of table.tBodies[0]?.rows || []) {
    if (row.cells.length !== names.length) continue; // a detail row spanning the columns
    [...row.cells].forEach((cell, i) => {
      const actions = cell.querySelector('button:not([role="switch"]), a.button'); // a row's buttons say what they do
      if (cell.tagName === 'TD' && names[i] && !actions && !cell.hasAttribute('data-label')) cell.dataset.label = names[i];
    });
  }
}
new MutationObserver(() => main.querySelectorAll('table.models').forEach(labelCells))
  .observe(main, { childList: true, subtree: true });

// The skip link moves focus to the content; as a plain #main link it would be taken for a route.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
window.addEventListener(UNAUTHENTICATED_EVENT, () => {
  if (session) signIn({ expired: true });
});
// An admin reset the password while this session was open: choose a new one, then back to the same screen.
window.addEventListener(PASSWORD_CHANGE_EVENT, async () => {
  if (!session || session.passwordChangeRequired || signingIn) return;
  session = { ...session, passwordChangeRequired: true };
  if (await choosePassword()) {
    showFrame();
    await route();
  }
});
window.addEventListener('error', (event) => {
  console.error(event.error || event.message);
});
boot();
