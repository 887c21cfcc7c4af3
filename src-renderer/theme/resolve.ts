import type { ThemeName } from './states';

export type ThemePreference = 'system' | 'dark' | 'light';

/** The theme to draw: the user's choice, or the OS's when they chose "system". */
export function resolveTheme(preference: ThemePreference, osPrefersDark: boolean): ThemeName {
  if (preference === 'system') return osPrefersDark ? 'dark' : 'light';
  return preference;
}
