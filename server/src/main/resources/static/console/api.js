// Modelgate's REST API (/api/v1) as the console uses it. Every failure is an ApiError carrying the RFC 9457
// problem+json body, so screens can put each violation next to its field.
//
// The console acts in a session (the HttpOnly MODELGATE_SESSION cookie). Every request that changes something sends
// the XSRF-TOKEN cookie's current value as X-XSRF-TOKEN (read anew each time: signing in replaces it). When the
// session is gone (401 unauthenticated), a `modelgate:unauthenticated` event on window tells the app to sign in again.

const BASE = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const UNAUTHENTICATED_EVENT = 'modelgate:unauthenticated';
/** Dispatched on window when Modelgate refuses a request until the account changes a password an admin set. */
export const PASSWORD_CHANGE_EVENT = 'modelgate:password-change-required';

/** The XSRF-TOKEN cookie's current value, or null. */
function xsrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') return decodeURIComponent(rest.join('='));
  }
  return null;
}

export class ApiError extends Error {
  /**
   * @param {number} status  HTTP status; 0 when Modelgate could not be reached
   * @param {object} problem the problem+json body (type, title, status, detail, violations…)
   */
  constructor(status, problem, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    /** Seconds from a 429's Retry-After header; null without one. */
    this.retryAfter = retryAfter;
  }

  /** The problem type's slug: 'invalid-input', 'stale-revision', … */
  get slug() {
    const type = this.problem.type || '';
    return type.startsWith('https://modelgate.dev/problems/') ? type.slice('https://modelgate.dev/problems/'.length) : '';
  }

  /** [{field, rule, message, line?, column?}] */
  get violations() {
    return Array.isArray(this.problem.violations) ? this.problem.violations : [];
  }

  /**
   * Whether the endpoint does not exist on this server (yet): 404 for the path, or 405 where the path matches
   * another route (POST /models/test reads as POST /models/{id}).
   */
  get missingEndpoint() {
    return (this.status === 404 && (this.slug === 'not-found' && /no such resource/.test(this.problem.detail || '')))
      || this.status === 405;
  }
}

