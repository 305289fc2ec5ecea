import { describe, expect, it } from 'vitest';
import { createRepositories } from './index';

/**
 * Every repository call names the workspace it reads or changes: its first parameter is
 * `workspaceId`. The calls below are the exceptions, each for a reason that keeps isolation.
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
};

/** The first parameter's name of a function as written (methods, arrows and async ones). */
function firstParameter(fn: (...args: never[]) => unknown): string {
  const match = /^(?:async\s*)?(?:function\s*)?[\w$]*\s*\(\s*([\w$]*)/.exec(fn.toString());
  if (!match) throw new Error(`cannot read the parameters of ${fn.toString().slice(0, 80)}`);
  return match[1]!;
}

describe('repositories', () => {
  const repositories = createRepositories({ db: {}, sql: {} } as never);
  const calls = Object.entries(repositories).flatMap(([repository, methods]) =>
    Object.entries(methods as Record<string, unknown>)
      .filter((entry): entry is [string, (...args: never[]) => unknown] => typeof entry[1] === 'function')
      .map(([method, fn]) => ({ name: `${repository}.${method}`, first: firstParameter(fn) })),
  );

  it('take the workspace first in every call but the listed exceptions', () => {
    const unscoped = calls
      .filter((call) => !/^_?workspaceId$/.test(call.first) && !EXEMPT[call.name])
      .map((call) => `${call.name}(${call.first}, …)`);
    expect(unscoped).toEqual([]);
  });

  it('list no exception that no longer exists', () => {
    const names = new Set(calls.map((call) => call.name));
    expect(Object.keys(EXEMPT).filter((name) => !names.has(name))).toEqual([]);
  });

  it('would catch a call without the workspace', () => {
    expect(firstParameter(async (journeyId: string) => journeyId)).toBe('journeyId');
    expect(
      firstParameter(function get(workspaceId: string) {
        return workspaceId;
      }),
    ).toBe('workspaceId');
  });
});
