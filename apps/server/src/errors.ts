import { z } from 'zod';

/**
 * Every error the API answers with: a stable code, its HTTP status, and a default sentence that
 * says what went wrong and how to fix it. Routes throw `AppError`; one handler renders them.
 */
export const ERROR_CATALOG = {
  'invalid-request': {
    status: 400,
    message: 'The request is not valid; fix the named field and send it again.',
  },
  'invalid-json': { status: 400, message: 'The body is not valid JSON; send a JSON object.' },
  'invalid-payload': {
    status: 400,
    message: 'The message does not follow the Segment spec; fix the named field and send it again.',
  },
  'invalid-url': {
    status: 400,
    message:
      'The URL cannot be read: each % must start a valid escape such as %20, and ids must fit their length limit; encode the URL again.',
  },
  'missing-write-key': {
    status: 401,
    message: 'No write key was sent; send it as the HTTP Basic user name or as "writeKey" in the body.',
  },
  'unknown-write-key': {
    status: 401,
    message: 'This write key is unknown or revoked; create one under Settings > Write keys.',
  },
  'missing-admin-token': {
    status: 401,
    message:
      'This API needs a sign-in: sign in to the editor, or send a token as "Authorization: Bearer <token>".',
  },
  'session-expired': {
    status: 401,
    message: 'This editor session has ended (signed out, expired, or its token was revoked); sign in again.',
  },
  'invalid-admin-token': {
    status: 401,
    message:
      'The admin token is not valid; use the token printed at first start or set STAGECRAFT_ADMIN_TOKEN and restart.',
  },
  'csrf-token-invalid': {
    status: 403,
    message:
      'This change came with a session cookie but without its X-CSRF-Token header; reload the editor, or call the API with a Bearer token.',
  },
  'permission-denied': {
    status: 403,
    message: 'Your role in this workspace does not allow this; ask an admin or owner of the workspace.',
  },
  'token-sign-in-closed': {
    status: 403,
    message:
      'The editor now signs in with email and password; the admin token is for automation (Authorization: Bearer).',
  },
  'role-too-high': {
    status: 403,
    message: 'You can give a role only up to your own; ask an owner of the workspace.',
  },
  'invitation-for-someone-else': {
    status: 403,
    message: 'This invitation was sent to another email address; sign out, then open the link again.',
  },
  'invalid-credentials': {
    status: 401,
    message: 'The email or password is wrong; check both, or reset the password from the sign-in page.',
  },
  'invalid-callback-signature': {
    status: 403,
    message:
      'The delivery report is not signed as its provider signs it (X-Twilio-Signature, or X-Stagecraft-Signature for HTTP providers); check the provider settings.',
  },
  'not-found': { status: 404, message: 'Nothing lives at this address; check the URL.' },
  'journey-not-found': { status: 404, message: 'There is no such journey; check the id in the URL.' },
  'version-not-found': {
    status: 404,
    message: 'This journey has no such version; list its versions under /versions.',
  },
  'template-not-found': {
    status: 404,
    message: 'There is no such template; pick one from GET /api/templates.',
  },
  'experiment-not-found': {
    status: 404,
    message:
      "The journey's published version has no A/B split with this node id; list its experiments under /experiments.",
  },
  'plugin-not-found': {
    status: 404,
    message:
      'No plugin package by this name is installed; GET /api/settings/plugins lists the installed ones.',
  },
  'invitation-not-found': {
    status: 404,
    message: 'This invitation link is unknown, used, withdrawn or expired; ask for a new invitation.',
  },
  'reset-link-invalid': {
    status: 404,
    message: 'This password reset link is unknown, used or expired; ask for a new one from the sign-in page.',
  },
  'member-not-found': {
    status: 404,
    message: 'This person is not a member of the workspace; list the people with GET /api/people.',
  },
  'publish-request-not-found': {
    status: 404,
    message: 'There is no pending publish request with this id on this journey.',
  },
  'customer-not-found': { status: 404, message: 'There is no customer with this id in this workspace.' },
  'clv-model-not-found': {
    status: 404,
    message:
      'No customer lifetime value model has been fitted in this workspace yet; POST /api/analytics/clv/fit.',
  },
  'segment-not-found': {
    status: 404,
    message: 'There is no segment with this id; list them with GET /api/segments.',
  },
  'message-not-found': {
    status: 404,
    message: 'There is no failed or dead message with this id; only those can be retried.',
  },
  'suppression-not-found': {
    status: 404,
    message: 'This address is not suppressed on this channel; list suppressions with GET /api/suppressions.',
  },
  'invalid-link': {
    status: 404,
    message: 'This link is not valid (it was cut short or altered); open it again from the message.',
  },
  'channel-not-configured': {
    status: 409,
    message: 'This channel has no provider yet; set one with PUT /api/settings/channels/{channel} first.',
  },
  'write-key-not-found': { status: 404, message: 'There is no active write key with this id.' },
  'admin-token-not-found': { status: 404, message: 'There is no active admin token with this id.' },
  'workspace-not-found': {
    status: 404,
    message: 'There is no such workspace among yours; check the id, or list yours with GET /api/workspaces.',
  },
  'instance-owner-only': {
    status: 403,
    message:
      'Only an owner of the default workspace (the instance admin token, or the instance owner) can create workspaces; use that credential.',
  },
  'role-above-yours': {
    status: 403,
    message:
      'A token cannot be given a role above the role of the credential creating it; choose a lower role.',
  },
  'admin-token-in-use': {
    status: 409,
    message:
      'This is the admin token you are signed in with; sign in with another token first, then revoke this one.',
  },
  'email-taken': {
    status: 409,
    message: 'An account with this email exists; sign in with it, or reset its password.',
  },
  'owner-exists': {
    status: 409,
    message: 'The owner account was already created; sign in with its email and password.',
  },
  'last-owner': {
    status: 409,
    message: 'A workspace keeps at least one owner; make someone else owner first.',
  },
  'draft-conflict': {
    status: 409,
    message:
      'This draft was changed elsewhere since you loaded it; reload the journey to get the latest draft, then redo your change.',
  },
  'publish-conflict': {
    status: 409,
    message: 'Another publish of this journey happened at the same time; reload and publish again.',
  },
  'segment-in-use': {
    status: 409,
    message: 'A live journey uses this segment; pause or change the journeys listed in details first.',
  },
  'journey-archived': {
    status: 409,
    message: 'This journey is archived and cannot change; duplicate it to keep working on it.',
  },
  'invalid-status-change': {
    status: 409,
    message: 'The journey is not in a state that allows this; reload it to see its status.',
  },
  'experiment-decided': {
    status: 409,
    message:
      'This experiment was already stopped or promoted; its results are kept as they were. Add a new split to test again.',
  },
  'journey-not-live': {
    status: 409,
    message: 'This journey is not live; publish it (or resume it) before entering customers.',
  },
  'entry-refused': {
    status: 409,
    message: "The customer was not entered because of the journey's entry settings.",
  },
  'journey-invalid': {
    status: 422,
    message: 'The journey has errors; fix the steps listed in diagnostics, then try again.',
  },
  'invalid-migration': {
    status: 422,
    message: 'The migration plan cannot be applied; fix the node map as the problems describe.',
  },
  'clv-unfittable': {
    status: 422,
    message:
      'Not enough repeat buyers to fit a customer lifetime value model; import more purchase history or pick a later observationEnd.',
  },
  'simulation-too-large': {
    status: 422,
    message:
      'The simulation passed one of its limits; simulate fewer customers or days, or add a longer wait to the loop.',
  },
  'test-clock-not-found': {
    status: 404,
    message: 'There is no test clock with this id in this workspace; list them with GET /api/test-clocks.',
  },
  'test-clock-conflict': {
    status: 409,
    message: 'This customer already lives in real time or on another test clock; use a new userId.',
  },
  'test-clock-backwards': {
    status: 400,
    message: 'A test clock only moves forward, ten years at most per advance; send a later "to".',
  },
  'test-clock-too-busy': {
    status: 422,
    message: 'This advance ran too many steps (a journey may loop on short waits); advance in smaller steps.',
  },
  'payload-too-large': {
    status: 413,
    message: 'The request body is too large; send fewer or smaller messages per request.',
  },
  'batch-too-large': {
    status: 413,
    message: 'The batch holds too many messages; split it into smaller batches.',
  },
  'headers-too-large': {
    status: 431,
    message: 'The request headers are too large; send fewer or shorter headers (cookies count).',
  },
  'request-timeout': {
    status: 408,
    message: 'The request took too long to arrive; send it again in one go.',
  },
  'unsupported-media-type': {
    status: 415,
    message: 'This Content-Type is not accepted here; send the body as application/json.',
  },
  'unsupported-encoding': {
    status: 415,
    message: 'This Content-Encoding is not supported; send the body uncompressed or gzip-compressed.',
  },
  'too-many-sign-ins': {
    status: 429,
    message:
      'Too many failed sign-ins for this account or from this address; wait the seconds in the Retry-After header, or reset the password.',
  },
  'rate-limited': {
    status: 429,
    message:
      'Too many requests with this credential; wait the seconds in the Retry-After header, then send again.',
  },
  'ingestion-backlog': {
    status: 503,
    message:
      'The server has more stored events waiting than it accepts (STAGECRAFT_MAX_PENDING_EVENTS); send again after the seconds in the Retry-After header.',
  },
  'not-ready': {
    status: 503,
    message: 'The database is not reachable or not migrated yet; check DATABASE_URL and the server log.',
  },
  'simulations-busy': {
    status: 503,
    message: 'Every simulation worker is busy and the queue is full; try again in a few seconds.',
  },
  internal: {
    status: 500,
    message: 'Something went wrong on the server; try again, and check the server log.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

/** One of the catalog's codes. */
export type ErrorCode = keyof typeof ERROR_CATALOG;

/** An error a route raises on purpose; `details` travel in the body (diagnostics, problems). */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    options: { message?: string; field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(options.message ?? ERROR_CATALOG[code].message);
    this.name = 'AppError';
    this.status = ERROR_CATALOG[code].status;
    this.field = options.field;
    this.details = options.details;
  }
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
}

/** The body of every error response. */
export const ErrorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Renders an AppError as the response body. */
export function errorBody(error: AppError): ErrorBody {
  return {
    error: {
      ...error.details,
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    },
  };
}

/** Response schemas for the error statuses a route can answer with (for OpenAPI). */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries([401, ...statuses].map((status) => [status, ErrorBodySchema]));
}
