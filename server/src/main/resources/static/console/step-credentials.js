// Step 1, Credentials: what the tenant pastes into AWS (Modelgate's principal, the workspace's External ID, the
// permission and trust policies, the AWS CLI commands), then the role ARN and STS endpoint, and "Check role", which
// only assumes the role and shows that stage's result. Beside the role ARN, the role's registration for this workspace:
// approved, pending, rejected, revoked or not registered, with "Register this role" for admins (developers are told to
// ask one).
//
// This module renders the step: step-credentials-state.js holds what it knows and derives what it shows,
// step-credentials-view.js paints it, step-credentials-actions.js loads, registers and checks.

import { credentialsState, identityFits } from './step-credentials-state.js';
import { credentialsView, paintDocs } from './step-credentials-view.js';
import { credentialsActions } from './step-credentials-actions.js';

export { group } from './step-credentials-state.js';

export function renderCredentials(section, ctx) {
  const { state } = ctx;
  const step = credentialsState(state.draft);
  const actions = credentialsActions(ctx, step);
  const view = credentialsView(section, { draft: state.draft, errors: ctx.errors }, actions);
  actions.attach(view);
  if (identityFits(state.identity, step.docsFor)) paintDocs(view.docs, state.identity);
  else actions.loadDocs(step.docsFor);
  actions.showRegistration();
  return actions.cleanup;
}
