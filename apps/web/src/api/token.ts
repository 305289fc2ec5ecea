const STORAGE_KEY = 'stagecraft.adminToken';

/** The admin token the editor sends as a Bearer token; kept in localStorage so reloads stay signed in. */
export function readToken(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Stores (or, with null, forgets) the admin token. */
export function writeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(STORAGE_KEY, token);
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private browsing can refuse storage; the token then lasts for this page only.
  }
}
