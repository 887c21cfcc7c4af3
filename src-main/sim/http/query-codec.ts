/**
 * The AWS query protocol: form-encoded requests (`Action=GetCallerIdentity&Version=...`) and
 * XML responses. Used by STS and, from the AWS CLI, by CloudWatch.
 *
 * Decoding has no service model, so it is structural: `A.member.1.B=x` becomes
 * `{ A: [{ B: 'x' }] }`, `M.entry.1.key=k&M.entry.1.value=v` becomes `{ M: { k: 'v' } }`.
 * Scalars stay strings: a handler that reads a number or a timestamp from the query protocol
 * converts it itself. Encoding writes lists as `<member>` elements and maps (outputs marked
 * with wireMap) as `<entry><key/><value/></entry>` elements.
 */
import { JsonFragment } from './json-fragment';
import { isWireMap, type SimError } from './types';

type Node = Record<string, unknown> | unknown[];

/** Decodes a form body into the Action name and a nested input object. */
export function decodeQueryInput(body: string): { action: string | undefined; input: Record<string, unknown> } {
  const params = new URLSearchParams(body);
  const root: Record<string, unknown> = {};
  let action: string | undefined;
  for (const [key, value] of params) {
    if (key === 'Action') action = value;
    else if (key !== 'Version') setPath(root, key.split('.'), value);
  }
  return { action, input: collapseEntries(root) as Record<string, unknown> };
}

function setPath(root: Record<string, unknown>, segments: string[], value: string): void {
  let node: Node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    // `member.N` and `entry.N` address the N-th (1-based) element of a list.
    if ((segment === 'member' || segment === 'entry') && i + 1 < segments.length && /^\d+$/.test(segments[i + 1])) {
      continue;
    }
    const listIndex = /^\d+$/.test(segment) && i > 0 && (segments[i - 1] === 'member' || segments[i - 1] === 'entry');
    const key: string | number = listIndex ? Number(segment) - 1 : segment;
    if (last) {
      (node as Record<string | number, unknown>)[key] = value;
      return;
    }
    const nextIsList = segments[i + 1] === 'member' || segments[i + 1] === 'entry';
    const container = node as Record<string | number, unknown>;
    if (container[key] === undefined) container[key] = nextIsList ? markEntries([], segments[i + 1] === 'entry') : {};
    node = container[key] as Node;
  }
}

const ENTRY_LIST = Symbol('entryList');

function markEntries(list: unknown[], isEntries: boolean): unknown[] {
  if (isEntries) (list as unknown as Record<symbol, boolean>)[ENTRY_LIST] = true;
  return list;
}

/** Turns `entry` lists of {key, value} into maps, and drops holes left by sparse indexes. */
function collapseEntries(node: unknown): unknown {
  if (Array.isArray(node)) {
    const items = node.filter((item) => item !== undefined).map(collapseEntries);
    if ((node as unknown as Record<symbol, boolean>)[ENTRY_LIST]) {
      const map: Record<string, unknown> = {};
      for (const item of items as Array<Record<string, unknown>>) map[String(item.key)] = item.value;
      return map;
    }
    return items;
  }
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = collapseEntries(value);
    return out;
  }
  return node;
}

/** The XML document of a successful query-protocol response. */
export function encodeQueryOutput(operation: string, output: unknown, xmlNamespace: string | undefined, requestId: string): string {
  const ns = xmlNamespace ? ` xmlns="${escapeXml(xmlNamespace)}"` : '';
  return (
    `<${operation}Response${ns}>` +
    `<${operation}Result>${encodeMembers(output)}</${operation}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${operation}Response>`
  );
}

export function encodeQueryError(error: SimError, xmlNamespace: string | undefined, requestId: string): string {
  const ns = xmlNamespace ? ` xmlns="${escapeXml(xmlNamespace)}"` : '';
  return (
    `<ErrorResponse${ns}><Error><Type>${error.faultType}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function encodeMembers(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return '';
  let xml = '';
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || member === null) continue;
    xml += `<${key}>${encodeValue(member)}</${key}>`;
  }
  return xml;
}

function encodeValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${encodeValue(item)}</member>`).join('');
  if (isWireMap(value)) return encodeMap(value);
  if (value instanceof JsonFragment) return encodeValue(value.value());
  if (typeof value === 'object' && value !== null) return encodeMembers(value);
  return escapeXml(String(value));
}

/** A (non-flattened) map as AWS's query XML writes it: one `<entry>` per key. */
function encodeMap(map: Record<string, unknown>): string {
  let xml = '';
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined || value === null) continue;
    xml += `<entry><key>${escapeXml(key)}</key><value>${encodeValue(value)}</value></entry>`;
  }
  return xml;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}
