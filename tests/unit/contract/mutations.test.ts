import { describe, expect, it } from 'vitest';
import { methods, mutationMethods, type MethodName } from '../../../src-main/contract/api';

/**
 * The mutations are read off the contract (a method whose args take a `requestId`), so a
 * domain that adds one cannot forget to list it; each requires its `requestId` and a typed
 * `confirmation`, and no read takes either.
 */
type Shape = Record<string, { safeParse(v: unknown): { success: boolean } }>;
const shapeOf = (method: MethodName): Shape | undefined => (methods[method].args as unknown as { shape?: Shape }).shape;

describe('mutation methods', () => {
  it('are the methods whose args take a requestId, the ECS actions among them', () => {
    expect(mutationMethods).toEqual(expect.arrayContaining(['actions.applyRollback', 'actions.scale', 'actions.forceDeployment', 'actions.stopTask']));
    const withRequestId = (Object.keys(methods) as MethodName[]).filter((m) => shapeOf(m)?.requestId);
    expect([...mutationMethods].sort()).toEqual(withRequestId.sort());
  });

  it('each requires its requestId', () => {
    for (const method of mutationMethods) expect(shapeOf(method)?.requestId?.safeParse(undefined).success, method).toBe(false);
  });

  it('no method outside them takes a required confirmation (a change of AWS without a requestId)', () => {
    const others = (Object.keys(methods) as MethodName[]).filter((m) => !mutationMethods.includes(m));
    const confirmed = others.filter((m) => {
      const confirmation = shapeOf(m)?.confirmation;
      return confirmation && !confirmation.safeParse(undefined).success;
    });
    expect(confirmed).toEqual([]);
  });
});
