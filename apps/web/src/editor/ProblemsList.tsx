import './ProblemsList.css';
import { type GraphIssue, issueNodeIds, type JourneyDocument } from '@stagecraft/graph';
import type { CatalogEntry } from '../api/types';
import { Icon } from '../ui/Icon';
import { ErrorNotice } from '../ui/Notice';
import { stepNameById } from './step-name';

interface ProblemsListProps {
  issues: readonly GraphIssue[];
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  checking: boolean;
  error: unknown;
  onRetry: () => void;
  /** Selects and shows the steps; a loop's problem shows all of its steps. */
  onFocusNode: (ids: string | readonly string[]) => void;
  onFocusEdge: (id: string) => void;
}

/** Every problem the compiler found, errors first, each naming its step; a click shows the step. */
export function ProblemsList({
  issues,
  doc,
  catalog,
  checking,
  error,
  onRetry,
  onFocusNode,
  onFocusEdge,
}: ProblemsListProps) {
  const sorted = [...issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  const nameOf = (id: string) => stepNameById(doc, catalog, id);
  return (
    <section
      className="problems"
      aria-label="Problems"
      data-testid="problems-list"
      data-count={issues.length}
    >
      {error ? <ErrorNotice error={error} onRetry={onRetry} /> : null}
      {!error && sorted.length === 0 && (
        <div className="problems-clear">
          <Icon name="check" size={18} />
          <p>{checking ? 'Checking the journey…' : 'No problems. The journey is ready to publish.'}</p>
        </div>
      )}
      <ul>
        {sorted.map((issue, index) => {
          const target = issue.nodeId ?? issue.edgeId;
          const content = (
            <>
              <Icon name={issue.severity === 'error' ? 'alert' : 'info'} size={14} />
              <span className="problem-text">
                {issue.nodeId && <strong>{nameOf(issue.nodeId)}</strong>}
                <span>{issue.message}</span>
              </span>
            </>
          );
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: the same message can appear twice for different fields.
              key={`${issue.code}-${target ?? ''}-${index}`}
              className={`problem problem-${issue.severity}`}
              data-testid="problem-item"
              data-node-id={issue.nodeId ?? ''}
              data-node-ids={issueNodeIds(issue).join(' ')}
              data-severity={issue.severity}
              data-code={issue.code}
            >
              {target ? (
                <button
                  type="button"
                  className="problem-button"
                  onClick={() =>
                    issue.nodeId
                      ? onFocusNode(issueNodeIds(issue))
                      : issue.edgeId && onFocusEdge(issue.edgeId)
                  }
                  aria-label={`${issue.severity === 'error' ? 'Error' : 'Warning'}${issue.nodeId ? ` in ${nameOf(issue.nodeId)}` : ''}: ${issue.message} Show it on the canvas.`}
                >
                  {content}
                </button>
              ) : (
                <div className="problem-button">{content}</div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
