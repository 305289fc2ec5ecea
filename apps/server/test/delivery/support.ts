import { expect } from 'vitest';
import { basic, type TestApp, WRITE_KEY } from '../helper';
import { journey } from '../runtime/harness';

/** Calls the admin API and checks the status. */
export async function call(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  status = 200,
) {
  const response = await t.api({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.body === '' ? null : response.json();
}

/** Sends a Segment call with the write key. */
export async function segment(t: TestApp, type: 'identify' | 'track', payload: Record<string, unknown>) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/v1/${type}`,
    payload,
    headers: { authorization: basic(WRITE_KEY) },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** Creates and publishes a journey through the API; answers its id. */
export async function publishJourney(t: TestApp, ...args: Parameters<typeof journey>): Promise<string> {
  const created = await call(t, 'POST', '/api/journeys', { document: journey(...args) }, 201);
  await call(t, 'POST', `/api/journeys/${created.id}/publish`, {}, 201);
  return created.id as string;
}

/** The customer's messages through the API, oldest first. */
export async function messagesOf(t: TestApp, customerId: string) {
  const { messages } = await call(t, 'GET', `/api/messages?customerId=${encodeURIComponent(customerId)}`);
  return (messages as Record<string, unknown>[]).reverse();
}

/** An email send-message node's config. */
export const email = (name: string, body: string, extra: Record<string, unknown> = {}) => ({
  channel: 'email',
  name,
  subject: `${name} for {{ profile.first_name }}`,
  body,
  to: null,
  url: null,
  ...extra,
});
