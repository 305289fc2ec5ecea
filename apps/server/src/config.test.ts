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
});
