import { type AnyNodeType, type ExecuteResult, inspectExecuteResult, type PortSpec } from '@stagecraft/sdk';

/**
 * The result of `execute` when it has the shape the runtime accepts (the SDK's
 * `inspectExecuteResult`); otherwise throws with what to fix, so a plugin's own tests catch what
 * the runtime would treat as a failed step.
 */
export function checkResult(
  result: unknown,
  definition: AnyNodeType,
  ports: readonly PortSpec[],
): ExecuteResult {
  const inspection = inspectExecuteResult(
    result,
    ports.map((port) => port.id),
  );
  if (!inspection.ok)
    throw new Error(`${definition.type}@${definition.version} execute returned ${inspection.problem}.`);
  return inspection.result;
}
