/**
 * AWS's restJson1 protocol (EKS): the operation is named by the HTTP method and the path, as
 * the model's `http` trait writes it (`GET /clusters/{name}/node-groups`); inputs come from the
 * path labels, the query string and a JSON body; outputs are JSON bodies; an error is its HTTP
 * status with the code in `x-amzn-ErrorType` and `{"message": ...}` in the body.
 */
import type { OperationInput } from './types';

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** The model's requestUri, e.g. `/clusters/{name}/node-groups/{nodegroupName}`. */
  path: string;
  operation: string;
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  labels: string[];
  operation: string;
}

export interface RestMatch {
  operation: string;
  /** Path labels, URI-decoded, by the label's name in the requestUri. */
  labels: Record<string, string>;
}

export class RestRouter {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly RestRoute[]) {
    this.routes = routes.map(compile);
  }

  /** The operation for this method and path, or undefined (AWS answers UnknownOperationException). */
  match(method: string, pathname: string): RestMatch | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const labels: Record<string, string> = {};
      try {
        route.labels.forEach((name, i) => (labels[name] = decodeURIComponent(found[i + 1])));
      } catch {
        return undefined;
      }
      return { operation: route.operation, labels };
    }
    return undefined;
  }
}

function compile(route: RestRoute): CompiledRoute {
  const labels: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const label = /^\{([^}]+)\}$/.exec(segment);
      if (!label) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      labels.push(label[1]);
      return '([^/]+)';
    })
    .join('/');
  return { method: route.method, pattern: new RegExp(`^${source}/?$`), labels, operation: route.operation };
}

/**
 * One input object from the three places restJson1 puts members: the JSON body, then the query
 * string (a key given more than once is a list, as the SDKs send list members), then the path
 * labels. Members keep their wire names (`name` for the cluster in EKS's paths); each handler
 * reads and converts what it needs, as with the other protocols.
 */
export function decodeRestInput(labels: Record<string, string>, query: URLSearchParams, body: string): OperationInput {
  const input: OperationInput = {};
  if (body.trim() !== '') {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('The request body must be a JSON object.');
    Object.assign(input, parsed);
  }
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    input[key] = values.length > 1 ? values : values[0];
  }
  Object.assign(input, labels);
  return input;
}
