/**
 * Whether a queue's resource policy lets a service principal (EventBridge) send to it on behalf
 * of a source (a rule): the part of IAM policy evaluation a queue policy needs. An explicit
 * Deny wins; otherwise one Allow statement must match the principal, the action, the resource
 * and its conditions. No policy means no service may send (only the owner's identities may).
 */

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface SendRequest {
  /** e.g. `events.amazonaws.com` */
  servicePrincipal: string;
  /** e.g. `sqs:SendMessage` */
  action: string;
  /** The queue's ARN. */
  resource: string;
  /** The calling resource (a rule ARN): `aws:SourceArn`. */
  sourceArn: string;
  /** The account that owns the source: `aws:SourceAccount`. */
  sourceAccount: string;
}

/** Parses a policy document; null when it is not one (SetQueueAttributes rejects such a policy). */
export function parsePolicy(text: string): Statement[] | null {
  try {
    const doc = JSON.parse(text) as { Statement?: Statement | Statement[] };
    if (!doc || typeof doc !== 'object' || doc.Statement === undefined) return null;
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  } catch {
    return null;
  }
}

export function policyAllows(policyText: string | undefined, request: SendRequest): boolean {
  if (!policyText) return false;
  const statements = parsePolicy(policyText);
  if (!statements) return false;
  const matching = statements.filter((s) => statementMatches(s, request));
  if (matching.some((s) => s.Effect === 'Deny')) return false;
  return matching.some((s) => s.Effect === 'Allow');
}

function statementMatches(s: Statement, request: SendRequest): boolean {
  return principalMatches(s.Principal, request.servicePrincipal) && anyMatch(s.Action, request.action, true) && anyMatch(s.Resource, request.resource, false) && conditionsHold(s.Condition, request);
}

function principalMatches(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  const p = principal as { Service?: string | string[]; AWS?: string | string[] };
  if (p.AWS === '*' || (Array.isArray(p.AWS) && p.AWS.includes('*'))) return true;
  return list(p.Service).includes(service);
}

function anyMatch(patterns: string | string[] | undefined, value: string, ignoreCase: boolean): boolean {
  return list(patterns).some((pattern) => globMatch(pattern, value, ignoreCase));
}

function conditionsHold(conditions: Statement['Condition'], request: SendRequest): boolean {
  if (!conditions) return true;
  const keys: Record<string, string> = { 'aws:sourcearn': request.sourceArn, 'aws:sourceaccount': request.sourceAccount };
  for (const [operator, block] of Object.entries(conditions)) {
    for (const [key, expected] of Object.entries(block)) {
      const actual = keys[key.toLowerCase()];
      if (actual === undefined) return false;
      const values = list(expected);
      const op = operator.replace(/IfExists$/, '');
      const ok =
        op === 'ArnEquals' || op === 'StringEquals'
          ? values.includes(actual)
          : op === 'ArnLike' || op === 'StringLike'
            ? values.some((v) => globMatch(v, actual, false))
            : op === 'StringNotEquals' || op === 'ArnNotEquals'
              ? !values.includes(actual)
              : false;
      if (!ok) return false;
    }
  }
  return true;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** IAM's `*` and `?` wildcards. */
function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}
