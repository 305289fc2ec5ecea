export type {
  ActionSpec,
  Channel,
  GuardSpec,
  HttpRequestSpec,
  MessageTemplate,
  NodeCompilation,
  NodeExit,
  RunEnd,
  TimerSpec,
  TriggerSpec,
} from './compilation';
export {
  type AnyNodeType,
  type CompileContext,
  type ConfigProblem,
  defineNodeType,
  describeConfig,
  type ExecuteDeps,
  type ExecuteInput,
  type ExecuteResult,
  type NodeCategory,
  type NodeTypeDefinition,
  type PortSpec,
  portsOf,
  portsOfConfig,
} from './define-node-type';
export { type CatalogEntry, catalogOf, createRegistry, type NodeRegistry } from './registry';
