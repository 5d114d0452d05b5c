// Every call to /api/v1 goes through here: the envelope is unwrapped, and a failure becomes an ApiError whose text a
// person can act on. The operator's credential is not here: logging in trades it for the silo's HttpOnly session
// cookie, which the browser sends with every call and with the live feed's handshake, and no script can read.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}


export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, v] of Object.entries(parameters)) {
    if (v !== undefined && v !== null && v !== '') {
      search.set(name, v);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Sends one request; resolves to {data, etag}, rejects with an ApiError. */
export async function call(method, path, { body, ifMatch, contentType = 'application/json', credential } = {}) {
  const headers = { Accept: 'application/json', ...credential };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
  }
  if (ifMatch !== undefined) {
    headers['If-Match'] = `"${ifMatch}"`;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'UNREACHABLE', 'The platform cannot be reached. Check that the silo is running; the page retries when the live feed is back.');
  }
  const text = await response.text();
  let envelope = null;
  try {
    envelope = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's error page or a truncated answer: described by its status below.
  }
  if (!response.ok) {
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent('dtn:unauthorized'));
    }
    const error = envelope?.error;
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? `The platform answered ${response.status} ${response.statusText}.`);
  }
  return { data: envelope?.data, etag: response.headers.get('ETag') };
}

export async function get(path) {
  return (await call('GET', path)).data;
}

/**
 * Logs in: the key or JWT goes to the silo once, in the header the API takes it in, and comes back as the session
 * cookie; the page keeps no copy. Resolves to the session ({name, role, expires_at}).
 */
export async function openSession(kind, secret) {
  const credential = kind === 'bearer' ? { Authorization: `Bearer ${secret}` } : { 'X-Api-Key': secret };
  return (await call('POST', '/session', { credential })).data;
}

/** Logs out: the silo clears the session cookie. */
export async function closeSession() {
  await call('DELETE', '/session');
}

const explanations = {
  401: 'You are not logged in, or your credential is no longer accepted.',
  403: 'Your role may not do that.',
  404: 'It does not exist (any more).',
  412: 'Someone else changed this twin since the page loaded it, so your change was not applied and nothing was overwritten. The page now shows the current values: check them and apply again.',
  429: 'Too many requests: wait a moment and try again.',
  503: 'A part of the platform is unavailable right now; try again shortly.',
};

const conflicts = {
  TWIN_NOT_ACTIVE: 'The twin is not active, so it takes no commands.',
  TWIN_DECOMMISSIONED: 'The twin is decommissioned: it takes no more changes.',
  INVALID_LIFECYCLE_TRANSITION: 'The twin cannot move to that lifecycle state from where it is.',
  TOO_MANY_FIELDS: 'That would give the twin more fields than it may hold.',
  COMMAND_FINISHED: 'The command has already finished.',
};

/** The sentence shown for a failure: what it means for the operator, then the platform's own words. */
export function describe(error) {
  if (!(error instanceof ApiError)) {
    return `Something went wrong in the page: ${error?.message ?? error}`;
  }
  if (error.status === 0) {
    return error.message;
  }
  const meaning = conflicts[error.code] ?? explanations[error.status];
  return meaning ? `${meaning} (${error.code}: ${error.message})` : `${error.message} (${error.code})`;
}
