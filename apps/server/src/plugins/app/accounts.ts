import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createAccountMailer, type SendAccountMail } from '../../auth/account-mail';
import { setSessionCookie } from '../../auth/session-cookie';
import { createChannelStore } from '../../channels/store';
import type { SessionOwner } from '../../repositories/sessions';

/** A session just opened, as sign-in routes answer it. */
export interface OpenedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  workspaceId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends an invitation or reset link by the workspace's email channel, else prints it in the log. */
    sendAccountMail: SendAccountMail;
    /** Opens a session in `workspaceId` and sets its cookie on the reply. */
    openSession: (
      request: FastifyRequest,
      reply: FastifyReply,
      workspaceId: string,
      owner: SessionOwner,
    ) => Promise<OpenedSession>;
  }
}

/** What sign-in, first run, invitations and password resets share. */
export default fp(
  async function accounts(app: FastifyInstance) {
    const store = createChannelStore(app.database, () =>
      app.repositories.secrets.secretsKey(app.config.secretsKey),
    );
    app.decorate(
      'sendAccountMail',
      createAccountMailer({ store, allow: app.config.outboundAllow, log: app.log, timeoutMs: 10_000 }),
    );
    app.decorate('openSession', async (request, reply, workspaceId, owner) => {
      const session = await app.repositories.sessions.create(workspaceId, owner, app.config.sessionHours);
      setSessionCookie(request, reply, session);
      return {
        sessionId: session.id,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        workspaceId,
      };
    });
  },
  { name: 'accounts', dependencies: ['services', 'auth'] },
);
