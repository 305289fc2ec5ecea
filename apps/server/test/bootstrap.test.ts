import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { lifecycleTemplates } from '../src/journeys/templates';
import { createRepositories } from '../src/repositories/index';
import { bootstrap } from '../src/seed/bootstrap';

describe.each(testDatabaseKinds())('first start and later starts on %s', (kind) => {
  it('generates an admin token and a demo write key once, seeds templates once, keeps the signing secret', async () => {
    const database = await createTestDatabase(kind);
    try {
      const repositories = createRepositories(database);
      const first = await bootstrap(repositories, {}, lifecycleTemplates());
      expect(first.firstStart).toBe(true);
      expect(first.generatedAdminToken).toMatch(/^sc_admin_/);
      expect(first.generatedWriteKey).toMatch(/^sc_wk_/);
      expect(first.seededJourneys).toBe(lifecycleTemplates().length);
      expect((await repositories.apiKeys.resolveAdminToken(first.generatedAdminToken!))?.workspaceId).toBe(
        first.workspaceId,
      );
      expect((await repositories.apiKeys.resolveWriteKey(first.generatedWriteKey!))?.workspaceId).toBe(
        first.workspaceId,
      );

      const second = await bootstrap(repositories, {}, lifecycleTemplates());
      expect(second).toMatchObject({
        firstStart: false,
        generatedAdminToken: null,
        generatedWriteKey: null,
        seededJourneys: 0,
      });
      expect(second.signingSecret).toBe(first.signingSecret);
      expect((await repositories.journeys.list(first.workspaceId)).length).toBe(first.seededJourneys);
    } finally {
      await database.close();
    }
  });

  it('adds the configured admin token and write key, and keeps a configured signing secret', async () => {
    const database = await createTestDatabase(kind);
    try {
      const repositories = createRepositories(database);
      const config = {
        adminToken: 'configured-admin-token-123',
        writeKey: 'configured-write-key-123',
        signingSecret: 'configured-signing-secret-123',
      };
      const boot = await bootstrap(repositories, config, []);
      expect(boot).toMatchObject({
        generatedAdminToken: null,
        generatedWriteKey: null,
        signingSecret: config.signingSecret,
      });
      expect((await repositories.apiKeys.resolveAdminToken(config.adminToken))?.workspaceId).toBe(
        boot.workspaceId,
      );
      expect((await repositories.apiKeys.resolveWriteKey(config.writeKey))?.workspaceId).toBe(
        boot.workspaceId,
      );
      // Starting again with the same settings adds nothing twice.
      await bootstrap(repositories, config, []);
      expect(await repositories.apiKeys.listWriteKeys(boot.workspaceId)).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it('revokes the earlier configured admin token when STAGECRAFT_ADMIN_TOKEN changes', async () => {
    const database = await createTestDatabase(kind);
    try {
      const repositories = createRepositories(database);
      const old = 'configured-admin-token-old';
      const boot = await bootstrap(repositories, { adminToken: old }, []);
      const made = await repositories.apiKeys.createAdminToken(boot.workspaceId, 'CI');
      await bootstrap(createRepositories(database), { adminToken: 'configured-admin-token-new' }, []);
      const fresh = createRepositories(database).apiKeys;
      expect(await fresh.resolveAdminToken(old)).toBeNull();
      expect(await fresh.resolveAdminToken('configured-admin-token-new')).not.toBeNull();
      // Tokens made through the API are not the variable's to revoke.
      expect(await fresh.resolveAdminToken(made.token)).not.toBeNull();
      // Going back to the old value does not bring a revoked token back.
      await bootstrap(createRepositories(database), { adminToken: old }, []);
      expect(await createRepositories(database).apiKeys.resolveAdminToken(old)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
