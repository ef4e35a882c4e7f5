import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../src/core/model/model.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

/** Every file under `tests/fixtures/<name>`, with repo-style paths relative to that folder. */
export function loadFixture(name: string): SourceFile[] {
  const root = join(FIXTURES, name);
  return walk(root)
    .map((path) => ({ path: relative(root, path).split(sep).join('/'), content: readFileSync(path, 'utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}
