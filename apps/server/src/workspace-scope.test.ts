import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { createClvService } from './analytics/clv';
import { createChannelStore } from './channels/store';
import { createPluginSettingsStore } from './plugin-packages/plugin-settings';
import { createRepositories } from './repositories/index';
import { createRuntime } from './runtime/index';
import { createSegmentService } from './segments/service';

/**
 * Every call of the data layer routes use (repositories, services, the runtime) names the
 * workspace it reads or changes: its first parameter is `workspaceId`. The calls below are the
 * exceptions, each for a reason that keeps isolation.
 */
const EXEMPT: Record<string, string> = {
  'workspaces.get': 'the workspace row itself, by its id',
  'workspaces.create': 'creates a new workspace',
  'workspaces.createdBy': 'the workspace row itself, by its id',
  'workspaces.ensure': 'the workspace row itself, by its id',
  'workspaces.update': 'the workspace row itself, by its id',
  'workspaces.setStages': 'the workspace row itself, by its id',
  'apiKeys.resolveWriteKey': 'a credential lookup: what it finds decides the workspace',
  'apiKeys.resolveAdminToken': 'a credential lookup: what it finds decides the workspace',
  'sessions.resolve': 'a credential lookup: what it finds decides the workspace',
  'sessions.delete': 'signs out the session whose secret was presented',
  'experiments.decide': 'takes one decision object whose workspaceId is required by its type',
  'audit.append': 'takes one entry whose workspaceId is required by its type',
  'audit.appendUnlessRecent': 'takes one entry whose workspaceId is required by its type',
  'audit.purgeExpired': 'the retention job: each workspace’s entries past its own retention',
  'secrets.secretsKey': 'the server’s key for sealing secrets at rest, not workspace data',
  'segments.sweep': 'the scheduled membership pass over every workspace’s segments',
  'clv.staleWorkspaces': 'the fit schedule: which workspaces’ models are old',
  'runtime.start': 'starts the workers',
  'runtime.stop': 'stops the workers',
  'runtime.drain': 'runs pending work in tests',
  'runtime.workspaceChanged': 'drops cached settings; reads nothing',
  'runtime.journeyChanged':
    'drops caches and backfills date triggers of a journey its route found in the workspace',
  'sessions.switchWorkspace': 'moves the caller’s own session; the route checked the membership first',
  'sessions.deleteForUser': 'signs a person out everywhere: people are the instance’s, not a workspace’s',
  'users.any': 'people are the instance’s: whether the first account exists',
  'users.create': 'people are the instance’s; memberships give them workspaces',
  'users.get': 'people are the instance’s, by their own id',
  'users.byEmail': 'people are the instance’s: sign-in and invitations find them by email',
  'users.credentials': 'sign-in: what it finds decides the workspaces',
  'users.setPassword': 'the person’s own password, by a reset link or their session',
  'users.memberships': 'the person’s own workspaces, for the switcher',
  'invitations.create': 'takes one invitation whose workspaceId is required by its type',
  'invitations.find': 'a credential lookup: the invitation link’s secret decides the workspace',
  'invitations.accept': 'accepts the invitation its secret link found',
  'passwordResets.create': 'a reset link for a person, who is the instance’s',
  'passwordResets.use': 'a credential lookup: the reset link’s secret decides the person',
  'signInThrottle.retryAfter': 'failed sign-ins by email and address, before any workspace is known',
  'signInThrottle.fail': 'failed sign-ins by email and address, before any workspace is known',
  'signInThrottle.succeed': 'failed sign-ins by email and address, before any workspace is known',
  'signInThrottle.allowReset': 'reset requests by email, before any workspace is known',
  'publishRequests.create': 'takes one request whose workspaceId is required by its type',
  'publishRequests.published': 'marks the request its route claimed in the workspace',
  'publishRequests.reopen': 'gives back the request its route claimed in the workspace',
  'runtime.pendingEvents': 'the ingestion backlog, a count over all workspaces for the 503 guard',
};

/** The first parameter's name of a function as written (methods, arrows and async ones). */
function firstParameter(fn: (...args: never[]) => unknown): string {
  const match = /^(?:async\s*)?(?:function\s*)?[\w$#]*\s*\(\s*([\w$]*)/.exec(fn.toString());
  if (!match) throw new Error(`cannot read the parameters of ${fn.toString().slice(0, 80)}`);
  return match[1]!;
}

/** The functions of an object: own properties and, for class instances, prototype methods. */
function methodsOf(target: object): [string, (...args: never[]) => unknown][] {
  const found = new Map<string, (...args: never[]) => unknown>();
  for (let o: object | null = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      const value = (target as Record<string, unknown>)[key];
      if (key !== 'constructor' && typeof value === 'function' && !found.has(key)) {
        found.set(key, value as (...args: never[]) => unknown);
      }
    }
  }
  return [...found];
}

describe('the data layer routes use', () => {
  // Nothing here touches the database: only the functions' parameter lists are read.
  const database = { db: {}, sql: {}, kind: 'pglite' } as never;
  const runtime = createRuntime({
    database,
    registry: builtinRegistry,
    log: { info() {}, warn() {}, error() {}, debug() {} },
    now: Date.now,
    signingSecret: 'unused',
    workers: false,
  } as never);
  const layers: Record<string, object> = {
    ...createRepositories(database),
    segments: createSegmentService(database, Date.now),
    clv: createClvService(database, Date.now),
    channelStore: createChannelStore(database, async () => 'unused'),
    pluginSettings: createPluginSettingsStore(database, async () => 'unused'),
    runtime,
    testClocks: runtime.testClocks,
  };
  const calls = Object.entries(layers).flatMap(([layer, target]) =>
    methodsOf(target).map(([method, fn]) => ({ name: `${layer}.${method}`, first: firstParameter(fn) })),
  );

  it('takes the workspace first in every call but the listed exceptions', () => {
    const unscoped = calls
      .filter((call) => !/^_?workspaceId$/.test(call.first) && !EXEMPT[call.name])
      .map((call) => `${call.name}(${call.first}, …)`);
    expect(unscoped).toEqual([]);
  });

  it('lists no exception that no longer exists', () => {
    const names = new Set(calls.map((call) => call.name));
    expect(Object.keys(EXEMPT).filter((name) => !names.has(name))).toEqual([]);
  });

  it('would catch a call without the workspace', () => {
    expect(calls.length).toBeGreaterThan(80);
    expect(firstParameter(async (journeyId: string) => journeyId)).toBe('journeyId');
    expect(
      firstParameter(function get(workspaceId: string) {
        return workspaceId;
      }),
    ).toBe('workspaceId');
  });
});
