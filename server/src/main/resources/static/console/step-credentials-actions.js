// What the Credentials step does: take the role ARN and STS endpoint into the working copy, load Modelgate's identity
// and the IAM documents for the role's name, look up and make the role's registration, and "Check role". Each action
// changes the draft or the step's state (step-credentials-state.js) and asks the view (step-credentials-view.js) to
// repaint.

import { api, ApiError } from './api.js';
import { debounce } from './dom.js';
import {
  OTHER, docsToLoad, checkRoleRequest, assumeRoleStage, registrationKnowable, registrationLine, group,
} from './step-credentials-state.js';
import {
  paintRegistrationPrompt, paintRegistration, focusOutcome, paintProblem, busy, checkResults, paintDocs, paintDocsUnavailable,
} from './step-credentials-view.js';

/**
 * The step's actions on the wizard's `ctx` and the step's own state `step`, painted through the view given to
 * `attach` before any of them runs. `cleanup` drops what waits to run.
 */
export function credentialsActions(ctx, step) {
  // The step as every action below sees it.
  const c = { ctx, d: ctx.state.draft, step, view: null, admin: Boolean(ctx.session && ctx.session.role === 'ADMIN') };
  c.refreshRegistration = debounce(() => showRegistration(c), 400);
  c.refreshDocsForRole = debounce(() => refreshDocs(c), 400);
  return {
    attach(view) { c.view = view; },
    roleTyped: (arn) => roleTyped(c, arn),
    stsChosen: (choice, typed) => stsChosen(c, choice, typed),
    stsTyped: (endpoint) => stsTyped(c, endpoint),
    checkRole: () => checkRole(c),
    showRegistration: () => showRegistration(c),
    loadDocs: (name) => loadDocs(c, name),
    cleanup() { c.refreshDocsForRole.cancel(); c.refreshRegistration.cancel(); step.registrationFor = null; },
  };
}

function roleTyped(c, arn) {
  c.d.roleArn = arn;
  c.ctx.changed('roleArn');
  c.ctx.validateField('roleArn');
  c.refreshDocsForRole();
  c.refreshRegistration();
  checkResults.clear(c.view.checkResult);
}

function stsChosen({ ctx, d, view }, choice, typed) {
  const other = choice === OTHER;
  view.sts.showTyped(other);
  d.stsEndpoint = other ? typed : choice;
  ctx.changed('stsEndpoint');
  view.sts.bind();
  if (other) view.sts.focusTyped();
  ctx.validateField('stsEndpoint');
  checkResults.clear(view.checkResult);
}

function stsTyped({ ctx, d, view }, endpoint) {
  d.stsEndpoint = endpoint;
  ctx.changed('stsEndpoint');
  ctx.validateField('stsEndpoint');
  checkResults.clear(view.checkResult);
}

/** Shows the role's registration for this workspace; `outcome` is the answer to a registration just made. */
async function showRegistration(c, outcome = null) {
  const { d, step } = c;
  const arn = d.roleArn;
  step.registrationFor = arn;
  const body = c.view.registrationBody;
  if (!registrationKnowable(arn)) {
    paintRegistrationPrompt(body);
    return;
  }
  body.setAttribute('aria-busy', 'true');
  let found;
  try {
    found = (await api.listRegistrations()).items.find((r) => r.roleArn === arn) || null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (step.registrationFor === arn) paintProblem(body, e, 'The role’s registration could not be loaded');
    return;
  } finally {
    body.removeAttribute('aria-busy');
  }
  if (step.registrationFor !== arn) return;
  paintRegistration(body, registrationLine(found, { admin: c.admin, outcome }),
    { found, outcome, onRegister: (button) => register(c, arn, button) });
}

async function register(c, arn, button) {
  busy(button, true);
  try {
    const answer = await api.register(arn);
    checkResults.clear(c.view.checkResult); // its answer was about the role before it was registered
    await showRegistration(c, answer);
    focusOutcome(c.view.registrationBody);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    busy(button, false);
    paintProblem(c.view.registrationBody, e, 'The role was not registered');
  }
}

/** "Check role": assumes the role, and shows that stage's result (or what keeps it from running). */
async function checkRole(c) {
  const { ctx, d, view } = c;
  if (!d.roleArn) {
    ctx.errors.set('roleArn', [{ message: 'Enter the role ARN first.' }]);
    view.roleArn.focus();
    return;
  }
  busy(view.checkButton, true);
  checkResults.running(view.checkResult);
  try {
    const stage = assumeRoleStage(await api.checkRole(checkRoleRequest(d)));
    checkResults.stage(view.checkResult, stage);
    if (stage && stage.diagnosis && stage.diagnosis.code === 'role-not-approved') showRegistration(c);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.violations.length) {
      for (const [fieldName, list] of group(e.violations)) ctx.errors.set(fieldName, list);
      checkResults.clear(view.checkResult);
    } else if (e.missingEndpoint) {
      checkResults.unavailable(view.checkResult);
    } else {
      paintProblem(view.checkResult, e);
    }
  } finally {
    busy(view.checkButton, false);
  }
}

/** Loads Modelgate's identity and the documents for a role named `name` (null: Modelgate's suggested name). */
async function loadDocs(c, name) {
  const { docs } = c.view;
  docs.setAttribute('aria-busy', 'true');
  try {
    const identity = await api.identity(name);
    c.ctx.state.identity = identity;
    paintDocs(docs, identity);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    paintDocsUnavailable(docs, e);
  } finally {
    docs.removeAttribute('aria-busy');
  }
}

/** After the role ARN changed: the documents for the role's new name, if it has one. */
function refreshDocs(c) {
  const name = docsToLoad(c.step, c.d.roleArn);
  if (name) {
    c.step.docsFor = name;
    loadDocs(c, name);
  }
}
