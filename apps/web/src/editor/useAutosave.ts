import type { JourneyDocument } from '@stagecraft/graph';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { saveDraft } from '../journeys/queries';

/** Where the draft stands: saved, waiting to save, saving, failed, or overtaken by someone else's save. */
export type SaveState = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface Autosave {
  state: SaveState;
  message: string | null;
  savedAt: number | null;
  /** Saves now; resolves true once the server holds exactly the current document. */
  flush: () => Promise<boolean>;
  /** The draft revision the server holds for what was last saved. */
  revision: () => number;
}

const DEBOUNCE_MS = 800;

/**
 * Saves the draft about 800 ms after the last edit, one request at a time, with the revision it
 * was loaded at. A 409 means another tab or person saved first: saving stops and the editor says
 * so instead of overwriting their work.
 */
export function useAutosave(
  journeyId: string,
  doc: JourneyDocument,
  revision: number,
  enabled: boolean,
): Autosave {
  const [state, setState] = useState<SaveState>('saved');
  const [message, setMessage] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const latest = useRef(doc);
  const saved = useRef(doc);
  const rev = useRef(revision);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const stopped = useRef(false);
  latest.current = doc;

  const save = useCallback(async (): Promise<boolean> => {
    if (stopped.current) return false;
    if (inFlight.current) await inFlight.current;
    if (latest.current === saved.current) return true;
    const sending = latest.current;
    setState('saving');
    const request = saveDraft(journeyId, sending, rev.current).then(
      (result) => {
        rev.current = result.revision;
        saved.current = sending;
        setSavedAt(Date.now());
        setMessage(null);
        setState(latest.current === sending ? 'saved' : 'pending');
        return true;
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.code === 'draft-conflict') {
          stopped.current = true;
          setState('conflict');
          setMessage(
            'Someone else saved this journey (in another tab or session) after you opened it. Your latest changes were not saved so theirs are not overwritten. Reload to continue from their version.',
          );
        } else {
          setState('error');
          setMessage(`Your changes are not saved yet. ${errorMessage(error)}`);
        }
        return false;
      },
    );
    inFlight.current = request;
    const ok = await request;
    inFlight.current = null;
    if (ok && latest.current !== saved.current && !stopped.current) return save();
    return ok;
  }, [journeyId]);

  useEffect(() => {
    if (!enabled || stopped.current) return;
    if (doc === saved.current) {
      // Undo then redo can come back to exactly what the server holds: nothing left to save.
      if (!inFlight.current) {
        setState('saved');
        setMessage(null);
      }
      return;
    }
    setState((current) => (current === 'saving' ? current : 'pending'));
    const timer = window.setTimeout(() => void save(), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [doc, enabled, save]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (latest.current !== saved.current && !stopped.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const revisionOf = useCallback(() => rev.current, []);
  return { state, message, savedAt, flush: save, revision: revisionOf };
}
