// How a screen loads what it shows: a box that says "Loading keys…" (aria-busy while it does), filled by the
// screen's render once the API answers, or with a problem box saying "The keys could not be loaded" when it refuses.

import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { problemBox } from './form.js';

/**
 * The box and the function that (re)loads it. `what` names the thing loaded, as in "Loading keys…" ("the workspace"
 * reads "Loading the workspace…" and "The workspace could not be loaded"). `load(...args)` calls `fetch(...args)`,
 * then `render(result, ...args)` (a highlight passed to load reaches render); it resolves true when rendered, false
 * when the API refused. Errors other than the API's propagate.
 */
export function loader({ what, fetch, render }) {
  const content = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading' }, `Loading ${what}…`));
  const title = `${what.startsWith('the ') ? 'T' + what.slice(1) : `The ${what}`} could not be loaded`;
  async function load(...args) {
    let result;
    try {
      result = await fetch(...args);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(content, problemBox(e, { title }));
      content.removeAttribute('aria-busy');
      return false;
    }
    content.removeAttribute('aria-busy');
    await render(result, ...args);
    return true;
  }
  return { content, load };
}
