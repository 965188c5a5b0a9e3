// Whether the Test result on screen still describes what is on screen, and what a Test shows while it runs.
// A result is taken against the role, the model and the request (template, variables, Converse defaults); once any of
// them changes the result is marked stale — dimmed, and said so — until the Test runs again. The output mapping is
// not part of it: its fields preview the last response as they are typed.

import { h, replace } from './dom.js';

const PARTS = [
  { key: 'role', label: 'the role', of: (d) => [d.roleArn, d.stsEndpoint] },
  { key: 'model', label: 'the model', of: (d) => [d.region, d.modelReference, d.api, d.options, d.timeouts] },
  { key: 'template', label: 'the request template', of: (d) => d.requestTemplate },
  { key: 'variables', label: 'the variables', of: (d) => d.variables },
  { key: 'converse', label: 'the Converse defaults', of: (d) => (d.api === 'CONVERSE' ? d.converse : null) },
];

/** What a Test run depends on in the working copy, one JSON text per part. */
export function testedAgainst(draft) {
  return Object.fromEntries(PARTS.map((p) => [p.key, JSON.stringify(p.of(draft) ?? null)]));
}

/** The labels of the parts that changed since `then` (a {@link testedAgainst} value); none when `then` is unknown. */
export function changedSince(then, draft) {
  if (!then) return [];
  const now = testedAgainst(draft);
  return PARTS.filter((p) => then[p.key] !== undefined && then[p.key] !== now[p.key]).map((p) => p.label);
}

function joined(labels) {
  return labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * Keeps a Test result's freshness shown: a banner before it (announced once per change of what it says) and the
 * result dimmed while it is stale.
 * @param {HTMLElement} banner where the "stale" notice goes
 * @param {HTMLElement[]} areas what is dimmed while stale
 * @returns {(state: {lastTest, lastTestAgainst, draft}) => boolean} paints, and answers whether the result is stale
 */
export function freshness(banner, areas) {
  let shown = '';
  banner.setAttribute('role', 'status');
  return (state) => {
    const changed = state.lastTest ? changedSince(state.lastTestAgainst, state.draft) : [];
    const text = changed.length ? `${joined(changed)} changed since this Test ran.` : '';
    for (const area of areas) area.classList.toggle('test-stale', changed.length > 0);
    if (text !== shown) {
      shown = text;
      replace(banner, text ? h('div', { class: 'callout callout-warn stale-note', id: 'test-stale' },
        h('p', { class: 'callout-title' }, 'Stale — re-run the Test'),
        h('p', {}, `${text[0].toUpperCase()}${text.slice(1)} The result below is of the earlier version.`)) : null);
    }
    return changed.length > 0;
  };
}

/**
 * What the Test area shows while a Test runs: its stages, in order, waiting for the server's answer (a Test answers
 * all its stages at once, so none is shown as done before the run ends).
 * @param {{stage: string, label: string}[]} stages
 */
export function runningTest(stages) {
  return h('section', { class: 'test-run running', 'aria-busy': 'true', 'aria-label': 'Test running' },
    h('div', { class: 'test-run-head' }, h('h3', {}, 'Test running…')),
    h('ol', { class: 'stages' }, stages.map(({ stage, label }, i) => h('li', {},
      h('article', { class: 'stage stage-pending', dataset: { stage } },
        h('header', { class: 'stage-head' }, h('h4', {}, label),
          h('span', { class: `badge ${i === 0 ? 'badge-running' : 'badge-muted'}` }, i === 0 ? 'Running' : 'Pending')))))));
}
