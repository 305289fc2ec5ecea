import { refusedReason } from '../outbound/index';
import { DeliveryError } from '../runtime/webhook-channel';

/** A call that got no answer: refused addresses are final, timeouts and network errors retried. */
export function httpFailure(error: unknown, timeoutMs: number): DeliveryError {
  const refused = refusedReason(error);
  if (refused) return new DeliveryError(refused, false);
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return new DeliveryError(
    timedOut
      ? `timed out after ${timeoutMs} ms`
      : `${error instanceof Error ? error.message : String(error)}${cause}`,
    true,
  );
}

/** The answer's JSON, or its text, or null; at most 64 KB is read. */
export async function readJson(response: Response): Promise<unknown> {
  const text = (await response.text()).slice(0, 64 * 1024);
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
