/**
 * What never goes into the audit log: credentials and secret values that could ride along in
 * a `before`/`after` snapshot (an exec session's token, a task definition's environment values,
 * an ECR authorization token). Names stay, values go.
 */
const SECRET_KEYS = /^(accessKeyId|secretAccessKey|sessionToken|aws_access_key_id|aws_secret_access_key|aws_session_token|tokenValue|token|password|secret|authorizationToken|clientSecret|refreshToken|accessToken|credentials)$/i;
const ACCESS_KEY_ID = /\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g;
export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (typeof value === 'string') return value.replace(ACCESS_KEY_ID, REDACTED);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(key)) out[key] = REDACTED;
      else if (key === 'environment' && Array.isArray(v)) out[key] = v.map(hideEnvironmentValue);
      else out[key] = redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** `{ name, value }` of a container's environment: the name is useful, the value may be a secret. */
function hideEnvironmentValue(entry: unknown): unknown {
  if (entry && typeof entry === 'object' && 'value' in entry) return { ...(entry as object), value: REDACTED };
  return redact(entry, 1);
}
