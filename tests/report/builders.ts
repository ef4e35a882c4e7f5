/**
 * Roadmaps built by hand for the report tests: the report reads the analysed
 * model, so these set progress and `done` directly instead of parsing files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFuzzyDate } from '../../src/core/model/dates.js';
import type { Item, Roadmap, RoadmapNode, SourceFile, StatusQuo, Target } from '../../src/core/model/model.js';
import { selectRoadmapFiles } from '../../src/core/roadmap/paths.js';
import { defaultStatusScale, itemProgress } from '../../src/core/model/statuses.js';

export function target(by: string, line = 10, file = 'roadmap/x.md'): Target {
  return { text: 'Where we want to be.', file, line, placeholder: false, by: toFuzzyDate(by) };
}

export function statusQuo(asOf: string | null, line = 5, file = 'roadmap/x.md'): StatusQuo {
  return { text: 'Where we are.', file, line, placeholder: false, asOf: asOf === null ? null : toFuzzyDate(asOf) };
}

export function item(label: string, status: string, file = 'roadmap/x.md', line = 20): Item {
  return {
    label,
    status,
    done: status === 'done',
    progress: itemProgress(status, defaultStatusScale()),
    issues: [],
    file,
    line,
  };
}

export function node(id: string, fields: Partial<RoadmapNode> = {}): RoadmapNode {
  const items = fields.items ?? [];
  const ownProgress = items.length === 0 ? 0 : items.reduce((sum, entry) => sum + entry.progress, 0) / items.length;
  return {
    id,
    title: id,
    kind: 'group',
    file: `roadmap/${id}.md`,
    line: 1,
    requires: [],
    items,
    statusQuo: null,
    targets: [],
    owners: [],
    description: [],
    ownProgress,
    progress: ownProgress,
    done: items.length > 0 && items.every((entry) => entry.done),
    ...fields,
  };
}

export function roadmap(nodes: RoadmapNode[], diagnostics: Roadmap['diagnostics'] = []): Roadmap {
  return {
    nodes,
    diagnostics,
    statuses: defaultStatusScale(),
    files: [...new Set(nodes.map((entry) => entry.file))].sort(),
  };
}

/**
 * A small site-generator roadmap: two 🎯 goals, groups beneath them, one
 * overdue target, one stale status quo, one target due soon, a placeholder.
 * Meant for `now = 2026-11-23` (a Monday, 2026-W48).
 */
export function exampleRoadmap(): Roadmap {
  const fastBuilds = node('fast-builds', {
    title: '🎯 Builds finish in under a second',
    kind: 'goal',
    requires: ['incremental', 'parallel-render'],
    owners: ['alice', '@bob'],
    statusQuo: statusQuo('March 2026', 5, 'roadmap/fast-builds.md'),
    targets: [target('summer 2026', 12, 'roadmap/fast-builds.md'), target('Q2 2027', 16, 'roadmap/fast-builds.md')],
    file: 'roadmap/fast-builds.md',
    progress: 0.4,
  });
  const incremental = node('incremental', {
    title: 'Incremental rebuilds',
    items: [item('Dependency graph', 'implementation'), item('Cache on disk', 'design')],
    statusQuo: statusQuo('2026-10'),
    targets: [target('2026-12-01')],
  });
  const parallel = node('parallel-render', {
    title: 'Render pages in parallel',
    requires: ['incremental'],
    items: [item('Worker pool', 'exploration')],
    statusQuo: { ...statusQuo('January 2024'), file: 'roadmap/parallel-render.md' },
  });
  const reach = node('reach', {
    title: '🎯 Writers everywhere use <Sitegen> & "friends"',
    kind: 'goal',
    requires: ['docs-site'],
    owners: ['carol'],
    statusQuo: statusQuo('2026-11-01', 3, 'roadmap/reach.yml'),
    targets: [{ ...target('2027', 8, 'roadmap/reach.yml'), text: '', placeholder: true }],
    file: 'roadmap/reach.yml',
    progress: 1,
  });
  const docs = node('docs-site', {
    title: 'Docs site',
    items: [item('Versioned docs', 'done')],
  });
  return roadmap([fastBuilds, incremental, parallel, reach, docs]);
}

/** The bundled example roadmap (`examples/roadmap/<side>`), read the way the CLI reads a directory. */
export function exampleFiles(side: 'base' | 'head'): SourceFile[] {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'roadmap', side);
  const paths = readdirSync(root, { recursive: true, encoding: 'utf8' }).map((path) => path.split(sep).join('/'));
  return selectRoadmapFiles(paths, ['roadmap/**/*.md', 'roadmap/**/*.yml', 'skill-trees/**/*.toml']).map((path) => ({
    path,
    content: readFileSync(join(root, path), 'utf8'),
  }));
}
