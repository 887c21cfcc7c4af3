import type { ArgsOf, EventName, EventPayload, MethodName, ResultOf } from '@contract/api';
import type { CallResponse, ConnectionState, EventMessage } from '@contract/wire';
import type { ErrorCode, WharfErrorShape } from '@contract/errors';

export type { ConnectionState };

/** The connection's state, and when it is down, why in words (a refusal, a close reason). */
export type ConnectionListener = (state: ConnectionState, detail?: string) => void;

/** What a transport must do; only api/ knows which one is in use. */
export interface Transport {
  readonly kind: 'electron' | 'web';
  call(method: string, args: unknown): Promise<CallResponse>;
  onEvent(listener: (message: EventMessage) => void): void;
  onConnection(listener: ConnectionListener): void;
}

/** The typed client the stores use. */
export interface WharfApi {
  readonly transport: 'electron' | 'web';
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onConnection(listener: ConnectionListener): void;
}

/** A failed call, as main described it: a code, a sentence, and maybe the fix. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fix?: string;
  readonly awsCode?: string;
  constructor(shape: WharfErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.fix = shape.fix;
    this.awsCode = shape.awsCode;
  }
}
