import './Palette.css';
import { type KeyboardEvent, memo, useId, useMemo, useState } from 'react';
import type { CatalogEntry } from '../api/types';
import { Icon } from '../ui/Icon';
import { PALETTE_MIME } from './canvas/Canvas';

const GROUPS = [
  { category: 'trigger', title: 'Triggers', hint: 'How customers enter' },
  { category: 'flow', title: 'Flow', hint: 'Waits, branches and endings' },
  { category: 'action', title: 'Actions', hint: 'What happens to the customer' },
] as const;

/**
 * The steps to build with, from the server's node catalog, grouped and searchable. Drag one onto
 * the canvas (or onto a connection to insert it), or press Enter to add it after the selected step.
 */
export const Palette = memo(function Palette({
  catalog,
  onAdd,
}: {
  catalog: readonly CatalogEntry[];
  onAdd: (type: string) => void;
}) {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matches = catalog.filter(
      (entry) =>
        !needle || `${entry.title} ${entry.description} ${entry.type}`.toLowerCase().includes(needle),
    );
    const known = new Set<string>(GROUPS.map((group) => group.category));
    return [
      ...GROUPS.map((group) => ({
        ...group,
        entries: matches.filter((entry) => entry.category === group.category),
      })),
      {
        category: 'other',
        title: 'Other',
        hint: '',
        entries: matches.filter((entry) => !known.has(entry.category)),
      },
    ].filter((group) => group.entries.length > 0);
  }, [catalog, query]);

  // Up and down arrows move between items, so the palette works without a mouse.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.palette-item')];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  return (
    <aside className="palette" aria-label="Steps" data-testid="palette">
      <div className="palette-search">
        <label htmlFor={searchId} className="visually-hidden">
          Search steps
        </label>
        <Icon name="search" size={14} />
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder="Search steps…"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          data-testid="palette-search"
        />
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys only move focus between the buttons inside. */}
      <div className="palette-groups" onKeyDown={onKeyDown}>
        {groups.length === 0 && <p className="muted palette-empty">No step matches “{query}”.</p>}
        {groups.map((group) => (
          <section
            key={group.category}
            className="palette-group"
            aria-labelledby={`${searchId}-${group.category}`}
          >
            <h3 id={`${searchId}-${group.category}`}>
              {group.title}
              {group.hint && <span>{group.hint}</span>}
            </h3>
            <ul>
              {group.entries.map((entry) => (
                <li key={entry.type}>
                  <button
                    type="button"
                    className={`palette-item palette-${entry.category}`}
                    draggable
                    data-testid={`palette-item-${entry.type}`}
                    aria-label={`Add ${entry.title}`}
                    aria-describedby={`${searchId}-${entry.type}-description`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(PALETTE_MIME, entry.type);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(entry.type)}
                  >
                    <span className="palette-icon" aria-hidden="true">
                      <Icon name={entry.icon} size={15} />
                    </span>
                    <span className="palette-text">
                      <span className="palette-title">
                        {entry.title}
                        {entry.plugin && (
                          <span
                            className="palette-plugin"
                            title={`From the plugin ${entry.plugin.package} ${entry.plugin.version}`}
                          >
                            {entry.plugin.package}
                          </span>
                        )}
                      </span>
                      <span className="palette-description" id={`${searchId}-${entry.type}-description`}>
                        {entry.description}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="palette-tip">
        Drag onto the canvas or onto a connection. Enter adds after the selected step.
      </p>
    </aside>
  );
});
