/**
 * Remembers the main window's bounds in `<userData>/window-state.json`. The file is
 * untrusted input (hand edits, a monitor that is gone): it is parsed with a schema and the
 * bounds are fitted onto a display that is still there.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 500;
/** How much of the title bar must be on a display for the position to be kept. */
const MIN_VISIBLE = 64;

export function windowStateFile(userDataDir: string): string {
  return join(userDataDir, 'window-state.json');
}

export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    const parsed = WindowState.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/**
 * Written to a temp file then renamed, so a crash mid-write never leaves half a file. Sync on
 * purpose: it runs in the window's `close` handler, and the process may exit right after.
 */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/**
 * Fits saved bounds onto the displays there are now: size clamped to the largest work
 * area, and the position kept only if enough of the window's top lands on some display
 * (otherwise it is dropped and Electron centres the window).
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const maxWidth = Math.max(MIN_WIDTH, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(MIN_HEIGHT, ...workAreas.map((a) => a.height));
  const width = clamp(state.width, MIN_WIDTH, maxWidth);
  const height = clamp(state.height, MIN_HEIGHT, maxHeight);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;

  const titleBar: Rect = { x: state.x, y: state.y, width, height: MIN_VISIBLE };
  const home = workAreas.find((area) => overlap(titleBar, area) >= MIN_VISIBLE * MIN_VISIBLE);
  if (!home) return fitted;
  // Pull it fully inside the display it mostly sits on.
  return {
    ...fitted,
    x: clamp(state.x, home.x, home.x + home.width - Math.min(width, home.width)),
    y: clamp(state.y, home.y, home.y + home.height - Math.min(height, home.height)),
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
