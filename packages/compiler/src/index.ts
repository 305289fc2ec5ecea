export { canRest } from './build-definition';
export { type CompileOptions, compileJourney, createJourneyMachine } from './compile-journey';
export { digest, drawArm, hash53 } from './hash';
export { scopeOf } from './implementations';
export { applyProfileChange, type ProfileChange } from './profile-update';
export {
  COMPLETED_STATE,
  CONVERTED_STATE,
  EXITED_STATE,
  initialRunContext,
  MAX_HISTORY,
  MAX_PATH,
  type MachineEvent,
  type ProfileView,
  RUN_DATA_KEYS,
  type RunContext,
  type RunData,
  type RunEvent,
  START_STATE,
  type StepOutput,
  type StepScope,
} from './run-context';
export type {
  CompiledJourney,
  CompiledNodeInfo,
  CompiledTrigger,
  CompileResult,
  Diagnostic,
  DiagnosticDetail,
} from './types';
export { upgradeNodes } from './upgrade-nodes';
