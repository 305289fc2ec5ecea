import { type CompiledJourney, compileJourney } from '@stagecraft/compiler';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { Profile } from './types';

/** Compiles a journey for a test, failing loudly with the diagnostics when it does not compile. */
export function compileForTest(
  document: unknown,
  registry: NodeRegistry,
  journeyId = 'journey-1',
  version = 1,
): CompiledJourney {
  const result = compileJourney(document, registry, { journeyId, version });
  if (!result.ok)
    throw new Error(result.diagnostics.map((d) => `${d.nodeId ?? '-'}: ${d.message}`).join('\n'));
  return result.journey;
}

/** A test customer's profile. */
export function profileOf(
  customerId: string,
  traits: Record<string, unknown> = {},
  extra: Partial<Profile> = {},
): Profile {
  return { customerId, traits, stage: null, timeZone: null, tags: [], ...extra };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 6 January 2025, 10:00 UTC. */
export const MONDAY = Date.UTC(2025, 0, 6, 10, 0);
