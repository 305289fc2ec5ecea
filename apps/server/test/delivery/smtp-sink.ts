import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the SMTP sink received it: the envelope and the parsed message. */
export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | null;
  mail: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 that takes every mail (AUTH without TLS allowed, STARTTLS not
 * offered, as a local relay would) and answers 550 for the recipients in `reject`.
 */
export async function createSmtpSink() {
  const received: ReceivedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address)) {
        callback(Object.assign(new Error('5.1.1 no such user here'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: (session.user as string | undefined) ?? null,
          mail: await simpleParser(raw),
          raw,
        });
        callback();
      });
    },
  });
  // A client that drops its connection is reported as an 'error' event; unheard, it would throw.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    reject,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof createSmtpSink>>;
