// Every call to /api/v1 goes through here: the credential the operator logged in with is added, the envelope is
// unwrapped, and a failure becomes an ApiError whose text a person can act on.

const storageKey = 'dtn.credential';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * The credential lives in sessionStorage: it survives a reload of the tab but not the tab itself, and no other
 * site can read it (the API sends no CORS headers, and the page runs only its own scripts).
 */
export const credential = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey));
    } catch {
      return null;
    }
  },
  set(kind, secret) {
    sessionStorage.setItem(storageKey, JSON.stringify({ kind, secret }));
  },
  clear() {
    sessionStorage.removeItem(storageKey);
  },
};

function credentialHeaders() {
  const held = credential.get();
  if (!held) {
    return {};
  }
  return held.kind === 'bearer' ? { Authorization: `Bearer ${held.secret}` } : { 'X-Api-Key': held.secret };
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
export async function call(method, path, { body, ifMatch, contentType = 'application/json' } = {}) {
  const headers = { Accept: 'application/json', ...credentialHeaders() };
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
