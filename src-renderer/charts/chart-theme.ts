import { FONT_MONO, FONT_UI, FRAME_COLOURS } from '../theme/tokens';
import { STATE_STYLES, type HealthState, type ThemeName } from '../theme/states';

/**
 * The colours and fonts charts draw with, from the frame's tokens, so a chart and the page
 * around it agree in both themes. Charts take this as an argument: option builders stay pure.
 */
export interface ChartPalette {
  theme: ThemeName;
  bg: string;
  raised: string;
  border: string;
  text: string;
  muted: string;
  faint: string;
  accent: string;
  /** The empty part of a fill bar. */
  track: string;
  /** The filled part of a fill bar (neutral: a full instance is not a fault). */
  fill: string;
  state: Record<HealthState, string>;
  fontUi: string;
  fontMono: string;
}

const TRACK: Record<ThemeName, { track: string; fill: string }> = {
  dark: { track: '#2f3540', fill: '#8d9bb0' },
  light: { track: '#e3e7ec', fill: '#6b7a90' },
};

export function chartPalette(theme: ThemeName): ChartPalette {
  const c = FRAME_COLOURS[theme];
  const state = Object.fromEntries(Object.entries(STATE_STYLES).map(([k, s]) => [k, s.colour[theme]])) as Record<HealthState, string>;
  return {
    theme,
    bg: c.bg,
    raised: c.raised,
    border: c.border,
    text: c.text,
    muted: c.muted,
    faint: c.faint,
    accent: c.accent,
    ...TRACK[theme],
    state,
    fontUi: FONT_UI,
    fontMono: FONT_MONO,
  };
}

/** Text for tooltips rendered as HTML by ECharts: never let a name inject markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

/** The tooltip box, themed. */
export function tooltipStyle(p: ChartPalette): Record<string, unknown> {
  return {
    backgroundColor: p.raised,
    borderColor: p.border,
    borderWidth: 1,
    padding: [6, 9],
    textStyle: { color: p.text, fontFamily: p.fontUi, fontSize: 12 },
    extraCssText: 'box-shadow: 0 2px 10px rgba(0,0,0,0.25); max-width: 340px; white-space: normal;',
  };
}
