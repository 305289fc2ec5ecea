import { DEFAULT_STAGES, formatPath } from '@stagecraft/graph';
import type { CompileContext, ConfigProblem, NodeCompilation, NodeTypeDefinition } from '@stagecraft/sdk';
import type { z } from 'zod';

/** The context node tests compile in: a journey in UTC with the default lifecycle stages. */
export const testContext: CompileContext = {
  nodeId: 'node-1',
  timeZone: 'UTC',
  stageIds: DEFAULT_STAGES.map((stage) => stage.id),
};

/** Parses a config the way the compiler does; throws with the schema's messages when it fails. */
export function parseConfig<S extends z.ZodType>(
  nodeType: NodeTypeDefinition<S>,
  input: unknown,
): z.output<S> {
  const parsed = nodeType.configSchema.safeParse(input);
  if (!parsed.success) throw new Error(schemaErrors(nodeType, input).join('\n'));
  return parsed.data;
}

/** The schema's complaints about a config, as "path: message" lines. */
export function schemaErrors<S extends z.ZodType>(nodeType: NodeTypeDefinition<S>, input: unknown): string[] {
  const parsed = nodeType.configSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** Parses then validates a config, as the compiler does before compiling it. */
export function problemsOf<S extends z.ZodType>(
  nodeType: NodeTypeDefinition<S>,
  input: unknown,
  context: CompileContext = testContext,
): ConfigProblem[] {
  return nodeType.validate?.(parseConfig(nodeType, input), context) ?? [];
}

/** Parses then compiles a config. */
export function compileConfig<S extends z.ZodType>(
  nodeType: NodeTypeDefinition<S>,
  input: unknown,
  context: CompileContext = testContext,
): NodeCompilation {
  return nodeType.compile(parseConfig(nodeType, input), context);
}
