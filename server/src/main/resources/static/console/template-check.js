// Checks a request template as it is typed, the way Modelgate checks it on save: every {{placeholder}} is found
// (inside a string or standing for a whole value), blanked (spaces inside a string, `null` outside one) so that
// offsets stay those of the template, and the rest must be exactly one JSON value. Pure functions, no DOM.

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function isInner(c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
    || c === '_' || c === '.' || c === '-' || c === ' ' || c === '\t';
}

/**
 * The template's placeholder spans and the text to check as JSON.
 * @returns {{spans: {name: string|null, problem: string|null, start: number, end: number, inString: boolean,
 *            inKey: boolean}[], filled: string}}
 */
export function scanTemplate(text) {
  const spans = [];
  const filled = text.split('');
  let inString = false;
  let firstSpanOfString = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      const span = spanAt(text, i, inString);
      spans.push(span);
      for (let k = span.start; k < span.end; k++) filled[k] = ' ';
      if (!span.inString) {
        if (span.end - span.start >= 4) filled.splice(span.start, 4, 'n', 'u', 'l', 'l');
        else { filled[span.start] = '{'; filled[span.start + 1] = '{'; }
      }
      i = span.end - 1;
    } else if (inString && c === '\\') {
      i++;
    } else if (c === '"') {
      inString = !inString;
      if (inString) {
        firstSpanOfString = spans.length;
      } else if (nextNonWhitespace(text, i + 1) === ':') {
        for (let k = firstSpanOfString; k < spans.length; k++) spans[k].inKey = true;
      }
    }
  }
  return { spans, filled: filled.join('') };
}

function spanAt(text, start, inString) {
  let j = start + 2;
  while (j < text.length && isInner(text[j])) j++;
  if (j + 1 >= text.length || text[j] !== '}' || text[j + 1] !== '}') {
    return { name: null, start, end: start + 2, inString, inKey: false,
      problem: '"{{" opens no placeholder: a placeholder is {{name}} on one line (a literal "{{" inside a string can be written {\\u007b)' };
  }
  const written = text.slice(start, j + 2);
  const name = text.slice(start + 2, j).trim();
  let problem = null;
  if (!name) problem = `placeholder ${written} names no variable`;
  else if (!NAME.test(name)) problem = `placeholder ${written} has an invalid name: a name is a letter or '_', then letters, digits, '_', '.' or '-'`;
  return { name: problem ? null : name, problem, start, end: j + 2, inString, inKey: false };
}

function nextNonWhitespace(text, from) {
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return null;
}

/** Whether a line ends at `i`: at \n, or at a \r not followed by \n (as the server counts lines). */
function endsLine(text, i) {
  return text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n');
}

/** 1-based line and column (in UTF-16 units, as the server counts) of an offset. */
export function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (endsLine(text, i)) { line++; lineStart = i + 1; }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offset of a 1-based line and column. */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    while (offset < text.length && !endsLine(text, offset)) offset++;
    if (offset >= text.length) return text.length;
    offset++;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/**
 * The first place `text` stops being exactly one JSON value, or null.
 * @returns {{offset: number, reason: string}|null}
 */
