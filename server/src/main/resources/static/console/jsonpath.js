// JSONPath (RFC 9535) as far as the console needs it: writing the path of a node of a response (the same spelling
// as Modelgate's diagnostics: `$.content[0].text`, `$['amazon-bedrock-invocationMetrics'].inputTokenCount`), and
// previewing a mapping field against the last Test response. The preview covers names, indexes, slices, wildcards
// and descendants; a path with filter expressions (`?`) is left to Modelgate, whose Test shows its value.

/** Whether `name` may be written `.name` (RFC 9535 member-name-shorthand). */
export function isShorthandName(name) {
  if (!name) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const first = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
    if (!(first || (i > 0 && c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** `['name']` with the escaping of an RFC 9535 normalized path. */
export function quotedName(name) {
  let out = "['";
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}']`;
}

/** The path of a node reached through `steps` (strings: member names, numbers: array indexes). */
export function pathOf(steps) {
  let out = '$';
  for (const step of steps) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += isShorthandName(step) ? `.${step}` : quotedName(step);
  }
  return out;
}

class Unsupported extends Error {}
class Invalid extends Error {
  constructor(message, column) {
    super(message);
    this.column = column;
  }
}

/**
 * Parses the subset the preview evaluates.
 * @returns {{segments: {descendant: boolean, selectors: object[]}[], singular: boolean}}
 * @throws Invalid (with a 1-based column) or Unsupported
 */
function parse(path) {
  let i = 0;
  const n = path.length;
  const fail = (message) => { throw new Invalid(message, i + 1); };
  const blank = () => { while (i < n && ' \t\n\r'.includes(path[i])) i++; };
  if (path[0] !== '$') fail('a JSONPath starts with $');
  i = 1;
  const segments = [];
  const nameChar = (c, first) => /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80 || (!first && /[0-9]/.test(c));

  const quoted = () => {
    const quote = path[i];
    i++;
    let out = '';
    while (i < n && path[i] !== quote) {
      if (path[i] === '\\') {
        const e = path[i + 1];
        const simple = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '/': '/', '\\': '\\', "'": "'", '"': '"' };
        if (e === 'u') {
          const hex = path.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('\\u needs four hexadecimal digits');
          const unit = parseInt(hex, 16);
          i += 6;
          if (unit >= 0xdc00 && unit <= 0xdfff) fail('a low surrogate escape must follow a high one');
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(path.slice(i, i + 6));
            if (!low) fail('a high surrogate escape must be followed by a low one (\\uDC00 to \\uDFFF)');
            out += String.fromCharCode(unit, parseInt(low[1], 16));
            i += 6;
          } else {
            out += String.fromCharCode(unit);
          }
        } else if (e in simple && (e !== "'" || quote === "'") && (e !== '"' || quote === '"')) {
          out += simple[e];
          i += 2;
        } else {
          fail(`invalid escape \\${e ?? ''}`);
        }
      } else if (path.charCodeAt(i) < 0x20) {
        fail('a control character in a name must be escaped');
      } else {
        out += path[i];
        i++;
      }
    }
    if (i >= n) fail('a quoted name is never closed');
    i++;
    return out;
  };

  const integer = () => {
    const m = /^-?(0|[1-9][0-9]*)/.exec(path.slice(i));
    if (!m) return null;
    if (m[0] === '-0') fail('-0 is not an integer of JSONPath');
    const value = Number(m[0]);
    if (!Number.isSafeInteger(value)) fail('an index, slice start, end or step lies within ±(2^53 - 1)');
    i += m[0].length;
    return value;
  };

  const selector = () => {
    blank();
    const c = path[i];
    if (c === "'" || c === '"') return { kind: 'name', name: quoted() };
    if (c === '*') { i++; return { kind: 'wildcard' }; }
    if (c === '?') throw new Unsupported('filter');
    const start = integer();
    blank();
    if (path[i] === ':') {
      i++;
      blank();
      const end = integer();
      blank();
      let step = null;
      if (path[i] === ':') { i++; blank(); step = integer(); }
      return { kind: 'slice', start, end, step: step ?? 1 };
    }
    if (start === null) fail('expected a selector: a quoted name, an index, a slice or *');
    return { kind: 'index', index: start };
  };

  const bracket = () => {
    i++;
    const selectors = [selector()];
    blank();
    while (path[i] === ',') { i++; selectors.push(selector()); blank(); }
    if (path[i] !== ']') fail("expected ']'");
    i++;
    return selectors;
  };

  while (i < n) {
    blank();
    if (i >= n) fail('a JSONPath cannot end with blank space');
    if (path.startsWith('..', i)) {
      i += 2;
      if (path[i] === '[') segments.push({ descendant: true, selectors: bracket() });
      else if (path[i] === '*') { i++; segments.push({ descendant: true, selectors: [{ kind: 'wildcard' }] }); }
      else {
        const start = i;
        while (i < n && nameChar(path[i], i === start)) i++;
        if (i === start) fail('expected a name after ..');
        segments.push({ descendant: true, selectors: [{ kind: 'name', name: path.slice(start, i) }] });
      }
    } else if (path[i] === '.') {
      i++;
      if (path[i] === '*') { i++; segments.push({ descendant: false, selectors: [{ kind: 'wildcard' }] }); continue; }
      const start = i;
      while (i < n && nameChar(path[i], i === start)) i++;
      if (i === start) fail('expected a member name after .');
      segments.push({ descendant: false, selectors: [{ kind: 'name', name: path.slice(start, i) }] });
    } else if (path[i] === '[') {
      segments.push({ descendant: false, selectors: bracket() });
    } else {
      fail(`unexpected '${path[i]}'`);
    }
  }
  const singular = segments.every((seg) => !seg.descendant && seg.selectors.length === 1
    && (seg.selectors[0].kind === 'name' || seg.selectors[0].kind === 'index'));
  return { segments, singular };
}

