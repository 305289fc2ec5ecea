import { useEffect, useRef } from 'react';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/** Every keyboard shortcut of the canvas, in one list. */
export const SHORTCUTS: [string, string][] = [
  [`${MOD} Z`, 'Undo'],
  [`${MOD} Shift Z`, 'Redo'],
  [`${MOD} C / ${MOD} V`, 'Copy / paste steps'],
  [`${MOD} X`, 'Cut steps'],
  [`${MOD} D`, 'Duplicate steps'],
  [`${MOD} A`, 'Select every step'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Shift + drag', 'Select an area'],
  [`${MOD} or Shift + click`, 'Add to the selection'],
  ['Tab, then Enter', 'Select a step with the keyboard'],
  ['Arrow keys', 'Move the selected steps'],
  ['L', 'Tidy up the layout'],
  ['F', 'Fit the journey in view'],
  ['?', 'Show these shortcuts'],
];

/** The shortcuts popover; Escape or a click outside closes it. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onDown = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);
  return (
    <div
      ref={panel}
      className="popover shortcuts"
      role="dialog"
      aria-label="Keyboard shortcuts"
      tabIndex={-1}
      data-testid="shortcuts-help"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <h3>Keyboard shortcuts</h3>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
