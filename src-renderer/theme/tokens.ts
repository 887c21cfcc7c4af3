import { stateCssVariables, type ThemeName } from './states';

/**
 * The frame's colours and type, per theme. Neutral greys carry the structure; the only
 * saturated colours are the five states (states.ts), the accent for focus and selection (a
 * violet no state uses), and the production frame. Everything else derives from here.
 */

export const FONT_UI = 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
export const FONT_MONO = 'ui-monospace, "SF Mono", SFMono-Regular, "Cascadia Mono", "JetBrains Mono", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace';
export const FONT_SIZE = '13px';

export interface FrameColours {
  bg: string; // the window behind everything
  surface: string; // sidebar, header, status bar
  raised: string; // cards, popovers, modals
  hover: string;
  selected: string;
  border: string;
  text: string;
  muted: string;
  faint: string;
  accent: string;
  accentText: string;
  production: string;
  /** A past moment (the time bar): the page's tint and its edge. */
  pastBg: string;
  pastEdge: string;
}

export const FRAME_COLOURS: Record<ThemeName, FrameColours> = {
  dark: {
    bg: '#14171c',
    surface: '#1a1e24',
    raised: '#21262e',
    hover: '#262c35',
    selected: '#2c2940',
    border: '#2b313a',
    text: '#d6dbe1',
    muted: '#98a1ac',
    faint: '#6b7480',
    accent: '#a08cf0',
    accentText: '#14171c',
    production: '#e0433b',
    pastBg: '#1d1b17',
    pastEdge: '#b8964a',
  },
  light: {
    bg: '#f6f7f9',
    surface: '#eef0f3',
    raised: '#ffffff',
    hover: '#e6e9ee',
    selected: '#e9e4fb',
    border: '#d9dde3',
    text: '#1f2328',
    muted: '#57606a',
    faint: '#8a939d',
    accent: '#6a4fd0',
    accentText: '#ffffff',
    production: '#c8221b',
    pastBg: '#f6f1e4',
    pastEdge: '#8a6a1c',
  },
};

/** Every CSS variable the stylesheets use, for the root element's style. */
export function rootCssVariables(theme: ThemeName): Record<string, string> {
  const c = FRAME_COLOURS[theme];
  return {
    '--wh-bg': c.bg,
    '--wh-surface': c.surface,
    '--wh-raised': c.raised,
    '--wh-hover': c.hover,
    '--wh-selected': c.selected,
    '--wh-border': c.border,
    '--wh-text': c.text,
    '--wh-muted': c.muted,
    '--wh-faint': c.faint,
    '--wh-accent': c.accent,
    '--wh-accent-text': c.accentText,
    '--wh-production': c.production,
    '--wh-past-bg': c.pastBg,
    '--wh-past-edge': c.pastEdge,
    '--wh-font-ui': FONT_UI,
    '--wh-font-mono': FONT_MONO,
    '--wh-font-size': FONT_SIZE,
    'color-scheme': theme,
    ...stateCssVariables(theme),
  };
}
