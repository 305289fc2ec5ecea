import './Tabs.css';
import { type KeyboardEvent, type ReactNode, useId } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  badge?: ReactNode;
}

/** Accessible tabs: arrow keys move between them, the panel is labelled by its tab. */
export function Tabs<T extends string>({
  tabs,
  active,
  onChange,
  children,
  label,
}: {
  tabs: TabSpec<T>[];
  active: T;
  onChange: (id: T) => void;
  children: ReactNode;
  label: string;
}) {
  const base = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next) {
      onChange(next.id);
      document.getElementById(`${base}-${next.id}`)?.focus();
    }
  };
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${base}-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === active}
            aria-controls={`${base}-panel`}
            tabIndex={tab.id === active ? 0 : -1}
            className="tab"
            onClick={() => onChange(tab.id)}
            data-testid={`tab-${tab.id}`}
          >
            {tab.label}
            {tab.badge}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${active}`}>
        {children}
      </div>
    </div>
  );
}
