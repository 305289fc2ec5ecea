import './ShortcutsHelp.css';
import { Dialog } from '../ui/Dialog';

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

/** The list of shortcuts, in a modal dialog; Escape, the close button or the backdrop closes it. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-help">
      <dl className="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
