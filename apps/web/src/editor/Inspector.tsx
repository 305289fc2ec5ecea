import './Palette.css';
import './ProblemsList.css';
import type { GraphIssue, JourneyNode, Stage } from '@stagecraft/graph';
import { memo, type ReactNode, useId, useMemo } from 'react';
import type { CatalogEntry } from '../api/types';
import type { JsonSchema } from '../forms/json-schema';
import { SchemaForm } from '../forms/SchemaForm';
import { Icon } from '../ui/Icon';
import { splitIssues } from './split-issues';
import type { EditorActions } from './useEditorActions';

interface InspectorProps {
  node: JourneyNode;
  entry: CatalogEntry | undefined;
  issues: readonly GraphIssue[];
  stages: readonly Stage[];
  actions: EditorActions;
  readOnly: boolean;
  fieldSuggestions: readonly string[];
  variables: readonly string[];
  renderPreview: (template: string) => string;
  /** What the step's type shows under its form (a split's planned sample and results). */
  extra?: ReactNode;
}

const UNKNOWN_SCHEMA: JsonSchema = { type: 'object', properties: {} };

/** The selected step's settings: its name, its lifecycle stage, and a form generated from its config schema. */
export const Inspector = memo(function Inspector(props: InspectorProps) {
  const { node, entry, issues, stages, actions, readOnly } = props;
  const nameId = useId();
  const stageId = useId();
  const schema = (entry?.configSchema as JsonSchema | undefined) ?? UNKNOWN_SCHEMA;
  const { fieldErrors, general } = useMemo(() => splitIssues(issues), [issues]);
  const sortedStages = useMemo(() => [...stages].sort((a, b) => a.order - b.order), [stages]);

  return (
    <section className="inspector" aria-label="Step settings" data-testid="inspector" data-node-id={node.id}>
      <header className="inspector-head">
        <span className={`inspector-icon palette-${entry?.category ?? 'unknown'}`} aria-hidden="true">
          <Icon name={entry?.icon ?? 'alert'} size={18} />
        </span>
        <div>
          <h2>{node.label || entry?.title || node.type}</h2>
          <p className="muted">
            {entry?.title ?? node.type} · <code>{node.id}</code>
            {entry?.plugin && (
              <>
                {' '}
                · from the plugin {entry.plugin.package} {entry.plugin.version}
              </>
            )}
          </p>
        </div>
      </header>
      {entry ? (
        <p className="hint">{entry.description}</p>
      ) : (
        <p className="notice notice-error">
          This step's type “{node.type}” is not installed on the server. Install the plugin that provides it,
          or delete the step.
        </p>
      )}
      {general.length > 0 && (
        <ul className="inspector-problems" aria-label="Problems with this step">
          {general.map((issue) => (
            <li key={`${issue.code}-${issue.message}`} className={`problem problem-${issue.severity}`}>
              <Icon name={issue.severity === 'error' ? 'alert' : 'info'} size={14} />
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={nameId} className="field-label">
          Name on the canvas
        </label>
        <input
          id={nameId}
          className="input"
          value={node.label ?? ''}
          placeholder={entry?.title ?? node.type}
          maxLength={120}
          disabled={readOnly}
          onChange={(event) => actions.setLabel(node.id, event.target.value)}
        />
      </div>
      {sortedStages.length > 0 && (
        <div className="field">
          <label htmlFor={stageId} className="field-label">
            Lifecycle stage
          </label>
          <select
            id={stageId}
            className="input"
            value={node.stage ?? ''}
            disabled={readOnly}
            onChange={(event) => actions.setStage(node.id, event.target.value || null)}
          >
            <option value="">No stage (leave it as it is)</option>
            {sortedStages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </select>
          <p className="hint">
            Customers reaching this step move to its stage. Dropping the step into a lane sets it too.
          </p>
        </div>
      )}
      <SchemaForm
        idPrefix={`node-${node.id}`}
        schema={schema}
        value={node.config}
        onChange={(config) => actions.updateConfig(node.id, (config ?? {}) as Record<string, unknown>)}
        errors={fieldErrors}
        disabled={readOnly}
        stages={sortedStages}
        fieldSuggestions={props.fieldSuggestions}
        variables={props.variables}
        renderPreview={props.renderPreview}
      />
      {props.extra}
      {!readOnly && (
        <button
          type="button"
          className="button button-danger-quiet"
          onClick={() => actions.remove([node.id], [])}
        >
          <Icon name="trash" size={14} /> Delete step
        </button>
      )}
    </section>
  );
}, sameStep);

/** Moving a step does not change its settings, so the form need not re-render while it is dragged. */
function sameStep(a: InspectorProps, b: InspectorProps): boolean {
  const keys = Object.keys(a) as (keyof InspectorProps)[];
  return (
    keys.every((key) => key === 'node' || a[key] === b[key]) &&
    a.node.id === b.node.id &&
    a.node.config === b.node.config &&
    a.node.label === b.node.label &&
    a.node.stage === b.node.stage &&
    a.node.type === b.node.type
  );
}
