// The console's entry point: hash routes (no server-side routing, so any page can be reloaded or bookmarked), one
// screen mounted at a time, focus moved to its heading on navigation.
//
//   #/models                        External models
//   #/models/new[/<step>]           Add a model (steps: credentials, model, test)
//   #/models/copy/<id>[/<step>]     Duplicate a model
//   #/models/<id>                   Model detail
//   #/models/<id>/edit[/<step>]     Edit a model

import { h, replace } from './dom.js';
import { mountList } from './list.js';
import { mountDetail } from './detail.js';
import { mountWizard } from './wizard.js';

const main = document.getElementById('main');
let cleanup = null;
let generation = 0;

export function parseRoute(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'models')) {
    return { screen: 'list', page: Math.max(0, Number(params.get('page')) || 0), highlight: params.get('highlight') };
  }
  if (parts[0] !== 'models') return { screen: 'missing' };
  if (parts[1] === 'new') return { screen: 'wizard', mode: 'new', step: parts[2] };
  if (parts[1] === 'copy' && parts[2]) return { screen: 'wizard', mode: 'copy', id: parts[2], step: parts[3] };
  if (parts.length === 2) return { screen: 'detail', id: parts[1] };
  if (parts[2] === 'edit') return { screen: 'wizard', mode: 'edit', id: parts[1], step: parts[3] };
  return { screen: 'missing' };
}

async function route() {
  const mine = ++generation;
  if (cleanup) {
    const previous = cleanup;
    cleanup = null;
    previous();
  }
  const target = parseRoute(location.hash);
  document.querySelectorAll('[data-nav]').forEach((a) => a.setAttribute('aria-current', target.screen === 'missing' ? 'false' : 'page'));
  const screen = h('div', { class: `screen screen-${target.screen}` });
  replace(main, screen);
  let result = null;
  switch (target.screen) {
    case 'list':
      document.title = 'External models · Modelgate';
      result = await mountList(screen, target);
      break;
    case 'detail':
      document.title = 'Model · Modelgate';
      result = await mountDetail(screen, target);
      break;
    case 'wizard':
      document.title = `${target.mode === 'edit' ? 'Edit model' : 'Add a model'} · Modelgate`;
      result = await mountWizard(screen, target);
      break;
    default:
      document.title = 'Not found · Modelgate';
      replace(screen, h('h1', { tabindex: '-1' }, 'Nothing here'), h('p', {}, h('a', { href: '#/models' }, 'Go to the models')));
  }
  if (mine !== generation) {
    if (typeof result === 'function') result();
    return;
  }
  cleanup = typeof result === 'function' ? result : null;
  const heading = screen.querySelector('h1');
  if (heading && !screen.contains(document.activeElement)) heading.focus({ preventScroll: true });
  const title = heading ? heading.textContent : '';
  if (title) document.title = `${title} · Modelgate`;
}

window.addEventListener('hashchange', route);
window.addEventListener('error', (event) => {
  console.error(event.error || event.message);
});
route();
