import type { MethodName, ParsedArgsOf, ResultOf } from '../../contract/api';

/** Who is calling: the transport fills this in after it has checked the sender. */
export interface CallContext {
  transport: 'electron' | 'web' | 'test';
}

export type Handler<M extends MethodName> = (args: ParsedArgsOf<M>, ctx: CallContext) => Promise<ResultOf<M>> | ResultOf<M>;

/** Every contract method must have a handler: a missing one is a type error in core/core.ts. */
export type HandlerMap = { [M in MethodName]: Handler<M> };

/** A domain's slice of the handler map. */
export type Handlers<K extends MethodName> = { [M in K]: Handler<M> };

/** The handlers of one contract domain, every method of its `<domain>Methods` table: `DomainHandlers<typeof actionsMethods>`. */
export type DomainHandlers<T> = Handlers<keyof T & MethodName>;

/** The handlers of a contract domain's methods under one prefix (`app.`, `settings.`): `PrefixHandlers<typeof appMethods, 'settings.'>`. */
export type PrefixHandlers<T, P extends string> = Handlers<Extract<keyof T, `${P}${string}`> & MethodName>;
