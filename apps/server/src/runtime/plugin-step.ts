import type { AnyNodeType, ExecuteDeps, ExecuteInput, RetrySpec } from '@stagecraft/sdk';
import type { PluginHost } from '../plugin-packages/plugin-host';
import type { RuntimeContext } from './context';
import type { CallOutcome } from './http-call';
import { readPluginResult } from './plugin-result';
import type { ClaimedMessage } from './rows';

/** What the runtime needs to run plugin steps. */
export interface PluginRuntime {
  host: PluginHost;
  /** The operator's default time budget of one step (STAGECRAFT_PLUGIN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Steps this process runs at once (STAGECRAFT_PLUGIN_STEPS). */
  maxSteps: number;
  /** A plugin's settings in a workspace, secrets opened ({} when none are saved), and its secret values. */
  settings(workspaceId: string, packageName: string): Promise<OpenedSettings>;
  /** Runs a step of a `runIn: 'worker'` node type in a worker thread, ended when the budget runs out. */
  inWorker(call: WorkerCall): Promise<unknown>;
}

export interface OpenedSettings {
  values: Record<string, unknown>;
  /** The secret strings among the values, which the plugin's log lines must never carry. */
  secrets: string[];
}

/** One `execute` call handed to a worker thread: everything in it is plain data. */
export interface WorkerCall {
  module: string;
  type: string;
  version: number;
  input: ExecuteInput<Record<string, unknown>>;
  settings: Record<string, unknown>;
  nowMs: number;
  timeoutMs: number;
  /** Answers the worker's `countEvents` calls. */
  countEvents: ExecuteDeps['countEvents'];
  log: ExecuteDeps['log'];
}

/** A plugin step as the outbox stores it. */
export interface PluginRequest {
  nodeType: string;
  nodeTypeVersion: number;
  params: Record<string, unknown>;
  event: ExecuteInput<unknown>['event'];
  outputs: Record<string, unknown>;
  /** The node's ports; a result may name one of them. */
  ports: string[];
  retry?: RetrySpec;
  onFailure?: 'port' | 'stop';
}

/** The longest a plugin step's error text is kept. */
const ERROR_CHARS = 2_000;

/**
 * Runs one plugin step with the node type's `execute`, contained: a throw, a promise that
 * outlives the time budget, or a result of the wrong shape or size becomes a failure the retry
 * policy retries; nothing it does reaches another step or the process. Never throws.
 */
export async function runPluginStep(ctx: RuntimeContext, m: ClaimedMessage): Promise<CallOutcome> {
  const request = m.request as unknown as PluginRequest;
  const definition = ctx.registry.get(request.nodeType, request.nodeTypeVersion);
  if (!definition?.execute)
    return failure(`node type ${request.nodeType}@${request.nodeTypeVersion} is not installed here`, false);
  const plugin = ctx.plugins.host.pluginOf(definition.type);
  const budget = Math.min(
    definition.timeoutMs ?? Number.POSITIVE_INFINITY,
    plugin?.timeoutMs ?? ctx.plugins.timeoutMs,
  );
  try {
    const { values: settings, secrets } = plugin
      ? await ctx.plugins.settings(m.workspaceId, plugin.name)
      : { values: {}, secrets: [] };
    const input: ExecuteInput<Record<string, unknown>> = {
      params: request.params,
      idempotencyKey: m.idempotencyKey,
      customerId: m.customerId,
      profile: await traitsOf(ctx, m),
      journeyId: m.journeyId ?? '',
      nodeId: m.nodeId ?? '',
      event: request.event ?? null,
      outputs: request.outputs ?? {},
    };
    const log = scrubbedLog(ctx, definition, m, secrets);
    const countEvents = (name: string, options?: { withinDays?: number }) => countOf(ctx, m, name, options);
    const value =
      definition.runIn === 'worker' && plugin?.nodeTypesModule
        ? await ctx.plugins.inWorker({
            module: plugin.nodeTypesModule,
            type: definition.type,
            version: definition.version,
            input,
            settings,
            nowMs: ctx.now(),
            timeoutMs: budget,
            countEvents,
            log,
          })
        : await withinBudget(budget, (signal) =>
            (definition.execute as NonNullable<AnyNodeType['execute']>)(input, {
              fetch: ctx.fetch,
              log,
              signal,
              now: () => new Date(ctx.now()),
              settings,
              countEvents,
            }),
          );
    return faultLogged(ctx, m, readPluginResult(value, request.ports ?? []));
  } catch (error) {
    return faultLogged(ctx, m, failure(error instanceof Error ? error.message : String(error), true));
  }
}

