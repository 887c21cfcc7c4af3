/**
 * One front-door ServiceDefinition per AWS service, whose operations answer from the region
 * the request was signed for (the SigV4 credential scope, `ctx.region`). The front door keeps
 * routing by target prefix and signing name; which region's data answers is decided here.
 */
import type { OperationHandler, ServiceDefinition } from '../http/types';

/**
 * `template` gives the wire description (signing name, protocols, operation names);
 * `definitionFor(region)` gives the definition of that region, which handles the call.
 */
export function routeByRegion(template: ServiceDefinition, definitionFor: (region: string) => ServiceDefinition): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {};
  for (const name of Object.keys(template.operations)) {
    operations[name] = (input, ctx) => definitionFor(ctx.region).operations[name](input, ctx);
  }
  return { ...template, operations };
}

/** Builds each region's value (its definitions) once, on its first request. */
export function perRegion<T>(build: (region: string) => T): (region: string) => T {
  const built = new Map<string, T>();
  return (region) => {
    let value = built.get(region);
    if (value === undefined) {
      value = build(region);
      built.set(region, value);
    }
    return value;
  };
}
