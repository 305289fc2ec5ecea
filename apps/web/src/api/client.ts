/** A failed API call, carrying a sentence for people: what went wrong and what to do. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Calls `listener` whenever the server refuses the session or token; returns an unsubscribe function. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** false when a 401 is the answer itself (sign-in), not a reason to show the sign-in screen. */
  notifyUnauthorized?: boolean;
}

/** The session's CSRF token, sent with every change; read from the server once per page load. */
let csrfToken: string | null = null;
let csrfLoading: Promise<string | null> | null = null;

/** Keeps the CSRF token that sign-in answered with (null at sign-out). */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the current session, asking the server when this page has not seen it yet. */
function currentCsrfToken(): Promise<string | null> {
  if (csrfToken) return Promise.resolve(csrfToken);
  csrfLoading ??= fetch('/api/session', {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  })
    .then(async (response) =>
      response.ok ? ((await response.json()) as { csrfToken: string | null }) : null,
    )
    .then((session) => {
      csrfToken = session?.csrfToken ?? null;
      return csrfToken;
    })
    .catch(() => null)
    .finally(() => {
      csrfLoading = null;
    });
  return csrfLoading;
}

/**
 * The editor's one HTTP client: JSON in and out, the session cookie and (on changes) its CSRF
 * token attached, errors as ApiError.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const signingIn = options.notifyUnauthorized === false;
  if (method !== 'GET' && !signingIn) {
    const token = await currentCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'network',
      'The Stagecraft server could not be reached. Check that it is running and that you are online, then try again.',
    );
  }
  const payload = await readJson(response);
  if (response.ok) return payload as T;
  // A session replaced in another tab has another CSRF token: read it again next time.
  if (response.status === 403) csrfToken = null;
  throw toApiError(response.status, payload, !signingIn);
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, payload: unknown, notify: boolean): ApiError {
  const error = (payload as { error?: { code?: string; message?: string; field?: string } } | undefined)
    ?.error;
  const code = error?.code ?? `http-${status}`;
  if (status === 401) {
    if (notify) for (const listener of unauthorizedListeners) listener();
    return new ApiError(
      status,
      code,
      error?.code === 'session-expired'
        ? 'Your session has ended. Sign in again.'
        : 'You are not signed in. Sign in with your email and password.',
      undefined,
      payload,
    );
  }
  const message = error?.message
    ? status >= 500
      ? `${error.message} Try again in a moment; if it keeps happening, check the server log.`
      : error.message
    : fallbackMessage(status);
  return new ApiError(status, code, message, error?.field, payload);
}

function fallbackMessage(status: number): string {
  if (status === 404) return 'This item no longer exists. Go back to the list and pick another one.';
  if (status === 413)
    return 'That is more data than the server accepts at once. Make it smaller and try again.';
  if (status >= 500) {
    return 'The server ran into a problem. Try again in a moment; if it keeps happening, check the server log.';
  }
  return `The server refused the request (HTTP ${status}). Check your input and try again.`;
}

/** A sentence for any thrown value, for places that show errors to people. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return `${error.message}. Try again, or reload the page.`;
  return 'Something went wrong. Try again, or reload the page.';
}
