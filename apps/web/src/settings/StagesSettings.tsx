import type { Stage } from '@stagecraft/graph';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useCan } from '../people/queries';
import { Icon } from '../ui/Icon';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { settingsQueries, useSaveStages } from './queries';

const PALETTE = ['#0ea5e9', '#8b5cf6', '#10b981', '#f59e0b', '#ec4899', '#6366f1', '#ef4444', '#14b8a6'];

function slug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'stage';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The workspace's lifecycle stages: rename, recolour, reorder, add and remove, then save. */
export function StagesSettings() {
  const stages = useQuery(settingsQueries.stages());
  const save = useSaveStages();
  const toast = useToast();
  const canChange = useCan('settings:write');
  const [draft, setDraft] = useState<Stage[] | null>(null);
  useEffect(() => {
    if (stages.data && draft === null) setDraft(stages.data);
  }, [stages.data, draft]);

  if (stages.isPending) return <Loading what="stages" />;
  if (stages.isError) return <ErrorNotice error={stages.error} onRetry={() => stages.refetch()} />;
  const list = draft ?? stages.data;
  const dirty = JSON.stringify(list) !== JSON.stringify(stages.data);
  const problems = list.map((stage) =>
    !stage.name.trim()
      ? 'Give the stage a name.'
      : list.some(
            (other) => other !== stage && other.name.trim().toLowerCase() === stage.name.trim().toLowerCase(),
          )
        ? 'Two stages have this name.'
        : null,
  );
  const set = (next: Stage[]) => setDraft(next.map((stage, order) => ({ ...stage, order })));
  const update = (index: number, patch: Partial<Stage>) =>
    set(list.map((stage, position) => (position === index ? { ...stage, ...patch } : stage)));
  const move = (from: number, to: number) => {
    const next = [...list];
    const [stage] = next.splice(from, 1);
    if (stage) next.splice(to, 0, stage);
    set(next);
  };

  return (
    <section className="card" aria-labelledby="stages-heading" data-testid="stages-settings">
      <h2 id="stages-heading">Lifecycle stages</h2>
      <p className="muted">
        The stages customers move through, drawn as lanes on the canvas. New journeys start with these;
        renaming here does not change the stage ids journeys use.
      </p>
      <ol className="stage-editor">
        {list.map((stage, index) => (
          <li
            key={stage.id}
            className={problems[index] ? 'stage-row invalid' : 'stage-row'}
            data-testid={`stage-row-${stage.id}`}
          >
            <input
              type="color"
              className="color-input"
              aria-label={`Colour of ${stage.name || `stage ${index + 1}`}`}
              value={stage.color}
              onChange={(event) => update(index, { color: event.target.value })}
            />
            <input
              className="input"
              aria-label={`Name of stage ${index + 1}`}
              value={stage.name}
              maxLength={60}
              aria-invalid={problems[index] ? true : undefined}
              onChange={(event) => update(index, { name: event.target.value })}
            />
            <code className="muted small">{stage.id}</code>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${stage.name} up`}
              disabled={index === 0}
              onClick={() => move(index, index - 1)}
            >
              <Icon name="arrow-up" size={14} />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${stage.name} down`}
              disabled={index === list.length - 1}
              onClick={() => move(index, index + 1)}
            >
              <Icon name="arrow-down" size={14} />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${stage.name}`}
              onClick={() =>
                window.confirm(
                  `Remove the stage “${stage.name}”? Journeys that use it keep their own copy.`,
                ) && set(list.filter((_, position) => position !== index))
              }
            >
              <Icon name="trash" size={14} />
            </button>
            {problems[index] && <p className="field-error">{problems[index]}</p>}
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          className="button button-dashed"
          disabled={list.length >= 50}
          onClick={() =>
            set([
              ...list,
              {
                id: slug(`stage ${list.length + 1}`, new Set(list.map((stage) => stage.id))),
                name: `Stage ${list.length + 1}`,
                color: PALETTE[list.length % PALETTE.length] ?? '#64748b',
                order: list.length,
              },
            ])
          }
        >
          + Add stage
        </button>
        <span className="push-right" />
        {dirty && (
          <button type="button" className="button" onClick={() => setDraft(stages.data)}>
            Discard changes
          </button>
        )}
        {canChange && (
          <button
            type="button"
            className="button button-primary"
            disabled={!dirty || save.isPending || problems.some(Boolean)}
            onClick={() =>
              save.mutate(list, {
                onSuccess: () => toast.show('Stages saved.', 'success'),
                onError: toast.error,
              })
            }
            data-testid="save-stages"
          >
            {save.isPending ? 'Saving…' : 'Save stages'}
          </button>
        )}
      </div>
    </section>
  );
}
