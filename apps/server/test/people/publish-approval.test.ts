import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper';
import { addPerson, asBrowser, type Browser, browserFrom, signIn } from './support';

describe.each(testDatabaseKinds())('publish approval on %s', (kind) => {
  let t: TestApp;
  let marketer: Browser;
  let admin: Browser;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    await addPerson(t, 'mo@acme.test', 'marketer');
    await addPerson(t, 'ada@acme.test', 'admin');
    marketer = browserFrom(await signIn(t, 'mo@acme.test'));
    admin = browserFrom(await signIn(t, 'ada@acme.test'));
  });
  afterAll(() => t.close());

  async function journeyWithVersion() {
    const journey = (
      await t.api({ method: 'POST', url: '/api/journeys', payload: { templateId: 'welcome-series' } })
    ).json();
    expect((await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` })).statusCode).toBe(
      201,
    );
    const edited = structuredClone(journey.document);
    edited.nodes.find((n: { id: string }) => n.id === 'wait-1-day').config.duration.amount = 3;
    const saved = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document: edited, revision: journey.revision },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return journey.id as string;
  }

  it('publishes at once while the workspace does not require approval', async () => {
    const id = await journeyWithVersion();
    const published = await asBrowser(t, marketer, { method: 'POST', url: `/api/journeys/${id}/publish` });
    expect(published.statusCode).toBe(201);
    expect(published.json().version).toBe(2);
  });

  it("holds a marketer's publish for an admin, with the diff to the live version", async () => {
    const settings = (await t.api({ url: '/api/settings/workspace' })).json();
    expect(settings.publishApproval).toBe(false);
    const turnedOn = await asBrowser(t, admin, {
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: settings.name, timeZone: settings.timeZone, publishApproval: true },
    });
    expect(turnedOn.json().publishApproval).toBe(true);

    const id = await journeyWithVersion();
    const asked = await asBrowser(t, marketer, { method: 'POST', url: `/api/journeys/${id}/publish` });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ pending: true });
    const { requestId } = asked.json();
    expect((await t.api({ url: `/api/journeys/${id}` })).json().publishedVersion).toBe(1);

    // Edits after asking do not change what is reviewed.
    const current = (await t.api({ url: `/api/journeys/${id}` })).json();
    current.document.nodes.find((n: { id: string }) => n.id === 'wait-1-day').config.duration.amount = 9;
    const resaved = await t.api({
      method: 'PUT',
      url: `/api/journeys/${id}/draft`,
      payload: { document: current.document, revision: current.revision },
    });
    expect(resaved.statusCode).toBe(200);

    const listed = (await asBrowser(t, marketer, { url: `/api/journeys/${id}/publish-requests` })).json()
      .requests;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: requestId,
      status: 'pending',
      requestedBy: { email: 'mo@acme.test' },
      changes: { previousVersion: 1, changed: [expect.objectContaining({ id: 'wait-1-day' })] },
    });

    const selfApproval = await asBrowser(t, marketer, {
      method: 'POST',
      url: `/api/journeys/${id}/publish-requests/${requestId}/approve`,
    });
    expect(selfApproval.statusCode).toBe(403);
    const approved = await asBrowser(t, admin, {
      method: 'POST',
      url: `/api/journeys/${id}/publish-requests/${requestId}/approve`,
    });
    expect(approved.statusCode, approved.body).toBe(201);
    expect(approved.json().version).toBe(2);
    const version = (await t.api({ url: `/api/journeys/${id}/versions/2` })).json();
    const wait = version.document.nodes.find((n: { id: string }) => n.id === 'wait-1-day');
    expect(wait.config.duration.amount).toBe(3);
    const again = await asBrowser(t, admin, {
      method: 'POST',
      url: `/api/journeys/${id}/publish-requests/${requestId}/approve`,
    });
    expect(again.statusCode).toBe(404);
    const after = (await t.api({ url: `/api/journeys/${id}/publish-requests` })).json().requests[0];
    expect(after).toMatchObject({ status: 'approved', version: 2 });
  });

  it('lets an admin reject with a reason, and an admin publishes without asking', async () => {
    const id = await journeyWithVersion();
    const { requestId } = (
      await asBrowser(t, marketer, { method: 'POST', url: `/api/journeys/${id}/publish` })
    ).json();
    const rejected = await asBrowser(t, admin, {
      method: 'POST',
      url: `/api/journeys/${id}/publish-requests/${requestId}/reject`,
      payload: { note: 'Wait two days, not three.' },
    });
    expect(rejected.statusCode).toBe(204);
    const listed = (await t.api({ url: `/api/journeys/${id}/publish-requests` })).json().requests;
    expect(listed[0]).toMatchObject({ status: 'rejected', note: 'Wait two days, not three.' });
    expect(
      (await asBrowser(t, admin, { method: 'POST', url: `/api/journeys/${id}/publish` })).statusCode,
    ).toBe(201);
    // A request of another journey is not found under this one.
    const other = await journeyWithVersion();
    const foreign = (
      await asBrowser(t, marketer, { method: 'POST', url: `/api/journeys/${other}/publish` })
    ).json();
    const crossed = await asBrowser(t, admin, {
      method: 'POST',
      url: `/api/journeys/${id}/publish-requests/${foreign.requestId}/reject`,
    });
    expect(crossed.statusCode).toBe(404);
  });
});
