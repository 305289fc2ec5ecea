import './toasts.css';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { errorMessage } from '../api/client';
import { Icon } from './Icon';

type ToastKind = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}
interface Toaster {
  show: (text: string, kind?: ToastKind) => void;
  /** Shows a failed call's sentence; every API error reaches the user this way or inline. */
  error: (error: unknown) => void;
}

const ToastContext = createContext<Toaster | null>(null);
let nextId = 1;

/** Holds the stack of short notices in the corner of the screen. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback(
    (id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)),
    [],
  );
  const show = useCallback(
    (text: string, kind: ToastKind = 'info') => {
      const id = nextId++;
      setToasts((list) => [...list.slice(-3), { id, kind, text }]);
      // Errors stay until dismissed: they carry what to do, and people need time to read them.
      if (kind !== 'error') window.setTimeout(() => dismiss(id), 4_000);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({ show, error: (error: unknown) => show(errorMessage(error), 'error') }),
    [show],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast toast-${toast.kind}`}
            role={toast.kind === 'error' ? 'alert' : 'status'}
          >
            <Icon name={toast.kind === 'error' ? 'alert' : toast.kind === 'success' ? 'check' : 'info'} />
            <span>{toast.text}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss"
              onClick={() => dismiss(toast.id)}
            >
              <Icon name="x" size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** The toaster of the surrounding ToastProvider. */
export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast must be used inside ToastProvider');
  return toaster;
}