function children(node) {
  const { value, steps } = node;
  if (Array.isArray(value)) return value.map((v, k) => ({ value: v, steps: [...steps, k] }));
  if (value !== null && typeof value === 'object') return Object.keys(value).map((k) => ({ value: value[k], steps: [...steps, k] }));
  return [];
}

function select(node, sel) {
  const { value, steps } = node;
  const isArray = Array.isArray(value);
  const isObject = value !== null && typeof value === 'object' && !isArray;
  switch (sel.kind) {
    case 'name':
      return isObject && Object.prototype.hasOwnProperty.call(value, sel.name)
        ? [{ value: value[sel.name], steps: [...steps, sel.name] }] : [];
    case 'wildcard':
      return children(node);
    case 'index': {
      if (!isArray) return [];
      const k = sel.index < 0 ? value.length + sel.index : sel.index;
      return k >= 0 && k < value.length ? [{ value: value[k], steps: [...steps, k] }] : [];
    }
    case 'slice': {
      if (!isArray || sel.step === 0) return [];
      const len = value.length;
      const norm = (x) => (x < 0 ? len + x : x);
      const out = [];
      if (sel.step > 0) {
        const lo = Math.min(Math.max(norm(sel.start ?? 0), 0), len);
        const hi = Math.min(Math.max(norm(sel.end ?? len), 0), len);
        for (let k = lo; k < hi; k += sel.step) out.push({ value: value[k], steps: [...steps, k] });
      } else {
        const hi = Math.min(Math.max(norm(sel.start ?? len - 1), -1), len - 1);
        const lo = Math.min(Math.max(norm(sel.end ?? -len - 1), -1), len - 1);
        for (let k = hi; k > lo; k += sel.step) out.push({ value: value[k], steps: [...steps, k] });
      }
      return out;
    }
    default:
      return [];
  }
}

function descendants(node) {
  const out = [node];
  for (const child of children(node)) out.push(...descendants(child));
  return out;
}

/**
 * The nodes `path` selects in `document`.
 * @returns {{status: 'ok', nodes: {value, steps}[], singular: boolean} | {status: 'invalid', message, column}
 *          | {status: 'unsupported'}}
 */
