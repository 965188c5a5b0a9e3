// A model's revisions on its page: which one agents get (live) and whether a draft waits, promoting a passed draft,
// comparing any two revisions, and the history (who, when, Test outcome, what changed, the calls each served and its
// Tests) with a roll back to an earlier revision.

import { api, ApiError } from './api.js';
import { h, replace, exactTime, relativeTime, confirmDialog, toast } from './dom.js';
import { problemBox } from './form.js';
import { diffTable } from './revision-diff.js';
import { compareSection } from './revision-compare.js';
import { countsLine, activityDetails } from './revision-activity.js';

/** How many revisions the history lists (newest first). */
const HISTORY_SIZE = 20;

/** What the last promote or roll back did, said once under the state line of the page it reloads (not a toast over it). */
let notice = null;

/**
 * The revisions card: the live/draft line, Promote (or why not) and the history. `model` holds the model view and
 * its ETag (`model.revision`); `onChanged()` runs after a promote or roll back changed the model.
 */
export function revisionsCard(model, { onChanged }) {
  const card = h('section', { class: 'card revisions-card', id: 'revisions', 'aria-labelledby': 'revisions-heading' });
  const load = async () => {
    replace(card, heading(), h('p', { class: 'loading' }, 'Loading revisions…'));
    let items;
    try {
      items = (await api.revisions(model.id, HISTORY_SIZE)).items;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(card, heading(), problemBox(e, { title: 'The revisions could not be loaded' }));
      return;
    }
    const act = actions(model, onChanged);
    const said = notice ? h('p', { class: 'revision-notice', id: 'revision-notice' }, notice) : null;
    notice = null;
    replace(card, heading(), stateLine(model, items), said, promoteArea(model, items, act),
      compareSection(model, items),
      h('details', { class: 'advanced', id: 'revision-history' },
        h('summary', {}, h('h3', { class: 'inline-heading' }, 'History'),
          h('span', { class: 'muted' }, ` ${items.length} revision${items.length === 1 ? '' : 's'}, newest first`)),
        h('ol', { class: 'revision-list' }, items.map((r) => revisionItem(model, r, act)))));
  };
  load();
  return { element: card, reload: load };
}

function heading() {
  return h('h2', { id: 'revisions-heading' }, 'Revisions');
}

/** The draft's Test, in words. */
function outcomeText(r) {
  if (!r.testOutcome) return 'not tested yet';
  return r.passed ? 'Test passed' : 'Test failed';
}

/** "Live: revision 3 · Draft: revision 4, Test failed — agents keep getting revision 3". */
export function stateText(model, items) {
  const draft = items.find((r) => r.draft);
  const live = model.liveRevision == null ? 'Live: none yet' : `Live: revision ${model.liveRevision}`;
  if (!draft) return `${live} · No draft${model.liveRevision == null ? '' : ` — agents get revision ${model.liveRevision}`}`;
  const serving = model.liveRevision == null ? 'agents cannot invoke it until a revision passes its Test'
    : `agents keep getting revision ${model.liveRevision}`;
  return `${live} · Draft: revision ${draft.revision}, ${outcomeText(draft)} — ${serving}`;
}

function stateLine(model, items) {
  const draft = items.find((r) => r.draft);
  return h('p', { id: 'revision-state', class: draft ? 'revision-state has-draft' : 'revision-state', role: 'status' },
    stateText(model, items));
}

/** Promote for a passed draft; for any other draft the reason it cannot go live yet. */
function promoteArea(model, items, act) {
  const draft = items.find((r) => r.draft);
  if (!draft) return null;
  if (draft.passed) {
    return h('div', { class: 'test-bar', id: 'promote-area' },
      h('button', { type: 'button', class: 'button primary', id: 'promote', onclick: () => act.promote(draft) },
        `Promote revision ${draft.revision}`),
      h('span', { class: 'hint' }, 'Its Test passed: promoting makes it what agents get.'));
  }
  const why = draft.testOutcome
    ? `Revision ${draft.revision} cannot be promoted: its latest Test (run ${draft.testRunId}) failed. Fix it and run its Test again.`
    : `Revision ${draft.revision} cannot be promoted: it has not been tested. Run its Test (Last Test below).`;
  return h('p', { class: 'hint', id: 'promote-area' }, why);
}

/** Promote and roll back, each with If-Match and a problem box on refusal. */
function actions(model, onChanged) {
  const refused = (e, title) => {
    if (!(e instanceof ApiError)) throw e;
    toast(`${title}: ${e.message}`, { kind: 'bad' });
  };
  return {
    async promote(draft) {
      try {
        await api.promote(model.id, model.revision);
        notice = `Revision ${draft.revision} is live: agents get it now.`;
        onChanged();
      } catch (e) {
        refused(e, `Revision ${draft.revision} was not promoted`);
      }
    },
    async rollback(r) {
      const atOnce = r.wasLive;
      const ok = await confirmDialog({
        title: `Roll back to revision ${r.revision}?`,
        body: atOnce
          ? `Revision ${r.revision} was live before: it goes live at once and agents get it right away. Revision ${model.revision} (the latest saved) stays as the draft, to promote again later.`
          : `Revision ${r.revision} never went live: it is saved anew as the draft (revision ${model.revision + 1}), which needs a passing Test before agents get it.${model.liveRevision == null ? '' : ` Agents keep getting revision ${model.liveRevision} meanwhile.`}`,
        confirm: atOnce ? 'Roll back and go live' : 'Roll back as a draft',
      });
      if (!ok) return;
      try {
        const { revision } = await api.rollback(model.id, model.revision, r.revision);
        notice = atOnce ? `Rolled back: revision ${r.revision} is live again.`
          : `Rolled back: revision ${r.revision} is the draft now, as revision ${revision}; run its Test.`;
        onChanged();
      } catch (e) {
        refused(e, `The roll back to revision ${r.revision} failed`);
      }
    },
  };
}

function tags(r) {
  return [r.live ? ['live', 'Live'] : null, r.draft ? ['draft', 'Draft'] : null, !r.live && r.wasLive ? ['was-live', 'Was live'] : null]
    .filter(Boolean).map(([cls, text]) => h('span', { class: `revision-tag revision-tag-${cls}` }, text));
}

function revisionItem(model, r, act) {
  const canRollBack = !r.live && !r.draft;
  return h('li', { class: 'revision-item', 'data-revision': String(r.revision) },
    h('div', { class: 'revision-head' },
      h('strong', {}, `Revision ${r.revision}`), ...tags(r),
      h('span', { class: r.testOutcome ? (r.passed ? 'revision-test passed' : 'revision-test failed') : 'revision-test muted' },
        outcomeText(r)),
      h('span', { class: 'muted' }, h('time', { datetime: r.savedAt, title: exactTime(r.savedAt) }, relativeTime(r.savedAt)),
        ` by ${r.savedBy || '—'}`),
      canRollBack ? h('button', { type: 'button', class: 'button small', 'aria-label': `Roll back to revision ${r.revision}`,
        onclick: () => act.rollback(r) }, 'Roll back') : null),
    countsLine(r),
    diffTable(r.changes),
    activityDetails(model, r));
}
