// What differs between two revisions of a model, as a table: one row per changed field (nested ones as dotted paths),
// its value before and after. The history shows each revision's diff from the one before; Compare any two.

import { h } from './dom.js';

/**
 * The table of `changes` ({"<field>": {before, after}}, the API's shape): `first` is said when there are none to
 * show (null: the first revision), `same` when no field differs; `before`/`after` head the value columns.
 */
export function diffTable(changes, { before = 'Before', after = 'After', first = 'The first revision.',
  same = 'No field changed.', id = null } = {}) {
  if (!changes) return h('p', { class: 'hint', id }, first);
  const rows = Object.entries(changes).flatMap(([name, change]) => changedPaths(name, change && change.before, change && change.after));
  if (!rows.length) return h('p', { class: 'hint', id }, same);
  return h('table', { class: 'revision-diff', id },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, before), h('th', { scope: 'col' }, after))),
    h('tbody', {}, rows.map(([name, was, is]) => h('tr', {},
      h('th', { scope: 'row' }, h('code', {}, name)),
      h('td', { 'data-label': before }, value(was)),
      h('td', { 'data-label': after }, value(is))))));
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where two objects differ, as dotted paths ("outputMapping.text"); any other pair of values is one row. */
export function changedPaths(name, before, after) {
  if (!isObject(before) || !isObject(after)) return [[name, before, after]];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .flatMap((k) => changedPaths(`${name}.${k}`, before[k], after[k]));
}

function value(v) {
  if (v === null || v === undefined) return h('span', { class: 'muted' }, 'none');
  return h('code', { class: 'revision-value' }, typeof v === 'string' ? v : JSON.stringify(v));
}
