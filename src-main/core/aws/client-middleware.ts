import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MetadataBearer,
  Pluggable,
} from '@smithy/types';
import type { WharfError } from '../../contract/errors';
import type { ApiBudget } from './api-budget';
import type { ApiMonitor } from './api-monitor';
import { dateHeaderOf } from './aws-clock';
import { failureKindOf } from './failure-kind';
import { categoryOf, type BudgetService } from './throttle-categories';
import { isUnimplemented } from './unimplemented';

/** The first line of an SDK message (drops the "Deserialization error: ... $response" hint). */
function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/**
 * Middlewares on every Wharf client:
 * - the budget gate, placed inside the SDK's retry loop so that every attempt (the first and
 *   each retry) waits for a token, counts as a request, and reports throttles to the bucket;
 * - the credential-error translator, outermost, so that an expired or rejected credential on
 *   any call reaches the caller as a WharfError naming the fix (and an operation the endpoint
 *   does not implement, as a sentence saying so, once: it is never retried);
 * - the server clock, next to the wire, reading the `Date` header of every response.
 */
export interface WharfMiddlewareOptions {
  service: BudgetService;
  budget: ApiBudget;
  monitor: ApiMonitor;
  /** A WharfError for errors that mean the credentials are bad, null for any other. */
  explainCredentialError: (err: unknown) => WharfError | null;
  /** Every response's `Date` header (answers and errors alike): AWS's clock (aws-clock.ts). */
  onServerDate?: (dateHeader: string | undefined) => void;
  /**
   * Operations this endpoint was found to lack (shared by the profile's clients): the sentence
   * to throw instead of calling again (unimplemented.ts). Absent: no such check.
   */
  unsupported?: { has(operation: string): boolean; add(operation: string): void; error(operation: string, cause?: unknown): WharfError };
}

const THROTTLE_CODES = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException']);

export function isThrottleError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLE_CODES.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/** `DescribeServicesCommand` -> `DescribeServices` */
export function operationOf(context: HandlerExecutionContext): string {
  const name = (context as { commandName?: string }).commandName ?? 'Unknown';
  return name.endsWith('Command') ? name.slice(0, -'Command'.length) : name;
}

// The SDK's Pluggable is generic over every command's input and output; the middlewares here
// only look at the context and errors, so they apply to any.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPluggable = Pluggable<any, any>;

export function wharfMiddleware(opts: WharfMiddlewareOptions): AnyPluggable {
  return {
    applyToStack(stack) {
      stack.add(
        <O extends MetadataBearer>(next: InitializeHandler<object, O>, _context: HandlerExecutionContext) =>
          async (args: InitializeHandlerArguments<object>) => {
            try {
              return await next(args);
            } catch (err) {
              throw opts.explainCredentialError(err) ?? err;
            }
          },
        { step: 'initialize', name: 'wharfCredentialErrors', priority: 'high', override: true },
      );
      if (opts.onServerDate) {
        const onDate = opts.onServerDate;
        stack.add(
          <O extends MetadataBearer>(next: DeserializeHandler<object, O>) =>
            async (args: DeserializeHandlerArguments<object>) => {
              try {
                const out = await next(args);
                onDate(dateHeaderOf(out.response));
                return out;
              } catch (err) {
                onDate(dateHeaderOf((err as { $response?: unknown })?.$response));
                throw err;
              }
            },
          { step: 'deserialize', name: 'wharfServerClock', priority: 'low', override: true },
        );
      }
      stack.addRelativeTo(
        <O extends MetadataBearer>(next: FinalizeHandler<object, O>, context: HandlerExecutionContext) =>
          async (args: FinalizeHandlerArguments<object>) => {
            const operation = operationOf(context);
            // Known to be missing here: said once already; no request, no retry.
            if (opts.unsupported?.has(operation)) throw opts.unsupported.error(operation);
            const category = categoryOf(opts.service, operation);
            const bucket = opts.budget.bucket(category);
            await bucket.take();
            opts.monitor.recordRequest(category);
            try {
              const out = await next(args);
              opts.monitor.recordSuccess(category);
              return out;
            } catch (err) {
              if (isThrottleError(err)) {
                bucket.onThrottle();
                opts.monitor.recordThrottle(category, `${operation}: ${(err as { name?: string })?.name ?? 'Throttling'}: ${(err as { message?: string })?.message ?? ''}`);
              } else if (opts.unsupported && isUnimplemented(err)) {
                // A WharfError has no HTTP status: the SDK's retry step sees a client error and stops.
                opts.unsupported.add(operation);
                opts.monitor.recordUnsupported(operation);
                throw opts.unsupported.error(operation, err);
              } else {
                const e = err as { name?: string; message?: string };
                opts.monitor.recordError(category, `${operation}: ${e?.name ?? 'Error'}: ${firstLine(e?.message ?? '')}`, failureKindOf(err));
              }
              throw err;
            }
          },
        { relation: 'after', toMiddleware: 'retryMiddleware', name: 'wharfBudgetGate', override: true },
      );
    },
  };
}
