/**
 * The one meaning per colour across Wharf. Every health shown anywhere maps to one of these
 * five states; each has a colour per theme, a symbol and a word, so no state is told by
 * colour alone. CSS reads the colours as variables (`--wh-state-<state>`), charts read this
 * map; both come from here.
 */

export type ThemeName = 'dark' | 'light';

export const HEALTH_STATES = ['healthy', 'progress', 'degraded', 'failed', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface StateStyle {
  /** The default word beside the colour; views may say something more precise. */
  word: string;
  /** A glyph that tells the state apart without colour. */
  symbol: string;
  colour: Record<ThemeName, string>;
}

export const STATE_STYLES: Record<HealthState, StateStyle> = {
  healthy: { word: 'steady', symbol: '●', colour: { dark: '#4fb07d', light: '#1f7a4d' } },
  progress: { word: 'in progress', symbol: '◐', colour: { dark: '#5b9bd5', light: '#2563a8' } },
  degraded: { word: 'degraded', symbol: '▲', colour: { dark: '#d9a441', light: '#9a6400' } },
  failed: { word: 'failed', symbol: '✕', colour: { dark: '#e5615b', light: '#c0302a' } },
  unknown: { word: 'unknown', symbol: '○', colour: { dark: '#8b949e', light: '#6b7280' } },
};

/** The colour of a state in a theme, for charts and canvas drawing. */
export function stateColour(state: HealthState, theme: ThemeName): string {
  return STATE_STYLES[state].colour[theme];
}

/** CSS custom properties for the root element: `--wh-state-healthy: #4fb07d`, ... */
export function stateCssVariables(theme: ThemeName): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const state of HEALTH_STATES) vars[`--wh-state-${state}`] = STATE_STYLES[state].colour[theme];
  return vars;
}
