/**
 * The seam for single sign-on (OpenID Connect). No provider ships yet; one would implement
 * this interface and be offered on the sign-in page beside email and password.
 *
 * The intended flow, with the pieces that exist today:
 * 1. `GET /api/session/providers/:id/start` answers a redirect to `authorizationUrl(...)` with a
 *    fresh `state` and PKCE `codeVerifier`, kept in a short-lived httpOnly cookie.
 * 2. The provider sends the browser back to `/api/session/providers/:id/callback?code&state`;
 *    after comparing `state`, `complete(...)` exchanges the code and returns the verified identity.
 * 3. The person is found by `email` (users.email; accounts made through a provider have a null
 *    password hash), must hold a membership or an open invitation, and a session is opened with
 *    `app.openSession(...)` exactly as after a password sign-in; failures count in the same
 *    sign-in throttle and audit actions (`session.sign-in`, `session.sign-in-failed`).
 */
export interface IdentityProvider {
  /** Stable id used in URLs and stored settings, e.g. `okta`. */
  id: string;
  /** The name on the sign-in button, e.g. `Okta`. */
  displayName: string;
  /** Where to send the browser to sign in. */
  authorizationUrl(request: { state: string; codeVerifier: string; redirectUri: string }): Promise<string>;
  /** Exchanges the callback's code for a verified identity; throws when the provider refuses. */
  complete(callback: { code: string; codeVerifier: string; redirectUri: string }): Promise<VerifiedIdentity>;
}

/** Who the provider says signed in; only verified emails may be matched to accounts. */
export interface VerifiedIdentity {
  /** The provider's subject identifier (`sub`). */
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
}
