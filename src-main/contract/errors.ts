import { z } from 'zod';

/**
 * Errors are values with a message a person can act on. Every failure that crosses the
 * transport is one of these codes; `fix` says what to do when there is something to do.
 */
export const ErrorCode = z.enum([
  'BAD_REQUEST', // the call did not match the contract schema
  'UNKNOWN_METHOD',
  'FORBIDDEN', // sender frame, token or origin refused
  'READ_ONLY', // a mutation on a read-only profile
  'NOT_CONFIRMED', // a mutation without its explicit confirmation
  'NO_SESSION', // a call that needs an open AWS session before one is open
  'CREDENTIALS', // missing, expired or invalid credentials
  'ACCESS_DENIED',
  'THROTTLED',
  'NOT_FOUND',
  'CONFLICT', // the state changed under us (e.g. a rollback already applied)
  'PRECONDITION', // a check before the call failed (e.g. exec not enabled)
  'UNSUPPORTED', // the endpoint does not implement the operation (an emulator); said once, never retried
  'AWS', // any other AWS error, with AWS's code in `awsCode`
  'NETWORK',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WharfErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  fix: z.string().optional(),
  awsCode: z.string().optional(),
});
export type WharfErrorShape = z.infer<typeof WharfErrorShape>;

/** Thrown on the main side; serialized as WharfErrorShape across the transport. */
export class WharfError extends Error {
  readonly code: ErrorCode;
  readonly fix?: string;
  readonly awsCode?: string;
  constructor(code: ErrorCode, message: string, opts: { fix?: string; awsCode?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'WharfError';
    this.code = code;
    this.fix = opts.fix;
    this.awsCode = opts.awsCode;
  }
  toShape(): WharfErrorShape {
    const shape: WharfErrorShape = { code: this.code, message: this.message };
    if (this.fix) shape.fix = this.fix;
    if (this.awsCode) shape.awsCode = this.awsCode;
    return shape;
  }
}
