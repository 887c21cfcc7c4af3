/**
 * What can be read back from a damaged JSON object (most often a file cut short by a crash
 * mid-write): every top-level member whose value is complete, and for a list cut short, its
 * complete items. Reading stops at the first thing that is not JSON.
 */
export interface Salvage {
  /** Members read in full. */
  complete: Record<string, unknown>;
  /** Lists cut short: the items that were complete. */
  partial: Record<string, unknown[]>;
}

export function salvageObject(text: string): Salvage {
  const out: Salvage = { complete: {}, partial: {} };
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return out;
  i++;
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === ',') i = skipSpace(text, i + 1);
    if (i >= text.length || text[i] === '}') return out;
    const keyEnd = valueEnd(text, i);
    if (keyEnd === null || text[i] !== '"') return out;
    let key: string;
    try {
      key = JSON.parse(text.slice(i, keyEnd)) as string;
    } catch {
      return out;
    }
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return out;
    i = skipSpace(text, i + 1);
    const end = valueEnd(text, i);
    if (end === null) {
      // Cut short inside this value: keep a list's complete items, and stop.
      if (text[i] === '[') out.partial[key] = completeItems(text, i);
      return out;
    }
    try {
      out.complete[key] = JSON.parse(text.slice(i, end));
    } catch {
      return out;
    }
    i = end;
  }
}

/** The complete items of a list that starts at `start` and is cut short. */
function completeItems(text: string, start: number): unknown[] {
  const items: unknown[] = [];
  let i = start + 1;
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === ',') i = skipSpace(text, i + 1);
    const end = valueEnd(text, i);
    if (end === null) return items;
    try {
      items.push(JSON.parse(text.slice(i, end)));
    } catch {
      return items;
    }
    i = end;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/**
 * Where the JSON value starting at `i` ends (exclusive), or null when the text ends first or
 * no value starts there. Strings are read with their escapes; brackets are counted.
 */
function valueEnd(text: string, i: number): number | null {
  if (i >= text.length) return null;
  const c = text[i];
  if (c === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return null;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') {
        const end = valueEnd(text, j);
        if (end === null) return null;
        j = end - 1;
      } else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return null;
  }
  // A number, true, false or null: up to the next delimiter, which must be there.
  let j = i;
  while (j < text.length && !/[\s,}\]]/.test(text[j])) j++;
  return j < text.length && j > i ? j : null;
}
