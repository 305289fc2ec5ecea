import { api, rememberCsrfToken } from './client';

/** A role in a workspace, from least to most trusted. */
export type Role = 'viewer' | 'marketer' | 'admin' | 'owner';

/** What a role may do, as the server names it (apps/server/src/auth/permissions.ts). */
export type Permission =
  | 'journeys:read'
  | 'journeys:write'
  | 'journeys:publish'
  | 'segments:write'
  | 'experiments:write'
  | 'customers:read'
  | 'customers:write'
  | 'analytics:read'
  | 'settings:read'
  | 'settings:write'
  | 'keys:manage'
  | 'people:manage'
  | 'audit:read'
  | 'workspace:delete'
  | 'workspaces:create';

/** A person with an account. */
export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** How the editor is signed in, as GET /api/session reports it. */
export interface SessionInfo {
  via: 'session' | 'admin-token';
  csrfToken: string | null;
  expiresAt: string | null;
  /** The admin token the session was opened with (first run only). */
  tokenId: string | null;
  /** The person signed in; null for a token. */
  user: User | null;
  workspaceId: string;
  role: Role;
  permissions: Permission[];
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

/** Calls a sign-in style route (no CSRF token yet, a 401 is the answer) and keeps the new session's token. */
async function opening(path: string, body: unknown): Promise<SessionInfo> {
  const session = await api<SessionInfo>(path, { method: 'POST', body, notifyUnauthorized: false });
  rememberCsrfToken(session.csrfToken);
  forgetLegacyToken();
  return session;
}

/** Signs in with email and password into an httpOnly session cookie. */
export const signIn = (email: string, password: string) => opening('/api/session', { email, password });

/** First run: creates the owner account with the admin token printed at start, and signs in. */
export const createOwner = (values: { token: string; email: string; name: string; password: string }) =>
  opening('/api/setup/owner', values);

/** Accepts an invitation: `password` creates the account or signs in to it; none when signed in as the invitee. */
export const acceptInvitation = (values: { token: string; name?: string; password?: string }) =>
  opening('/api/invitations/accept', values);

/** Whether the owner account still has to be created. */
export const setupStatus = () => api<{ ownerExists: boolean }>('/api/setup', { notifyUnauthorized: false });

/** What an invitation link offers. */
export interface InvitationOffer {
  workspaceName: string;
  email: string;
  role: Role;
  accountExists: boolean;
}

export const lookupInvitation = (token: string) =>
  api<InvitationOffer>('/api/invitations/lookup', {
    method: 'POST',
    body: { token },
    notifyUnauthorized: false,
  });

/** Asks for a password reset link by email (the answer is the same whether the account exists). */
export const requestPasswordReset = (email: string) =>
  api<{ sent: true }>('/api/password-resets', { method: 'POST', body: { email }, notifyUnauthorized: false });

/** Chooses a new password with a reset link's secret. */
export const confirmPasswordReset = (token: string, password: string) =>
  api<void>('/api/password-resets/confirm', {
    method: 'POST',
    body: { token, password },
    notifyUnauthorized: false,
  });

/** Ends the session on the server and clears its cookie. */
export async function signOut(): Promise<void> {
  await api<unknown>('/api/session', { method: 'DELETE' });
  rememberCsrfToken(null);
  forgetLegacyToken();
}

/** Ends every session of the signed-in person, in every browser. */
export async function signOutEverywhere(): Promise<void> {
  await api<unknown>('/api/session/all', { method: 'DELETE' });
  rememberCsrfToken(null);
}

/** Moves this browser's session to another workspace the person belongs to. */
export const switchWorkspace = (workspaceId: string) =>
  api<SessionInfo>('/api/session/workspace', { method: 'POST', body: { workspaceId } });

/** The secret after `#` in an invitation or reset link: never sent to the server in a URL. */
export function linkSecret(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
}
