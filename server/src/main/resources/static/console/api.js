// Modelgate's REST API (/api/v1) as the console uses it. Every failure is an ApiError carrying the RFC 9457
// problem+json body, so screens can put each violation next to its field.

const BASE = '/api/v1';

export class ApiError extends Error {
  /**
   * @param {number} status  HTTP status; 0 when Modelgate could not be reached
   * @param {object} problem the problem+json body (type, title, status, detail, violations…)
   */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
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

async function request(method, path, { body, ifMatch, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
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
    throw new ApiError(response.status, data && typeof data === 'object' ? data
      : { title: `HTTP ${response.status}`, detail: `Modelgate answered HTTP ${response.status}.` });
  }
  const etag = response.headers.get('ETag');
  return { data, revision: etag ? Number(etag.replace(/^W\//, '').replaceAll('"', '')) : null };
}

const enc = encodeURIComponent;
const get = async (path, options) => (await request('GET', path, options)).data;
const post = async (path, body, options) => (await request('POST', path, { ...options, body })).data;

export const api = {
  listModels: (page = 0, size = 20) => get(`/models?page=${page}&size=${size}`),
  /** {data: ModelView, revision} */
  getModel: (id) => request('GET', `/models/${enc(id)}`),
  createModel: (draft) => request('POST', '/models', { body: draft }),
  updateModel: (id, revision, draft) => request('PUT', `/models/${enc(id)}`, { body: draft, ifMatch: revision }),
  deleteModel: (id, revision) => request('DELETE', `/models/${enc(id)}`, { ifMatch: revision }),
  setInference: (id, enabled) => request('PUT', `/models/${enc(id)}/inference`, { body: { enabled } }),
  validate: (draft, signal) => post('/models/validate', draft, { signal }),
  presets: () => get('/presets'),
  suggest: (modelReference, region, signal) =>
    get(`/presets/suggest?modelReference=${enc(modelReference)}&region=${enc(region)}`, { signal }),
  identity: (roleName) => get(`/platform/identity${roleName ? `?roleName=${enc(roleName)}` : ''}`),
  checkRole: (connection) => post('/models/check-role', connection),
  testDraft: (draft, variables) => post('/models/test', variables ? { model: draft, variables } : { model: draft }),
  testSaved: (id, variables) => post(`/models/${enc(id)}/test`, variables ? { variables } : {}),
  tests: (id, limit = 1) => get(`/models/${enc(id)}/tests?limit=${limit}`),
  catalog: (connection, signal) => post('/catalog/models', connection, { signal }),
  invoke: (name, variables) => post(`/models/${enc(name)}/invoke`, { variables }),
  usage: (modelId, from) => get(`/usage?model=${enc(modelId)}${from ? `&from=${enc(from)}` : ''}`),
};
