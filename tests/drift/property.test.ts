import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import type { FindingKind } from '../../src/core/review/findings.js';
import type { Diagnostic, Roadmap } from '../../src/core/model/model.js';
import { REVIEW_MARKER, renderReview } from '../../src/core/review/comment.js';
import { NOW, node, roadmap, type NodeSpec } from './builders.js';

const DATES = ['2023-06', 'Q3 2024', 'summer 2024', 'end of 2024', '2025', 'H1 2025', 'someday', 'FIXME', '2024-06-01', 'July 2024'];
const STATUSES = ['not-started', 'exploration', 'design', 'implementation', 'stabilization', 'done', '?', 'weird'];
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const TEXT = fc.string({ maxLength: 20 });

const nodeSpec: fc.Arbitrary<NodeSpec> = fc.record(
  {
    title: TEXT,
    file: fc.constantFrom('roadmap/a.md', 'roadmap/b.md', 'skill-trees/t.toml'),
    line: fc.integer({ min: 1, max: 50 }),
    requires: fc.subarray([...IDS, 'missing']),
    statusQuo: fc.tuple(fc.option(fc.constantFrom(...DATES), { nil: null }), TEXT),
    targets: fc.array(fc.tuple(fc.constantFrom(...DATES)), { maxLength: 3 }),
    items: fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', 'X '), fc.constantFrom(...STATUSES)), { maxLength: 4 }),
    done: fc.boolean(),
  },
  { requiredKeys: [] },
);

const diagnostic: fc.Arbitrary<Diagnostic> = fc.record({
  severity: fc.constantFrom('error', 'warning', 'info'),
  code: fc.constantFrom('placeholder', 'unknown-status', 'cycle'),
  file: fc.constant('roadmap/a.md'),
  line: fc.integer({ min: 1, max: 9 }),
  message: TEXT,
  node: fc.constantFrom(...IDS),
});

const anyRoadmap: fc.Arbitrary<Roadmap> = fc
  .tuple(
    fc.uniqueArray(fc.tuple(fc.constantFrom(...IDS), nodeSpec), { selector: ([id]) => id, maxLength: 6 }),
    fc.array(diagnostic, { maxLength: 4 }),
  )
  .map(([nodes, diagnostics]) =>
    roadmap(
      nodes.map(([id, spec]) => node(id, spec)),
      diagnostics,
    ),
  );

/** What the clock says about the head, listed only for nodes in files the pull request changes. */
const HEAD_STATE: ReadonlySet<FindingKind> = new Set(['status-quo-stale', 'target-overdue', 'status-quo-in-future']);

describe('drift properties', () => {
  it('a roadmap compared with itself reviews clean: no findings, no new diagnostics, ✅', () => {
    fc.assert(
      fc.property(anyRoadmap, (r) => {
        const drift = diffRoadmaps(r, r, { now: NOW, staleAfterDays: 180 });
        expect(drift.findings).toEqual([]);
        expect(drift.touchedNodes).toEqual([]);
        expect(drift.newDiagnostics).toEqual([]);
        const verdict = renderReview(drift, { repoUrl: 'https://github.com/o/r', headSha: '0123456789', labelPrefix: 'goal:' }).split(
          '\n\n',
        )[1];
        expect(verdict).toBe('✅ No drift');
      }),
    );
  });

  it('with files changed but not the roadmap, only what the clock says about nodes in those files is listed', () => {
    fc.assert(
      fc.property(anyRoadmap, fc.subarray(['roadmap/a.md', 'roadmap/b.md']), (r, changedFiles) => {
        const drift = diffRoadmaps(r, r, { now: NOW, staleAfterDays: 180, changedFiles });
        const inChangedFiles = new Set(r.nodes.filter((entry) => changedFiles.includes(entry.file)).map((entry) => entry.id));
        for (const finding of drift.findings) {
          expect(HEAD_STATE.has(finding.kind)).toBe(true);
          expect(inChangedFiles.has(finding.node)).toBe(true);
        }
        expect(drift.newDiagnostics).toEqual([]);
      }),
    );
  });

  it('any two roadmaps diff and render within the limit, with the marker first', () => {
    fc.assert(
      fc.property(anyRoadmap, anyRoadmap, fc.integer({ min: 200, max: 4000 }), (base, head, maxLength) => {
        const drift = diffRoadmaps(base, head, { now: NOW, staleAfterDays: 180 });
        const known = new Set([...base.nodes, ...head.nodes].map((entry) => entry.id));
        expect(drift.findings.every((finding) => known.has(finding.node))).toBe(true);
        const output = renderReview(drift, { repoUrl: 'https://github.com/o/r', headSha: '0123456789', maxLength, labelPrefix: 'goal:' });
        expect(output.length).toBeLessThanOrEqual(maxLength);
        expect(output.startsWith(REVIEW_MARKER)).toBe(true);
        expect(output.split(REVIEW_MARKER)).toHaveLength(2);
      }),
    );
  });
});
