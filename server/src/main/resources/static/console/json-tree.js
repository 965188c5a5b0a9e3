// A JSON value as a collapsible tree. Objects and arrays are toggled by buttons (aria-expanded); every scalar is a
// button that hands its JSONPath to `onPick`. Everything is reachable with Tab and works with Enter or Space.

import { h } from './dom.js';
import { pathOf } from './jsonpath.js';

const EXPANDED_DEPTH = 4;
const LONG_STRING = 160;

/**
 * @param {*} value a parsed JSON value
 * @param {object} options
 * @param {(path: string, value: *) => void} [options.onPick] called with a scalar's path
 * @param {string} [options.pickHint] what picking does, for each value's accessible name
 */
export function jsonTree(value, { onPick, pickHint = 'use its path' } = {}) {
  return h('div', { class: 'json-tree' }, h('ul', { class: 'jt-root' }, node(null, value, [], 0, onPick, pickHint)));
}

function node(key, value, steps, depth, onPick, pickHint) {
  const label = key === null ? null
    : typeof key === 'number' ? h('span', { class: 'jt-index' }, `${key}`) : h('span', { class: 'jt-key' }, JSON.stringify(key));
  const path = pathOf(steps);
  if (value !== null && typeof value === 'object') {
    const isArray = Array.isArray(value);
    const entries = isArray ? value.map((v, k) => [k, v]) : Object.entries(value);
    const summary = isArray ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]`
      : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
    if (entries.length === 0) {
      return h('li', { class: 'jt-item', dataset: { path } }, label, label && h('span', { class: 'jt-colon' }, ': '),
        h('span', { class: 'jt-empty' }, isArray ? '[]' : '{}'));
    }
    const list = h('ul', { class: 'jt-children' });
    const expanded = depth < EXPANDED_DEPTH;
    list.hidden = !expanded;
    const toggle = h('button', {
      type: 'button', class: 'jt-toggle', 'aria-expanded': String(expanded),
      'aria-label': `${key === null ? 'response' : key} ${summary}, ${path}`,
    }, h('span', { class: 'jt-chevron', 'aria-hidden': 'true' }), label, label && h('span', { class: 'jt-colon' }, ': '),
    h('span', { class: 'jt-summary' }, summary));
    let filled = false;
    const fill = () => {
      if (filled) return;
      filled = true;
      list.append(...entries.map(([k, v]) => node(k, v, [...steps, k], depth + 1, onPick, pickHint)));
    };
    if (expanded) fill();
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      if (open) fill();
      toggle.setAttribute('aria-expanded', String(open));
      list.hidden = !open;
    });
    return h('li', { class: 'jt-item jt-branch', dataset: { path } }, toggle, list);
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const shown = text.length > LONG_STRING ? `${text.slice(0, LONG_STRING)}…"` : text;
  const kind = value === null ? 'null' : typeof value;
  const valueButton = h('button', {
    type: 'button', class: `jt-value jt-${kind}`, title: `${path} — click to ${pickHint}`,
    'aria-label': `${path} = ${text.length > 80 ? `${text.slice(0, 80)}…` : text}; ${pickHint}`,
    dataset: { path },
  }, shown);
  if (onPick) valueButton.addEventListener('click', () => onPick(path, value));
  else valueButton.disabled = true;
  return h('li', { class: 'jt-item jt-leaf', dataset: { path } }, label, label && h('span', { class: 'jt-colon' }, ': '),
    valueButton);
}
