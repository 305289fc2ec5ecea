import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  undo: () => void;
  redo: () => void;
  copy: () => boolean;
  cut: () => void;
  paste: () => void;
  duplicate: () => void;
  selectAll: () => void;
  layout: () => void;
  fit: () => void;
  help: () => void;
}

/** True when keys should go to a text field, not to the canvas. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    Boolean(target.closest('dialog, [role="dialog"]'))
  );
}

/** The canvas's keyboard shortcuts, active while focus is not in a form field or dialog. */
export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typingIn(event.target)) return;
      const on = latest.current;
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      const run = (action: () => unknown) => {
        event.preventDefault();
        action();
      };
      if (mod && key === 'z') run(event.shiftKey ? on.redo : on.undo);
      else if (mod && key === 'y') run(on.redo);
      else if (mod && key === 'c') {
        if (on.copy()) event.preventDefault();
      } else if (mod && key === 'x') run(on.cut);
      else if (mod && key === 'v') run(on.paste);
      else if (mod && key === 'd') run(on.duplicate);
      else if (mod && key === 'a') run(on.selectAll);
      else if (!mod && !event.altKey && key === 'l') run(on.layout);
      else if (!mod && !event.altKey && key === 'f') run(on.fit);
      else if (event.key === '?') run(on.help);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
