import { z } from 'zod';
import { WharfErrorShape } from './errors';

/**
 * The envelope every transport (Electron IPC, browser-mode WebSocket) carries. Requests
 * arrive as `unknown` and are parsed here before anything else looks at them.
 */
export const CallRequest = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  args: z.unknown(),
});
export type CallRequest = z.infer<typeof CallRequest>;

export type CallResponse =
  | { kind: 'result'; id: number; ok: true; result: unknown }
  | { kind: 'result'; id: number; ok: false; error: WharfErrorShape };

export interface EventMessage {
  kind: 'event';
  event: string;
  payload: unknown;
}

export type ServerMessage = CallResponse | EventMessage;

/** The renderer's link to main as its transport sees it (IPC is always open; a WebSocket can drop). */
export type ConnectionState = 'connecting' | 'open' | 'closed';
