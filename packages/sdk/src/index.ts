export {
  type ChannelMessage,
  type ChannelProviderDefinition,
  type ChannelSendDeps,
  type ChannelSendResult,
  defineChannelProvider,
  type ProviderChannelName,
} from './channel-provider';
export type {
  ActionSpec,
  Channel,
  DeliverySpec,
  GuardSpec,
  HttpRequestSpec,
  MessageTemplate,
  NodeCompilation,
  NodeExit,
  RetrySpec,
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
export {
  type ExecuteResultInspection,
  inspectExecuteResult,
  MAX_EXECUTE_OUTPUT_BYTES,
} from './execute-result';
export {
  isInNamespace,
  type PluginManifest,
  pluginNamespace,
  SDK_MAJOR,
  sdkRangeAccepts,
} from './plugin-package';
export { type CatalogEntry, catalogOf, createRegistry, type NodeRegistry } from './registry';
