// The Credentials step's page: Modelgate's identity and the IAM documents to paste, the role ARN and STS endpoint
// fields, the role's registration panel and "Check role" with its result. Builds and repaints the DOM from what
// step-credentials-state.js derives; fetches nothing. What the user does goes to the handlers it is given
// (step-credentials-actions.js).

import { h, replace, copyButton } from './dom.js';
import { field, errorSlot, describe, problemBox } from './form.js';
import { REGIONS, stsEndpointOf } from './regions.js';
import { stageCard } from './test-result.js';
import { registrationBadge, requestOutcome } from './registrations.js';
import { OTHER, stsChoiceOf } from './step-credentials-state.js';

/**
 * Lays the step out in `section` and answers its live parts.
 * @param {{roleTyped, stsChosen, stsTyped, checkRole}} on what the fields and buttons call
 */
export function credentialsView(section, { draft, errors }, on) {
  const docs = h('div', { class: 'iam-docs', 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading Modelgate’s identity…'));
  const roleArn = h('input', { id: 'role-arn', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'arn:aws:iam::123456789012:role/ModelgateBedrockAccess' });
  roleArn.value = draft.roleArn;
  roleArn.addEventListener('input', () => on.roleTyped(roleArn.value.trim()));
  const sts = stsFields(draft.stsEndpoint, errors, on);
  const registrationBody = h('div', { id: 'role-registration-state', 'aria-live': 'polite' });
  const checkButton = h('button', { type: 'button', class: 'button', id: 'check-role' }, 'Check role');
  checkButton.addEventListener('click', () => on.checkRole());
  const checkResult = h('div', { class: 'check-result', 'aria-live': 'polite' });

  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, 'Credentials'),
    h('p', { class: 'lead' }, 'Modelgate calls Bedrock in your AWS account through an IAM role that you create. The role trusts ',
      'Modelgate only when it presents your workspace’s External ID, so no access keys change hands.'),
    h('section', { class: 'card', 'aria-labelledby': 'iam-heading' },
      h('h3', { id: 'iam-heading' }, '1. Create the role in your AWS account'),
      docs),
    h('section', { class: 'card', 'aria-labelledby': 'connect-heading' },
      h('h3', { id: 'connect-heading' }, '2. Connect the role'),
      field(errors, { key: 'roleArn', label: 'Role ARN', input: roleArn,
        hint: 'IAM → Roles → your role → ARN. It looks like arn:aws:iam::123456789012:role/ModelgateBedrockAccess.' }),
      registrationPanel(registrationBody),
      sts.element,
      h('div', { class: 'check-row' }, checkButton,
        h('span', { class: 'hint' }, 'Only assumes the role: nothing is saved and no model is called.')),
      checkResult));
  sts.bind();
  return { docs, roleArn, sts, registrationBody, checkButton, checkResult };
}

/** The STS endpoint: a choice of the Regions' endpoints, the global one, or one typed. */
function stsFields(endpoint, errors, on) {
  const select = h('select', { id: 'sts-choice' },
    h('option', { value: '' }, 'The model’s Region (recommended)'),
    REGIONS.map(([id, name]) => h('option', { value: stsEndpointOf(id) }, `${stsEndpointOf(id)} — ${name}`)),
    h('option', { value: 'https://sts.amazonaws.com' }, 'https://sts.amazonaws.com — global endpoint'),
    h('option', { value: OTHER }, 'Another endpoint (type it)…'));
  const input = h('input', { id: 'sts-endpoint', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'https://sts-fips.us-east-1.amazonaws.com' });
  select.value = stsChoiceOf(endpoint, [...select.options].map((o) => o.value));
  input.value = endpoint;
  const typed = h('div', { class: 'field nested' }, h('label', { for: 'sts-endpoint' }, 'STS endpoint URL'), input);
  typed.hidden = select.value !== OTHER;
  const error = errorSlot('sts-endpoint-error');
  describe(select, 'sts-choice-hint', error.id);
  describe(input, 'sts-choice-hint', error.id);
  select.addEventListener('change', () => on.stsChosen(select.value, input.value.trim()));
  input.addEventListener('input', () => on.stsTyped(input.value.trim()));
  return {
    element: h('div', { class: 'field' }, h('label', { for: 'sts-choice' }, 'STS endpoint'), select,
      h('p', { class: 'hint', id: 'sts-choice-hint' }, 'Where Modelgate asks AWS STS for a session of your role. Only genuine AWS STS hosts are accepted.'),
      typed, error),
    /** Shows or hides the typed endpoint. */
    showTyped(other) { typed.hidden = !other; },
    focusTyped() { input.focus(); },
    /** Binds the field's errors to what is shown: the typed endpoint, or the choice. */
    bind() { errors.bind('stsEndpoint', select.value === OTHER ? input : select, error); },
  };
}

function registrationPanel(body) {
  return h('section', { class: 'registration-panel', id: 'role-registration', 'aria-labelledby': 'registration-heading' },
    h('div', { class: 'doc-head' }, h('h4', { id: 'registration-heading' }, 'Registration for this workspace'),
      h('a', { href: '#/registrations', class: 'quiet-link' }, 'All registered roles')),
    h('p', { class: 'hint' }, 'Modelgate assumes a role for this workspace only once its registration is approved.'),
    body);
}

export function paintRegistrationPrompt(body) {
  replace(body, h('p', { class: 'muted' }, 'Enter the role ARN above to see whether it is registered for this workspace.'));
}

