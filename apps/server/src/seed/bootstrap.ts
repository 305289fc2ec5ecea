import type { Config } from '../config';
import type { Template } from '../journeys/templates';
import { DEFAULT_WORKSPACE_ID, type Repositories } from '../repositories/index';

/** What start-up prepared, and the secrets to show the operator once. */
export interface BootstrapResult {
  workspaceId: string;
  /** True when this start created the workspace (and seeded the demo). */
  firstStart: boolean;
  /** A newly generated admin token; null when one was configured or already exists. */
  generatedAdminToken: string | null;
  /** The demo write key created on first start, to print once; null otherwise (a configured key is never printed). */
  generatedWriteKey: string | null;
  signingSecret: string;
  /** Journeys created from templates on first start. */
  seededJourneys: number;
}

/**
 * Makes the database ready to use: the default workspace with its stages, the configured
 * credentials (a changed STAGECRAFT_ADMIN_TOKEN revokes the earlier one), a signing secret, and on first start an admin token (unless configured), a demo
 * write key and the lifecycle templates as draft journeys. Safe to run on every start and from
 * several processes at once: only the process that creates the workspace seeds it.
 */
export async function bootstrap(
  repositories: Repositories,
  config: Partial<Pick<Config, 'adminToken' | 'writeKey' | 'signingSecret'>>,
  templates: Template[],
): Promise<BootstrapResult> {
  const { workspaces, apiKeys, journeys, secrets } = repositories;
  const workspaceId = DEFAULT_WORKSPACE_ID;
  const firstStart = await workspaces.ensure(workspaceId, 'Demo workspace');

  let generatedAdminToken: string | null = null;
  if (config.adminToken) await apiKeys.ensureAdminToken(workspaceId, config.adminToken);
  else if (!(await apiKeys.hasAdminToken(workspaceId)))
    generatedAdminToken = await apiKeys.generateAdminToken(workspaceId);

  let generatedWriteKey: string | null = null;
  if (config.writeKey) await apiKeys.ensureWriteKey(workspaceId, config.writeKey);
  else if (firstStart) generatedWriteKey = (await apiKeys.createWriteKey(workspaceId, 'Demo write key')).key;

  let seededJourneys = 0;
  if (firstStart) {
    for (const template of templates) {
      await journeys.create(workspaceId, { ...template.document, name: template.title });
      seededJourneys += 1;
    }
  }

  const signingSecret = await secrets.signingSecret(workspaceId, config.signingSecret);
  return { workspaceId, firstStart, generatedAdminToken, generatedWriteKey, signingSecret, seededJourneys };
}