/** Asks for the session only to be handed an XSRF-TOKEN cookie (every answer sets one; signing out removes it). */
async function refreshXsrfToken() {
  try {
    await fetch(`${BASE}/session`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    // the request that needs it reports Modelgate unreachable
  }
}

/** The ApiError a refused answer stands for; also tells the app when the session is gone. */
async function refusal(response, path) {
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  const retryAfter = Number(response.headers.get('Retry-After')) || null;
  const error = new ApiError(response.status, data && typeof data === 'object' ? data
    : { title: `HTTP ${response.status}`, detail: `Modelgate answered HTTP ${response.status}.` }, retryAfter);
  if (error.status === 401 && error.slug === 'unauthenticated' && path !== '/session') {
    window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
  }
  if (error.status === 403 && error.slug === 'password-change-required') {
    window.dispatchEvent(new CustomEvent(PASSWORD_CHANGE_EVENT));
  }
  return error;
}

async function request(method, path, options = {}, retried = false) {
  const { body, ifMatch, signal } = options;
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  if (!SAFE_METHODS.has(method)) {
    if (!xsrfToken()) await refreshXsrfToken();
    const token = xsrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Modelgate could not be reached',
      detail: 'Modelgate could not be reached. Check that it is running, then try again.' });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After')) || null;
    const error = new ApiError(response.status, data && typeof data === 'object' ? data
      : { title: `HTTP ${response.status}`, detail: `Modelgate answered HTTP ${response.status}.` }, retryAfter);
    if (error.status === 403 && error.slug === 'csrf-token-invalid' && !retried) {
      // The token cookie went away or was replaced (another tab signed in or out): take the current one, once.
      await refreshXsrfToken();
      return request(method, path, options, true);
    }
    if (error.status === 401 && error.slug === 'unauthenticated' && path !== '/session') {
      window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
    }
    if (error.status === 403 && error.slug === 'password-change-required') {
      window.dispatchEvent(new CustomEvent(PASSWORD_CHANGE_EVENT));
    }
    throw error;
  }
  const etag = response.headers.get('ETag');
  return { data, revision: etag ? Number(etag.replace(/^W\//, '').replaceAll('"', '')) : null };
}

const enc = encodeURIComponent;
const get = async (path, options) => (await request('GET', path, options)).data;
const post = async (path, body, options) => (await request('POST', path, { ...options, body })).data;

export const api = {
  /** {kind, name, role, workspace: {id, name} | null, passwordChangeRequired}; 401 when not signed in */
  session: () => get('/session'),
  signIn: (username, password) => post('/session', { username, password }),
  signOut: () => request('DELETE', '/session'),
  /** {providers: [{id, name, signInUrl}]}: the OpenID Connect providers configured for sign-in (often none) */
  providers: () => get('/session/providers'),
  changePassword: (currentPassword, newPassword) => request('POST', '/session/password', { body: { currentPassword, newPassword } }),
  listKeys: () => get('/keys'),
  /** {…key, token}: the token is answered this once */
  createKey: (key) => post('/keys', key),
  revokeKey: (id) => post(`/keys/${enc(id)}/revoke`, undefined),
  /** {budgets: [{id, scope, keyId, modelId, unit, period, limit, softLimit, spent, resetsAt, warning, exceeded, …}]} */
  listBudgets: () => get('/budgets'),
  createBudget: (budget) => post('/budgets', budget),
  deleteBudget: (id) => request('DELETE', `/budgets/${enc(id)}`),
  listMembers: () => get('/members'),
  addMember: (member) => post('/members', member),
  removeMember: (id) => request('DELETE', `/members/${enc(id)}`),
  setMemberPassword: (id, password) => request('POST', `/members/${enc(id)}/password`, { body: { password } }),
  audit: (filters) => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    return get(`/audit?${query}`);
  },
  /** {workspaces: [{id, name, externalId, createdAt, counts}]} */
  listWorkspaces: () => get('/operator/workspaces'),
  /** {workspace: {…, counts}, models, keys, members, registrations: {states, items}} */
  workspaceOverview: (id) => get(`/operator/workspaces/${enc(id)}/overview`),
  /** Every workspace's events and the platform's own (workspaceId narrows it to one workspace). */
  operatorAudit: (filters) => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    return get(`/operator/audit?${query}`);
  },
  /** {items: [registration]}, the workspace's role registrations, most recently requested first */
  listRegistrations: () => get('/registrations'),
  /** the registration: PENDING, or APPROVED when automatic verification passed */
  register: (roleArn) => post('/registrations', { roleArn }),
  revokeRegistration: (id, note) => post(`/registrations/${enc(id)}/revoke`, note ? { note } : {}),
  /** {platformPrincipalArn, items: [registration]} across workspaces; state null for every state */
  operatorRegistrations: (state) => get(`/operator/registrations${state ? `?state=${enc(state)}` : ''}`),
  /** decision: 'approve' | 'reject' | 'revoke' */
  decideRegistration: (id, decision, note) => post(`/operator/registrations/${enc(id)}/${decision}`, note ? { note } : {}),
  operatorSettings: () => get('/operator/settings'),
  setAutoApprove: (enabled) => request('PUT', '/operator/settings', { body: { autoApproveRegistrations: enabled } })
    .then((r) => r.data),
  /** {id, name, externalId, pendingExternalId, rotationStartedAt, trustPolicy, trustPolicyAfterRotation, roleChecks} */
  workspace: () => get('/workspace'),
  startRotation: () => post('/workspace/external-id/rotation', undefined),
  confirmRotation: () => post('/workspace/external-id/rotation/confirm', undefined),
  cancelRotation: () => request('DELETE', '/workspace/external-id/rotation').then((r) => r.data),
  createWorkspace: (workspace) => post('/operator/workspaces', workspace),
  listModels: (page = 0, size = 20) => get(`/models?page=${page}&size=${size}`),
  /** {data: ModelView, revision} */
  getModel: (id) => request('GET', `/models/${enc(id)}`),
  createModel: (draft) => request('POST', '/models', { body: draft }),
  updateModel: (id, revision, draft) => request('PUT', `/models/${enc(id)}`, { body: draft, ifMatch: revision }),
  deleteModel: (id, revision) => request('DELETE', `/models/${enc(id)}`, { ifMatch: revision }),
  setInference: (id, enabled) => request('PUT', `/models/${enc(id)}/inference`, { body: { enabled } }),
  /** {data: {fallbacks: [name], balance: [{model, weight}]}} */
  routing: (id) => request('GET', `/models/${enc(id)}/routing`),
  setRouting: (id, routing) => request('PUT', `/models/${enc(id)}/routing`, { body: routing }),
  validate: (draft, signal) => post('/models/validate', draft, { signal }),
  presets: () => get('/presets'),
  suggest: (modelReference, region, signal) =>
    get(`/presets/suggest?modelReference=${enc(modelReference)}&region=${enc(region)}`, { signal }),
  identity: (roleName) => get(`/platform/identity${roleName ? `?roleName=${enc(roleName)}` : ''}`),
  checkRole: (connection) => post('/models/check-role', connection),
  testDraft: (draft, variables) => post('/models/test', variables ? { model: draft, variables } : { model: draft }),
  /** promoteOnPass false keeps a passing draft a draft (the server's default is true) */
  testSaved: (id, variables, promoteOnPass = true) =>
    post(`/models/${enc(id)}/test`, { ...(variables ? { variables } : {}), ...(promoteOnPass ? {} : { promoteOnPass: false }) }),
  /** {items: [{revision, savedAt, savedBy, live, draft, wasLive, testRunId, testOutcome, passed, changes, usage, tests}], …} newest first */
  revisions: (id, size = 20) => get(`/models/${enc(id)}/revisions?size=${size}`),
  /** {data: ModelView, revision}: the draft named by `revision` (the ETag) goes live once its latest Test passed */
  promote: (id, revision) => request('POST', `/models/${enc(id)}/promote`, { ifMatch: revision }),
  /** {data: ModelView, revision}: back to revision `to` (live at once when it was live before, else a new draft) */
  rollback: (id, revision, to) => request('POST', `/models/${enc(id)}/rollback`, { body: { revision: to }, ifMatch: revision }),
  tests: (id, limit = 1) => get(`/models/${enc(id)}/tests?limit=${limit}`),
  /** {model, from, to, changes: {"<field>": {before, after}}}: what differs from revision `from` to `to` */
  compareRevisions: (id, from, to) => get(`/models/${enc(id)}/revisions/compare?from=${from}&to=${to}`),
  /** {items: [TestRun]}: the latest `limit` Test runs of one revision, newest first */
  revisionTests: (id, revision, limit) => get(`/models/${enc(id)}/tests?limit=${limit}&revision=${revision}`),
  /** {calls: [...], more}: one revision's calls (and Tests) of the last 30 days, newest first */
  revisionCalls: (id, revision, limit) => get(`/usage/calls?model=${enc(id)}&revision=${revision}&limit=${limit}`),
  catalog: (connection, signal) => post('/catalog/models', connection, { signal }),
  /** The non-streamed answer; `body` is {variables} or, for a Converse model, Converse's own JSON. */
  invoke: (name, body, signal) => post(`/models/${enc(name)}/invoke`, body, { signal }),
  invokeStream: (name, body, options) => invokeStream(name, body, options),
  workspaceUsage: (from) => get(`/usage?from=${enc(from)}`),
  usageCalls: (from, limit, offset) => get(`/usage/calls?from=${enc(from)}&limit=${limit}&offset=${offset}`),
  usage: (modelId, from) => get(`/usage?model=${enc(modelId)}${from ? `&from=${enc(from)}` : ''}`),
};

