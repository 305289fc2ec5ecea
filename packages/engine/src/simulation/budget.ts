/** How much one simulation may do before it stops; each limit bounds a cost the caller pays. */
export interface SimulationLimits {
  /** Engine steps (a run started, or one input applied to a run). */
  steps: number;
  /** Timers and date triggers fired. */
  timers: number;
  /** Effects kept for the report. */
  effects: number;
  /** Effects handed out by all `report()` calls together (each report repeats the earlier ones). */
  reportEffects: number;
}

/** The limits a simulation runs with unless told otherwise: generous for a test panel, finite for a loop. */
export const DEFAULT_SIMULATION_LIMITS: Readonly<SimulationLimits> = Object.freeze({
  steps: 100_000,
  timers: 100_000,
  effects: 50_000,
  reportEffects: 200_000,
});

/** Which budget a simulation ran out of: one of the counted limits, or its time. */
export type SimulationLimit = keyof SimulationLimits | 'wall-time';

/** A simulation stopped because it passed a limit; nothing it did after the last report is kept. */
export class SimulationLimitError extends Error {
  constructor(
    readonly limit: SimulationLimit,
    readonly max: number,
  ) {
    super(`The simulation passed its limit of ${max} ${limit}.`);
    this.name = 'SimulationLimitError';
  }
}

/** What a caller passes: any limits to change, and a deadline check that reads the caller's clock. */
export interface SimulationBudget {
  limits?: Partial<SimulationLimits>;
  /** True once the simulation's time is up; polled between steps (the engine reads no clock). */
  pastDeadline?: () => boolean;
  /** The time allowed, for the error a passed deadline raises; 0 when unknown. */
  wallTimeMs?: number;
}

/** Counts a simulation's work against its budget and throws `SimulationLimitError` when one is passed. */
export class BudgetMeter {
  private readonly limits: SimulationLimits;
  private readonly used = { steps: 0, timers: 0, effects: 0, reportEffects: 0 };

  constructor(private readonly budget: SimulationBudget = {}) {
    this.limits = { ...DEFAULT_SIMULATION_LIMITS, ...budget.limits };
  }

  /** Spends `amount` of a counted limit; steps and timers also check the deadline. */
  spend(limit: keyof SimulationLimits, amount = 1): void {
    this.used[limit] += amount;
    if (this.used[limit] > this.limits[limit]) throw new SimulationLimitError(limit, this.limits[limit]);
    if ((limit === 'steps' || limit === 'timers') && this.budget.pastDeadline?.())
      throw new SimulationLimitError('wall-time', this.budget.wallTimeMs ?? 0);
  }
}
