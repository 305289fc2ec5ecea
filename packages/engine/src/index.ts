export { applyProfileEffects } from './apply-profile-effects';
export { dateTriggerTimes, type EntryChange, entryTriggers, mayEnter, readsEndedRuns } from './entry';
export { exitReason } from './exit-reason';
export {
  checkNodeMap,
  MIGRATED_PORT,
  type MigrateRunArgs,
  type MigrateRunResult,
  migrateRun,
} from './migrate-run';
export { hasProfileDateWaits, rescheduleWait } from './reschedule-wait';
export {
  type BatchedEvent,
  createSimulation,
  DEFAULT_SIMULATION_LIMITS,
  type SimulatedMigration,
  type Simulation,
  type SimulationBudget,
  type SimulationLimit,
  SimulationLimitError,
  type SimulationLimits,
  type SimulationOptions,
  type SimulationReport,
  type SimulationSummary,
} from './simulation/create-simulation';
export { type StartRunArgs, startRun } from './start-run';
export { stepRun } from './step-run';
export { customerZone, nextTimeOfDay, profileDateTime, timerFireAt } from './timers';
export type {
  CustomerEvent,
  Effect,
  Profile,
  RunInput,
  RunState,
  RunStatus,
  StepResult,
} from './types';
export { addDays, fromLocal, localTime, resolveZone } from './zoned-time';
