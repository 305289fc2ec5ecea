import { lookup } from 'node:dns/promises';
import nodemailer, { type Transporter } from 'nodemailer';
import { type AllowList, refusal } from '../outbound/index';
import type { ChannelProvider, OutboundMessage } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import type { SmtpSettings } from './settings';

/** A provider that can be closed when its settings change (pooled connections). */
export interface ClosableProvider extends ChannelProvider {
  close(): void;
}

/**
 * Email over SMTP with nodemailer: pooled connections, STARTTLS whenever the server offers it
 * (TLS from the first byte with `secure`). The server's address is checked like every outbound
 * connection: an internal address is refused unless allow-listed.
 */
export function smtpProvider(settings: SmtpSettings, allow: AllowList, timeoutMs: number): ClosableProvider {
  let transport: Promise<Transporter> | null = null;
  const open = async (): Promise<Transporter> => {
    const { address } = await lookup(settings.host);
    const refused = refusal(allow, settings.host, address);
    if (refused) throw new DeliveryError(refused, false);
    return nodemailer.createTransport({
      pool: true,
      maxConnections: settings.pool,
      host: address,
      port: settings.port,
      secure: settings.secure,
      tls: { servername: settings.host },
      auth: settings.auth ? { user: settings.auth.user, pass: settings.auth.pass } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger: false,
    });
  };
  return {
    channel: 'email',
    sender: settings.from,
    async send(message: OutboundMessage) {
      if (!message.to) throw new DeliveryError('the message has no address', false);
      transport ??= open();
      let sender: Transporter;
      try {
        sender = await transport;
      } catch (error) {
        transport = null;
        throw error instanceof DeliveryError ? error : new DeliveryError(describe(error), true);
      }
      const email = message.email;
      try {
        const info = await sender.sendMail({
          from: settings.from,
          ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
          to: message.to,
          subject: message.subject ?? '',
          html: email?.html ?? message.body,
          text: email?.text,
          headers: email?.headers ?? {},
          messageId: email?.messageId,
        });
        return { providerMessageId: String(info.messageId ?? email?.messageId ?? '') };
      } catch (error) {
        throw smtpError(error);
      }
    },
    close() {
      transport?.then((t) => t.close()).catch(() => undefined);
      transport = null;
    },
  };
}

/**
 * An SMTP answer as a delivery outcome: 5xx to the recipient is a hard bounce (suppressed, not
 * retried), other 5xx are final, 4xx and connection problems are retried.
 */
function smtpError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; command?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const message = `SMTP ${code ?? 'error'}: ${describe(error)}`;
  if (code !== null && code >= 500) {
    return new DeliveryError(message, false, {
      status: code,
      suppress: e.command === 'RCPT TO' && code >= 550 && code <= 553,
    });
  }
  return new DeliveryError(message, true, { status: code });
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
