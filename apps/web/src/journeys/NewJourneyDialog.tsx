import './NewJourneyDialog.css';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { catalogQueries } from '../catalog/queries';
import { Dialog } from '../ui/Dialog';
import { Icon } from '../ui/Icon';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useCreateJourney } from './queries';

const BLANK = '';

/** Names a new journey and picks where it starts: a blank canvas or one of the lifecycle templates. */
export function NewJourneyDialog({ onClose }: { onClose: () => void }) {
  const nameId = useId();
  const navigate = useNavigate();
  const templates = useQuery(catalogQueries.templates());
  const create = useCreateJourney();
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState(BLANK);
  const [nameError, setNameError] = useState<string | null>(null);

  function pick(id: string, title?: string) {
    setTemplateId(id);
    if (title && !name.trim()) setName(title);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('Give the journey a name, e.g. "Welcome series".');
      return;
    }
    create.mutate(
      { name: trimmed, ...(templateId ? { templateId } : {}) },
      { onSuccess: (journey) => navigate(`/journeys/${journey.id}`) },
    );
  }

  return (
    <Dialog title="New journey" onClose={onClose} wide testId="new-journey-dialog">
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={nameId} className="field-label">
            Name
          </label>
          <input
            id={nameId}
            className="input"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setNameError(null);
            }}
            placeholder="Welcome series"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${nameId}-error` : undefined}
          />
          {nameError && (
            <p className="field-error" id={`${nameId}-error`}>
              {nameError}
            </p>
          )}
        </div>
        <fieldset className="template-grid">
          <legend className="field-label">Start from</legend>
          <TemplateCard
            id={BLANK}
            title="Blank journey"
            description="An empty canvas with your lifecycle stages as lanes."
            icon="plus"
            selected={templateId === BLANK}
            onPick={() => pick(BLANK)}
          />
          {templates.data?.map((template) => (
            <TemplateCard
              key={template.id}
              id={template.id}
              title={template.title ?? template.name ?? template.id}
              description={template.description}
              icon="route"
              selected={templateId === template.id}
              onPick={() => pick(template.id, template.title ?? template.name)}
            />
          ))}
        </fieldset>
        {templates.isPending && <Loading what="templates" />}
        {templates.isError && <ErrorNotice error={templates.error} onRetry={() => templates.refetch()} />}
        {create.isError && <ErrorNotice error={create.error} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={create.isPending}
            data-testid="create-journey"
          >
            {create.isPending ? 'Creating…' : 'Create journey'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface CardProps {
  id: string;
  title: string;
  description: string;
  icon: string;
  selected: boolean;
  onPick: () => void;
}

function TemplateCard({ id, title, description, icon, selected, onPick }: CardProps) {
  return (
    <label
      className={selected ? 'template-card selected' : 'template-card'}
      data-testid={`template-${id || 'blank'}`}
    >
      <input
        type="radio"
        name="template"
        value={id}
        checked={selected}
        onChange={onPick}
        className="visually-hidden"
      />
      <span className="template-icon" aria-hidden="true">
        <Icon name={icon} />
      </span>
      <span className="template-title">{title}</span>
      <span className="template-description">{description}</span>
    </label>
  );
}
