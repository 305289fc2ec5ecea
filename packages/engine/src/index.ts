export { applyProfileEffects } from './apply-profile-effects';
export { dateTriggerTimes, type EntryChange, entryTriggers, mayEnter, readsEndedRuns } from './entry';
export {
  checkNodeMap,
  MIGRATED_PORT,
  type MigrateRunArgs,
  type MigrateRunResult,
  migrateRun,
} from './migrate-run';
export {
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
