import { randomUUID } from 'node:crypto';
import { escapeHtml } from '@stagecraft/graph';
import type { FastifyBaseLogger } from 'fastify';
import { senderDomain } from '../channels/email-content';
import type { SmtpSettings } from '../channels/settings';
import { smtpProvider } from '../channels/smtp';
import type { ChannelStore } from '../channels/store';
import type { AllowList } from '../outbound/index';

/** An email about an account: an invitation or a password reset link. */
export interface AccountMail {
  /** The workspace whose email channel sends it. */
  workspaceId: string;
  to: string;
  subject: string;
  /** Plain text with the link on a line of its own. */
  text: string;
  /** The link the email carries, printed in the log when no email channel is configured. */
  link: string;
}

/** What sending account emails needs. */
export interface AccountMailDeps {
  store: ChannelStore;
  allow: AllowList;
  log: FastifyBaseLogger;
  timeoutMs: number;
}

/**
 * Sends account emails through the workspace's email channel (Settings > Channels). Without
 * one, the link is printed in the server log (as a warning) so an operator can pass it on; a
 * failed send is logged the same way, so a link is never lost. Returns how the link went out.
 */
export function createAccountMailer(deps: AccountMailDeps) {
  return async function sendAccountMail(mail: AccountMail): Promise<'email' | 'log'> {
    const stored = await deps.store.get(mail.workspaceId, 'email');
    if (stored?.settings.provider === 'smtp') {
      const smtp = stored.settings as SmtpSettings;
      const provider = smtpProvider(smtp, deps.allow, deps.timeoutMs);
      const id = randomUUID();
      const html = htmlOf(mail.text);
      try {
        await provider.send({
          id,
          idempotencyKey: id,
          workspaceId: mail.workspaceId,
          customerId: '',
          journeyId: '',
          channel: 'email',
          name: null,
          to: mail.to,
          subject: mail.subject,
          body: html,
          url: null,
          email: {
            html,
            text: mail.text,
            headers: {},
            messageId: `<${id}@${senderDomain(smtp.from)}>`,
          },
        });
        return 'email';
      } catch (error) {
        deps.log.warn({ err: error, to: mail.to }, 'The account email could not be sent; its link follows.');
      } finally {
        provider.close();
      }
    }
    // A warning, so quiet logs show it too: someone has to pass the link on.
    deps.log.warn(
      { to: mail.to, link: mail.link },
      `No email went out; pass this link on. ${mail.subject}: ${mail.link}`,
    );
    return 'log';
  };
}

/** The type of the sender, for decorators. */
export type SendAccountMail = ReturnType<typeof createAccountMailer>;

function htmlOf(text: string): string {
  return `<p>${escapeHtml(text).replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br>')}</p>`;
}
