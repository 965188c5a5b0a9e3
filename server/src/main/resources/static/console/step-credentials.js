// Step 1, Credentials: what the tenant pastes into AWS (Modelgate's principal, the workspace's External ID, the
// permission and trust policies, the AWS CLI commands), then the role ARN and STS endpoint, and "Check role", which
// only assumes the role and shows that stage's result. Beside the role ARN, the role's registration for this workspace:
// approved, pending, rejected, revoked or not registered, with "Register this role" for admins (developers are told to
// ask one).

import { api, ApiError } from './api.js';
import { h, replace, copyButton, debounce } from './dom.js';
import { field, errorSlot, describe, problemBox } from './form.js';
import { REGIONS, stsEndpointOf } from './regions.js';
import { stageCard } from './test-result.js';
import { registrationBadge, requestOutcome, STATE_MEANINGS, ROLE_ARN } from './registrations.js';

const ROLE_NAME = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const OTHER = '__other__';

export function renderCredentials(section, ctx) {
  const { state } = ctx;
  const d = state.draft;
  const docs = h('div', { class: 'iam-docs', 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading Modelgate’s identity…'));

  // --- the role ARN and STS endpoint ---
  const roleArn = h('input', { id: 'role-arn', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'arn:aws:iam::123456789012:role/ModelgateBedrockAccess' });
  roleArn.value = d.roleArn;

  const stsSelect = h('select', { id: 'sts-choice' },
    h('option', { value: '' }, 'The model’s Region (recommended)'),
    REGIONS.map(([id, name]) => h('option', { value: stsEndpointOf(id) }, `${stsEndpointOf(id)} — ${name}`)),
    h('option', { value: 'https://sts.amazonaws.com' }, 'https://sts.amazonaws.com — global endpoint'),
    h('option', { value: OTHER }, 'Another endpoint (type it)…'));
  const stsInput = h('input', { id: 'sts-endpoint', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'https://sts-fips.us-east-1.amazonaws.com' });
  const known = [...stsSelect.options].some((o) => o.value === d.stsEndpoint);
  stsSelect.value = known ? d.stsEndpoint : OTHER;
  stsInput.value = d.stsEndpoint;
  const stsTyped = h('div', { class: 'field nested' }, h('label', { for: 'sts-endpoint' }, 'STS endpoint URL'), stsInput);
  stsTyped.hidden = known;
  const stsError = errorSlot('sts-endpoint-error');
  describe(stsSelect, 'sts-choice-hint', stsError.id);
  describe(stsInput, 'sts-choice-hint', stsError.id);
  const bindSts = () => ctx.errors.bind('stsEndpoint', stsSelect.value === OTHER ? stsInput : stsSelect, stsError);

  roleArn.addEventListener('input', () => {
    d.roleArn = roleArn.value.trim();
    ctx.changed('roleArn');
    ctx.validateField('roleArn');
    refreshDocsForRole();
    refreshRegistration();
    replace(checkResult);
  });
  stsSelect.addEventListener('change', () => {
    const other = stsSelect.value === OTHER;
    stsTyped.hidden = !other;
    d.stsEndpoint = other ? stsInput.value.trim() : stsSelect.value;
    ctx.changed('stsEndpoint');
    bindSts();
    if (other) stsInput.focus();
    ctx.validateField('stsEndpoint');
    replace(checkResult);
  });
  stsInput.addEventListener('input', () => {
    d.stsEndpoint = stsInput.value.trim();
    ctx.changed('stsEndpoint');
    ctx.validateField('stsEndpoint');
    replace(checkResult);
  });

  // --- the role's registration for this workspace ---
  const admin = Boolean(ctx.session && ctx.session.role === 'ADMIN');
  const registrationBody = h('div', { id: 'role-registration-state', 'aria-live': 'polite' });
  const registration = h('section', { class: 'registration-panel', id: 'role-registration', 'aria-labelledby': 'registration-heading' },
    h('div', { class: 'doc-head' }, h('h4', { id: 'registration-heading' }, 'Registration for this workspace'),
      h('a', { href: '#/registrations', class: 'quiet-link' }, 'All registered roles')),
    h('p', { class: 'hint' }, 'Modelgate assumes a role for this workspace only once its registration is approved.'),
    registrationBody);
  let shownFor = null;
  const showRegistration = async (outcome = null) => {
    const arn = d.roleArn;
    shownFor = arn;
    if (!arn || !ROLE_ARN.test(arn)) {
      replace(registrationBody, h('p', { class: 'muted' }, 'Enter the role ARN above to see whether it is registered for this workspace.'));
      return;
    }
    registrationBody.setAttribute('aria-busy', 'true');
    let found;
    try {
      found = (await api.listRegistrations()).items.find((r) => r.roleArn === arn) || null;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (shownFor === arn) replace(registrationBody, problemBox(e, { title: 'The role’s registration could not be loaded' }));
      return;
    } finally {
      registrationBody.removeAttribute('aria-busy');
    }
    if (shownFor !== arn) return;
    const state = found ? found.state : 'NOT_REGISTERED';
    const canRegister = !found || state === 'REJECTED' || state === 'REVOKED';
    const button = admin && canRegister
      ? h('button', { type: 'button', class: 'button primary', id: 'register-this-role' }, found ? 'Register this role again' : 'Register this role')
      : null;
    if (button) {
      button.addEventListener('click', async () => {
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
        try {
          const answer = await api.register(arn);
          replace(checkResult); // its answer was about the role before it was registered
          await showRegistration(answer);
          const focus = registrationBody.querySelector('.registration-outcome .callout-title');
          if (focus) { focus.setAttribute('tabindex', '-1'); focus.focus(); }
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          button.disabled = false;
          button.removeAttribute('aria-busy');
          replace(registrationBody, problemBox(e, { title: 'The role was not registered' }));
        }
      });
    }
    replace(registrationBody,
      h('p', { class: 'registration-line', dataset: { state } },
        state === 'NOT_REGISTERED' ? h('span', { class: 'badge badge-muted registration-state', dataset: { state } }, 'Not registered')
          : registrationBadge(state),
        ' ', outcome ? null : h('span', { class: 'registration-meaning' }, state === 'APPROVED' ? '✓ ' : '',
          state === 'NOT_REGISTERED' ? 'This workspace has not registered the role: Modelgate will not assume it until it is registered and approved.'
            : STATE_MEANINGS[state])),
      found && found.note && !outcome ? h('p', { class: 'registration-note' }, h('strong', {}, state === 'PENDING' ? 'Verification: ' : 'Note: '), found.note) : null,
      outcome ? requestOutcome(outcome) : null,
      !outcome && state === 'PENDING' && found.platformPolicy ? h('details', { class: 'policy-details' },
        h('summary', {}, 'The policy the platform operator adds'), requestOutcome(found).querySelector('.policy-block')) : null,
      button,
      !admin && canRegister ? h('p', { class: 'callout callout-info', id: 'ask-an-admin' },
        'Only workspace admins register roles: ask one of them to register this role (on the IAM roles page), then check again.') : null);
  };
  const refreshRegistration = debounce(() => showRegistration(), 400);

  // --- Check role ---
  const checkButton = h('button', { type: 'button', class: 'button', id: 'check-role' }, 'Check role');
  const checkResult = h('div', { class: 'check-result', 'aria-live': 'polite' });
  checkButton.addEventListener('click', async () => {
    if (!d.roleArn) {
      ctx.errors.set('roleArn', [{ message: 'Enter the role ARN first.' }]);
      roleArn.focus();
      return;
    }
    checkButton.disabled = true;
    checkButton.setAttribute('aria-busy', 'true');
    replace(checkResult, h('p', { class: 'muted' }, 'Assuming the role…'));
    try {
      const result = await api.checkRole({ roleArn: d.roleArn, stsEndpoint: d.stsEndpoint || null, region: d.region || 'us-east-1' });
      // The answer is the ASSUME_ROLE stage itself (a whole run's stages are accepted too).
      const stage = result.stage ? result : (result.stages || []).find((s) => s.stage === 'ASSUME_ROLE');
      replace(checkResult, stage ? stageCard(stage, 4, { open: true }) : h('p', {}, 'No result.'));
      if (stage && stage.diagnosis && stage.diagnosis.code === 'role-not-approved') showRegistration();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.violations.length) {
        for (const [fieldName, list] of group(e.violations)) ctx.errors.set(fieldName, list);
        replace(checkResult);
      } else if (e.missingEndpoint) {
        replace(checkResult, h('div', { class: 'callout callout-info' },
          h('p', {}, 'This Modelgate server cannot check a role on its own yet. Continue to step 3: its Test assumes the role first.')));
      } else {
        replace(checkResult, problemBox(e));
      }
    } finally {
      checkButton.disabled = false;
      checkButton.removeAttribute('aria-busy');
    }
  });

  replace(section,
    h('h2', { id: 'step-heading', tabindex: '-1' }, 'Credentials'),
    h('p', { class: 'lead' }, 'Modelgate calls Bedrock in your AWS account through an IAM role that you create. The role trusts ',
      'Modelgate only when it presents your workspace’s External ID, so no access keys change hands.'),
    h('section', { class: 'card', 'aria-labelledby': 'iam-heading' },
      h('h3', { id: 'iam-heading' }, '1. Create the role in your AWS account'),
      docs),
    h('section', { class: 'card', 'aria-labelledby': 'connect-heading' },
      h('h3', { id: 'connect-heading' }, '2. Connect the role'),
      field(ctx.errors, { key: 'roleArn', label: 'Role ARN', input: roleArn,
        hint: 'IAM → Roles → your role → ARN. It looks like arn:aws:iam::123456789012:role/ModelgateBedrockAccess.' }),
      registration,
      h('div', { class: 'field' }, h('label', { for: 'sts-choice' }, 'STS endpoint'), stsSelect,
        h('p', { class: 'hint', id: 'sts-choice-hint' }, 'Where Modelgate asks AWS STS for a session of your role. Only genuine AWS STS hosts are accepted.'),
        stsTyped, stsError),
      h('div', { class: 'check-row' }, checkButton,
        h('span', { class: 'hint' }, 'Only assumes the role: nothing is saved and no model is called.')),
      checkResult));
  bindSts();

  // --- Modelgate's identity and the documents to paste ---
  let roleName = null;
  const loadDocs = async (name) => {
    docs.setAttribute('aria-busy', 'true');
    try {
      const identity = await api.identity(name);
      state.identity = identity;
      replace(docs, identityDocs(identity));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(docs, problemBox(e, { title: 'Modelgate’s AWS identity is unavailable' }),
        h('p', { class: 'hint' }, 'Modelgate needs its own AWS credentials to show the principal your role must trust. Ask your platform operator.'));
    } finally {
      docs.removeAttribute('aria-busy');
    }
  };
  const refreshDocsForRole = debounce(() => {
    const match = ROLE_NAME.exec(d.roleArn);
    const name = match ? match[1] : null;
    if (name && name !== roleName) {
      roleName = name;
      loadDocs(name);
    }
  }, 400);
  const initial = ROLE_NAME.exec(d.roleArn);
  roleName = initial ? initial[1] : null;
  if (state.identity && state.identity.roleName === (roleName || state.identity.roleName)) replace(docs, identityDocs(state.identity));
  else loadDocs(roleName);
  showRegistration();
  return () => { refreshDocsForRole.cancel(); refreshRegistration.cancel(); shownFor = null; };
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

function group(violations) {
  const byField = new Map();
  for (const v of violations) {
    const key = v.field.replace(/^model\./, '');
    byField.set(key, [...(byField.get(key) || []), v]);
  }
  return byField;
}

export { group };
