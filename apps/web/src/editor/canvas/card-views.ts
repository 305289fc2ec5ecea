import type { ComponentType } from 'react';
import * as React from 'react';

/** What a plugin's card view receives: its step's type id, config and the server's summary line. */
export interface CardViewProps {
  type: string;
  config: unknown;
  summary: string;
}

export type CardView = ComponentType<CardViewProps>;

type Loaded =
  | { status: 'loading'; promise: Promise<void> }
  | { status: 'ready'; view: CardView }
  | { status: 'failed' };

declare global {
  interface Window {
    /** What plugin modules share with the editor: its React, so a card view bundles none. */
    __stagecraft?: { React: typeof React };
  }
}

/** One entry per card view URL the catalog names, so each module is fetched once per page. */
const views = new Map<string, Loaded>();

/**
 * The card view module at `url` if it has loaded, null while it loads or when it failed (the
 * standard card is drawn then). `onLoad` is called once the module has loaded or failed.
 */
export function cardViewAt(url: string, onLoad: () => void): CardView | null {
  const known = views.get(url);
  if (known?.status === 'ready') return known.view;
  if (known?.status === 'failed') return null;
  if (known) {
    void known.promise.then(onLoad);
    return null;
  }
  window.__stagecraft ??= { React };
  const promise = import(/* @vite-ignore */ url).then(
    (module: { default?: unknown }) => {
      views.set(
        url,
        typeof module.default === 'function'
          ? { status: 'ready', view: module.default as CardView }
          : { status: 'failed' },
      );
      if (typeof module.default !== 'function')
        console.warn(`The card view at ${url} has no default export component.`);
    },
    (error: unknown) => {
      views.set(url, { status: 'failed' });
      console.warn(`The card view at ${url} did not load; drawing the standard card.`, error);
    },
  );
  views.set(url, { status: 'loading', promise });
  void promise.then(onLoad);
  return null;
}
