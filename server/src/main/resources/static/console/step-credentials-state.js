// What the Credentials step knows besides the working copy (the role ARN and STS endpoint live in the draft): which
// role the IAM documents and the registration were shown for, and the pure functions that say what to show for them
// (the STS choice, the role's registration line, what "Check role" sends and which stage of its answer to show).
// No DOM, no fetches.

import { ROLE_ARN, STATE_MEANINGS } from './registrations.js';

const ROLE_NAME = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** The STS choice's value for "Another endpoint (type it)…". */
export const OTHER = '__other__';

/**
 * The step's own state: `docsFor` is the role name the IAM documents were asked for (null: Modelgate's own name),
 * `registrationFor` the role ARN whose registration is shown or on its way (an answer for another one is dropped).
 */
export function credentialsState(draft) {
  return { docsFor: roleNameOf(draft.roleArn), registrationFor: null };
}

/** The role's name in a role ARN; null when it is not one. */
export function roleNameOf(arn) {
  const match = ROLE_NAME.exec(arn);
  return match ? match[1] : null;
}

/** The role name to ask the IAM documents for after the ARN changed; null when they are up to date. */
export function docsToLoad(step, arn) {
  const name = roleNameOf(arn);
  return name && name !== step.docsFor ? name : null;
}

/** Whether the identity loaded earlier (kept in the wizard's state) has the documents of `roleName`. */
export function identityFits(identity, roleName) {
  return Boolean(identity && identity.roleName === (roleName || identity.roleName));
}

/** What the STS select shows for an endpoint: the endpoint when it is one of `offered`, else "another endpoint". */
export function stsChoiceOf(endpoint, offered) {
  return offered.includes(endpoint) ? endpoint : OTHER;
}

/** What "Check role" sends: only what assuming the role needs. */
export function checkRoleRequest(draft) {
  return { roleArn: draft.roleArn, stsEndpoint: draft.stsEndpoint || null, region: draft.region || 'us-east-1' };
}

/** The ASSUME_ROLE stage of "Check role"'s answer (the stage itself, or a whole run's stages); null without it. */
export function assumeRoleStage(result) {
  return result.stage ? result : (result.stages || []).find((s) => s.stage === 'ASSUME_ROLE') || null;
}

/** Whether a role ARN can have a registration to look up. */
export function registrationKnowable(arn) {
  return Boolean(arn) && ROLE_ARN.test(arn);
}

/**
 * What the registration panel says of a role: `found` is its registration in this workspace (null: none), `admin`
 * whether the caller may register it, `outcome` the answer to a registration just made (null: none).
 */
export function registrationLine(found, { admin, outcome = null }) {
  const state = found ? found.state : 'NOT_REGISTERED';
  const canRegister = !found || state === 'REJECTED' || state === 'REVOKED';
  return {
    state,
    meaning: outcome ? null : `${state === 'APPROVED' ? '✓ ' : ''}${state === 'NOT_REGISTERED'
      ? 'This workspace has not registered the role: Modelgate will not assume it until it is registered and approved.'
      : STATE_MEANINGS[state]}`,
    note: found && found.note && !outcome ? { label: state === 'PENDING' ? 'Verification: ' : 'Note: ', text: found.note } : null,
    showPlatformPolicy: Boolean(!outcome && state === 'PENDING' && found.platformPolicy),
    register: admin && canRegister ? (found ? 'Register this role again' : 'Register this role') : null,
    askAnAdmin: !admin && canRegister,
  };
}

/** Violations by field, without the `model.` prefix of a whole-model answer. */
export function group(violations) {
  const byField = new Map();
  for (const v of violations) {
    const key = v.field.replace(/^model\./, '');
    byField.set(key, [...(byField.get(key) || []), v]);
  }
  return byField;
}
