import type { Role } from '@stagecraft/db';
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/auth/passwords';
import type { TestApp } from '../helper';

/** The headers a signed-in browser sends: its session cookie and, for changes, its CSRF token. */
export interface Browser {
  cookie: string;
  csrf: string;
}

/** The session cookie's `name=value` and the CSRF token from a sign-in answer. */
export function browserFrom(response: LightMyRequestResponse): Browser {
  const setCookie = [response.headers['set-cookie'] ?? []].flat();
  const pair = setCookie.find((c) => c.startsWith('stagecraft_session='))!.split(';')[0]!;
  return { cookie: pair, csrf: response.json().csrfToken };
}

/** inject() as that browser. */
export function asBrowser(
  t: TestApp,
  browser: Browser,
  request: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown },
) {
  return t.app.inject({
    method: request.method ?? 'GET',
    url: request.url,
    payload: request.payload as never,
    headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf },
  });
}

/** A person with `role` in the workspace, created directly; their password is `password-of-<email>`. */
export async function addPerson(t: TestApp, email: string, role: Role, workspaceId = 'default') {
  const { users } = t.app.repositories;
  const user =
    (await users.byEmail(email)) ??
    (await users.create({
      email,
      name: email.split('@')[0]!,
      passwordHash: await hashPassword(`password-of-${email}`),
    }));
  await users.setMembership(workspaceId, user!.id, role);
  return user!;
}

/** Signs in through the API with email and password. */
export function signIn(t: TestApp, email: string, password = `password-of-${email}`, remoteAddress?: string) {
  return t.app.inject({ method: 'POST', url: '/api/session', payload: { email, password }, remoteAddress });
}
