// Compare two revisions of a model on its page: pick one and another (live and the draft when a draft waits, else
// the revision before live and live) and see each field that differs, in the history's diff table.

import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { problemBox } from './form.js';
import { diffTable } from './revision-diff.js';

/** The pair shown first, from newest-first `items` (at least two): [from, to] revision numbers. */
export function defaultPair(items) {
  const draft = items.find((r) => r.draft);
  const live = items.findIndex((r) => r.live);
  if (draft && live >= 0) return [items[live].revision, draft.revision];
  if (live >= 0 && live + 1 < items.length) return [items[live + 1].revision, items[live].revision];
  return [items[1].revision, items[0].revision];
}

function optionLabel(r) {
  const state = r.live ? ' · live' : r.draft ? ' · draft' : r.wasLive ? ' · was live' : '';
  return `Revision ${r.revision}${state}`;
}

function picker(id, label, items, selected, onchange) {
  return h('div', { class: 'field revision-compare-field' },
    h('label', { for: id }, label),
    h('select', { id, onchange }, items.map((r) =>
      h('option', { value: String(r.revision), selected: r.revision === selected }, optionLabel(r)))));
}

/** "Revision 2 → revision 4": the table of what differs, or a sentence when nothing does. */
function comparison(compared) {
  const { from, to } = compared;
  return diffTable(compared.changes, {
    id: 'revision-compare-diff', before: `Revision ${from}`, after: `Revision ${to}`,
    same: from === to ? `Both sides are revision ${from}: pick another revision to compare it with.`
      : `Revisions ${from} and ${to} are identical: no field differs.`,
  });
}

/**
 * The Compare section of the revisions card, for the listed `items` (newest first); null with fewer than two. It
 * compares when first opened and whenever a side changes; a slower earlier answer never replaces a later one.
 */
export function compareSection(model, items) {
  if (items.length < 2) return null;
  const [from, to] = defaultPair(items);
  const result = h('div', { class: 'revision-compare-result', id: 'revision-compare-result', 'aria-live': 'polite' });
  let asked = 0;
  const run = async () => {
    const ticket = ++asked;
    const pair = [Number(fromPicker.querySelector('select').value), Number(toPicker.querySelector('select').value)];
    replace(result, h('p', { class: 'loading' }, 'Comparing…'));
    let compared;
    try {
      compared = await api.compareRevisions(model.id, ...pair);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (ticket === asked) replace(result, problemBox(e, { title: 'The revisions could not be compared' }));
      return;
    }
    if (ticket === asked) replace(result, comparison(compared));
  };
  const fromPicker = picker('revision-compare-from', 'From', items, from, run);
  const toPicker = picker('revision-compare-to', 'To', items, to, run);
  const section = h('details', { class: 'advanced', id: 'revision-compare' },
    h('summary', {}, h('h3', { class: 'inline-heading' }, 'Compare'),
      h('span', { class: 'muted' }, ' two revisions, field by field')),
    h('div', { class: 'revision-compare-pick' }, fromPicker, toPicker),
    result);
  section.addEventListener('toggle', () => {
    if (section.open && !asked) run();
  });
  return section;
}
