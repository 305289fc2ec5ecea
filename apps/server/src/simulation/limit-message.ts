import type { SimulationLimit } from '@stagecraft/engine';

const count = (value: number) => value.toLocaleString('en-US');

/** The sentence a 422 gives for a passed simulation limit: what was passed, and what to change. */
export function limitMessage(limit: SimulationLimit | 'memory', max: number): string {
  switch (limit) {
    case 'steps':
      return `The simulation passed ${count(max)} steps; simulate fewer customers or days, or add a longer wait to the loop.`;
    case 'timers':
      return `The simulation fired more than ${count(max)} timers; simulate fewer customers or days, or make the waits in the loop longer.`;
    case 'effects':
      return `The simulation produced more than ${count(max)} effects to report; simulate fewer customers or days, or ask for counts only ("report": "summary").`;
    case 'reportEffects':
      return `The reports would list more than ${count(max)} effects in all; use fewer steps (one long advance rather than many short ones), fewer customers, or counts only ("report": "summary").`;
    case 'wall-time':
      return `The simulation ran for more than ${count(max / 1000)} seconds; simulate fewer customers or days, or add a longer wait to the loop.`;
    case 'memory':
      return `The simulation needed more than ${count(max)} MB of memory; simulate fewer customers, days or steps.`;
  }
}
