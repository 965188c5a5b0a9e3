// Step 3, Test and map: the prompt variables, the request template (checked as typed), a Test that shows its three
// stages, the raw response as a tree, and the output mapping — click a value in the tree to fill the mapping field
// focused last; each field shows what it extracts from the last response as you type. A Converse model has no
// template or mapping: step-converse.js renders its step instead.
//
// This module renders the step: step-test-state.js holds what it knows and derives what it shows,
// step-test-view.js paints it, step-test-actions.js edits the working copy, applies presets and runs the Test.

import { renderConverse } from './step-converse.js';
import { testView } from './step-test-view.js';
import { testActions } from './step-test-actions.js';

export { streamCheckOf, parseResponse } from './step-test-state.js';

export function renderTest(section, ctx) {
  if (ctx.state.draft.api === 'CONVERSE') return renderConverse(section, ctx);
  const actions = testActions(ctx, () => { renderTest(section, ctx); return section; });
  const view = testView(section, ctx, actions);
  actions.attach(view);
  actions.loadPresets();
  ctx.afterChange = actions.afterChange;
  ctx.runTest = actions.runTest;
  view.variables.paint();
  view.mapping.paintExtras();
  view.paintTest();
  return () => { ctx.runTest = null; ctx.afterChange = null; view.template.unsubscribe(); };
}
