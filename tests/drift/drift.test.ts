import { describe, expect, it } from 'vitest';
import { diffRoadmaps, pairTargets, removedNodeIds, type Finding } from '../../src/core/review/drift.js';
import { analyseGraph } from '../../src/core/roadmap/graph.js';
import { NOW, OPTIONS, node, roadmap, target, warning, type NodeSpec } from './builders.js';

/** The findings of one node changing from `before` to `after` (same id). */
function diffNode(before: NodeSpec, after: NodeSpec, options = OPTIONS): Finding[] {
  return diffRoadmaps(roadmap([node('a', before)]), roadmap([node('a', after)]), options).findings;
}

function summary(findings: Finding[]): string[] {
  return findings.map(
    (finding) =>
      `${finding.kind} ${finding.node} ${finding.before} → ${finding.after}${finding.days === undefined ? '' : ` (${finding.days})`}`,
  );
}

describe('pairTargets', () => {
  const file = 'roadmap/a.md';

  it('pairs identical date text before pairing the rest in order', () => {
    const base = [target(file, 'Q1 2024', 10), target(file, 'Q3 2024', 11)];
    const head = [target(file, 'Q3 2024', 10), target(file, 'Q4 2024', 11)];
    const { pairs, added, removed } = pairTargets(base, head);
    expect(pairs.map(([before, after]) => [before.by.text, after.by.text])).toEqual([
      ['Q3 2024', 'Q3 2024'],
      ['Q1 2024', 'Q4 2024'],
    ]);
    expect(added).toEqual([]);
    expect(removed).toEqual([]);
  });

  it('pairs the rest in order of appearance and leaves the surplus as added or removed', () => {
    const base = [target(file, '2024', 10), target(file, '2025', 11), target(file, '2026', 12)];
    const head = [target(file, 'H1 2025', 10), target(file, 'H2 2025', 11)];
    const { pairs, added, removed } = pairTargets(base, head);
    expect(pairs.map(([before, after]) => [before.by.text, after.by.text])).toEqual([
      ['2024', 'H1 2025'],
      ['2025', 'H2 2025'],
    ]);
    expect(removed.map((entry) => entry.by.text)).toEqual(['2026']);
    expect(added).toEqual([]);
  });

  it('pairs repeated identical dates one to one, and ignores case and spacing', () => {
    const base = [target(file, 'Q3 2024', 10), target(file, 'Q3 2024', 11)];
    const head = [target(file, 'summer  2024', 10), target(file, 'q3 2024', 11)];
    const { pairs, removed } = pairTargets(base, head);
    expect(pairs.map(([before, after]) => [before.line, after.by.text])).toEqual([
      [11, 'summer  2024'],
      [10, 'q3 2024'],
    ]);
    expect(removed).toEqual([]);
  });
});

