import './TestTab.css';
import { type ReactNode, useState } from 'react';

type Mode = 'simulate' | 'clocks';

/**
 * The Test tab's two ways of trying a journey: a simulation on a virtual clock (nothing sent or
 * stored), or test clocks on the real runtime (real sends, for a published journey).
 */
export function TestTab({ simulation, clocks }: { simulation: ReactNode; clocks: ReactNode }) {
  const [mode, setMode] = useState<Mode>('simulate');
  return (
    <div>
      <fieldset className="segmented" aria-label="How to test">
        {(
          [
            ['simulate', 'Simulate'],
            ['clocks', 'Test clocks'],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            aria-pressed={mode === id}
            className={mode === id ? 'segmented-option segmented-option-on' : 'segmented-option'}
            onClick={() => setMode(id)}
            data-testid={`test-mode-${id}`}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {mode === 'simulate' ? simulation : clocks}
    </div>
  );
}
