import { useEffect } from 'react';
import { usePaletteStore } from './palette-store.js';

/** Ctrl+K (Cmd+K on a Mac) opens the palette from anywhere, except over a dialog already open: that one has the operator's attention. */
export function usePaletteShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (document.querySelector('dialog[open]') !== null) return;
      event.preventDefault();
      usePaletteStore.getState().show();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
