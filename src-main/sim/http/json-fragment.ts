/**
 * Pre-encoded JSON for part of an output: a handler that can cache the encoded form of what
 * it returns (a task that has not changed since it was last described) hands the front door a
 * JsonFragment, whose UTF-8 bytes the JSON encoder splices into the body as they are, instead
 * of encoding the value again. Other readers get the value it stands for: the query protocol
 * encodes `value()`, a plain JSON.stringify gets it through toJSON, and onExchange listeners
 * see `withoutFragments()`.
 */
let collecting: Buffer[] | null = null;

// JSON.stringify writes U+0000 as the six characters \u0000: a placeholder no real string holds.
const MARK = '\u0000wharf-fragment:';
const PLACEHOLDER = /"\\u0000wharf-fragment:(\d+)"/g;

export class JsonFragment {
  constructor(
    /** The value's JSON as UTF-8, timestamps as epoch seconds (encodeJsonOutput's form). */
    readonly bytes: Buffer,
    private readonly decode: () => unknown,
  ) {}

  /** The value the JSON stands for (Dates for timestamps), built on demand. */
  value(): unknown {
    return this.decode();
  }

  toJSON(): unknown {
    if (!collecting) return this.decode();
    collecting.push(this.bytes);
    return `${MARK}${collecting.length - 1}`;
  }
}

/**
 * Runs a JSON.stringify call in which fragments leave placeholders; returns its text and the
 * fragments' bytes in placeholder order (empty when the value held none).
 */
export function stringifyCollecting(stringify: () => string): { text: string; pieces: Buffer[] } {
  const outer = collecting;
  const pieces: Buffer[] = [];
  collecting = pieces;
  try {
    return { text: stringify(), pieces };
  } finally {
    collecting = outer;
  }
}

/** The body: the text with every placeholder replaced by its fragment's bytes. */
export function spliceFragments(text: string, pieces: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(Buffer.from(text.slice(from, match.index)), pieces[Number(match[1])]);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(from)));
  return Buffer.concat(parts);
}

/** The output with every fragment replaced by its value (copies only what holds a fragment). */
export function withoutFragments(value: unknown): unknown {
  if (value instanceof JsonFragment) return value.value();
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const resolved = withoutFragments(item);
      if (resolved !== item) (copy ??= [...value])[i] = resolved;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const resolved = withoutFragments(item);
      if (resolved !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = resolved;
    }
    return copy ?? value;
  }
  return value;
}
