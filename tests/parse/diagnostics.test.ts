import { describe, expect, it } from 'vitest';
import type { Diagnostic, DiagnosticCode, SourceFile } from '../../src/core/model/model.js';
import { analyseRoadmap, MAX_FILE_BYTES, MAX_FILES, parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

const NOW = '2026-01-15';

interface Expected {
  code: DiagnosticCode;
  severity: Diagnostic['severity'];
  file: string;
  line: number;
  node?: string;
  /** Words the message must contain: what is wrong and how to fix it. */
  mentions: string[];
}

const cases: Expected[] = [
  { code: 'parse-error', severity: 'error', file: 'skill-trees/broken.toml', line: 3, mentions: ['TOML', 'Fix'] },
  {
    code: 'missing-include',
    severity: 'error',
    file: 'skill-trees/main.toml',
    line: 3,
    mentions: ['parts/absent.toml', 'skill-trees/parts/absent.toml', 'relative to this file'],
  },
  {
    code: 'duplicate-id',
    severity: 'error',
    file: 'roadmap/b.yml',
    line: 4,
    node: 'search',
    mentions: ['roadmap/b.yml:4', 'roadmap/a.yml:2', 'rename'],
  },
  {
    code: 'unknown-requires',
    severity: 'error',
    file: 'roadmap/sync.yml',
    line: 7,
    node: 'weekly-report',
    mentions: ['"lable-sync"', 'Did you mean "label-sync"'],
  },
  {
    code: 'cycle',
    severity: 'error',
    file: 'roadmap/loop.yml',
    line: 2,
    node: 'alpha',
    mentions: ['alpha → beta → gamma → alpha', 'Remove'],
  },
  {
    code: 'unparseable-date',
    severity: 'warning',
    file: 'roadmap/vague.md',
    line: 3,
    node: 'vague',
    mentions: ['"sometime soonish"', 'Q2 2025'],
  },
  { code: 'placeholder', severity: 'warning', file: 'roadmap/empty.md', line: 3, node: 'empty', mentions: ['Shiny future', 'write'] },
  {
    code: 'unknown-status',
    severity: 'warning',
    file: 'skill-trees/tree.toml',
    line: 4,
    node: 'themes',
    mentions: ['"desing"', 'Did you mean "design"', 'not-started'],
  },
  { code: 'unknown-key', severity: 'warning', file: 'skill-trees/keys.toml', line: 3, mentions: ['`colour`', 'include'] },
  {
    code: 'missing-status-quo-date',
    severity: 'warning',
    file: 'roadmap/undated.md',
    line: 3,
    node: 'undated',
    mentions: ['Status quo as of <date>'],
  },
  {
    code: 'stale-status-quo',
    severity: 'warning',
    file: 'roadmap/old.md',
    line: 3,
    node: 'old',
    mentions: ['March 2023', '180 days', 'update'],
  },
  {
    code: 'overdue-target',
    severity: 'warning',
    file: 'roadmap/late.yml',
    line: 5,
    node: 'vim-mode',
    mentions: ['Q1 2025', '2025-03-31', 'move the target'],
  },
  {
    code: 'target-before-status-quo',
    severity: 'warning',
    file: 'roadmap/backwards.md',
    line: 7,
    node: 'backwards',
    mentions: ['Q3 2025', 'December 2025'],
  },
  {
    code: 'status-quo-in-future',
    severity: 'warning',
    file: 'roadmap/future.yml',
    line: 3,
    node: 'telemetry',
    mentions: ['March 2027', NOW],
  },
  {
    code: 'schedule-conflict',
    severity: 'warning',
    file: 'roadmap/schedule.yml',
    line: 8,
    node: 'new-parser',
    mentions: ['"new-parser"', '"release-2"', '2026-12-31', '2026-06-30'],
  },
  {
    code: 'label-too-long',
    severity: 'warning',
    file: 'roadmap/long.yml',
    line: 2,
    node: 'make-the-extension-marketplace-searchable-by-keyword',
    mentions: ['50 characters', 'shorter id'],
  },
];

describe('each diagnostic code from a minimal fixture', () => {
  it.each(cases)('$code', (expected) => {
    const roadmap = analyseRoadmap(loadFixture(`diagnostics/${expected.code}`), { now: NOW, staleAfterDays: 180, labelPrefix: 'goal:' });
    const found = roadmap.diagnostics.filter((d) => d.code === expected.code);
    expect(found).toHaveLength(1);
    const [diagnostic] = found;
    expect(diagnostic).toMatchObject({ severity: expected.severity, file: expected.file, line: expected.line });
    expect(diagnostic.node).toBe(expected.node);
    for (const words of expected.mentions) expect(diagnostic.message).toContain(words);
    // The fixture triggers its own code and nothing else.
    expect(roadmap.diagnostics.map((d) => d.code)).toEqual([expected.code]);
  });

  it('file-too-large: a file over 1,000,000 bytes is skipped with a warning', () => {
    // 400,000 three-byte characters: small in UTF-16 units, 1.2 MB in UTF-8.
    const big: SourceFile = { path: 'roadmap/big.yml', content: `goals:\n  - id: big\n    title: ${'€'.repeat(400_000)}\n` };
    const small: SourceFile = { path: 'roadmap/small.yml', content: 'goals:\n  - id: small\n' };
    const roadmap = parseRoadmap([big, small], { labelPrefix: 'goal:' });
    expect(roadmap.nodes.map((n) => n.id)).toEqual(['small']);
    expect(roadmap.files).toEqual(['roadmap/small.yml']);
    expect(roadmap.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-too-large', severity: 'warning', file: 'roadmap/big.yml', line: 1 }),
    ]);
    expect(roadmap.diagnostics[0].message).toContain(`${MAX_FILE_BYTES}`);
  });

  it('file-too-large: exactly 1,000,000 bytes is still read', () => {
    const header = 'goals:\n  - id: edge\n    title: ';
    const content = header + 'x'.repeat(MAX_FILE_BYTES - header.length - 1) + '\n';
    expect(parseRoadmap([{ path: 'roadmap/edge.yml', content }], { labelPrefix: 'goal:' }).nodes).toHaveLength(1);
  });

  it('too-many-files: past 2,000 files the rest (in path order) are skipped with one warning', () => {
    const files: SourceFile[] = Array.from({ length: MAX_FILES + 3 }, (_, index) => ({
      path: `roadmap/n${String(index).padStart(4, '0')}.yml`,
      content: `goals:\n  - id: n${index}\n`,
    }));
    const roadmap = parseRoadmap([...files].reverse(), { labelPrefix: 'goal:' });
    expect(roadmap.nodes).toHaveLength(MAX_FILES);
    expect(roadmap.nodes.at(-1)?.id).toBe(`n${MAX_FILES - 1}`);
    const warnings = roadmap.diagnostics.filter((d) => d.code === 'too-many-files');
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', file: `roadmap/n${MAX_FILES}.yml`, line: 1 })]);
    expect(warnings[0].message).toContain('roadmap.paths');
  });
});
