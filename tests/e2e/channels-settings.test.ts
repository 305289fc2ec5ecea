import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../apps/server/test/delivery/smtp-sink';
import { useE2e } from './harness/index';

describe('channel settings', () => {
  // Providers on this machine are outbound addresses the operator allows.
  const e2e = useE2e({ env: { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1' } });
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await createSmtpSink();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('configure SMTP, keep its password masked, and send a test email the provider accepts or refuses', async () => {
    const page = await e2e.signedInPage();
    await page.goto('/settings/channels');
    const card = page.getByTestId('channel-email');
    await card.getByText('No provider yet').waitFor();

    await card.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await card.getByLabel('Port', { exact: true }).fill(String(smtp.port));
    await card.getByLabel('User', { exact: true }).fill('mailer');
    await card.getByLabel('Password', { exact: true }).fill('smtp-password-9876');
    await card.getByLabel('From', { exact: true }).fill('Acme <hello@acme.test>');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Email provider saved.').waitFor();
    await card.getByText('Sending through SMTP.').waitFor();

    // Stored sealed, shown masked: the API and the reloaded form never show the password.
    const listed = await e2e.product.api<{ email: { auth: { pass: string } } }>('/api/settings/channels');
    expect(listed.email.auth.pass).toBe('••••9876');
    await page.reload();
    const password = page.getByTestId('channel-email').getByLabel('Password', { exact: true });
    expect(await password.inputValue()).toBe('••••9876');

    const target = page.getByTestId('channel-email').getByLabel('Send a test Email to');
    await target.fill('ada@example.com');
    await page.getByTestId('channel-email').getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('test-verdict-email').getByText('Accepted by the provider').waitFor();
    const received = smtp.received.find((m) => m.to.includes('ada@example.com'));
    expect(received?.user).toBe('mailer');
    expect(received?.mail.from?.value[0]?.address).toBe('hello@acme.test');

    smtp.reject.add('gone@example.com');
    await target.fill('gone@example.com');
    await page.getByTestId('channel-email').getByRole('button', { name: 'Send test' }).click();
    await page
      .getByTestId('test-verdict-email')
      .getByText(/Refused: .*550/)
      .waitFor();
  });
});