export function jsonBreak(text) {
  let i = 0;
  const n = text.length;
  const fail = (offset, reason) => { throw { offset, reason }; };
  const describe = (at) => (at >= n ? 'the end of the template' : `'${text[at]}'`);
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };

  const string = () => {
    const start = i;
    i++;
    while (i < n) {
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = i + 2; k < i + 6; k++) {
            if (k >= n) fail(n, 'this string is never closed with a double quote');
            if (!/[0-9a-fA-F]/.test(text[k])) fail(k, 'a \\u escape needs four hexadecimal digits');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else if (e === undefined) {
          fail(n, 'this string is never closed with a double quote');
        } else {
          fail(i + 1, `invalid escape ${e === undefined ? '\\' : `\\${e}`} in a string (valid: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
        }
      } else if (c < ' ') {
        fail(i, c === '\n' ? 'a string cannot span lines; write \\n for a line break' : 'a control character in a string must be escaped');
      } else {
        i++;
      }
    }
    fail(n, 'this string is never closed with a double quote');
  };

  // A broken number is reported where it breaks: at the first character that cannot continue it.
  const numberValue = () => {
    const digits = () => { const from = i; while (i < n && text[i] >= '0' && text[i] <= '9') i++; return i > from; };
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!digits()) fail(i, `${describe(i)} cannot follow '-': a number needs a digit`);
    if (text[i] === '.') {
      i++;
      // at the end of the text the server's parser points at the '.' itself
      if (!digits()) fail(i >= n ? i - 1 : i, `${describe(i)} cannot follow '.': a fraction needs a digit`);
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) fail(i, `${describe(i)} cannot follow the exponent: it needs a digit`);
    }
    if (i < n && /[0-9A-Za-z.]/.test(text[i])) fail(i, `${describe(i)} cannot follow a number`);
  };

  const value = (depth) => {
    ws();
    if (i >= n) fail(i, 'expected a value, found the end of the template');
    const c = text[i];
    if (c === '{') return object(depth + 1);
    if (c === '[') return array(depth + 1);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return numberValue();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        if (i < n && /[A-Za-z0-9_]/.test(text[i])) fail(i - word.length, `${describe(i)} cannot follow ${word}`);
        return undefined;
      }
    }
    if (c === "'") fail(i, 'JSON strings use double quotes, not single quotes');
    if (c === '}' || c === ']') fail(i, `expected a value before ${describe(i)}`);
    return fail(i, `${describe(i)} does not start a JSON value`);
  };

  const object = (depth) => {
    if (depth > 1000) fail(i, 'the template nests deeper than 1000 levels');
    i++;
    ws();
    if (text[i] === '}') { i++; return; }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}') fail(i, 'a trailing comma before } is not allowed in JSON');
        fail(i, `expected a property name in double quotes, found ${describe(i)}`);
      }
      string();
      ws();
      if (text[i] !== ':') fail(i, `expected ':' after the property name, found ${describe(i)}`);
      i++;
      value(depth);
      ws();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === '}') { i++; return; }
      fail(i, `expected ',' or '}' after a property value, found ${describe(i)}`);
    }
  };

  const array = (depth) => {
    if (depth > 1000) fail(i, 'the template nests deeper than 1000 levels');
    i++;
    ws();
    if (text[i] === ']') { i++; return; }
    for (;;) {
      ws();
      if (text[i] === ']') fail(i, 'a trailing comma before ] is not allowed in JSON');
      value(depth);
      ws();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === ']') { i++; return; }
      fail(i, `expected ',' or ']' after an array element, found ${describe(i)}`);
    }
  };

  try {
    ws();
    if (i >= n) return { offset: 0, reason: 'the template is empty; it must be one JSON value (usually an object)' };
    value(0);
    ws();
    if (i < n) {
      const after = i;
      // a broken number after the value is reported where it breaks, as the server's parser reads it first
      // (and a number there must be followed by blank space, or the break is after it)
      if (text[i] === '-' || (text[i] >= '0' && text[i] <= '9')) {
        numberValue();
        if (i < n && !' \t\n\r'.includes(text[i])) fail(i, `${describe(i)} cannot follow a number`);
      }
      fail(after, 'unexpected content after the end of the JSON value; a template is exactly one JSON value');
    }
    return null;
  } catch (e) {
    if (e && typeof e.offset === 'number') return e;
    throw e;
  }
}

/**
 * Every problem of a template as the user types, with positions; the same rules (not always the same words) as the
 * server's: malformed or undeclared placeholders, placeholders in keys or where no value can stand, invalid JSON.
 * @param {string} text
 * @param {string[]} declared the declared variable names
 * @returns {{problems: {offset: number, line: number, column: number, rule: string, message: string}[],
 *            spans: object[]}}
 */
export function checkTemplate(text, declared) {
  const names = new Set(declared);
  const { spans, filled } = scanTemplate(text);
  const problems = [];
  const at = (offset, rule, message) => problems.push({ offset, ...lineColumn(text, offset), rule, message });
  for (const span of spans) {
    if (span.problem) {
      at(span.start, 'malformed-placeholder', span.problem);
      continue;
    }
    if (!names.has(span.name)) {
      at(span.start, 'undeclared-variable', `placeholder {{${span.name}}} names no declared variable; declare "${span.name}" or fix the name`);
    }
    if (span.inKey) {
      at(span.start, 'placeholder-position', `placeholder {{${span.name}}} is inside a property name; placeholders may stand for a whole value or sit inside a string value, never in a key`);
    }
  }
  const broken = jsonBreak(filled);
  if (broken) {
    const inSpan = spans.find((span) => broken.offset >= span.start && broken.offset < span.end);
    if (inSpan) {
      if (!inSpan.problem) {
        at(inSpan.start, 'placeholder-position', `placeholder {{${inSpan.name}}} stands where JSON takes no value; outside a string a placeholder must be a whole value: a property value, an array element or the whole body`);
      }
    } else {
      const where = lineColumn(text, broken.offset);
      at(broken.offset, 'invalid-json', `not valid JSON at line ${where.line}, column ${where.column}: ${broken.reason}`);
    }
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { problems, spans };
}
