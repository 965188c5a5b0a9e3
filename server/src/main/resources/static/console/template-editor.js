// The request template editor: a plain <textarea> (so typing, selection, undo, screen readers and the keyboard work
// as everywhere) over a highlighted copy of its text that shows JSON tokens, {{placeholders}} and the place of each
// problem. The template is checked on every change; problems are listed with their line and column, and each one
// moves the caret there.

import { h, replace, uid } from './dom.js';
import { checkTemplate, lineColumn, offsetOf } from './template-check.js';

/**
 * @param {object} options
 * @param {string} options.id           the textarea's id (its <label for> is the caller's)
 * @param {string} options.value        the initial text
 * @param {() => string[]} options.declared the declared variable names
 * @param {(text: string) => void} options.onChange
 * @param {string} [options.describedBy] ids of the caller's hint and error elements
 * @param {() => {line?: number, column?: number}[]} [options.reported] what Modelgate reported for the template; a
 *        problem it reported at the same place is not listed twice
 */
export function templateEditor({ id, value, declared, onChange, describedBy = '', reported = () => [] }) {
  const code = h('code');
  const highlight = h('pre', { class: 'code-highlight', 'aria-hidden': 'true' }, code);
  const statusId = uid('editor-status');
  const problemsId = uid('editor-problems');
  const textarea = h('textarea', {
    id, class: 'code-input', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', wrap: 'off',
    'aria-describedby': [describedBy, statusId, problemsId].filter(Boolean).join(' '),
  });
  textarea.value = value || '';
  // As tall as the template (within reason) when it opens; the user can resize it.
  textarea.rows = Math.min(28, Math.max(8, textarea.value.split('\n').length + 1));
  const caret = h('span', { class: 'code-caret' }, 'Line 1, column 1');
  const verdict = h('span', { class: 'code-verdict' });
  const problemsList = h('ul', { class: 'code-problems', id: problemsId, role: 'alert' });
  const element = h('div', { class: 'code-editor' },
    h('div', { class: 'code-surface' }, highlight, textarea),
    h('div', { class: 'code-status', id: statusId }, verdict, caret),
    problemsList);

  let problems = [];
  let frame = 0;
  // An empty template nobody has typed in yet is not an error: it is said as the work to do until the user types or
  // Modelgate reports a problem with it (a Test or a Save was tried).
  let touched = textarea.value.trim() !== '';

  const render = () => {
    frame = 0;
    const text = textarea.value;
    const result = checkTemplate(text, declared());
    problems = result.problems;
    paint(code, text, result.spans, new Set(declared()), problems);
    const placeholders = result.spans.filter((span) => span.name).length;
    const server = reported();
    if (!touched && text.trim() === '' && server.length === 0) {
      verdict.className = 'code-verdict muted';
      verdict.textContent = 'Write the request body here, or start from a preset.';
      replace(problemsList);
      syncScroll();
      return;
    }
    if (problems.length === 0) {
      verdict.className = 'code-verdict ok';
      verdict.textContent = `Valid JSON template · ${placeholders} placeholder${placeholders === 1 ? '' : 's'}`;
    } else {
      verdict.className = 'code-verdict bad';
      verdict.textContent = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    }
    const fresh = problems.filter((p) => !server.some((v) => v.line === p.line && v.column === p.column));
    replace(problemsList, fresh.slice(0, 20).map((p) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => focusAt(p.line, p.column) },
        `Line ${p.line}, column ${p.column}`),
      ` — ${p.message}`)));
    syncScroll();
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(render); };

  const syncScroll = () => {
    highlight.scrollTop = textarea.scrollTop;
    highlight.scrollLeft = textarea.scrollLeft;
  };
  const updateCaret = () => {
    const { line, column } = lineColumn(textarea.value, textarea.selectionStart);
    caret.textContent = `Line ${line}, column ${column}`;
  };
  const focusAt = (line, column) => {
    const offset = offsetOf(textarea.value, line, column);
    textarea.focus();
    textarea.setSelectionRange(offset, Math.min(offset + 1, textarea.value.length));
    updateCaret();
  };

  textarea.addEventListener('input', () => { touched = true; onChange(textarea.value); render(); updateCaret(); });
  textarea.addEventListener('scroll', syncScroll);
  textarea.addEventListener('keyup', updateCaret);
  textarea.addEventListener('click', updateCaret);
  textarea.addEventListener('keydown', (event) => {
    // Enter keeps the line's indentation (one level more after an opening bracket); Tab is left alone so that
    // keyboard users can leave the editor.
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    const { selectionStart: start, selectionEnd: end, value: text } = textarea;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, start))[0];
    const before = text.slice(lineStart, start).trimEnd();
    const extra = before.endsWith('{') || before.endsWith('[') ? '  ' : '';
    event.preventDefault();
    textarea.setRangeText(`\n${indent}${extra}`, start, end, 'end');
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });

  render();
  return {
    element,
    textarea,
    /** Replaces the text (a preset, a restored draft) as if typed. */
    setValue(text) { textarea.value = text; onChange(text); render(); },
    /** Re-checks against the declared variables (they changed). */
    refresh: schedule,
    problems: () => problems,
    focusAt,
  };
}

