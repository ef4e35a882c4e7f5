/**
 * Which repository files are roadmap files: those matching the config's
 * `roadmap.paths` globs.
 */
import picomatch from 'picomatch';
import { compareText } from '../model/diagnostics.js';

/** The paths (repo-relative, POSIX) matching any of `globs`, sorted and without repeats. Dot files match too. */
export function selectRoadmapFiles(paths: string[], globs: string[]): string[] {
  if (globs.length === 0) return [];
  const matches = picomatch(globs, { dot: true });
  const selected = new Set<string>();
  for (const path of paths) {
    const normalised = path.replace(/^\.\//, '');
    if (matches(normalised)) selected.add(normalised);
  }
  return [...selected].sort(compareText);
}