export function query(path, document) {
  let parsed;
  try {
    parsed = parse(path);
  } catch (e) {
    if (e instanceof Unsupported) return { status: 'unsupported' };
    if (e instanceof Invalid) return { status: 'invalid', message: e.message, column: e.column };
    throw e;
  }
  let nodes = [{ value: document, steps: [] }];
  for (const segment of parsed.segments) {
    const next = [];
    for (const node of nodes) {
      const from = segment.descendant ? descendants(node) : [node];
      for (const each of from) for (const sel of segment.selectors) next.push(...select(each, sel));
    }
    nodes = next;
  }
  return { status: 'ok', nodes, singular: parsed.singular };
}

/** Leaf paths under a value (scalars, empty containers), in document order, at most `limit`. */
export function leafPaths(value, steps = [], limit = 8, out = []) {
  if (out.length >= limit) return out;
  const isContainer = value !== null && typeof value === 'object';
  if (!isContainer || Object.keys(value).length === 0) {
    out.push(pathOf(steps));
    return out;
  }
  for (const child of children({ value, steps })) {
    leafPaths(child.value, child.steps, limit, out);
    if (out.length >= limit) break;
  }
  return out;
}

/** Where a path stops matching: the leaves under the deepest single node its leading segments reach. */
function nearby(path, document) {
  let parsed;
  try {
    parsed = parse(path);
  } catch {
    return [];
  }
  let node = { value: document, steps: [] };
  for (const segment of parsed.segments) {
    const from = segment.descendant ? descendants(node) : [node];
    const next = [];
    for (const each of from) for (const sel of segment.selectors) next.push(...select(each, sel));
    if (next.length !== 1) break;
    [node] = next;
  }
  return leafPaths(node.value, node.steps, 8);
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

/**
 * What a mapping field extracts from `document`, with the rules Modelgate applies: `text` concatenates the strings
 * (numbers and booleans as JSON, null as nothing) and refuses objects and arrays; `tokens` needs exactly one
 * non-negative integer; `extra` takes the node of a singular path (which must match), or an array of all matches.
 * @param {'text'|'tokens'|'extra'} kind
 * @returns {{outcome: 'MAPPED', value} | {outcome: 'FAILED', rule, message, available?: string[]}
 *          | {outcome: 'UNSUPPORTED'} | {outcome: 'EMPTY'}}
 */
export function extract(kind, path, document) {
  if (!path || !path.trim()) return { outcome: 'EMPTY' };
  const result = query(path.trim(), document);
  if (result.status === 'unsupported') return { outcome: 'UNSUPPORTED' };
  if (result.status === 'invalid') {
    return { outcome: 'FAILED', rule: 'invalid-jsonpath', message: `not a valid JSONPath at column ${result.column}: ${result.message}` };
  }
  const values = result.nodes.map((node) => node.value);
  const noMatch = () => {
    const available = nearby(path.trim(), document);
    return { outcome: 'FAILED', rule: 'no-match', available,
      message: `${path.trim()} matches nothing in the last response${available.length ? `; it has ${available.join(', ')}` : ''}` };
  };
  if (kind === 'extra') {
    if (result.singular) return values.length ? { outcome: 'MAPPED', value: values[0] } : noMatch();
    return { outcome: 'MAPPED', value: values };
  }
  if (values.length === 0) return noMatch();
  if (kind === 'tokens') {
    if (values.length > 1) {
      return { outcome: 'FAILED', rule: 'multiple-matches', message: `must select exactly one node, but selected ${values.length}` };
    }
    const count = values[0];
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0) return { outcome: 'MAPPED', value: count };
    return { outcome: 'FAILED', rule: 'not-a-non-negative-integer', message: `must select a non-negative integer, but selected ${describe(count)}` };
  }
  let text = '';
  for (const value of values) {
    if (value !== null && typeof value === 'object') {
      return { outcome: 'FAILED', rule: 'not-text', message: `must select strings, but selected ${describe(value)}` };
    }
    text += typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);
  }
  return { outcome: 'MAPPED', value: text };
}
