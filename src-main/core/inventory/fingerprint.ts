/**
 * A record's revision: a 53-bit hash of every field except its freshness (`fetchedAt`,
 * `stale`). Two polls that return the same data give the same fingerprint, so the model can
 * tell "unchanged" with one number per record instead of keeping a copy to compare against.
 */
export function fingerprint(record: { fetchedAt: number; stale: boolean }): number {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { fetchedAt, stale, ...fields } = record;
  return hash53(JSON.stringify(fields));
}

/** cyrb53 (public domain): fast, well-mixed; a collision would only hide one delta. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
