import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { normaliseMessage } from './segment';

const receivedAt = Date.parse('2026-05-01T12:00:00Z');

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.field;
    throw error;
  }
  return undefined;
}

describe('normaliseMessage', () => {
  it('maps a track call to what the runtime stores', () => {
    const message = normaliseMessage(
      {
        userId: 42,
        event: ' Signed Up ',
        properties: { plan: 'pro' },
        messageId: 'm1',
        timestamp: '2026-05-01T11:00:00Z',
      },
      'track',
      { receivedAt },
      '',
    );
    expect(message).toEqual({
      messageId: 'm1',
      type: 'track',
      userId: '42',
      event: 'Signed Up',
      properties: { plan: 'pro' },
      traits: {},
      timestamp: Date.parse('2026-05-01T11:00:00Z'),
      receivedAt,
      context: {},
    });
  });

  it('uses anonymousId when there is no userId, and context.traits for identify', () => {
    const message = normaliseMessage(
      { type: 'identify', anonymousId: 'anon', context: { traits: { email: 'a@b.c' } } },
      null,
      { receivedAt },
      'batch.0',
    );
    expect(message).toMatchObject({ userId: 'anon', traits: { email: 'a@b.c' }, timestamp: receivedAt });
  });

  it('keeps screen calls as page views and skips group and alias', () => {
    expect(
      normaliseMessage({ type: 'screen', userId: 'u', name: 'Home' }, null, { receivedAt }, ''),
    ).toMatchObject({
      type: 'page',
      event: 'Home',
    });
    expect(
      normaliseMessage({ type: 'alias', userId: 'u', previousId: 'v' }, null, { receivedAt }, ''),
    ).toBeNull();
  });

  it('names the failing field, with the batch index', () => {
    const at = (raw: unknown) => fieldOf(() => normaliseMessage(raw, null, { receivedAt }, 'batch.4'));
    expect(at({ type: 'track', userId: 'u' })).toBe('batch.4.event');
    expect(at({ type: 'track', event: 'E' })).toBe('batch.4.userId');
    expect(at({ type: 'track', userId: { id: 1 }, event: 'E' })).toBe('batch.4.userId');
    expect(at({ type: 'track', userId: 'u', event: 'E', properties: [1] })).toBe('batch.4.properties');
    expect(at({ type: 'track', userId: 'u', event: 'E', originalTimestamp: 'soon' })).toBe(
      'batch.4.originalTimestamp',
    );
    expect(at('track')).toBe('batch.4');
    expect(fieldOf(() => normaliseMessage({ type: 'page', userId: 'u' }, 'track', { receivedAt }, ''))).toBe(
      'type',
    );
  });
});
