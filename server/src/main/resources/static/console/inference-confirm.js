// Turning a model's inference off stops every agent that calls it, so the switch asks first; turning it on does not.

import { confirmDialog } from './dom.js';

/**
 * Wraps a switch's `onChange(enabled)` so that turning inference off asks first; a "Keep it on" leaves the switch on.
 * @param {{name: string}} model
 * @param {(enabled: boolean) => Promise<boolean>} onChange resolves to the new state
 */
export function confirmingOff(model, onChange) {
  return async (enabled) => {
    const opener = document.activeElement;
    // the switch is disabled while it waits for this answer; focus goes back to it once it is enabled again
    const refocus = () => setTimeout(() => { if (opener && opener.isConnected) opener.focus(); });
    if (!enabled && !(await confirmDialog({ title: `Turn off inference for “${model.name}”?`,
      body: 'Agents that call it get 409 inference-disabled until it is turned on again. Its configuration and usage stay.',
      confirm: 'Turn off', cancel: 'Keep it on', danger: true }))) {
      refocus();
      return true;
    }
    try {
      return await onChange(enabled);
    } finally {
      refocus();
    }
  };
}
