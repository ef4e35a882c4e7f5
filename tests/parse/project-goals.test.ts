import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeIndex, type SourceFile } from '../../src/core/model/model.js';
import { parseProjectGoals } from '../../src/core/roadmap/parse/project-goals.js';
import { analyseRoadmap, parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

const PREFIX = { labelPrefix: 'goal:' };
const files = loadFixture('project-goals');
const roadmap = parseRoadmap(files, PREFIX);
const nodes = nodeIndex(roadmap);
const node = (id: string) => {
  const found = nodes.get(id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

describe('project-goals pages (SPEC §2.4)', () => {
  it('reads the goals and the theme; a Not accepted page and a non-goal page are skipped', () => {
    expect(roadmap.nodes.map((n) => [n.id, n.kind, n.file])).toEqual([
      ['docs-search', 'group', 'src/2025h2/docs-search.md'],
      ['linker-rewrite', 'group', 'src/2026/linker-rewrite.md'],
      ['parallel-frontend', 'group', 'src/2026/parallel-frontend.md'],
      ['roadmap-faster-builds', 'goal', 'src/2026/roadmap-faster-builds.md'],
    ]);
  });

  it('id from the stem, title from the first heading (level 1 or 2), line of the title', () => {
    expect(node('parallel-frontend')).toMatchObject({ title: 'Parallel front end', line: 1 });
    expect(node('docs-search')).toMatchObject({ title: 'Search the docs offline', line: 1 });
  });

  it('owners: the point of contact, then task owners, without @, once each', () => {
    expect(node('parallel-frontend').owners).toEqual(['osprey', 'heron', 'kite']);
    expect(node('roadmap-faster-builds').owners).toEqual(['wren']);
  });

  it('tracking issues, cross-repository references kept', () => {
    expect(node('parallel-frontend').issues).toEqual([
      { repo: 'acme/goals', number: 41 },
      { repo: 'acme/compiler', number: 900 },
      { repo: 'acme/goals', number: 12 },
    ]);
    expect(node('docs-search').issues).toEqual([{ repo: null, number: 7 }]);
    expect(node('linker-rewrite').issues).toBeUndefined();
  });

  it('the period folder dates the status quo (its first month) and the target (its end); Timespan moves the end', () => {
    const frontend = node('parallel-frontend');
    expect(frontend.statusQuo).toMatchObject({ asOf: { text: 'January 2026', start: '2026-01-01' }, line: 18 });
    expect(frontend.statusQuo?.text).toBe('Type checking runs on one thread whatever the machine.');
    expect(frontend.targets).toHaveLength(1);
    expect(frontend.targets[0]).toMatchObject({ by: { text: '2027', end: '2027-12-31' }, line: 10 });
    expect(frontend.targets[0].text).toBe('Type-check independent modules on all cores.');
    expect(frontend.shinyFuture).toMatchObject({ text: 'Front-end time divides by the number of cores.', line: 22 });

    const search = node('docs-search');
    expect(search.statusQuo?.asOf).toMatchObject({ text: 'July 2025', start: '2025-07-01', end: '2025-07-31' });
    expect(search.targets[0]).toMatchObject({ by: { text: '2025h2', end: '2025-12-31' }, line: 1 });
  });

  it('task rows are the items, subgoals included: ✅ or a done/complete column is done, the rest not started', () => {
    const items = node('parallel-frontend').items;
    expect(items.map((item) => [item.label, item.status, item.done, item.line])).toEqual([
      ['Thread-safe interner', 'done', true, 30],
      ['Shard the query cache', 'not-started', false, 31],
      ['Benchmark on CI', 'not-started', false, 32],
      ['Work-stealing queue', 'done', true, 42],
      ['Fibers', 'done', true, 43],
      ['Priority by crate', 'not-started', false, 44],
    ]);
    expect(items[1].issues).toEqual([{ repo: 'acme/compiler', number: 901 }]);
    // The team-asks table is not work.
    expect(items.some((item) => item.label.includes('compiler'))).toBe(false);
    expect(node('docs-search').items.map((item) => item.done)).toEqual([true, false]);
  });

  it('a theme requires every goal whose Roadmap rows name it, by short title, title or link', () => {
    expect(node('roadmap-faster-builds').requires).toEqual(['linker-rewrite', 'parallel-frontend']);
    expect(node('roadmap-faster-builds').progress).toBeGreaterThan(0);
    const unknown = roadmap.diagnostics.filter((d) => d.code === 'unknown-requires');
    expect(unknown).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'src/2026/linker-rewrite.md', line: 8, node: 'linker-rewrite' }),
    ]);
    expect(unknown[0].message).toContain('Roadmap "Smaller binaries"');
  });

  it('a goal continued from an earlier period is one goal: its latest page, the older one noted', () => {
    expect(roadmap.diagnostics.filter((d) => d.code === 'duplicate-id')).toEqual([
      expect.objectContaining({ severity: 'info', file: 'src/2025h2/parallel-frontend.md', node: 'parallel-frontend' }),
    ]);
  });

  it('placeholders warn like in any page', () => {
    expect(roadmap.diagnostics.filter((d) => d.code === 'placeholder')).toEqual([
      expect.objectContaining({ file: 'src/2025h2/docs-search.md', line: 12, node: 'docs-search' }),
    ]);
  });

  it('time checks apply: an ended period is an overdue target, an old status quo is stale', () => {
    const checked = analyseRoadmap(files, { ...PREFIX, now: '2026-09-01', staleAfterDays: 180 });
    const found = (code: string) => checked.diagnostics.filter((d) => d.code === code).map((d) => d.node);
    expect(found('overdue-target')).toEqual(['docs-search']);
    expect(found('stale-status-quo')).toEqual(['docs-search', 'linker-rewrite', 'parallel-frontend', 'roadmap-faster-builds']);
  });

  it('a bad Timespan is an unparseable-date warning on its row; the folder still dates the goal', () => {
    const page: SourceFile = {
      path: 'src/2026/x.md',
      content: '# X\n\n| Metadata | |\n|---|---|\n| Status | Accepted |\n| Timespan | forever |\n',
    };
    const result = parseProjectGoals([page]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'unparseable-date', line: 6, node: 'x' })]);
    expect(result.nodes[0].targets[0].by.text).toBe('2026');
  });

  it('outside a period folder a page has no dates; a metadata table after other text is not this format', () => {
    const undated = parseProjectGoals([
      { path: 'goals/y.md', content: '# Y\n\n| Metadata | |\n|-|-|\n| Status | Accepted |\n\n### The status quo\n\nNow.\n' },
    ]);
    expect(undated.nodes[0].statusQuo).toMatchObject({ asOf: null, text: 'Now.' });
    expect(undated.nodes[0].targets).toEqual([]);
    const prose = parseProjectGoals([
      { path: 'src/2026/z.md', content: '# Z\n\nIntro.\n\n| Metadata | |\n|-|-|\n| Status | Accepted |\n' },
    ]);
    expect(prose.claimed.size).toBe(0);
  });
});

