import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';

describe('workspace settings', () => {
  const e2e = useE2e();

  it('set the workspace time zone, refusing a zone that does not exist', async () => {
    const page = await e2e.signedInPage();
    await page.goto('/settings/workspace');
    const form = page.getByTestId('workspace-settings');
    await form.getByText('No zone sent').waitFor();
    const zone = page.getByTestId('workspace-time-zone');
    const save = page.getByTestId('save-workspace');

    await zone.fill('Mars/Olympus');
    await form.getByText('is not a time zone').waitFor();
    expect(await save.isDisabled()).toBe(true);

    await zone.fill('Europe/Berlin');
    await save.click();
    await page.getByText('Workspace settings saved.').waitFor();
    const saved = await e2e.product.api<{ timeZone: string }>('/api/settings/workspace');
    expect(saved.timeZone).toBe('Europe/Berlin');

    await page.reload();
    expect(await page.getByTestId('workspace-time-zone').inputValue()).toBe('Europe/Berlin');
  });

  it('keep the activity log for as many days as set, refusing fewer than one', async () => {
    const page = await e2e.signedInPage();
    await page.goto('/settings/workspace');
    const retention = page.getByTestId('workspace-audit-retention');
    const save = page.getByTestId('save-workspace');
    expect(await retention.inputValue()).toBe('365');
    await retention.fill('0');
    await page.getByText('Keep the activity log between 1 and 3650 days.').waitFor();
    expect(await save.isDisabled()).toBe(true);
    await retention.fill('30');
    await save.click();
    await page.getByText('Workspace settings saved.').waitFor();
    const saved = await e2e.product.api<{ auditRetentionDays: number }>('/api/settings/workspace');
    expect(saved.auditRetentionDays).toBe(30);
  });
});
