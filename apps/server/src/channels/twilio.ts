import type { GuardedFetch } from '../outbound/index';
import type { ChannelProvider } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import { httpFailure, readJson } from './provider-http';
import type { TwilioSettings } from './settings';

/** Twilio error codes meaning the number can never receive (invalid, unreachable, not mobile). */
const INVALID_NUMBER = new Set([21211, 21214, 21217, 21407, 21421, 21614]);

/**
 * SMS through Twilio's Messages API or a server speaking it (`baseUrl`): form-encoded POST with
 * HTTP Basic auth, delivery reports to `statusCallbackUrl`.
 */
export function twilioProvider(
  settings: TwilioSettings,
  fetch: GuardedFetch,
  timeoutMs: number,
): ChannelProvider {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64');
  return {
    channel: 'sms',
    async send(message) {
      if (!message.to) throw new DeliveryError('the message has no phone number', false);
      const form = new URLSearchParams({ To: message.to, From: settings.from, Body: message.body });
      if (message.statusCallbackUrl) form.set('StatusCallback', message.statusCallbackUrl);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${auth}`,
            'content-type': 'application/x-www-form-urlencoded',
            'idempotency-key': message.idempotencyKey,
          },
          body: form.toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw httpFailure(error, timeoutMs);
      }
      const data = await readJson(response);
      if (response.ok) return { providerMessageId: String((data as { sid?: unknown })?.sid ?? '') };
      const code = Number((data as { code?: unknown })?.code);
      const detail = String((data as { message?: unknown })?.message ?? '').slice(0, 200);
      const retry = response.status === 429 || response.status >= 500;
      throw new DeliveryError(
        `Twilio ${response.status}${Number.isFinite(code) ? ` (${code})` : ''}: ${detail}`,
        retry,
        {
          status: response.status,
          suppress: INVALID_NUMBER.has(code),
        },
      );
    },
  };
}