describe('target findings', () => {
  it('reports a slip with the shift in days (head end − base end) at the head line', () => {
    const findings = diffNode({ targets: [['Q1 2025', 10]] }, { targets: [['Q3 2025', 12]] });
    expect(findings).toEqual([
      { kind: 'target-slipped', node: 'a', file: 'roadmap/a.md', line: 12, before: 'Q1 2025', after: 'Q3 2025', days: 183 },
    ]);
  });

  it('pairs identical text first, so only the really moved target is reported', () => {
    const findings = diffNode({ targets: [['Q1 2025'], ['Q3 2025']] }, { targets: [['Q3 2025'], ['Q4 2025']] });
    expect(summary(findings)).toEqual(['target-slipped a Q1 2025 → Q4 2025 (275)']);
  });

  it('reports a pull-in with a negative shift', () => {
    const findings = diffNode({ targets: [['end of 2025']] }, { targets: [['2025-09-30']] });
    expect(summary(findings)).toEqual(['target-pulled-in a end of 2025 → 2025-09-30 (-92)']);
  });

  it('reports nothing when the date text changes but the due day does not', () => {
    expect(diffNode({ targets: [['2025']] }, { targets: [['end of 2025']] })).toEqual([]);
  });

  it('reports added and removed targets; a removed one keeps its base line', () => {
    expect(summary(diffNode({ targets: [] }, { targets: [['2026']] }))).toEqual(['target-added a null → 2026']);
    const removed = diffNode(
      {
        targets: [
          ['2025', 10],
          ['2026', 17],
        ],
      },
      { targets: [['2025', 10]] },
    );
    expect(removed).toEqual([{ kind: 'target-removed', node: 'a', file: 'roadmap/a.md', line: 17, before: '2026', after: null }]);
  });

  it('reports a date that cannot be compared as removed and added', () => {
    const findings = diffNode({ targets: [['someday']] }, { targets: [['Q3 2025']] });
    expect(summary(findings)).toEqual(['target-added a null → Q3 2025', 'target-removed a someday → null']);
  });

  it('reports an overdue head target of a touched node that is not done, with days past due', () => {
    const findings = diffNode({ targets: [['March 2024']] }, { targets: [['March 2024']], requires: ['b'] });
    expect(summary(findings)).toContain('target-overdue a null → March 2024 (62)');
    const done = diffNode({ targets: [['March 2024']] }, { targets: [['March 2024']], requires: ['b'], done: true });
    expect(done.map((finding) => finding.kind)).not.toContain('target-overdue');
  });

  it('reports a schedule conflict the head introduces on the required node, not one the base already had', () => {
    const base = roadmap([node('a', { requires: ['b'], targets: [['Q1 2025']] }), node('b', { targets: [['Q4 2024']] })]);
    const head = roadmap([node('a', { requires: ['b'], targets: [['Q1 2025']] }), node('b', { targets: [['Q3 2025', 14]] })]);
    const conflicts = diffRoadmaps(base, head, OPTIONS).findings.filter((finding) => finding.kind === 'schedule-conflict');
    expect(conflicts).toEqual([
      { kind: 'schedule-conflict', node: 'b', requiredBy: 'a', file: 'roadmap/b.md', line: 14, before: null, after: 'Q3 2025', days: 183 },
    ]);
    const again = diffRoadmaps(head, head, OPTIONS).findings.filter((finding) => finding.kind === 'schedule-conflict');
    expect(again).toEqual([]);
  });

  it('finds exactly the conflicts the schedule-conflict check reports, with the requiring node apart from item', () => {
    const head = roadmap([
      node('a', { requires: ['b', 'c', 'b', 'missing'], targets: [['Q1 2025']] }),
      node('b', { targets: [['Q3 2025', 14]] }),
      node('c', { requires: ['b'], targets: [['Q2 2025', 15]] }),
    ]);
    const checked = analyseGraph(head.nodes, { labelPrefix: 'goal:' }).filter((d) => d.code === 'schedule-conflict');
    const found = diffRoadmaps(roadmap([]), head, OPTIONS).findings.filter((finding) => finding.kind === 'schedule-conflict');
    expect(found.map((finding) => [finding.node, finding.requiredBy, finding.line, finding.item])).toEqual([
      ['b', 'a', 14, undefined],
      ['b', 'c', 14, undefined],
      ['c', 'a', 15, undefined],
    ]);
    expect(checked.map((d) => [d.node, d.line]).sort()).toEqual(found.map((finding) => [finding.node, finding.line]).sort());
  });

  it('judges a schedule conflict by the target each node is finally due by', () => {
    const base = roadmap([node('a', { requires: ['b'] }), node('b')]);
    const head = roadmap([node('a', { requires: ['b'], targets: [['Q1 2025'], ['Q4 2025']] }), node('b', { targets: [['Q3 2025']] })]);
    const kinds = diffRoadmaps(base, head, OPTIONS).findings.map((finding) => finding.kind);
    expect(kinds).not.toContain('schedule-conflict');
  });
});