describe('project-goals pages never throw', () => {
  const cell = fc.oneof(
    fc.constantFrom(
      'Metadata',
      'Status',
      'Accepted',
      'Not accepted',
      'Roadmap',
      'Timespan',
      '2026-2020',
      'Task',
      'Owner(s)',
      '✅',
      '@x',
      '#3',
      'a/b#9',
      '![Complete][]',
      '[t](./roadmap-t.md)',
      '',
    ),
    fc.string({ maxLength: 12 }),
  );
  const line = fc.oneof(
    fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => `| ${cells.join(' | ')} |`),
    fc.constantFrom(
      '|---|---|',
      '# T',
      '## T',
      '### The status quo',
      '#### Sub',
      '### The "shiny future" we are working towards',
      '## Summary',
      '',
      '> quote',
      '<!-- x -->',
    ),
    fc.string({ maxLength: 30 }),
  );
  const page = fc.record({
    path: fc.constantFrom('src/2026/a.md', 'src/2025h2/a.md', 'src/2026/roadmap-t.md', 'src/9999h3/b.md', 'a.md'),
    content: fc.array(line, { maxLength: 25 }).map((lines) => ['# Title', '', '| Metadata | |', '|---|---|', ...lines].join('\n')),
  });

  it('any page, any set of pages: diagnostics with a file and line, unique ids, requires that exist', () => {
    fc.assert(
      fc.property(fc.array(page, { maxLength: 4 }), (pages) => {
        const result = parseRoadmap(pages, PREFIX);
        for (const found of result.diagnostics) {
          expect(found.line).toBeGreaterThanOrEqual(1);
          expect(pages.map((p) => p.path)).toContain(found.file);
        }
        expect(new Set(result.nodes.map((n) => n.id)).size).toBe(result.nodes.length);
      }),
      runs(500),
    );
  });
});
