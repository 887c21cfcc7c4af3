import type { ErrorCode } from '@contract/errors';
import { ApiError } from '../api';

/** An error as the UI shows it: what failed, in a sentence, and what to do about it. */
export interface ShownError {
  code: ErrorCode;
  message: string;
  fix?: string;
  /** Epoch ms when it happened, so a banner can say "5s ago". */
  at: number;
}

/** Anything thrown by an api call becomes something a person can read and act on. */
export function toShownError(err: unknown, at = Date.now()): ShownError {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.fix ? { fix: err.fix } : {}), at };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: message || 'Something failed without saying why.', at };
}
