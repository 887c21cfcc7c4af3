/**
 * Kubernetes API errors: a `Status` object with the HTTP code, a reason and a message, worded
 * as kube-apiserver words them.
 */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
    /** The Status's list metadata: a 410 for a compacted continue token carries a token that continues at the latest revision. */
    readonly continueToken?: string,
  ) {
    super(message);
  }

  status(): Record<string, unknown> {
    const metadata = this.continueToken ? { continue: this.continueToken } : {};
    return { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure', message: this.message, reason: this.reason, ...(this.details ? { details: this.details } : {}), code: this.code };
  }

  static unauthorized(): KubeApiError {
    return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
  }

  static forbidden(user: string, verb: string, resource: string, namespace: string | null): KubeApiError {
    const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    return new KubeApiError(403, 'Forbidden', `${resource} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "" ${where}`, { kind: resource });
  }

  static forbiddenPath(user: string, path: string): KubeApiError {
    return new KubeApiError(403, 'Forbidden', `forbidden: User "${user}" cannot get path "${path}"`, {});
  }

  static notFound(resource: string, name: string): KubeApiError {
    return new KubeApiError(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
  }

  static noRoute(): KubeApiError {
    return new KubeApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  }

  static badRequest(message: string, resource?: string): KubeApiError {
    return new KubeApiError(400, 'BadRequest', message, resource ? { kind: resource } : undefined);
  }

  static methodNotAllowed(method: string): KubeApiError {
    return new KubeApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`, {});
  }

  /**
   * A continue token whose revision has been compacted (apiserver's etcd3 store,
   * handleCompactedErrorForPaging): 410 Expired, with a token in the Status's metadata that
   * continues the list from the same key at the latest revision (an inconsistent list).
   */
  static expired(inconsistentContinue: string): KubeApiError {
    return new KubeApiError(
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      undefined,
      undefined,
      inconsistentContinue,
    );
  }

  static tooManyRequests(): KubeApiError {
    return new KubeApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }, 1);
  }
}
