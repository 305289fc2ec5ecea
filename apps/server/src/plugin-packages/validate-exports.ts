import {
  type AnyNodeType,
  type ChannelProviderDefinition,
  isInNamespace,
  pluginNamespace,
} from '@stagecraft/sdk';
import { z } from 'zod';
import { PluginError } from './plugin-error';

const CATEGORIES = new Set(['trigger', 'flow', 'action']);
const CHANNELS = new Set(['email', 'sms', 'push']);

/** True for a zod 4 schema (of any zod instance of the same major). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_zod' in value &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** A node type a plugin exports, checked so that the compiler, catalog and runtime can rely on it. */
export function checkNodeType(value: unknown, packageName: string, where: string): AnyNodeType {
  const subject = `plugin ${packageName}`;
  const fail = (problem: string, fix: string): never => {
    throw new PluginError(subject, `${where} ${problem}`, fix);
  };
  if (typeof value !== 'object' || value === null)
    fail('is not a node type', 'Export node types made with defineNodeType.');
  const t = value as Partial<AnyNodeType> & Record<string, unknown>;
  if (typeof t.type !== 'string' || t.type === '')
    fail('has no "type" id', 'Give it an id such as "<namespace>/<name>".');
  const id = `${where} ("${t.type}")`;
  const failType = (problem: string, fix: string): never => {
    throw new PluginError(subject, `${id} ${problem}`, fix);
  };
  if (!isInNamespace(t.type as string, packageName))
    failType(
      `is outside the package's namespace "${pluginNamespace(packageName)}/"`,
      `Rename it "${pluginNamespace(packageName)}/${String(t.type)
        .split('/')
        .pop()
        ?.toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')}" (kebab-case after the slash).`,
    );
  if (!Number.isInteger(t.version) || (t.version as number) < 1)
    failType(
      'has no whole-number "version" of 1 or more',
      'Set "version": 1 and bump it when the config changes.',
    );
  for (const field of ['title', 'description', 'icon'] as const)
    if (typeof t[field] !== 'string') failType(`has no "${field}" text`, `Set "${field}".`);
  if (!CATEGORIES.has(t.category as string))
    failType('has no valid "category"', 'Set "category" to "trigger", "flow" or "action".');
  if (!isZodSchema(t.configSchema))
    failType('has no "configSchema" (a zod schema)', 'Set "configSchema" to a zod 4 object schema.');
  try {
    z.toJSONSchema(t.configSchema as z.ZodType, { io: 'input', unrepresentable: 'any' });
  } catch (error) {
    failType(
      `has a "configSchema" that cannot be shown as a form (${(error as Error).message})`,
      'Use plain zod types (objects, strings, numbers, enums, arrays) in the config schema.',
    );
  }
  const defaults = (t.configSchema as z.ZodType).safeParse(t.defaults);
  if (!defaults.success)
    failType(
      `has "defaults" its configSchema refuses (${defaults.error.issues[0]?.path.join('.') || 'config'}: ${defaults.error.issues[0]?.message})`,
      'Make "defaults" a config the schema accepts.',
    );
  const ports = t.ports as unknown;
  const portsOk =
    typeof ports === 'function' ||
    (Array.isArray(ports) && ports.every((p) => typeof p?.id === 'string' && typeof p?.label === 'string'));
  if (!portsOk)
    failType('has no valid "ports"', 'Set "ports" to [{ id, label }] or a function of the config.');
  if (typeof t.compile !== 'function')
    failType('has no "compile" function', 'Add compile(config) returning actions and exits.');
  for (const hook of ['execute', 'validate', 'migrate', 'summary'] as const)
    if (t[hook] !== undefined && typeof t[hook] !== 'function')
      failType(`has a "${hook}" that is not a function`, `Make "${hook}" a function or leave it out.`);
  if (t.runIn !== undefined && t.runIn !== 'main' && t.runIn !== 'worker')
    failType('has a "runIn" other than "main" or "worker"', 'Set "runIn": "worker" or leave it out.');
  if (t.timeoutMs !== undefined && !(Number.isInteger(t.timeoutMs) && (t.timeoutMs as number) > 0))
    failType('has a "timeoutMs" that is not a positive whole number', 'Set it in milliseconds, e.g. 5000.');
  if (t.execute === undefined && asksForExecute(t as AnyNodeType, defaults.data))
    failType(
      'compiles to a "plugin" action but has no "execute"',
      'Add execute(input, deps), which performs the action, or compile to built-in actions only.',
    );
  return t as AnyNodeType;
}

/** Whether a new step of the type (its defaults) asks the runtime to run its `execute`. */
function asksForExecute(nodeType: AnyNodeType, defaults: unknown): boolean {
  try {
    const compiled = nodeType.compile(defaults, { nodeId: 'check', timeZone: 'UTC', stageIds: [] });
    return (compiled?.actions ?? []).some((action) => action.type === 'plugin');
  } catch {
    // A compile that needs a real journey is checked when a journey uses the type.
    return false;
  }
}

/** A channel provider a plugin exports. */
export function checkChannelProvider(
  value: unknown,
  packageName: string,
  where: string,
): ChannelProviderDefinition {
  const p = (value ?? {}) as Partial<ChannelProviderDefinition>;
  const fail = (problem: string, fix: string): never => {
    throw new PluginError(`plugin ${packageName}`, `${where}${p.id ? ` ("${p.id}")` : ''} ${problem}`, fix);
  };
  if (typeof p.id !== 'string') fail('has no "id"', 'Give it an id such as "<namespace>/<provider>".');
  if (!isInNamespace(p.id as string, packageName))
    fail(
      `is outside the package's namespace "${pluginNamespace(packageName)}/"`,
      `Rename it "${pluginNamespace(packageName)}/<provider>".`,
    );
  if (typeof p.title !== 'string') fail('has no "title"', 'Set "title".');
  if (!Array.isArray(p.channels) || p.channels.length === 0 || !p.channels.every((c) => CHANNELS.has(c)))
    fail('has no valid "channels"', 'List the channels it sends: "email", "sms" and/or "push".');
  checkSettingsSchema(p.settingsSchema, packageName, `${where}.settingsSchema`);
  if (typeof p.send !== 'function') fail('has no "send" function', 'Add send(message, settings, deps).');
  return p as ChannelProviderDefinition;
}

/** A settings schema: a zod object whose fields can be shown as a form. */
export function checkSettingsSchema(
  value: unknown,
  packageName: string,
  where = 'settingsSchema',
): z.ZodObject {
  const fail = (problem: string): never => {
    throw new PluginError(
      `plugin ${packageName}`,
      `${where} ${problem}`,
      'Export it as a zod object, marking secret fields with .meta({ secret: true }).',
    );
  };
  if (!isZodSchema(value) || (value as z.ZodType)._zod.def.type !== 'object')
    fail('is missing or not a zod object');
  try {
    z.toJSONSchema(value as z.ZodObject, { io: 'input', unrepresentable: 'any' });
  } catch (error) {
    fail(`cannot be shown as a form (${(error as Error).message})`);
  }
  return value as z.ZodObject;
}
