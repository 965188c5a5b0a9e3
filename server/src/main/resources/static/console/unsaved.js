// Work a screen holds that is not stored yet, asked about before something would drop it (signing out clears the
// tab's storage). One screen is shown at a time, so one holder at a time.

import { confirmDialog } from './dom.js';

let holder = null;

/**
 * Registers what the screen shown holds unsaved.
 * @param {() => string|null} describe says what would be lost, or null when nothing is
 * @returns {() => void} unregisters
 */
export function holdUnsaved(describe) {
  holder = describe;
  return () => { if (holder === describe) holder = null; };
}

/** Whether `action` may go on: nothing is unsaved, or the user chose to discard it. */
export async function mayDiscardUnsaved(action) {
  const lost = holder ? holder() : null;
  if (!lost) return true;
  return confirmDialog({ title: `${action} and discard your changes?`, body: lost,
    confirm: `Discard and ${action.toLowerCase()}`, cancel: 'Keep editing', danger: true });
}
