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
  const d = ctx.state.draft;
  const admin = Boolean(ctx.session && ctx.session.role === 'ADMIN');
  let view = null;

  function roleTyped(arn) {
    d.roleArn = arn;
    ctx.changed('roleArn');
    ctx.validateField('roleArn');
    refreshDocsForRole();
    refreshRegistration();
    checkResults.clear(view.checkResult);
  }

  function stsChosen(choice, typed) {
    const other = choice === OTHER;
    view.sts.showTyped(other);
    d.stsEndpoint = other ? typed : choice;
    ctx.changed('stsEndpoint');
    view.sts.bind();
    if (other) view.sts.focusTyped();
    ctx.validateField('stsEndpoint');
    checkResults.clear(view.checkResult);
  }

  function stsTyped(endpoint) {
    d.stsEndpoint = endpoint;
    ctx.changed('stsEndpoint');
    ctx.validateField('stsEndpoint');
    checkResults.clear(view.checkResult);
  }

  /** Shows the role's registration for this workspace; `outcome` is the answer to a registration just made. */
  async function showRegistration(outcome = null) {
    const arn = d.roleArn;
    step.registrationFor = arn;
    const body = view.registrationBody;
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
    paintRegistration(body, registrationLine(found, { admin, outcome }), { found, outcome, onRegister: (button) => register(arn, button) });
  }
  const refreshRegistration = debounce(() => showRegistration(), 400);

  async function register(arn, button) {
    busy(button, true);
    try {
      const answer = await api.register(arn);
      checkResults.clear(view.checkResult); // its answer was about the role before it was registered
      await showRegistration(answer);
      focusOutcome(view.registrationBody);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      busy(button, false);
      paintProblem(view.registrationBody, e, 'The role was not registered');
    }
  }

  /** "Check role": assumes the role, and shows that stage's result (or what keeps it from running). */
  async function checkRole() {
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
      if (stage && stage.diagnosis && stage.diagnosis.code === 'role-not-approved') showRegistration();
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
  async function loadDocs(name) {
    view.docs.setAttribute('aria-busy', 'true');
    try {
      const identity = await api.identity(name);
      ctx.state.identity = identity;
      paintDocs(view.docs, identity);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      paintDocsUnavailable(view.docs, e);
    } finally {
      view.docs.removeAttribute('aria-busy');
    }
  }
  const refreshDocsForRole = debounce(() => {
    const name = docsToLoad(step, d.roleArn);
    if (name) {
      step.docsFor = name;
      loadDocs(name);
    }
  }, 400);

  return {
    attach(v) { view = v; },
    roleTyped, stsChosen, stsTyped, checkRole, showRegistration, loadDocs,
    cleanup() { refreshDocsForRole.cancel(); refreshRegistration.cancel(); step.registrationFor = null; },
  };
}
