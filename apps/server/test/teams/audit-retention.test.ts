import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PURGE_LOCK, scheduleAuditPurge } from '../../src/audit/retention';
import { createRepositories } from '../../src/repositories/index';

const DAY = 86_400_000;

describe.each(testDatabaseKinds())('scheduled audit retention on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let time = Date.UTC(2030, 0, 1);
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('purges on its schedule, under its lock, each workspace by its own retention', async () => {
    const repositories = createRepositories(database, () => time);
    await repositories.workspaces.ensure('short', 'Short');
    await repositories.workspaces.ensure('long', 'Long');
    await repositories.workspaces.update('short', { name: 'Short', timeZone: 'UTC', auditRetentionDays: 1 });
    const entry = (workspaceId: string) => ({
      workspaceId,
      actor: { kind: 'system' as const, id: 'test' },
      address: null,
      action: 'settings.update',
      target: { kind: 'settings', id: 'workspace' },
    });
    await repositories.audit.append(entry('short'));
    await repositories.audit.append(entry('long'));
    time += 2 * DAY;
    await repositories.audit.append(entry('short'));

    const locks: number[] = [];
    const logged: object[] = [];
    const schedule = scheduleAuditPurge({
      audit: repositories.audit,
      exclusive: (key, fn) => {
        locks.push(key);
        return database.exclusive(key, fn);
      },
      log: { info: (obj) => logged.push(obj), warn: (obj) => logged.push(obj) },
      firstMs: 5,
      everyMs: 60_000,
    });
    const deadline = Date.now() + 10_000;
    while (logged.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await schedule.stop();

    expect(locks).toEqual([AUDIT_PURGE_LOCK]);
    expect(logged).toEqual([{ purged: 1 }]);
    const short = await repositories.audit.list('short', { limit: 10 });
    const long = await repositories.audit.list('long', { limit: 10 });
    expect(short.entries).toHaveLength(1);
    expect(long.entries).toHaveLength(1);
  });
});
