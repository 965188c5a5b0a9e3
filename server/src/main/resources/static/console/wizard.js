// Add or edit a model in three steps, as the tenant thinks of them: Credentials (the IAM role), Model (Region and
// model reference), Test and map (variables, request template, a Test, the output mapping; for a Converse model
// "Converse defaults and Test", wizard-state.js names the steps). The working copy is saved in sessionStorage on
// every change (a change still waiting to be stored is stored when the page goes); "Save as draft" stores it at any
// step, "Save" stores it and runs the Test that makes it Ready.
//
// This module mounts the wizard: wizard-state.js holds what it knows and derives what it shows, wizard-view.js
// paints the page, wizard-actions.js loads, stores, moves between the steps and saves.

import { ErrorStore } from './form.js';
import { parseResponse } from './step-test.js';
import { initialState, ownJsonWording } from './wizard-state.js';
import { wizardView, paintLoading, paintLoadFailed, setBusy } from './wizard-view.js';
import { wizardActions, loadWizard } from './wizard-actions.js';

export { STEPS, stepOf, fieldLabel } from './wizard-state.js';
export { setBusy };

/**
 * Mounts the wizard.
 * @param {HTMLElement} root
 * @param {{mode: 'new'|'edit'|'copy', id?: string, step?: string}} route
 * @returns {() => void} cleanup
 */
export async function mountWizard(root, route, { session = null } = {}) {
  const state = initialState(route);
  paintLoading(root);
  let notice;
  try {
    notice = await loadWizard(state, route);
  } catch (e) {
    paintLoadFailed(root, e);
    return () => {};
  }
  if (state.lastTest) state.response = parseResponse(state.lastTest);

  const errors = new ErrorStore();
  errors.wording = (v) => ownJsonWording(v, state.draft);
  const actions = wizardActions({ route, state, errors, session });
  const view = wizardView(actions);
  actions.attach(view);
  errors.onChange(() => {
    view.paintStepper(state, errors.all());
    view.repaintSummary(errors.all());
  });

  view.nameInput.value = state.draft.name;
  view.mount(root, state);
  view.paintNotice(notice, state);
  view.paintHeader(state);
  actions.showStep({ focus: false });
  view.title.focus();
  return actions.cleanup;
}
