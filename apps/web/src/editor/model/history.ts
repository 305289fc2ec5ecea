import type { JourneyDocument } from '@stagecraft/graph';

/** The document being edited plus what undo and redo step through. */
export interface History {
  doc: JourneyDocument;
  past: JourneyDocument[];
  future: JourneyDocument[];
  /** Set by `checkpoint` (drag start); pushed to `past` only if the drag actually changes something. */
  checkpoint: JourneyDocument | null;
  /** Consecutive edits with the same group (typing in one field) undo as one step. */
  group: string | null;
  groupAt: number;
}

export type Recipe = (doc: JourneyDocument) => JourneyDocument;

export type HistoryAction =
  | { type: 'reset'; doc: JourneyDocument }
  | { type: 'edit'; recipe: Recipe; group?: string; at?: number }
  | { type: 'transient'; recipe: Recipe }
  | { type: 'checkpoint' }
  | { type: 'undo' }
  | { type: 'redo' };

const LIMIT = 200;
const GROUP_WINDOW_MS = 1_500;

/** A fresh history around a loaded document. */
export function initialHistory(doc: JourneyDocument): History {
  return { doc, past: [], future: [], checkpoint: null, group: null, groupAt: 0 };
}

/** Applies one editor action; recipes must be pure because React may run reducers twice. */
export function historyReducer(state: History, action: HistoryAction): History {
  switch (action.type) {
    case 'reset':
      return initialHistory(action.doc);
    case 'checkpoint':
      return { ...state, checkpoint: state.doc, group: null };
    case 'edit': {
      const doc = action.recipe(state.doc);
      if (doc === state.doc) return state;
      const at = action.at ?? 0;
      const coalesce =
        action.group !== undefined && action.group === state.group && at - state.groupAt < GROUP_WINDOW_MS;
      return {
        doc,
        past: coalesce ? state.past : push(state.past, state.doc),
        future: [],
        checkpoint: null,
        group: action.group ?? null,
        groupAt: at,
      };
    }
    case 'transient': {
      const doc = action.recipe(state.doc);
      if (doc === state.doc) return state;
      if (!state.checkpoint) return { ...state, doc };
      return {
        ...state,
        doc,
        past: push(state.past, state.checkpoint),
        future: [],
        checkpoint: null,
        group: null,
      };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return {
        ...state,
        doc: previous,
        past: state.past.slice(0, -1),
        future: [state.doc, ...state.future],
        checkpoint: null,
        group: null,
      };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return {
        ...state,
        doc: next,
        past: push(state.past, state.doc),
        future: rest,
        checkpoint: null,
        group: null,
      };
    }
  }
}

function push(past: JourneyDocument[], doc: JourneyDocument): JourneyDocument[] {
  const next = [...past, doc];
  return next.length > LIMIT ? next.slice(next.length - LIMIT) : next;
}
