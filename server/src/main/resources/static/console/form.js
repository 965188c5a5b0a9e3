// Labelled fields and the errors beside them. Violations from the API name their field as the API does
// (`roleArn`, `variables[0].type`, `outputMapping.text`); an ErrorStore keeps them by that name and paints each one
// next to the input bound to it, linked with aria-describedby and marked aria-invalid.

import { h, replace, uid } from './dom.js';

export class ErrorStore {
  constructor() {
    /** field → [{message, line?, column?}] */
    this.messages = new Map();
    /** field → {input, errorEl} */
    this.bindings = new Map();
    this.listeners = new Set();
    /** (violation) => violation: how a message is worded before it is shown (the console may say it better) */
    this.wording = (v) => v;
  }

  /** Forgets the bound elements (a step re-renders); the messages stay. */
  unbindAll() {
    this.bindings.clear();
  }

  bind(field, input, errorEl) {
    this.bindings.set(field, { input, errorEl });
    this.paint(field);
  }

  /** Sets one field's messages (an empty list clears it). */
  set(field, list) {
    if (list && list.length) this.messages.set(field, list.map((v) => this.wording({ ...v, field }))); else this.messages.delete(field);
    this.paint(field);
    this.changed();
  }

  get(field) {
    return this.messages.get(field) || [];
  }

  /** Replaces every message with the given violations. */
  replaceAll(violations) {
    const old = [...this.messages.keys()];
    this.messages.clear();
    for (const v of violations) {
      const list = this.messages.get(v.field) || [];
      list.push(this.wording(v));
      this.messages.set(v.field, list);
    }
    for (const field of new Set([...old, ...this.messages.keys()])) this.paint(field);
    this.changed();
  }

  /** Clears the fields whose name starts with `prefix`. */
  clearPrefix(prefix) {
    for (const field of [...this.messages.keys()]) {
      if (field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`)) {
        this.messages.delete(field);
        this.paint(field);
      }
    }
    this.changed();
  }

  /** [{field, message…}] of every field. */
  all() {
    return [...this.messages.entries()].flatMap(([field, list]) => list.map((v) => ({ ...v, field })));
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed() {
    for (const listener of this.listeners) listener();
  }

  paint(field) {
    const binding = this.bindings.get(field);
    if (!binding) return;
    const list = this.get(field);
    binding.errorEl.replaceChildren(...list.map((v) => h('span', { class: 'field-error-line' },
      v.line ? `Line ${v.line}, column ${v.column}: ` : '', v.message)));
    binding.errorEl.hidden = list.length === 0;
    if (binding.input) binding.input.setAttribute('aria-invalid', list.length ? 'true' : 'false');
  }
}

/**
 * A labelled field: <label>, the input, an optional hint and the error slot, wired with for/id and
 * aria-describedby, and bound to `store` under the API's field name `key`.
 */
export function field(store, { key, label, input, hint, optional = false, extra = null, className = '' }) {
  if (!input.id) input.id = uid('field');
  const id = input.id;
  const hintEl = hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  const errorEl = errorSlot(`${id}-error`);
  describe(input, hintEl && hintEl.id, errorEl.id);
  if (store && key) store.bind(key, input, errorEl);
  return h('div', { class: `field ${className}`.trim() },
    h('label', { for: id }, label, optional ? h('span', { class: 'optional' }, ' optional') : null),
    input, extra, hintEl, errorEl);
}

/** An empty error slot, announced when it fills. */
export function errorSlot(id = uid('error')) {
  return h('p', { id, class: 'field-error', role: 'alert', hidden: true });
}

/** Adds ids to an element's aria-describedby. */
export function describe(input, ...ids) {
  const current = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  for (const id of ids) if (id && !current.includes(id)) current.push(id);
  if (current.length) input.setAttribute('aria-describedby', current.join(' '));
}

/** A block that states a problem from the API (title + detail), for failures that belong to no field. */
export function problemBox(error, { title } = {}) {
  const problem = error.problem || {};
  return h('div', { class: 'callout callout-error', role: 'alert' },
    h('p', { class: 'callout-title' }, title || problem.title || 'Something went wrong'),
    problem.detail ? h('p', {}, problem.detail) : null);
}

/**
 * Shows a refused form submission: each violation next to its field (focusing the first one's input), or, when the
 * refusal names no field, a problem box in `formError`.
 *
 * @param {Object<string, HTMLElement>} inputs the form's inputs by the API's field name
 */
export function showRefusal(error, { errors, inputs, formError, title }) {
  if (error.violations.length) {
    errors.replaceAll(error.violations);
    const first = inputs[error.violations[0].field];
    if (first) first.focus();
  } else {
    replace(formError, problemBox(error, { title }));
  }
}
