import type { FinalizeHandler, FinalizeHandlerArguments, MetadataBearer } from '@smithy/types';

/**
 * Sends a mutating command exactly once. The SDK retries a 5xx or a dropped connection on its
 * own, and for UpdateService or RegisterTaskDefinition that retry is how one click becomes two
 * deployments: AWS may have applied the first attempt before the error. So for mutations the
 * SDK's retry step is replaced, for this command only, by a pass-through; Wharf looks at the
 * service before it tries again (see rollback-apply.ts). The client's other middleware (the
 * token-bucket gate placed after the retry step, credential errors) stays in place.
 */
interface StackOwner {
  middlewareStack: {
    add(mw: (next: FinalizeHandler<object, MetadataBearer>) => FinalizeHandler<object, MetadataBearer>, opts: object): void;
  };
}

export function once<C>(command: C): C {
  (command as unknown as StackOwner).middlewareStack.add(
    (next: FinalizeHandler<object, MetadataBearer>) => (args: FinalizeHandlerArguments<object>) => next(args),
    { name: 'retryMiddleware', step: 'finalizeRequest', priority: 'high', override: true, tags: ['RETRY'] },
  );
  return command;
}
