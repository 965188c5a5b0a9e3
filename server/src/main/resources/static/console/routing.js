// A model's routing on its page: the models tried in order when it is throttled or unavailable (fallbacks), and the
// equivalent models its calls are spread over by weight (balance). A setting of the model like its inference switch:
// saving it needs no Test and changes no revision. Workspace admins change it; everyone who sees the model reads it.

import { api, ApiError } from './api.js';
import { h, replace, toast } from './dom.js';
import { ErrorStore, field, problemBox } from './form.js';

/** Fallback names as typed, in order: one a line or comma-separated. */
export function parseFallbacks(text) {
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * Balanced models as typed: `name=weight` entries, one a line or comma-separated. A weight that is not a whole number
 * is sent as null, so that the server names it (field balance[i].weight).
 */
export function parseBalance(text) {
  return text.split(/[\s,]+/).filter(Boolean).map((entry) => {
    const at = entry.lastIndexOf('=');
    const model = at < 0 ? entry : entry.slice(0, at);
    const weight = at < 0 ? NaN : Number(entry.slice(at + 1));
    return { model, weight: Number.isInteger(weight) ? weight : null };
  });
}

/** The balance as the field shows it: `haiku-us=3, haiku-eu=1`. */
export function balanceText(balance) {
  return (balance || []).map((b) => `${b.model}=${b.weight}`).join(', ');
}

/** `fallbacks[2]` and `balance[0].weight` are shown at the field they were typed in. */
function atField(violation) {
  return { ...violation, field: violation.field.startsWith('balance') ? 'balance' : 'fallbacks' };
}

/** The chain in words: "haiku → haiku-eu → nova". */
function chainLine(model, routing) {
  if (!routing.fallbacks.length && !routing.balance.length) {
    return h('p', { class: 'muted', id: 'routing-chain' }, 'No fallbacks: calls are served by this model alone.');
  }
  return h('div', { id: 'routing-chain' },
    routing.balance.length ? h('p', {}, 'Calls are spread by weight over ',
      routing.balance.map((b, i) => [i ? ', ' : null, h('code', {}, b.model), ` (${b.weight})`]).flat(),
      '; the one picked goes first, then this model.') : null,
    routing.fallbacks.length ? h('p', {}, 'When throttled or unavailable, tried in order: ',
      [model.name, ...routing.fallbacks].map((name, i) => [i ? ' → ' : null, h('code', {}, name)]).flat()) : null);
}

/** The routing card; loads the routing itself. */
export function routingCard(model) {
  const card = h('section', { class: 'card', id: 'routing', 'aria-labelledby': 'routing-heading' });
  const heading = () => h('h2', { id: 'routing-heading' }, 'Fallbacks and balancing');
  const load = async () => {
    replace(card, heading(), h('p', { class: 'loading' }, 'Loading routing…'));
    try {
      show((await api.routing(model.id)).data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(card, heading(), problemBox(e, { title: 'The routing could not be loaded' }));
    }
  };
  const show = (routing) => {
    const errors = new ErrorStore();
    const fallbacks = h('input', { type: 'text', id: 'routing-fallbacks', value: routing.fallbacks.join(', '),
      autocomplete: 'off', spellcheck: 'false' });
    const balance = h('input', { type: 'text', id: 'routing-balance', value: balanceText(routing.balance),
      autocomplete: 'off', spellcheck: 'false' });
    const formError = h('div', {});
    const save = h('button', { type: 'submit', class: 'button', id: 'routing-save' }, 'Save routing');
    const form = h('form', { class: 'routing-form', novalidate: true },
      field(errors, { key: 'fallbacks', label: 'Fallbacks', input: fallbacks, optional: true,
        hint: 'Up to 5 models of this workspace, in the order they are tried when this one is throttled or '
          + 'unavailable (never on a refused request or denied access). Same API, and able to take this model’s variables.' }),
      field(errors, { key: 'balance', label: 'Balance', input: balance, optional: true,
        hint: 'Equivalent models with weights, as model=weight (2 to 5, weights 1 to 100; this model may be one), '
          + 'to spread calls over. Leave empty for none.' }),
      formError, save);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(formError);
      save.disabled = true;
      try {
        const { data } = await api.setRouting(model.id, { fallbacks: parseFallbacks(fallbacks.value),
          balance: parseBalance(balance.value) });
        toast('Routing saved');
        show(data);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.violations.length) {
          errors.replaceAll(e.violations.map(atField));
          (e.violations[0].field.startsWith('balance') ? balance : fallbacks).focus();
        } else {
          replace(formError, problemBox(e, { title: 'The routing was not saved' }));
        }
      } finally {
        save.disabled = false;
      }
    });
    replace(card, heading(), chainLine(model, routing), form);
  };
  load();
  return card;
}
