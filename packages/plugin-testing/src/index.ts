export { checkResult } from './check-result';
export { eventCounter, type FakeCustomer, type PastEvent } from './fake-customer';
export {
  compileNode,
  DEFAULT_NOW,
  type Execution,
  type NodeRun,
  type RunNodeOptions,
  runNode,
} from './run-node';
export { type CompiledTestJourney, compileTestJourney, STEP_ID } from './test-journey';
