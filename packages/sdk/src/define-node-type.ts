import type { z } from 'zod';
import type { NodeCompilation } from './compilation';

export type NodeCategory = 'trigger' | 'flow' | 'action';

/** An output port; `label` is what the canvas shows next to it. */
export interface PortSpec {
  id: string;
  label: string;
}

/** What `compile` and `validate` know about the node besides its config. */
export interface CompileContext {
  nodeId: string;
  /** The journey's default time zone (IANA name). */
  timeZone: string;
  /** Ids of the journey's lifecycle stages. */
  stageIds: readonly string[];
  /**
   * True when step `stepId` runs before this one, so its stored response can exist when this
   * step runs (templates and rules reading `response.<stepId>`). Absent outside a journey.
   */
  canReadResponse?: (stepId: string) => boolean;
}

/** A problem in one node's config; `path` is relative to the config (`arms.1.weight`). */
export interface ConfigProblem {
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

/** I/O a plugin's `execute` may use; the runtime injects real implementations. */
export interface ExecuteDeps {
  /**
   * The server's guarded fetch: internal addresses are refused (unless the operator allows
   * them) on every connection and redirect hop; use it rather than a client of your own.
   */
  fetch: typeof globalThis.fetch;
  log: (message: string, data?: Record<string, unknown>) => void;
  /** Aborts when the runtime gives up on the effect (timeout, shutdown). */
  signal: AbortSignal;
  /** The run's clock (test clocks included); use it rather than `new Date()`. */
  now(): Date;
  /** The plugin's own settings (secrets decrypted), as declared by its settings schema. */
  settings: Record<string, unknown>;
  /** Number of the customer's events with this name, optionally within the last N days. */
  countEvents(name: string, options?: { withinDays?: number }): Promise<number>;
}

export interface ExecuteInput<Params> {
  params: Params;
  idempotencyKey: string;
  customerId: string;
  profile: Record<string, unknown>;
  journeyId: string;
  nodeId: string;
  /** The event that started or last resumed the run, or null. */
  event: { name: string; properties: Record<string, unknown>; timestamp: string } | null;
  /** Data stored by earlier steps of this run, by node id. */
  outputs: Record<string, unknown>;
}

/** Outcome of an I/O effect; `ok` picks the node's result port, `data` is stored for later nodes. */
export interface ExecuteResult {
  ok: boolean;
  data?: unknown;
  error?: string;
  /** One of the node's ports to continue on; absent = the success/failure port as today. */
  port?: string;
  /** Traits to write to the customer's profile (merged, like identify). */
  profile?: Record<string, unknown>;
}

/** The contract every node type implements, built-in or plugin. */
export interface NodeTypeDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Stable kebab-case id, e.g. `wait` or `acme/score-lead`. */
  type: string;
  /** Bumped when the config shape changes; older configs go through `migrate`. */
  version: number;
  title: string;
  description: string;
  category: NodeCategory;
  /** An icon name from the editor's icon set (e.g. `clock`, `mail`, `split`). */
  icon: string;
  configSchema: Schema;
  defaults: z.input<Schema>;
  /** Output ports, fixed or derived from the config (one per split arm). Triggers have no input. */
  ports: readonly PortSpec[] | Bivariant<(config: z.output<Schema>) => PortSpec[]>;
  compile(config: z.output<Schema>, context: CompileContext): NodeCompilation;
  /** Checks the schema cannot express (weights that sum to zero, unknown time zones). */
  validate?(config: z.output<Schema>, context: CompileContext): ConfigProblem[];
  /** Performs this node's `plugin` effects. Only node types that do their own I/O have it. */
  execute?(input: ExecuteInput<Record<string, unknown>>, deps: ExecuteDeps): Promise<ExecuteResult>;
  /** Upgrades a config saved by an older version of this node type. */
  migrate?(config: unknown, fromVersion: number): unknown;
  /** One line the canvas shows under the title, e.g. "Wait 3 days". */
  summary?(config: z.output<Schema>): string;
}

/**
 * Method-style parameter checking, so a node type typed by its own schema can be stored as an
 * AnyNodeType in a registry: the registry only ever calls it with configs its schema parsed.
 */
type Bivariant<Fn extends (...args: never[]) => unknown> = {
  check(...args: Parameters<Fn>): ReturnType<Fn>;
}['check'];

/** A node type with its schema erased, as stored in a registry. */
export type AnyNodeType = NodeTypeDefinition<z.ZodType>;

/** Declares a node type; returns it unchanged, typed from its schema. */
export function defineNodeType<Schema extends z.ZodType>(
  definition: NodeTypeDefinition<Schema>,
): NodeTypeDefinition<Schema> {
  return definition;
}

/** The output ports of a node with the given (already parsed) config. */
export function portsOf<Schema extends z.ZodType>(
  nodeType: NodeTypeDefinition<Schema>,
  config: z.output<Schema>,
): PortSpec[] {
  return typeof nodeType.ports === 'function' ? nodeType.ports(config) : [...nodeType.ports];
}

/**
 * The one line the canvas shows under a step, for a config as saved (not yet parsed): the type's
 * own `summary`, or null when it has none, the config does not fit its schema, or summary throws.
 */
export function describeConfig<Schema extends z.ZodType>(
  nodeType: NodeTypeDefinition<Schema>,
  config: unknown,
): string | null {
  if (!nodeType.summary) return null;
  const parsed = nodeType.configSchema.safeParse(config);
  if (!parsed.success) return null;
  try {
    const summary = nodeType.summary(parsed.data);
    return typeof summary === 'string' ? summary : null;
  } catch {
    // A plugin's summary that throws costs the card its line, not the editor.
    return null;
  }
}

/** The output ports of a node for a config as saved: its fixed ports, or none while the config does not parse. */
export function portsOfConfig<Schema extends z.ZodType>(
  nodeType: NodeTypeDefinition<Schema>,
  config: unknown,
): PortSpec[] {
  if (typeof nodeType.ports !== 'function') return [...nodeType.ports];
  const parsed = nodeType.configSchema.safeParse(config);
  if (!parsed.success) return [];
  try {
    return nodeType.ports(parsed.data);
  } catch {
    return [];
  }
}
