import { useThemeStore, type Theme } from '../state/theme-store.js';

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Applied before the first render, so a light-theme user never sees a dark flash. */
export function bindThemeToDocument(): void {
  applyTheme(useThemeStore.getState().theme);
  useThemeStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme) applyTheme(state.theme);
  });
}
