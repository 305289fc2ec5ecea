export { checkResult } from './check-result';
export { eventCounter, type FakeCustomer, type PastEvent } from './fake-customer';
export type { Execution } from './perform-effect';
export { compileNode, DEFAULT_NOW, type NodeRun, type RunNodeOptions, runNode } from './run-node';
export { type CompiledTestJourney, compileTestJourney, STEP_ID } from './test-journey';
