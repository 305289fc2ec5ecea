import { api, rememberCsrfToken } from './client';

/** How the editor is signed in, as GET /api/session reports it. */
export interface SessionInfo {
  via: 'session' | 'admin-token';
  csrfToken: string | null;
  expiresAt: string | null;
  /** The admin token the session was opened with. */
  tokenId: string | null;
}

/** Where earlier versions of the editor kept the admin token; cleared at sign-in and sign-out. */
const LEGACY_TOKEN_KEY = 'stagecraft.adminToken';

function forgetLegacyToken(): void {
  try {
    window.localStorage.removeItem(LEGACY_TOKEN_KEY);
  } catch {
    // Storage can be refused (private browsing); there is then nothing to clear.
  }
}

/**
 * Exchanges an admin token for a session cookie (httpOnly: page scripts never see it); the
 * token itself is not kept anywhere in the browser.
 */
export async function signIn(token: string): Promise<SessionInfo> {
  const session = await api<SessionInfo>('/api/session', {
    method: 'POST',
    body: { token },
    notifyUnauthorized: false,
  });
  rememberCsrfToken(session.csrfToken);
  forgetLegacyToken();
  return session;
}

/** Ends the session on the server and clears its cookie. */
export async function signOut(): Promise<void> {
  await api<unknown>('/api/session', { method: 'DELETE' });
  rememberCsrfToken(null);
  forgetLegacyToken();
}