/**
 * The role's registration ({@link registrationLine}), the outcome of registering it, and "Register this role" when
 * the caller may. Answers the register button, or null.
 */
export function paintRegistration(body, line, { found, outcome, onRegister }) {
  const { state } = line;
  const button = line.register ? h('button', { type: 'button', class: 'button primary', id: 'register-this-role' }, line.register) : null;
  if (button) button.addEventListener('click', () => onRegister(button));
  replace(body,
    h('p', { class: 'registration-line', dataset: { state } },
      state === 'NOT_REGISTERED' ? h('span', { class: 'badge badge-muted registration-state', dataset: { state } }, 'Not registered')
        : registrationBadge(state),
      ' ', line.meaning === null ? null : h('span', { class: 'registration-meaning' }, line.meaning)),
    line.note ? h('p', { class: 'registration-note' }, h('strong', {}, line.note.label), line.note.text) : null,
    outcome ? requestOutcome(outcome) : null,
    line.showPlatformPolicy ? h('details', { class: 'policy-details' },
      h('summary', {}, 'The policy the platform operator adds'), requestOutcome(found).querySelector('.policy-block')) : null,
    button,
    line.askAnAdmin ? h('p', { class: 'callout callout-info', id: 'ask-an-admin' },
      'Only workspace admins register roles: ask one of them to register this role (on the IAM roles page), then check again.') : null);
  return button;
}

/** Moves focus to the outcome of a registration just made. */
export function focusOutcome(body) {
  const focus = body.querySelector('.registration-outcome .callout-title');
  if (focus) { focus.setAttribute('tabindex', '-1'); focus.focus(); }
}

export function paintProblem(el, e, title) {
  replace(el, problemBox(e, title ? { title } : undefined));
}

/** Marks a button busy (disabled, aria-busy) or not. */
export function busy(button, yes) {
  button.disabled = yes;
  if (yes) button.setAttribute('aria-busy', 'true'); else button.removeAttribute('aria-busy');
}

/** What "Check role" shows: running, the ASSUME_ROLE stage, or that the server cannot check a role. */
export const checkResults = {
  running(el) { replace(el, h('p', { class: 'muted' }, 'Assuming the role…')); },
  stage(el, stage) { replace(el, stage ? stageCard(stage, 4, { open: true }) : h('p', {}, 'No result.')); },
  unavailable(el) {
    replace(el, h('div', { class: 'callout callout-info' },
      h('p', {}, 'This Modelgate server cannot check a role on its own yet. Continue to step 3: its Test assumes the role first.')));
  },
  clear(el) { replace(el); },
};

/** Modelgate's principal, the External ID, and the documents and commands that create the role. */
export function paintDocs(docs, identity) {
  replace(docs, identityDocs(identity));
}

export function paintDocsUnavailable(docs, e) {
  replace(docs, problemBox(e, { title: 'Modelgate’s AWS identity is unavailable' }),
    h('p', { class: 'hint' }, 'Modelgate needs its own AWS credentials to show the principal your role must trust. Ask your platform operator.'));
}

function identityDocs(identity) {
  const permission = JSON.stringify(identity.permissionPolicy, null, 2);
  const trust = JSON.stringify(identity.trustPolicy, null, 2);
  const cli = identity.cli || [];
  return h('div', {},
    h('dl', { class: 'facts facts-wide' },
      h('dt', {}, 'Modelgate’s principal'),
      h('dd', {}, h('code', { id: 'principal-arn' }, identity.trustPrincipalArn || identity.principalArn), ' ',
        copyButton(identity.trustPrincipalArn || identity.principalArn, 'Copy', 'Modelgate’s principal ARN')),
      h('dt', {}, 'Your External ID'),
      h('dd', {}, h('code', { id: 'external-id' }, identity.externalId), ' ', copyButton(identity.externalId, 'Copy', 'the External ID'))),
    h('ol', { class: 'how-to' },
      h('li', {}, 'In the IAM console, choose ', h('strong', {}, 'Roles → Create role → Custom trust policy'), ' and paste the trust policy.'),
      h('li', {}, 'Add the permission policy to the role (', h('strong', {}, 'Add permissions → Create inline policy → JSON'), ').'),
      h('li', {}, `Name the role ${identity.roleName} (or any name), create it, and paste its ARN below.`)),
    h('div', { class: 'doc-grid' },
      doc('Trust policy', 'trust-policy', trust, 'Lets Modelgate’s principal assume the role, only with your External ID.'),
      doc('Permission policy', 'permission-policy', permission, 'Lets the role invoke Bedrock models and list them.')),
    cli.length ? h('details', { class: 'cli' },
      h('summary', {}, 'Or create it with the AWS CLI'),
      h('div', { class: 'doc-head' }, h('span', { class: 'muted' }, `${cli.length} commands, run in your account`),
        copyButton(cli.join('\n\n'), 'Copy all', 'the AWS CLI commands')),
      cli.map((command, k) => h('div', { class: 'cli-command' },
        h('pre', { class: 'code-block', id: `cli-${k}` }, command),
        copyButton(command, 'Copy', `command ${k + 1}`)))) : null);
}

function doc(title, id, text, blurb) {
  return h('section', { class: 'doc', 'aria-labelledby': `${id}-title` },
    h('div', { class: 'doc-head' }, h('h4', { id: `${id}-title` }, title), copyButton(text, 'Copy', title.toLowerCase())),
    h('p', { class: 'hint' }, blurb),
    h('pre', { class: 'code-block', id, tabindex: '0' }, text));
}
