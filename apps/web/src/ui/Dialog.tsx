import './Dialog.css';
import { type ReactNode, useId, useLayoutEffect, useRef } from 'react';
import { Icon } from './Icon';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside the dialog: past the last control it wraps to the first (and back with
 * Shift), where the browser would otherwise move focus out to its own toolbar.
 */
function wrapFocus(dialog: HTMLElement, event: { shiftKey: boolean; preventDefault: () => void }) {
  const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element.offsetParent !== null || element === document.activeElement,
  );
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  const outside = !dialog.contains(active);
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog on the native `<dialog>` element: `showModal` makes the rest of the page inert
 * (screen readers see only the dialog, and Tab wraps inside it), Escape and a click on the backdrop
 * close it, and focus returns to where it was.
 */
export function Dialog({ title, onClose, children, footer, wide, testId }: DialogProps) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const unmounting = useRef(false);
  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!element.open) element.showModal();
    // The first field, not the close button, so typing can start at once.
    element.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)')?.focus();
    return () => {
      // Leaving the top layer first: the page is inert until then, so focus could not go back.
      unmounting.current = true;
      element.close();
      previous?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      // The page decides when the dialog goes away: the native close is turned into onClose.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={() => unmounting.current || onClose()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
        if (event.key === 'Tab') wrapFocus(event.currentTarget, event);
      }}
      // A press on the backdrop lands on the dialog element itself, never on its content.
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button dialog-close" aria-label="Close" onClick={onClose}>
          <Icon name="x" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  );
}
