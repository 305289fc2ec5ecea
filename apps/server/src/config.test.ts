import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './.data/pglite',
      databaseUrl: undefined,
    });
    expect(config.limits.bodyBytes).toBeGreaterThanOrEqual(500 * 1024);
  });

  it('allows no internal host for outbound requests unless STAGECRAFT_OUTBOUND_ALLOW lists it', () => {
    expect(loadConfig({}).outboundAllow.entries).toEqual([]);
    const { outboundAllow } = loadConfig({
      STAGECRAFT_OUTBOUND_ALLOW: 'sink.internal, 127.0.0.2,10.0.0.0/8 , fd00::/8,[::1]',
    });
    expect(outboundAllow.entries).toEqual(['sink.internal', '127.0.0.2', '10.0.0.0/8', 'fd00::/8', '[::1]']);
    expect([...outboundAllow.hosts]).toEqual(['sink.internal']);
    expect(outboundAllow.networks.check('10.20.30.40', 'ipv4')).toBe(true);
    expect(outboundAllow.networks.check('127.0.0.1', 'ipv4')).toBe(false);
    expect(outboundAllow.networks.check('::1', 'ipv6')).toBe(true);
  });

  it('stops on a bad STAGECRAFT_OUTBOUND_ALLOW entry, naming it and the fix', () => {
    for (const [value, expected] of [
      [
        'http://sink.internal:8080',
        /"http:\/\/sink.internal:8080" is not a host name, IP address or CIDR range; write e.g./,
      ],
      ['10.0.0.0/33', /"10.0.0.0\/33" has a bad prefix length; use 0 to 32/],
      ['fd00::/abc', /"fd00::\/abc" has a bad prefix length; use 0 to 128/],
      ['sink internal', /"sink internal" is not a host name/],
    ] as const) {
      expect(() => loadConfig({ STAGECRAFT_OUTBOUND_ALLOW: value })).toThrow(ConfigError);
      expect(() => loadConfig({ STAGECRAFT_OUTBOUND_ALLOW: value })).toThrow(
        new RegExp(`STAGECRAFT_OUTBOUND_ALLOW: ${expected.source}`),
      );
    }
  });

  it('runs simulations on one worker thread with four waiting and ten seconds each, unless told otherwise', () => {
    expect(loadConfig({}).simulation).toEqual({ workers: 1, queue: 4, wallTimeMs: 10_000 });
    expect(
      loadConfig({
        STAGECRAFT_SIMULATION_WORKERS: '2',
        STAGECRAFT_SIMULATION_QUEUE: '0',
        STAGECRAFT_SIMULATION_SECONDS: '30',
      }).simulation,
    ).toEqual({ workers: 2, queue: 0, wallTimeMs: 30_000 });
    expect(() => loadConfig({ STAGECRAFT_SIMULATION_WORKERS: '0' })).toThrow(
      /STAGECRAFT_SIMULATION_WORKERS="0": must be greater than 0/,
    );
    expect(() => loadConfig({ STAGECRAFT_SIMULATION_QUEUE: '-1' })).toThrow(
      /STAGECRAFT_SIMULATION_QUEUE="-1": must be 0 or more/,
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it('stops with a message naming every bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db', STAGECRAFT_MAX_BATCH: '0' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT="eighty": must be a number/);
      expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\//);
      expect(message).toMatch(/STAGECRAFT_MAX_BATCH="0": must be greater than 0/);
    }
  });

  it('runs one process unless told otherwise, and more only on PostgreSQL', () => {
    const url = 'postgres://db/stagecraft';
    expect(loadConfig({}).processes).toBe(1);
    expect(loadConfig({ STAGECRAFT_PROCESSES: 'auto' }).processes).toBe(1);
    expect(loadConfig({ STAGECRAFT_PROCESSES: 'auto', DATABASE_URL: url }).processes).toBe(
      availableParallelism(),
    );
    expect(loadConfig({ STAGECRAFT_PROCESSES: '3', DATABASE_URL: url }).processes).toBe(3);
    expect(() => loadConfig({ STAGECRAFT_PROCESSES: '2' })).toThrow(
      /STAGECRAFT_PROCESSES=2: the embedded database serves one process; set DATABASE_URL/,
    );
    expect(() => loadConfig({ STAGECRAFT_PROCESSES: 'many', DATABASE_URL: url })).toThrow(
      /STAGECRAFT_PROCESSES="many": must be "auto" or a number from 1 to 256/,
    );
    expect(() => loadConfig({ STAGECRAFT_PROCESSES: '0', DATABASE_URL: url })).toThrow(
      /STAGECRAFT_PROCESSES="0": must be greater than 0/,
    );
  });

  it('never echoes a secret into the error message', () => {
    expect(() => loadConfig({ STAGECRAFT_ADMIN_TOKEN: 'short-secret' })).toThrow(
      /STAGECRAFT_ADMIN_TOKEN: must be at least 16 characters/,
    );
    expect(() => loadConfig({ STAGECRAFT_ADMIN_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('limits requests, the event backlog and sign-ins by default, and reads proxy trust', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toEqual({ ingestPerMinute: 60_000, apiPerMinute: 600 });
    expect(config.maxPendingEvents).toBe(500_000);
    expect(config.sessionHours).toBe(12);
    expect(config.trustProxy).toBe(false);
    const tuned = loadConfig({
      STAGECRAFT_RATE_LIMIT_INGEST: '0',
      STAGECRAFT_RATE_LIMIT_API: '30',
      STAGECRAFT_MAX_PENDING_EVENTS: '0',
      STAGECRAFT_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    });
    expect(tuned.rateLimits).toEqual({ ingestPerMinute: 0, apiPerMinute: 30 });
    expect(tuned.maxPendingEvents).toBe(0);
    expect(tuned.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ STAGECRAFT_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(() => loadConfig({ STAGECRAFT_RATE_LIMIT_API: '-1' })).toThrow(
      /STAGECRAFT_RATE_LIMIT_API="-1": must be 0 \(off\) or more/,
    );
  });
});