/** Fills `code` with highlighted spans of `text`. */
function paint(code, text, spans, declared, problems) {
  const errorOffsets = new Set(problems.map((p) => p.offset));
  const pieces = [];
  const push = (start, end, cls) => { if (end > start) pieces.push([start, end, cls]); };
  let i = 0;
  let spanIndex = 0;
  const n = text.length;
  while (i < n) {
    const span = spans[spanIndex];
    if (span && span.start === i) {
      push(span.start, span.end, span.name && declared.has(span.name) && !span.inKey ? 'tok-ph' : 'tok-ph bad');
      i = span.end;
      spanIndex++;
      continue;
    }
    const c = text[i];
    if (c === '"') {
      // A string, with the placeholders inside it cut out; a key when a ':' follows.
      const parts = [];
      let j = i + 1;
      let segStart = i;
      while (j < n && text[j] !== '"' && text[j] !== '\n') {
        const inner = spans[spanIndex];
        if (inner && inner.start === j) {
          parts.push([segStart, j, null]);
          parts.push([inner.start, inner.end, inner.name && declared.has(inner.name) && !inner.inKey ? 'tok-ph' : 'tok-ph bad']);
          j = inner.end;
          segStart = j;
          spanIndex++;
          continue;
        }
        j += text[j] === '\\' ? 2 : 1;
      }
      if (j < n && text[j] === '"') j++;
      parts.push([segStart, Math.min(j, n), null]);
      let k = j;
      while (k < n && ' \t\r\n'.includes(text[k])) k++;
      const cls = text[k] === ':' ? 'tok-key' : 'tok-str';
      for (const [a, b, own] of parts) push(a, b, own || cls);
      i = Math.min(j, n);
      continue;
    }
    const number = /^-?[0-9][0-9.eE+-]*/.exec(text.slice(i, i + 64));
    if (number && (c === '-' || (c >= '0' && c <= '9'))) {
      push(i, i + number[0].length, 'tok-num');
      i += number[0].length;
      continue;
    }
    const word = /^(true|false|null)\b/.exec(text.slice(i, i + 6));
    if (word) {
      push(i, i + word[0].length, 'tok-lit');
      i += word[0].length;
      continue;
    }
    let j = i + 1;
    while (j < n && !'"-0123456789tfn'.includes(text[j]) && !(text[j] === '{' && text[j + 1] === '{')
      && !(spans[spanIndex] && spans[spanIndex].start === j)) j++;
    push(i, j, null);
    i = j;
  }
  const nodes = [];
  for (const [start, end, cls] of pieces) {
    let a = start;
    for (let k = start; k < end; k++) {
      if (errorOffsets.has(k)) {
        if (k > a) nodes.push(piece(text.slice(a, k), cls));
        nodes.push(h('span', { class: `${cls || ''} tok-err`.trim() }, text[k] === '\n' ? ' \n' : text[k]));
        a = k + 1;
      }
    }
    if (end > a) nodes.push(piece(text.slice(a, end), cls));
  }
  if (errorOffsets.has(n)) nodes.push(h('span', { class: 'tok-err' }, ' '));
  // A trailing newline needs a character after it to take its line in the <pre>.
  nodes.push('\u200b\n');
  code.replaceChildren(...nodes);
}

function piece(text, cls) {
  return cls ? h('span', { class: cls }, text) : document.createTextNode(text);
}