/** A step that misbehaved (not one that reported failure itself) is worth the operator's attention. */
function faultLogged(ctx: RuntimeContext, m: ClaimedMessage, outcome: CallOutcome): CallOutcome {
  if (!outcome.ok && outcome.retry) {
    const { nodeType, nodeTypeVersion } = m.request as unknown as PluginRequest;
    ctx.log.warn(
      {
        plugin: { type: nodeType, version: nodeTypeVersion },
        messageId: m.id,
        attempt: m.attempts,
        err: outcome.error,
      },
      'plugin step failed; it is retried as its retry settings say',
    );
  }
  return outcome;
}

/** A step that did not finish within its budget. */
export class StepTimeout extends Error {
  constructor(ms: number) {
    super(`the step did not finish within its time budget of ${ms} ms`);
  }
}

/**
 * Runs `work` with an abort signal that fires when the budget runs out; rejects then even if the
 * work never settles (its promise is left behind, its signal aborted).
 */
export function withinBudget<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const timeout = new StepTimeout(ms);
      controller.abort(timeout);
      reject(timeout);
    }, ms);
    Promise.resolve()
      .then(() => work(controller.signal))
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

function failure(error: string, retry: boolean): CallOutcome {
  return { ok: false, retry, status: null, error: error.slice(0, ERROR_CHARS) };
}

async function traitsOf(ctx: RuntimeContext, m: ClaimedMessage): Promise<Record<string, unknown>> {
  const { rows } = await ctx.database.sql.executeSql(
    'select traits from customers where workspace_id = $1 and customer_id = $2',
    [m.workspaceId, m.customerId],
  );
  return (rows[0]?.traits as Record<string, unknown> | undefined) ?? {};
}

const DAY_MS = 86_400_000;

/** The customer's events with this name, optionally within the last `withinDays` days of the run's clock. */
async function countOf(
  ctx: RuntimeContext,
  m: ClaimedMessage,
  name: string,
  options: { withinDays?: number } = {},
): Promise<number> {
  if (typeof name !== 'string') throw new TypeError('countEvents: the event name must be text');
  const days = options.withinDays;
  if (days !== undefined && !(typeof days === 'number' && days >= 0 && Number.isFinite(days)))
    throw new TypeError('countEvents: withinDays must be a number of days, 0 or more');
  const since = days === undefined ? null : new Date(ctx.now() - days * DAY_MS).toISOString();
  const { rows } = await ctx.database.sql.executeSql(
    `select count(*)::int as n from events
     where workspace_id = $1 and customer_id = $2 and type <> 'identify' and name = $3
       and ($4::timestamptz is null or timestamp >= $4::timestamptz)`,
    [m.workspaceId, m.customerId, name, since],
  );
  return Number(rows[0]?.n ?? 0);
}

/** The plugin's logger: lines tagged with the step, any settings value in them replaced by "••••". */
function scrubbedLog(
  ctx: RuntimeContext,
  definition: AnyNodeType,
  m: ClaimedMessage,
  secrets: string[],
): ExecuteDeps['log'] {
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('••••'), text);
  return (message, data) => {
    let fields: Record<string, unknown> = {};
    try {
      fields = data === undefined ? {} : (JSON.parse(scrub(JSON.stringify(data))) as Record<string, unknown>);
    } catch {
      fields = { data: 'not JSON' };
    }
    ctx.log.info(
      { plugin: { type: definition.type, version: definition.version }, messageId: m.id, data: fields },
      scrub(String(message)).slice(0, 2_000),
    );
  };
}
