import { useEffect } from 'react';
import { consumeTokenFromAddress, tokenFromHash } from '../api/token.js';
import { isViewId, useViewStore, type ViewId } from '../state/view-store.js';

export { viewHref } from './view-href.js';

function viewFromHash(hash: string): ViewId | null {
  const match = /^#\/([a-z]+)/.exec(hash);
  const name = match?.[1];
  return name !== undefined && isViewId(name) ? name : null;
}

/** `#/fleet`-style routes mirrored into the view store; runs after main.tsx consumed any `#token=`. */
export function useHashRoute(): void {
  const setView = useViewStore((state) => state.setView);
  useEffect(() => {
    const sync = () => {
      // A new token pasted into an open tab: the transport was built with the old one, so start over.
      if (tokenFromHash(window.location.hash) !== null) {
        consumeTokenFromAddress();
        window.location.reload();
        return;
      }
      const view = viewFromHash(window.location.hash);
      if (view !== null) setView(view);
    };
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setView]);
}
