import { useId } from 'react';
import { THEMES, useThemeStore } from '../../state/theme-store.js';

const THEME_LABELS = { dark: 'Dark', light: 'Light' } as const;

export function ThemeSetting() {
  const id = useId();
  const theme = useThemeStore((state) => state.theme);
  const setTheme = useThemeStore((state) => state.setTheme);
  return (
    <div className="field">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={theme}
        onChange={(event) => {
          const chosen = THEMES.find((option) => option === event.target.value);
          if (chosen !== undefined) setTheme(chosen);
        }}
      >
        {THEMES.map((option) => (
          <option key={option} value={option}>
            {THEME_LABELS[option]}
          </option>
        ))}
      </select>
    </div>
  );
}