describe('status quo findings', () => {
  it('flags an edited text whose "as of" date did not move', () => {
    const findings = diffNode({ statusQuo: ['2024-05', 'We ship nightly.'] }, { statusQuo: ['2024-05', 'We ship weekly.', 7] });
    expect(findings).toEqual([
      {
        kind: 'status-quo-text-changed-date-unchanged',
        node: 'a',
        file: 'roadmap/a.md',
        line: 7,
        before: '2024-05',
        after: '2024-05',
      },
    ]);
  });

  it('ignores whitespace-only edits', () => {
    expect(diffNode({ statusQuo: ['2024-05', 'We ship\nnightly.'] }, { statusQuo: ['2024-05', 'We ship nightly. '] })).toEqual([]);
  });

  it('reports a re-dating and a date moved backwards with the shift', () => {
    expect(summary(diffNode({ statusQuo: ['2024-01', 'old'] }, { statusQuo: ['2024-05', 'new'] }))).toEqual([
      'status-quo-redated a 2024-01 → 2024-05 (121)',
    ]);
    expect(summary(diffNode({ statusQuo: ['2024-05', 'old'] }, { statusQuo: ['2024-01', 'old'] }))).toEqual([
      'status-quo-date-backwards a 2024-05 → 2024-01 (-121)',
    ]);
  });

  it('counts a first date on a status quo as a re-dating without a shift', () => {
    expect(diffNode({ statusQuo: [null, 'old'] }, { statusQuo: ['2024-05', 'new'] })).toEqual([
      { kind: 'status-quo-redated', node: 'a', file: 'roadmap/a.md', line: 5, before: null, after: '2024-05' },
    ]);
  });

  it('reports a stale status quo of a touched node with its age', () => {
    const findings = diffNode({ statusQuo: ['June 2023', 'text'] }, { statusQuo: ['June 2023', 'text'], requires: ['x'] });
    expect(summary(findings)).toContain('status-quo-stale a null → June 2023 (337)');
    const fresh = diffNode(
      { statusQuo: ['June 2023', 'text'] },
      { statusQuo: ['June 2023', 'text'], requires: ['x'] },
      {
        now: NOW,
        staleAfterDays: 400,
      },
    );
    expect(fresh.map((finding) => finding.kind)).not.toContain('status-quo-stale');
  });

  it('reports a status quo dated after now on a touched node only; an untouched one is counted', () => {
    const edited = diffNode({ statusQuo: ['July 2024', 'text'] }, { statusQuo: ['July 2024', 'text'], targets: [['2025']] });
    expect(summary(edited)).toEqual(['target-added a null → 2025', 'status-quo-in-future a null → July 2024']);
    const unchanged = roadmap([node('a', { statusQuo: ['July 2024', 'text'] })]);
    const drift = diffRoadmaps(unchanged, unchanged, OPTIONS);
    expect(drift.findings).toEqual([]);
    expect(drift.touchedNodes).toEqual([]);
    expect(drift.untouched).toEqual({ stale: 0, overdue: 0, inFuture: 1 });
  });

  it('a status quo re-written with its date written another way still asks to re-date it', () => {
    const findings = diffNode({ statusQuo: ['March 2024', 'Old text.'] }, { statusQuo: ['2024-03', 'New text.'] });
    expect(summary(findings)).toEqual(['status-quo-text-changed-date-unchanged a March 2024 → 2024-03']);
    expect(diffNode({ statusQuo: ['March 2024', 'Same.'] }, { statusQuo: ['2024-03', 'Same.'] })).toEqual([]);
  });
});

describe('structure findings', () => {
  it('reports added and removed nodes; removed ones at the base with their open issues', () => {
    const base = roadmap([node('a'), node('gone', { line: 3 })]);
    const head = roadmap([node('a'), node('new', { line: 4 })]);
    const drift = diffRoadmaps(base, head, { ...OPTIONS, openIssuesByNode: { gone: 3 } });
    expect(drift.findings).toEqual([
      { kind: 'node-removed', node: 'gone', file: 'roadmap/gone.md', line: 3, before: 'Title of gone', after: null, openIssues: 3 },
      { kind: 'node-added', node: 'new', file: 'roadmap/new.md', line: 4, before: null, after: 'Title of new' },
    ]);
    expect(removedNodeIds(base, head)).toEqual(['gone']);
    expect(removedNodeIds(head, base)).toEqual(['new']);
    expect(removedNodeIds(base, base)).toEqual([]);
    const unknownIssues = diffRoadmaps(base, head, OPTIONS).findings.find((finding) => finding.kind === 'node-removed');
    expect(unknownIssues).not.toHaveProperty('openIssues');
    const noIssues = diffRoadmaps(base, head, { ...OPTIONS, openIssuesByNode: {} }).findings[0];
    expect(noIssues.openIssues).toBe(0);
    const prototypeName = diffRoadmaps(roadmap([node('constructor')]), roadmap([]), { ...OPTIONS, openIssuesByNode: {} });
    expect(prototypeName.findings[0].openIssues).toBe(0);
  });

  it('reports a changed set of requirements, but not a reordering', () => {
    expect(diffNode({ requires: ['b', 'c'] }, { requires: ['c', 'b'] })).toEqual([]);
    expect(diffNode({ requires: ['b', 'c'] }, { requires: ['c', 'd'] })).toEqual([
      { kind: 'requires-changed', node: 'a', file: 'roadmap/a.md', line: 1, before: 'b, c', after: 'c, d' },
    ]);
  });

  it('reports item status changes matched by label, flagging moves backwards', () => {
    const findings = diffNode(
      {
        items: [
          ['Async drop', 'design'],
          ['Traits', 'implementation'],
          ['Gone', 'done'],
        ],
      },
      {
        items: [
          ['New one', 'design'],
          ['async  drop', 'implementation', 40],
          ['Traits', 'exploration', 41],
        ],
      },
    );
    expect(findings).toEqual([
      {
        kind: 'item-status-changed',
        node: 'a',
        item: 'async  drop',
        file: 'roadmap/a.md',
        line: 40,
        before: 'design',
        after: 'implementation',
        backwards: false,
      },
      {
        kind: 'item-status-changed',
        node: 'a',
        item: 'Traits',
        file: 'roadmap/a.md',
        line: 41,
        before: 'implementation',
        after: 'exploration',
        backwards: true,
      },
    ]);
  });
});

