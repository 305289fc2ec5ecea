import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';

/** The path and fragment of a link the server printed (its host is the server's public URL). */
function localPart(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.hash}`;
}

/** Calls the API from inside the page, as the page's own scripts would: its cookie and CSRF token. */
function fromPage(page: Page, method: string, path: string) {
  return page.evaluate(
    async ({ method, path }) => {
      const session = await (await fetch('/api/session')).json();
      const response = await fetch(path, {
        method,
        headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
        body: '{}',
      });
      return { status: response.status, body: await response.json() };
    },
    { method, path },
  );
}

/** Accepts the invitation the server printed for `email`, creating the account, in a new browser. */
async function acceptAs(e2e: ReturnType<typeof useE2e>, email: string, name: string): Promise<Page> {
  const page = await (await e2e.fresh()).newPage();
  await page.goto(localPart(e2e.product.linkFor(email)!));
  const accept = page.getByTestId('accept-invitation');
  await accept.getByLabel('Your name').fill(name);
  await accept.getByLabel('Password').fill(`${name} chooses a long password`);
  await accept.getByRole('button', { name: /^Join / }).click();
  await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
  return page;
}

describe('people', () => {
  const e2e = useE2e({ workspaces: [{ id: 'brand-b', name: 'Brand B' }] });

  it('invites a viewer who accepts, sees no Publish button, and is refused by the API too', async () => {
    const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'welcome-series' },
    });
    const owner = await e2e.signedInPage();
    await owner.goto('/settings/people');
    const invite = owner.getByTestId('invite-form');
    await invite.getByLabel('Email to invite').fill('vera@stagecraft.test');
    await invite.getByLabel('Role').selectOption('viewer');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await owner.getByText('the invitation link for vera@stagecraft.test is in the server log').waitFor();
    await owner.getByTestId('people-table').getByText('vera@stagecraft.test').waitFor();

    const link = e2e.product.linkFor('vera@stagecraft.test');
    expect(link).toMatch(/\/accept-invitation#sc_inv_/);
    const vera = await (await e2e.fresh()).newPage();
    await vera.goto(localPart(link!));
    const accept = vera.getByTestId('accept-invitation');
    await accept.getByText('You are invited as').waitFor();
    await accept.getByLabel('Your name').fill('Vera');
    await accept.getByLabel('Password').fill('vera chooses a long password');
    await accept.getByRole('button', { name: /^Join / }).click();
    await vera.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
    expect(await vera.getByTestId('new-journey').count()).toBe(0);

    await vera.goto(`/journeys/${journey.id}`);
    await vera.getByTestId('editor').waitFor();
    expect(await vera.getByTestId('editor').getAttribute('data-read-only')).toBe('true');
    expect(await vera.getByTestId('publish-button').count()).toBe(0);
    const refused = await fromPage(vera, 'POST', `/api/journeys/${journey.id}/publish`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission-denied');

    // The owner sees the new member, and the owner's own editor still has Publish.
    await owner.reload();
    await owner.getByTestId('people-table').getByText('Vera').waitFor();
    await owner.goto(`/journeys/${journey.id}`);
    await owner.getByTestId('publish-button').waitFor();

    // The owner makes Vera a marketer, then removes her: her browser is signed out at once.
    await owner.goto('/settings/people');
    await owner.getByLabel('Role of vera@stagecraft.test').selectOption('marketer');
    await owner.getByText('Role changed.').waitFor();
    const people = await e2e.product.api<{ people: { email: string; role: string }[] }>('/api/people');
    expect(people.people.find((p) => p.email === 'vera@stagecraft.test')?.role).toBe('marketer');
    owner.once('dialog', (dialog) => void dialog.accept());
    await owner.getByRole('row', { name: /Vera/ }).getByRole('button', { name: 'Remove' }).click();
    await owner.getByText('vera@stagecraft.test was removed.').waitFor();
    const after = await vera.evaluate(async () => (await fetch('/api/journeys')).status);
    expect(after).toBe(401);
  });

  it('signs in with email and password, and refuses a wrong password', async () => {
    const page = await (await e2e.fresh()).newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(e2e.product.owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is wrong').waitFor();
    await page.getByLabel('Password').fill(e2e.product.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
  });

  it("holds a marketer's publish until the owner approves it on the journey", async () => {
    const settings = await e2e.product.api<{ name: string; timeZone: string }>('/api/settings/workspace');
    await e2e.product.api('/api/settings/workspace', {
      method: 'PUT',
      body: { name: settings.name, timeZone: settings.timeZone, publishApproval: true },
    });
    try {
      await e2e.product.api('/api/people/invitations', {
        method: 'POST',
        body: { email: 'milo@stagecraft.test', role: 'marketer' },
      });
      const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
        method: 'POST',
        body: { templateId: 'welcome-series', name: 'Needs a review' },
      });
      const milo = await acceptAs(e2e, 'milo@stagecraft.test', 'Milo');
      await milo.goto(`/journeys/${journey.id}`);
      await milo.getByTestId('publish-button').click();
      const dialog = milo.getByTestId('publish-dialog');
      await dialog.getByTestId('publish-confirm').click();
      await milo.getByText("waits for an admin's approval").waitFor();
      const banner = milo.getByTestId('approval-banner');
      await banner.getByText('waits for an admin’s approval').waitFor();
      expect(await banner.getByRole('button', { name: 'Approve and publish' }).count()).toBe(0);

      const owner = await e2e.signedInPage();
      await owner.goto(`/journeys/${journey.id}`);
      const review = owner.getByTestId('approval-banner');
      await review.getByText('Milo asked').waitFor();
      await review.getByRole('button', { name: 'Approve and publish' }).click();
      await owner.getByText('Approved: version 1 is live.').waitFor();
      await owner.getByTestId('approval-banner').waitFor({ state: 'detached' });
      const live = await e2e.product.api<{ publishedVersion: number | null }>(`/api/journeys/${journey.id}`);
      expect(live.publishedVersion).toBe(1);
    } finally {
      await e2e.product.api('/api/settings/workspace', {
        method: 'PUT',
        body: { name: settings.name, timeZone: settings.timeZone, publishApproval: false },
      });
    }
  });

  it('switches the workspace from the top bar', async () => {
    // Brand B's owner token invites the owner of the default workspace, who accepts signed in.
    const invited = await fetch(`${e2e.product.url}/api/people/invitations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${e2e.product.workspaceTokens['brand-b']}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email: e2e.product.owner.email, role: 'admin' }),
    });
    expect(invited.status).toBe(201);
    const page = await e2e.signedInPage();
    const switcher = page.getByTestId('workspace-switcher');
    await switcher.waitFor();
    expect(await switcher.evaluate((node) => node.tagName)).toBe('SPAN');

    await page.goto(localPart(e2e.product.linkFor(e2e.product.owner.email)!));
    await page.getByText('You are signed in with this email.').waitFor();
    await page.getByRole('button', { name: 'Join Brand B' }).click();
    await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
    await expect.poll(() => switcher.inputValue()).toBe('brand-b');
    // Brand B has no journeys; the default workspace has the seeded ones.
    await page.getByText('No journeys yet').waitFor();

    await switcher.selectOption('default');
    await expect.poll(() => switcher.inputValue()).toBe('default');
    await page.getByTestId('journeys-table').waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session).toMatchObject({ workspaceId: 'default', role: 'owner' });
  });
});
