import type { Fragment } from './doc-ops';

const KEY = 'stagecraft.clipboard';
let memory: Fragment | null = null;

/** Keeps copied steps, also in localStorage so they can be pasted into another journey or tab. */
export function writeClipboard(fragment: Fragment): void {
  memory = fragment;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(fragment));
  } catch {
    // Storage can be full or blocked; the in-memory copy still works in this tab.
  }
}

/** The last copied steps, or null when nothing was copied. */
export function readClipboard(): Fragment | null {
  try {
    const stored = window.localStorage.getItem(KEY);
    if (stored) {
      const parsed = JSON.parse(stored) as Fragment;
      if (Array.isArray(parsed.nodes) && Array.isArray(parsed.edges)) return parsed;
    }
  } catch {
    // Fall back to the in-memory copy below.
  }
  return memory;
}
