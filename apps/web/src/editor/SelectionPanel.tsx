import type { JourneyDocument } from '@stagecraft/graph';
import type { CatalogEntry } from '../api/types';
import { Icon } from '../ui/Icon';
import { stepNameById } from './step-name';
import type { EditorActions, Selection } from './useEditorActions';

/** What the inspector shows when no single step is selected: a hint, several steps, or a connection. */
export function SelectionPanel({
  selection,
  doc,
  catalog,
  actions,
  readOnly,
}: {
  selection: Selection;
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  actions: EditorActions;
  readOnly: boolean;
}) {
  const nameOf = (id: string) => stepNameById(doc, catalog, id);
  if (selection.nodes.size > 1) {
    return (
      <div className="selection-summary" data-testid="selection-summary">
        <h2>{selection.nodes.size} steps selected</h2>
        <p className="hint">Drag them together, copy with Ctrl/⌘ C, or delete them.</p>
        {!readOnly && (
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => actions.remove(selection.nodes, selection.edges)}
          >
            <Icon name="trash" size={14} /> Delete {selection.nodes.size} steps
          </button>
        )}
      </div>
    );
  }
  const [edgeId] = [...selection.edges];
  const edge = edgeId ? doc.edges.find((candidate) => candidate.id === edgeId) : undefined;
  if (edge) {
    return (
      <div className="selection-summary" data-testid="selection-summary">
        <h2>Connection</h2>
        <p>
          From <strong>{nameOf(edge.source)}</strong> ({edge.sourcePort}) to{' '}
          <strong>{nameOf(edge.target)}</strong>.
        </p>
        <p className="hint">Drop a step from the palette onto a connection to insert it in between.</p>
        {!readOnly && (
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => actions.remove([], [edge.id])}
          >
            <Icon name="trash" size={14} /> Delete connection
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="selection-summary empty" data-testid="selection-summary">
      <Icon name="route" size={28} />
      <h2>{doc.nodes.length ? 'Select a step' : 'Start with a trigger'}</h2>
      <p className="hint">
        {doc.nodes.length
          ? 'Click a step on the canvas, or tab to it and press Enter, to edit its settings here.'
          : 'Drag a trigger from the palette to decide who enters this journey, then add steps after it.'}
      </p>
    </div>
  );
}
