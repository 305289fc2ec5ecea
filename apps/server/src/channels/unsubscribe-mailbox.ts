import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { AppError } from '../errors';
import type { LinkPayload, LinkSigner } from './links';

/** What the mailbox needs: the link signer, and what an unsubscribe does. */
export interface UnsubscribeMailboxOptions {
  port: number;
  host: string;
  links: () => Promise<LinkSigner>;
  unsubscribe: (payload: LinkPayload) => Promise<void>;
  log: { info(data: object, message: string): void; warn(data: object, message: string): void };
}

export interface UnsubscribeMailbox {
  port: number;
  close(): Promise<void>;
}

/** An unsubscribe mail is a subject line and perhaps a quoted body: more is not read. */
const MAX_MAIL_BYTES = 64 * 1024;
/** The token of an unsubscribe link, as the mailto's subject carries it. */
const TOKEN = /\/u\?t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

/** An SMTP reply with its code: 5xx refuses the mail for good, 4xx asks the sender to try later. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The unsubscribe token in a mail: the mailto's subject (`unsubscribe <link>`), found in the
 * headers with folded lines joined, else in a body that quotes the link (quoted-printable undone).
 */
export function unsubscribeToken(raw: string): string | null {
  const split = raw.search(/\r?\n\r?\n/);
  const head = (split === -1 ? raw : raw.slice(0, split)).replace(/\r?\n[ \t]+/g, '');
  const subject = /^subject:(.*)$/im.exec(head)?.[1] ?? '';
  const fromSubject = TOKEN.exec(subject)?.[1];
  if (fromSubject) return fromSubject;
  const body =
    split === -1
      ? ''
      : raw
          .slice(split)
          .replace(/=\r?\n/g, '')
          .replace(/=3D/gi, '=');
  return TOKEN.exec(body)?.[1] ?? null;
}

async function readMail(stream: SMTPServerDataStream): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= MAX_MAIL_BYTES) chunks.push(chunk as Buffer);
  }
  return stream.sizeExceeded ? null : Buffer.concat(chunks).toString('latin1');
}

/**
 * The mailbox behind List-Unsubscribe's mailto: an SMTP server that takes mail for
 * `unsubscribe…@` addresses only, reads the signed link the mailto's subject carries, and
 * unsubscribes that customer from that message's channel. A mail without a valid token is
 * refused during the SMTP conversation (no bounce is ever sent back to a forged sender).
 */
export async function startUnsubscribeMailbox(
  options: UnsubscribeMailboxOptions,
): Promise<UnsubscribeMailbox> {
  const server = new SMTPServer({
    name: 'stagecraft-unsubscribe',
    banner: 'unsubscribe mailbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MAIL_BYTES,
    maxClients: 100,
    socketTimeout: 30_000,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (/^unsubscribe[^@]*@/i.test(address.address)) return callback();
      callback(smtpError(550, '5.1.1 this server takes unsubscribe mail only'));
    },
    onData(stream, _session, callback) {
      readMail(stream)
        .then(async (raw) => {
          if (raw === null) throw smtpError(552, '5.3.4 an unsubscribe mail is at most 64 KB');
          const token = unsubscribeToken(raw);
          const payload = token ? (await options.links()).verify(token) : null;
          if (!payload) throw smtpError(550, '5.7.1 no valid unsubscribe link in the subject');
          try {
            await options.unsubscribe(payload);
          } catch (error) {
            if (error instanceof AppError)
              throw smtpError(550, '5.7.1 the unsubscribe link is no longer valid');
            throw error;
          }
          options.log.info({ workspaceId: payload.w, channel: payload.ch }, 'unsubscribed by mail');
          callback();
        })
        .catch((error: Error & { responseCode?: number }) => {
          if (error.responseCode) return callback(error);
          options.log.warn({ err: error.message }, 'unsubscribe mail not recorded');
          callback(smtpError(451, '4.3.0 try again later'));
        });
    },
  });
  server.on('error', (error) => options.log.warn({ err: error.message }, 'unsubscribe mailbox error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
