// "This call as code" under Try it: the call the box just made (its URL, body and, when streamed, Accept header) as
// curl, Python (requests) and JavaScript (fetch), to copy. The key stays the placeholder MODELGATE_KEY: no key is
// ever written into the page.

import { h, snippetTabs } from './dom.js';

/** The snippets, by client, for `POST {origin}/api/v1/models/{name}/invoke` with `body`, streamed or not. */
export function callSnippets(origin, name, body, streaming) {
  const url = `${origin}/api/v1/models/${encodeURIComponent(name)}/invoke`;
  const json = JSON.stringify(streaming ? { ...body, stream: true } : body);
  const accept = streaming ? 'text/event-stream' : 'application/json';
  return [
    { id: 'curl', label: 'curl', code: [
      `curl${streaming ? ' -N' : ''} -X POST ${url} \\`,
      '  -H "Authorization: Bearer $MODELGATE_KEY" \\',
      `  -H "Accept: ${accept}" \\`,
      '  -H "Content-Type: application/json" \\',
      `  -d ${shellQuote(json)}`,
    ] },
    { id: 'python', label: 'Python', note: 'pip install requests', code: [
      'import json, os',
      'import requests',
      '',
      `body = json.loads(${JSON.stringify(json)})`,
      `r = requests.post("${url}",`,
      `    headers={"Authorization": "Bearer " + os.environ["MODELGATE_KEY"], "Accept": "${accept}"},`,
      `    json=body${streaming ? ', stream=True' : ''})`,
      ...(streaming ? ['for line in r.iter_lines(decode_unicode=True):', '    print(line)']
        : ['print(r.status_code, r.json())']),
    ] },
    { id: 'javascript', label: 'JavaScript', note: 'fetch (Node 18+ or a browser)', code: [
      `const r = await fetch("${url}", {`,
      '  method: "POST",',
      `  headers: { Authorization: \`Bearer \${process.env.MODELGATE_KEY}\`, Accept: "${accept}", "Content-Type": "application/json" },`,
      `  body: JSON.stringify(${json}),`,
      '});',
      streaming ? 'for await (const chunk of r.body) process.stdout.write(new TextDecoder().decode(chunk));'
        : 'console.log(r.status, await r.json());',
    ] },
  ].map((s) => ({ ...s, code: s.code.join('\n') }));
}

/** One shell word in single quotes, a quote inside closed, escaped and reopened. */
function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The collapsible "This call as code" box, one tab per client, each with its copy button. */
export function callSnippetBox(origin, name, body, streaming) {
  const all = callSnippets(origin, name, body, streaming);
  return h('details', { class: 'advanced call-snippet', id: 'call-snippet', open: true },
    h('summary', {}, 'This call as code'),
    h('p', { class: 'hint' }, 'The key is read from MODELGATE_KEY: put an API key of this workspace there (an agent key will do).'),
    snippetTabs(all, 'call', (s) => `this call as ${s.label}`));
}
