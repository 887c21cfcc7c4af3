/**
 * CloudWatch Logs filter patterns for unstructured events: terms that must all appear
 * (`ERROR timeout`), quoted phrases (`"connection refused"`), alternatives (`?ERROR ?WARN`)
 * and exclusions (`ERROR -retry`). Matching is case-sensitive, as in CloudWatch Logs.
 * JSON (`{ $.level = ... }`) and space-delimited (`[ip, ...]`) patterns are refused.
 */
import { SimError } from '../http/types';

export type EventMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: unknown): EventMatcher {
  const text = typeof pattern === 'string' ? pattern.trim() : '';
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new SimError(
      'InvalidParameterException',
      'The sim supports terms, quoted phrases, ?alternatives and -exclusions in filterPattern; JSON and space-delimited patterns are not simulated.',
    );
  }
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const token of tokenize(text)) {
    if (token.prefix === '?') anyOf.push(token.term);
    else if (token.prefix === '-') excluded.push(token.term);
    else required.push(token.term);
  }
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (anyOf.length === 0 || anyOf.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}

interface Token {
  prefix: '' | '?' | '-';
  term: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // An optional ? or -, then a "quoted phrase" (with \" escapes) or a bare word.
  const re = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (term !== '') tokens.push({ prefix: m[1] as Token['prefix'], term });
  }
  return tokens;
}
