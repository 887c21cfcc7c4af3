import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A comment that cites a doc points at a file of the repository: a clean clone has docs/ and
 * nothing beside the repository (the shared DESIGN.md a comment once cited is not in it).
 */
const ROOTS = ['src-main', 'src-renderer', 'scripts', 'tests'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|vue)$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'aws-models' ? [] : sources(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

describe('docs cited in the code', () => {
  const files = ROOTS.flatMap(sources);

  it('exist in docs/', () => {
    const missing: string[] = [];
    for (const file of files) {
      for (const [, doc] of readFileSync(file, 'utf8').matchAll(/\bdocs\/([\w-]+\.md)\b/g)) {
        if (!existsSync(join('docs', doc!))) missing.push(`${file}: docs/${doc}`);
      }
    }
    expect(files.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('are never outside the repository (DESIGN.md, ../shared)', () => {
    const outside = files.filter((f) => f !== join('tests', 'unit', 'lint', 'doc-references.test.ts') && /\bDESIGN\.md\b|\.\.\/shared\//.test(readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});

describe('files the docs name', () => {
  it('exist (a test or module renamed leaves no doc pointing at nothing)', () => {
    const docs = [...readdirSync('docs').filter((n) => n.endsWith('.md')).map((n) => join('docs', n)), 'README.md'];
    const missing: string[] = [];
    for (const doc of docs) {
      for (const [, path] of readFileSync(doc, 'utf8').matchAll(/`((?:src-main|src-renderer|tests|scripts|resources|docs)\/[\w./-]+)`/g)) {
        if (!existsSync(path!.replace(/\.$/, ''))) missing.push(`${doc}: ${path}`);
      }
    }
    expect(docs.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