describe('touched nodes and the untouched summary', () => {
  const oldNode = (id: string, extra: NodeSpec = {}) => node(id, { statusQuo: ['2023-01', 'text'], targets: [['2024-01']], ...extra });

  it('lists stale and overdue findings only for touched nodes and counts the others', () => {
    const base = roadmap([oldNode('a'), oldNode('b'), oldNode('c')]);
    const head = roadmap([oldNode('a', { requires: ['b'] }), oldNode('b'), oldNode('c')]);
    const drift = diffRoadmaps(base, head, OPTIONS);
    expect(drift.touchedNodes).toEqual(['a']);
    expect(drift.findings.map((finding) => `${finding.kind} ${finding.node}`)).toEqual([
      'target-overdue a',
      'status-quo-stale a',
      'requires-changed a',
    ]);
    expect(drift.untouched).toEqual({ stale: 2, overdue: 2, inFuture: 0 });
  });

  it('counts a node whose file the pull request changed as touched', () => {
    const base = roadmap([oldNode('a'), oldNode('b', { file: 'roadmap/shared.md' })]);
    const drift = diffRoadmaps(base, base, { ...OPTIONS, changedFiles: ['roadmap/shared.md'] });
    expect(drift.touchedNodes).toEqual(['b']);
    expect(drift.findings.map((finding) => `${finding.kind} ${finding.node}`)).toEqual(['target-overdue b', 'status-quo-stale b']);
    expect(drift.untouched).toEqual({ stale: 1, overdue: 1, inFuture: 0 });
  });

  it('counts removed nodes as touched', () => {
    const drift = diffRoadmaps(roadmap([node('a'), node('b')]), roadmap([node('a')]), OPTIONS);
    expect(drift.touchedNodes).toEqual(['b']);
  });
});

describe('order', () => {
  it('orders findings by node file and line, then by kind, whatever the node order', () => {
    const before = [
      node('z', { file: 'roadmap/a.md', line: 20, items: [['x', 'design']], targets: [['2025']] }),
      node('y', { file: 'roadmap/a.md', line: 2, requires: [] }),
      node('w', { file: 'roadmap/0.md' }),
    ];
    const after = [
      node('y', { file: 'roadmap/a.md', line: 2, requires: ['z'] }),
      node('z', { file: 'roadmap/a.md', line: 20, items: [['x', 'done']], targets: [['2026']], requires: ['y'] }),
    ];
    const expected = ['node-removed w', 'requires-changed y', 'target-slipped z', 'requires-changed z', 'item-status-changed z'];
    const drift = diffRoadmaps(roadmap(before), roadmap(after), OPTIONS);
    expect(drift.findings.map((finding) => `${finding.kind} ${finding.node}`)).toEqual(expected);
    const reversed = diffRoadmaps(roadmap([...before].reverse()), roadmap([...after].reverse()), OPTIONS);
    expect(reversed.findings).toEqual(drift.findings);
  });
});

describe('new diagnostics', () => {
  it('keeps head diagnostics the base did not have, by code, node and message, whatever their lines', () => {
    const base = roadmap(
      [node('a')],
      [warning('placeholder', 'a', 'Fill in the shiny future.', 3), warning('unknown-status', 'a', 'Unknown status `desing`.', 8)],
    );
    const head = roadmap(
      [node('a')],
      [
        warning('placeholder', 'a', 'Fill in the shiny future.', 9),
        warning('placeholder', 'a', 'Fill in the shiny future.', 12),
        warning('unknown-status', 'a', 'Unknown status `desing`.', 8),
        warning('unknown-status', 'b', 'Unknown status `desing`.', 8),
      ],
    );
    expect(diffRoadmaps(base, head, OPTIONS).newDiagnostics.map((d) => `${d.code} ${d.node} ${d.line}`)).toEqual([
      'placeholder a 12',
      'unknown-status b 8',
    ]);
  });

  it('does not count a line number quoted in the message as a new diagnostic', () => {
    const base = roadmap([node('a')], [warning('duplicate-id', 'a', 'Also defined at roadmap/b.md:3 and line 3.')]);
    const head = roadmap([node('a')], [warning('duplicate-id', 'a', 'Also defined at roadmap/b.md:5 and line 5.')]);
    expect(diffRoadmaps(base, head, OPTIONS).newDiagnostics).toEqual([]);
  });

  it('carries both roadmaps and now for the renderers', () => {
    const base = roadmap([node('a')]);
    const head = roadmap([node('b')]);
    const drift = diffRoadmaps(base, head, OPTIONS);
    expect(drift.base).toBe(base);
    expect(drift.head).toBe(head);
    expect(drift.now).toBe(NOW);
  });
});
