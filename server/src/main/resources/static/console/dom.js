// Building DOM from elements, never from HTML strings: every piece of data becomes a text node, so nothing a model, a user or AWS sends
// can become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('button', {class: 'primary', onclick: f, 'aria-label': 'Close'}, 'Close') builds an element.
 * Attributes: `class`, `text`, `on<event>` (listeners), `dataset` (object), `style` (object of CSSOM properties),
 * boolean properties (`disabled`, `checked`, `hidden`, `open`, `selected`, `required`, `readOnly`), `value`, `htmlFor`;
 * everything else is set with setAttribute (null, undefined and false leave it out). Children: nodes, strings,
 * numbers, arrays; null and false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Like h, in the SVG namespace. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children, true);
}

const PROPERTIES = new Set(['disabled', 'checked', 'hidden', 'open', 'selected', 'required', 'readOnly', 'value',
  'htmlFor', 'indeterminate', 'multiple']);

function build(el, attrs, children, svg = false) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') {
      if (svg) el.setAttribute('class', value); else el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style') {
      Object.assign(el.style, value);
    } else if (!svg && PROPERTIES.has(key)) {
      el[key] = value;
    } else if (value !== false) {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends nodes, strings and nested arrays of them. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Removes every child and appends the new ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;

/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'mg') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Calls fn at most once per `ms` of quiet; `.flush()` runs a pending call now, `.cancel()` drops it. */
export function debounce(fn, ms) {
  let timer = null;
  let pending = null;
  const debounced = (...args) => {
    pending = args;
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; const a = pending; pending = null; fn(...a); }, ms);
  };
  debounced.flush = () => {
    if (timer !== null) { clearTimeout(timer); timer = null; const a = pending; pending = null; fn(...a); }
  };
  debounced.cancel = () => { clearTimeout(timer); timer = null; pending = null; };
  return debounced;
}

/** "3 minutes ago", "yesterday", or the date; `title` carries the exact time. */
export function relativeTime(iso, now = Date.now()) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((now - then) / 1000);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (Math.abs(seconds) < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(-hours, 'hour');
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 7) return rtf.format(-days, 'day');
  return new Date(then).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The exact local time of an ISO instant, for titles and summaries. */
export function exactTime(iso) {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? '' : new Date(then).toLocaleString('en', {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** 12345 → "12,345". */
export function number(n) {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat('en').format(n);
}

const TOAST_MS = 6000;
const MAX_TOASTS = 3;

/**
 * Shows a short status message in the page's polite live region, a strip under the header that pushes the page down
 * rather than covering it. Each has a close button, and Escape closes the newest; 'info' and 'ok' go by themselves
 * after six seconds (not while the pointer or focus is on them), 'warn' and 'bad' stay until closed.
 */
export function toast(message, { kind = 'info', action = null } = {}) {
  const region = document.getElementById('toasts');
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss message', title: 'Dismiss (Esc)' }, '×');
  const item = h('div', { class: `toast toast-${kind}` }, h('span', { class: 'toast-message' }, message), action, close);
  let timer = null;
  const dismiss = () => {
    clearTimeout(timer);
    const hadFocus = item.contains(document.activeElement);
    item.remove();
    if (hadFocus) document.getElementById('main')?.focus({ preventScroll: true });
  };
  item.dismiss = dismiss;
  close.addEventListener('click', dismiss);
  if (kind === 'info' || kind === 'ok') {
    const start = () => { clearTimeout(timer); timer = setTimeout(dismiss, TOAST_MS); };
    const hold = () => clearTimeout(timer);
    item.addEventListener('pointerenter', hold);
    item.addEventListener('pointerleave', start);
    item.addEventListener('focusin', hold);
    item.addEventListener('focusout', start);
    start();
  }
  region.append(item);
  while (region.children.length > MAX_TOASTS) region.firstElementChild.dismiss();
}

// Escape closes the newest toast, unless something else (a dialog, the menu) took the key.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
  const newest = document.getElementById('toasts')?.lastElementChild;
  if (newest) {
    event.preventDefault();
    newest.dismiss();
  }
});

/**
 * A modal confirmation on the native <dialog> (focus is trapped and restored by the browser; Escape cancels).
 * Resolves true when confirmed.
 */
export function confirmDialog({ title, body, confirm = 'Confirm', cancel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const bodyId = uid('dialog-body');
    const cancelButton = h('button', { type: 'button', class: 'button' }, cancel);
    const confirmButton = h('button', { type: 'button', class: danger ? 'button danger' : 'button primary' }, confirm);
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, title),
      h('div', { id: bodyId, class: 'dialog-body' }, body),
      h('div', { class: 'dialog-actions' }, cancelButton, confirmButton));
    const close = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    cancelButton.addEventListener('click', () => close(false));
    confirmButton.addEventListener('click', () => close(true));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancelButton.focus();
  });
}

/** Copies text with the Clipboard API, falling back to a hidden textarea and execCommand where it is unavailable. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below (permission refused, document not focused)
  }
  const area = h('textarea', { class: 'visually-hidden', readOnly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A "Copy" button for `text()`, which says "Copied" for a moment. */
export function copyButton(text, label = 'Copy', what = '') {
  const button = h('button', { type: 'button', class: 'button small copy', 'aria-label': what ? `Copy ${what}` : label },
    label);
  button.addEventListener('click', async () => {
    const ok = await copyText(typeof text === 'function' ? text() : text);
    button.textContent = ok ? 'Copied' : 'Copy failed';
    button.classList.toggle('copied', ok);
    setTimeout(() => { button.textContent = label; button.classList.remove('copied'); }, 1600);
  });
  return button;
}

/**
 * Code snippets in tabs, one per client (`{id, label, code, note}`), each panel with its copy button: a tablist
 * with one tab stop, arrow keys moving between tabs. IDs are `<prefix>-tab-<id>`, `<prefix>-panel-<id>` and, on each
 * code block, `<prefix>-<id>`; `copyWhat(s)` says what a copy button copies.
 */
export function snippetTabs(all, prefix, copyWhat) {
  const tabs = all.map((s, k) => h('button', { type: 'button', role: 'tab', id: `${prefix}-tab-${s.id}`,
    'aria-controls': `${prefix}-panel-${s.id}`, 'aria-selected': String(k === 0), tabindex: k === 0 ? '0' : '-1' }, s.label));
  const panels = all.map((s, k) => h('div', { role: 'tabpanel', id: `${prefix}-panel-${s.id}`,
    'aria-labelledby': `${prefix}-tab-${s.id}`, hidden: k !== 0 },
    h('div', { class: 'snippet-head' }, s.note ? h('code', { class: 'muted' }, s.note) : h('span'),
      copyButton(s.code, 'Copy', copyWhat(s))),
    h('pre', { class: 'snippet' }, h('code', { id: `${prefix}-${s.id}` }, s.code))));
  const select = (k) => tabs.forEach((tab, i) => {
    tab.setAttribute('aria-selected', String(i === k));
    tab.tabIndex = i === k ? 0 : -1;
    panels[i].hidden = i !== k;
  });
  tabs.forEach((tab, k) => {
    tab.addEventListener('click', () => select(k));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = (k + step + tabs.length) % tabs.length;
      select(next);
      tabs[next].focus();
    });
  });
  return [h('div', { role: 'tablist', class: 'snippet-tabs', 'aria-label': 'Client' }, tabs), ...panels];
}
