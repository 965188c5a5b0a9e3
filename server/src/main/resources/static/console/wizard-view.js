// The model wizard's page: the title and status, the name field, the stepper, the problem summary, the draft note,
// the step's section and the footer. Builds and repaints the DOM from the wizard's state (wizard-state.js says what
// to show); fetches nothing. What the user does goes to the handlers it is given (wizard-actions.js).

import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { problemBox } from './form.js';
import {
  stepsOf, titleOf, statusBadgeOf, stepProblems, summaryTitle, summaryLine, footerOf, keptInTabText,
} from './wizard-state.js';

/** What the page shows while the model loads. */
export function paintLoading(root) {
  replace(root, h('p', { class: 'loading' }, 'Loading…'));
}

/** What the page shows when the model could not be loaded. */
export function paintLoadFailed(root, e) {
  replace(root, h('h1', { tabindex: '-1' }, 'Model'), problemBox(e instanceof ApiError ? e : new ApiError(0, { detail: String(e) }),
    { title: 'The model could not be loaded' }), h('p', {}, h('a', { href: '#/models' }, 'Back to the models')));
}

/**
 * The wizard's elements and what repaints them.
 * @param {{goTo, save, cancel, focusField, startOver, nameTyped}} on the actions the page's controls call
 */
export function wizardView(on) {
  const title = h('h1', { tabindex: '-1' });
  const statusBadge = h('span');
  const noticeEl = h('div');
  const summary = h('div', { class: 'wizard-summary', tabindex: '-1' });
  const draftNote = h('div', { class: 'draft-note', role: 'status' });
  const stepper = h('ol', { class: 'stepper' });
  const body = h('div', { class: 'wizard-body' });
  const footer = h('div', { class: 'wizard-footer' });
  const name = nameField(on.nameTyped);
  const summaryPainter = summaryView(summary, on.focusField);

  return {
    title, summary, draftNote, footer, nameInput: name.input, nameError: name.error,

    /** Lays the page out in `root`; the breadcrumb names the saved model, if any. */
    mount(root, state) {
      replace(root,
        h('div', { class: 'page-head' },
          h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, 'External models'),
            state.id ? [' / ', h('a', { href: `#/models/${state.id}` }, state.savedName)] : null),
          h('div', { class: 'title-row' }, title, statusBadge)),
        noticeEl,
        h('div', { class: 'wizard' },
          h('div', { class: 'wizard-top' }, name.element, h('nav', { 'aria-label': 'Steps' }, stepper)),
          summary,
          draftNote,
          body,
          footer));
      summary.hidden = true;
    },

    paintHeader(state) {
      title.textContent = titleOf(state);
      const badge = statusBadgeOf(state);
      replace(statusBadge, badge ? h('span', { class: `badge ${badge.kind}` }, badge.label) : null,
        state.dirty ? h('span', { class: 'unsaved' }, 'Unsaved changes') : null);
    },

    paintStepper(state, violations) {
      paintStepper(stepper, state, violations, on.goTo);
    },

    /** Shows `problem` (a {title, detail, actions} of the whole save) over the list of the fields' violations. */
    paintSummary: summaryPainter.paint,
    /** Repaints the summary, if shown, with the problem it shows. */
    repaintSummary: summaryPainter.repaint,

    paintFooter(state) {
      paintFooter(footer, state, on);
    },

    /** The footer's "Save" ({andTest: true}) or "Save as draft" button. */
    saveButton(andTest) {
      return footer.querySelector(andTest ? '#save' : '#save-draft');
    },

    /** The notice that a stored working copy was restored (or set aside), with the way back to a clean start. */
    paintNotice(notice, state) {
      if (!notice) { replace(noticeEl); return; }
      replace(noticeEl, h('div', { class: 'callout callout-info notice' }, h('p', {}, notice, ' ',
        h('button', { type: 'button', class: 'link', onclick: on.startOver }, state.id ? 'Discard them' : 'Start over'))));
    },

    /** Says that the draft stays in this tab until Modelgate can store it. */
    paintKeptInTab(missing) {
      replace(draftNote, h('div', { class: 'callout callout-info', id: 'draft-kept' },
        h('p', { class: 'callout-title' }, 'Draft kept in this browser tab'),
        h('p', {}, keptInTabText(missing))));
      draftNote.scrollIntoView({ block: 'center' });
    },

    clearDraftNote() {
      if (draftNote.firstChild) replace(draftNote);
    },

    /** A fresh, empty section for the step shown. */
    stepSection() {
      const section = h('section', { class: 'step', 'aria-labelledby': 'step-heading' });
      replace(body, section);
      return section;
    },
  };
}