/** Longest event (its data lines) the console reads from a stream: a guard against a runaway answer, not a rule. */
const MAX_EVENT_CHARS = 4 * 1024 * 1024;

/**
 * Reads Server-Sent Events from a fetch body: `event:` names the type, `data:` lines carry one JSON object each
 * (joined with newlines as the SSE rules say), a blank line ends the event; comments (`:`) and `id:`/`retry:` are
 * ignored. Calls `onEvent({type, ...data})` for each event, in order.
 */
export async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let type = '';
  let data = [];
  const dispatch = () => {
    if (data.length) {
      const text = data.join('\n');
      let payload;
      try {
        payload = JSON.parse(text);
      } catch {
        payload = { text };
      }
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) payload = { value: payload };
      onEvent({ ...payload, type: payload.type || type || 'message' });
    }
    type = '';
    data = [];
  };
  const line = (raw) => {
    if (raw === '') { dispatch(); return; }
    if (raw.startsWith(':')) return;
    const colon = raw.indexOf(':');
    const name = colon < 0 ? raw : raw.slice(0, colon);
    let value = colon < 0 ? '' : raw.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') type = value;
    else if (name === 'data') data.push(value);
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        // a lone \r at the very end may be the first half of \r\n: wait for the next piece
        if (buffer[end] === '\r' && end === buffer.length - 1 && !done) break;
        const raw = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        line(raw);
      }
      if (buffer.length > MAX_EVENT_CHARS) throw new Error('an event of the stream is too long to show');
      if (done) {
        if (buffer) line(buffer);
        dispatch();
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Invokes a model with `"stream": true` and hands each Server-Sent Event to `onEvent` as it arrives: `delta`
 * ({text}), `toolUse` ({toolUseId, name, input}), `done` (the answer's facts), `error` (problem+json members). A
 * refusal before the stream (problem+json) throws an ApiError, as every other call; aborting `signal` throws an
 * AbortError. A server that answers JSON instead of a stream is read as one delta and a done.
 */
async function invokeStream(name, body, { signal, onEvent }, retried = false) {
  const path = `/models/${enc(name)}/invoke`;
  const headers = { Accept: 'text/event-stream, application/problem+json', 'Content-Type': 'application/json' };
  if (!xsrfToken()) await refreshXsrfToken();
  const token = xsrfToken();
  if (token) headers['X-XSRF-TOKEN'] = token;
  let response;
  try {
    response = await fetch(BASE + path, { method: 'POST', headers, signal, cache: 'no-store',
      body: JSON.stringify({ ...body, stream: true }) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Modelgate could not be reached',
      detail: 'Modelgate could not be reached. Check that it is running, then try again.' });
  }
  if (!response.ok) {
    const error = await refusal(response, path);
    if (error.status === 403 && error.slug === 'csrf-token-invalid' && !retried) {
      await refreshXsrfToken();
      return invokeStream(name, body, { signal, onEvent }, true);
    }
    throw error;
  }
  if (!(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    const answer = await response.json();
    if (answer.output && answer.output.text) onEvent({ type: 'delta', text: answer.output.text });
    onEvent({ ...answer, type: 'done' });
    return;
  }
  await readEvents(response.body, onEvent);
}
