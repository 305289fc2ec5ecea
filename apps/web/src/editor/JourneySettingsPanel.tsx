import './JourneySettingsPanel.css';
import { type JourneyDocument, JourneySettingsSchema, type Stage } from '@stagecraft/graph';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { z } from 'zod';
import type { JsonSchema } from '../forms/json-schema';
import { SchemaForm } from '../forms/SchemaForm';
import { settingsQueries } from '../settings/queries';
import type { EditorActions } from './useEditorActions';

/** The journey settings' JSON Schema, generated once from the shared document schema. */
const SETTINGS_SCHEMA = z.toJSONSchema(JourneySettingsSchema, {
  io: 'input',
  unrepresentable: 'any',
}) as JsonSchema;

const TITLES: Record<string, { title: string; description: string }> = {
  reentry: {
    title: 'Entering again',
    description: 'Whether a customer can go through this journey more than once.',
  },
  maxConcurrentRuns: {
    title: 'Runs at once per customer',
    description: 'How many times one customer can be in the journey at the same time.',
  },
  exitEvents: {
    title: 'Exit when',
    description: 'Events that take a customer out of the journey at once, even while waiting.',
  },
  goal: {
    title: 'Conversion goal',
    description: 'The event that counts as success; customers who reach it convert.',
  },
  timeZone: {
    title: 'Time zone',
    description:
      'Used for customers without a valid time zone of their own, e.g. "Europe/Berlin"; leave empty for the workspace zone (Settings > Workspace).',
  },
};

/** Titles for fields the shared document schema leaves untitled, wherever they appear in it. */
const FIELD_TITLES: Record<string, string> = {
  event: 'Event name',
  where: 'Only when',
  attributionWindowSeconds: 'Counts if it happens within (seconds)',
  exitOnGoal: 'Leave the journey when the goal is reached',
  cooldownSeconds: 'Wait before entering again (seconds)',
};

function titled(schema: JsonSchema): JsonSchema {
  const next: JsonSchema = { ...schema };
  if (schema.properties) {
    next.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [
        key,
        titled({ ...property, title: property.title ?? FIELD_TITLES[key], ...TITLES[key] }),
      ]),
    );
  }
  if (schema.items) next.items = titled({ title: 'Exit event', ...schema.items });
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (options) next[keyword] = options.map(titled);
  }
  return next;
}

/** The same schema with titles a marketer recognises, since the document schema leaves them out. */
const TITLED_SCHEMA = titled(SETTINGS_SCHEMA);

/** Journey-wide settings: description, re-entry, exits, goal, time zone, and the lifecycle lanes. */
export function JourneySettingsPanel({
  doc,
  actions,
  readOnly,
  errors,
}: {
  doc: JourneyDocument;
  actions: EditorActions;
  readOnly: boolean;
  errors: Record<string, string>;
}) {
  const descriptionId = useId();
  const workspace = useQuery(settingsQueries.stages());
  const sorted = useMemo(() => [...doc.stages].sort((a, b) => a.order - b.order), [doc.stages]);
  const differs = workspace.data && JSON.stringify(workspace.data) !== JSON.stringify(sorted);

  const adoptStages = (stages: Stage[]) =>
    actions.editDocument((current) => {
      const fresh = new Set(stages.map((stage) => stage.id));
      // Stages that steps still use stay, so no step loses its stage silently.
      const used = current.stages.filter(
        (stage) => !fresh.has(stage.id) && current.nodes.some((node) => node.stage === stage.id),
      );
      return {
        ...current,
        stages: [...stages, ...used.map((stage, index) => ({ ...stage, order: stages.length + index }))],
      };
    });

  return (
    <section className="journey-settings" aria-label="Journey settings" data-testid="journey-settings">
      <div className="field">
        <label htmlFor={descriptionId} className="field-label">
          Description
        </label>
        <textarea
          id={descriptionId}
          className="input"
          rows={3}
          value={doc.description}
          disabled={readOnly}
          maxLength={2000}
          placeholder="What this journey is for and who it reaches."
          onChange={(event) =>
            actions.editDocument(
              (current) => ({ ...current, description: event.target.value }),
              'description',
            )
          }
        />
      </div>
      <SchemaForm
        idPrefix="journey-settings"
        schema={TITLED_SCHEMA}
        value={doc.settings}
        errors={errors}
        disabled={readOnly}
        stages={sorted}
        onChange={(settings) =>
          actions.editDocument(
            (current) => ({ ...current, settings: settings as JourneyDocument['settings'] }),
            'settings',
          )
        }
      />
      <fieldset className="fieldset">
        <legend>Lifecycle lanes</legend>
        {sorted.length === 0 ? (
          <p className="hint">
            This journey has no lanes. Add your workspace's lifecycle stages to place steps in them.
          </p>
        ) : (
          <ul className="stage-chips">
            {sorted.map((stage) => (
              <li key={stage.id} style={{ borderColor: stage.color }}>
                <span className="lane-swatch" style={{ background: stage.color }} />
                {stage.name}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && workspace.data && (sorted.length === 0 || differs) && (
          <button type="button" className="button button-small" onClick={() => adoptStages(workspace.data)}>
            {sorted.length === 0 ? 'Add lifecycle lanes' : 'Update lanes from workspace settings'}
          </button>
        )}
      </fieldset>
    </section>
  );
}
