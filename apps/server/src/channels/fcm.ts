import { createSign } from 'node:crypto';
import type { GuardedFetch } from '../outbound/index';
import type { ChannelProvider } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import { httpFailure, readJson } from './provider-http';
import type { FcmSettings } from './settings';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** FCM errors meaning the device token can never receive again. */
const GONE = new Set(['UNREGISTERED', 'INVALID_ARGUMENT']);

/**
 * Push through FCM's HTTP v1 API or a server speaking it: the service account signs a JWT
 * (RS256) that is exchanged for an access token at the token URL (kept until a minute before it
 * expires), then each message is POSTed to the send URL with it.
 */
export function fcmProvider(settings: FcmSettings, fetch: GuardedFetch, timeoutMs: number): ChannelProvider {
  const account = settings.serviceAccount;
  const tokenUrl = settings.tokenUrl ?? account.token_uri ?? DEFAULT_TOKEN_URL;
  const sendUrl = settings.sendUrl.replace('{project}', encodeURIComponent(account.project_id));
  let token: { value: string; until: number } | null = null;

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const now = Math.floor(Date.now() / 1000);
    const assertion = jwt(
      { iss: account.client_email, scope: SCOPE, aud: tokenUrl, iat: now, exp: now + 3600 },
      account.private_key,
    );
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw httpFailure(error, timeoutMs);
    }
    const data = (await readJson(response)) as { access_token?: string; expires_in?: number } | null;
    if (!response.ok || !data?.access_token) {
      const retry = response.status === 429 || response.status >= 500;
      throw new DeliveryError(`the push token exchange answered ${response.status}`, retry, {
        status: response.status,
      });
    }
    token = { value: data.access_token, until: Date.now() + ((data.expires_in ?? 3600) - 60) * 1000 };
    return token.value;
  }

  return {
    channel: 'push',
    async send(message) {
      if (!message.to) throw new DeliveryError('the message has no device token', false);
      const payload = {
        message: {
          token: message.to,
          notification: { ...(message.subject ? { title: message.subject } : {}), body: message.body },
          data: { stagecraft_message_id: message.id },
        },
      };
      for (let attempt = 0; ; attempt++) {
        let response: Response;
        try {
          response = await fetch(sendUrl, {
            method: 'POST',
            headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
            body: JSON.stringify(payload),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          throw error instanceof DeliveryError ? error : httpFailure(error, timeoutMs);
        }
        const data = (await readJson(response)) as {
          name?: string;
          error?: { status?: string; message?: string; details?: { errorCode?: string }[] };
        } | null;
        if (response.ok) return { providerMessageId: String(data?.name ?? '') };
        // An expired or revoked token: exchange a new one once.
        if (response.status === 401 && attempt === 0) {
          token = null;
          continue;
        }
        const code = data?.error?.details?.find((d) => d.errorCode)?.errorCode ?? data?.error?.status ?? '';
        const retry = response.status === 429 || response.status >= 500;
        throw new DeliveryError(
          `FCM ${response.status}${code ? ` ${code}` : ''}: ${String(data?.error?.message ?? '').slice(0, 200)}`,
          retry,
          { status: response.status, suppress: GONE.has(code) && response.status !== 401 },
        );
      }
    },
  };
}

function jwt(claims: Record<string, unknown>, privateKey: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}
