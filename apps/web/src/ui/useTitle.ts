import { useEffect } from 'react';

/** Names the browser tab after the screen, so several open tabs can be told apart. */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Stagecraft` : 'Stagecraft';
  }, [title]);
}
