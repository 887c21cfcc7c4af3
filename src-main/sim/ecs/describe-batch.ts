/**
 * A Describe* answer as ECS gives it: each reference (a name, an id or an ARN) that is found is
 * rendered, each one that is not is a MISSING failure named by its ARN.
 */
export function describeBatch<T>(
  references: readonly string[],
  find: (reference: string) => T | undefined,
  render: (found: T) => object,
  arnOf: (reference: string) => string,
): { found: object[]; failures: Array<{ arn: string; reason: 'MISSING' }> } {
  const found: object[] = [];
  const failures: Array<{ arn: string; reason: 'MISSING' }> = [];
  for (const reference of references) {
    const item = find(reference);
    if (item) found.push(render(item));
    else failures.push({ arn: reference.startsWith('arn:') ? reference : arnOf(reference), reason: 'MISSING' });
  }
  return { found, failures };
}
