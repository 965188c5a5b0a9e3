// Step 2, Model: the Region, a picker of the models the tenant's role can use there (foundation models on demand,
// and the inference profiles that carry profile-only models), a free-text model reference with what Modelgate
// understood of it, and the family preset of the chosen model.
//
// This module renders the step: step-model-state.js holds what it knows and derives what it shows,
// step-model-view.js paints it, step-model-actions.js asks Modelgate and Bedrock and applies presets.

import { modelState } from './step-model-state.js';
import { modelView } from './step-model-view.js';
import { modelActions } from './step-model-actions.js';

export function renderModel(section, ctx) {
  const actions = modelActions(ctx, modelState());
  const view = modelView(section, { draft: ctx.state.draft, errors: ctx.errors }, actions);
  actions.attach(view);
  actions.paintApi();
  actions.loadCatalog();
  if (ctx.state.draft.modelReference) { actions.explain(); actions.explain.flush(); }
  return actions.cleanup;
}