/** The steps, the one shown marked current, each with how many of its fields have problems. */
function paintStepper(stepper, state, violations, goTo) {
  replace(stepper, stepsOf(state.draft).map((s, k) => {
    const problems = stepProblems(violations, k);
    return h('li', { class: k === state.step ? 'current' : k < state.step ? 'done' : '' },
      h('button', { type: 'button', class: 'step-link', 'aria-current': k === state.step ? 'step' : null,
        onclick: () => goTo(k) },
      h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(k + 1)),
      h('span', { class: 'step-text' }, h('span', { class: 'step-title' }, s.title),
        h('span', { class: 'step-blurb' }, s.blurb)),
      problems ? h('span', { class: 'step-errors' }, problems) : null));
  }));
}

/**
 * Back (or Cancel on the first step), Save as draft, and Next (or Save on the last step). Next names the next step
 * in a span a narrow screen hides ("Next →"); its accessible name stays the whole label.
 */
function paintFooter(footer, state, on) {
  const { back, primary } = footerOf(state.step, state.draft);
  replace(footer,
    h('div', { class: 'footer-left' },
      back ? h('button', { type: 'button', class: 'button', onclick: () => on.goTo(state.step - 1) }, back)
        : h('a', { class: 'button', href: '#/models', onclick: on.cancel }, 'Cancel')),
    h('div', { class: 'footer-right' },
      h('button', { type: 'button', class: 'button', id: 'save-draft', onclick: () => on.save({ andTest: false }) }, 'Save as draft'),
      primary.id === 'save'
        ? h('button', { type: 'button', class: 'button primary', id: 'save', onclick: () => on.save({ andTest: true }) }, primary.label)
        : h('button', { type: 'button', class: 'button primary', id: 'next', 'aria-label': primary.label,
          onclick: () => on.goTo(state.step + 1) }, h('span', {}, 'Next', h('span', { class: 'next-title' }, `: ${primary.next}`), ' →'))));
}

/** The name, always shown above the steps. */
function nameField(onInput) {
  const input = h('input', { id: 'model-name', type: 'text', autocomplete: 'off', spellcheck: 'false',
    maxlength: '64', placeholder: 'e.g. claude-haiku' });
  const hint = h('p', { id: 'model-name-hint', class: 'hint' },
    'Agents call the model by this name. Letters, digits, “.”, “_” and “-”.');
  const error = h('p', { id: 'model-name-error', class: 'field-error', role: 'alert', hidden: true });
  input.setAttribute('aria-describedby', 'model-name-hint model-name-error');
  input.addEventListener('input', () => onInput(input.value));
  return { input, error, element: h('div', { class: 'field name-field' }, h('label', { for: 'model-name' }, 'Name'), input, hint, error) };
}

/** The summary of what keeps the model from being saved; a link per field goes to it. */
function summaryView(summary, focusField) {
  let current = null;
  let signature = '';
  const paint = (problem, violations) => {
    current = problem;
    // Unchanged content is not rebuilt: a link the user focused in it keeps its focus.
    const next = JSON.stringify([problem && [problem.title, problem.detail], violations]);
    if (next === signature) return;
    signature = next;
    if (!problem && violations.length === 0) { replace(summary); summary.hidden = true; return; }
    summary.hidden = false;
    replace(summary, h('div', { class: 'callout callout-error', role: 'alert' },
      h('p', { class: 'callout-title' }, summaryTitle(problem, violations)),
      problem && problem.detail ? h('p', {}, problem.detail) : null,
      violations.length ? h('ul', { class: 'summary-list' }, violations.map((v) => {
        const line = summaryLine(v);
        return h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => focusField(v.field) }, line.link), line.text);
      })) : null,
      problem && problem.actions ? h('p', { class: 'actions' }, problem.actions) : null));
  };
  return {
    paint,
    repaint(violations) {
      if (!summary.hidden) paint(current, violations);
    },
  };
}

/** Marks a button busy (disabled, with `label` while it works), or restores it. */
export function setBusy(button, busy, label) {
  if (!button) return;
  if (busy) {
    button.dataset.label = button.textContent;
    button.textContent = label;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  } else {
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
