import { describe, expect, it } from 'vitest';
import {
  GOAL_LINK_MARKER,
  UNKNOWN_LABEL_MARKER,
  classifyGoalLabels,
  goalPath,
  nextTargetLine,
  renderGoalLink,
  renderUnknownLabelReply,
  statusQuoLine,
} from '../../src/core/issues/goal-comments.js';
import { blobUrl as blobLineUrl } from '../../src/core/markdown/links.js';
import { toFuzzyDate } from '../../src/core/model/dates.js';
import type { Roadmap, RoadmapNode, Target } from '../../src/core/model/model.js';

function node(id: string, fields: Partial<RoadmapNode> = {}): RoadmapNode {
  return {
    id,
    title: id.toUpperCase(),
    kind: 'group',
    file: `roadmap/${id}.md`,
    line: 1,
    requires: [],
    items: [],
    statusQuo: null,
    targets: [],
    owners: [],
    description: [],
    ownProgress: 0,
    progress: 0,
    done: false,
    ...fields,
  };
}

function target(by: string): Target {
  return { by: toFuzzyDate(by), text: '', file: 'f', line: 1, placeholder: false };
}

function roadmap(...nodes: RoadmapNode[]): Roadmap {
  return { nodes, diagnostics: [], statuses: { order: [], display: {} }, files: [] };
}

const where = {
  branch: 'main',
  sha: 'abcdef1234567890',
  globs: ['roadmap/**/*.md'],
  lineUrl: (file: string, line: number) => blobLineUrl('https://github.com/o/r', 'abcdef1234567890', file, line),
};

describe('goalPath', () => {
  // top ← mid ← leaf, plus other-top ← leaf directly, and a cycle x ↔ y.
  const map = roadmap(
    node('top', { kind: 'goal', title: '🎯 Top', requires: ['mid'] }),
    node('mid', { requires: ['leaf'] }),
    node('leaf'),
    node('far', { requires: ['near'] }),
    node('near', { requires: ['orphan'] }),
    node('orphan'),
    node('x', { requires: ['y'] }),
    node('y', { requires: ['x'] }),
  );

  it('walks up the requires edges to the nearest top goal', () => {
    expect(goalPath(map, 'leaf').map((n) => n.id)).toEqual(['top', 'mid', 'leaf']);
    expect(goalPath(map, 'top').map((n) => n.id)).toEqual(['top']);
  });

  it('without a top goal above, starts at the farthest ancestor; cycles end', () => {
    expect(goalPath(map, 'orphan').map((n) => n.id)).toEqual(['far', 'near', 'orphan']);
    expect(goalPath(map, 'x').map((n) => n.id)).toEqual(['y', 'x']);
    expect(goalPath(map, 'missing')).toEqual([]);
  });
});

describe('nextTargetLine and statusQuoLine', () => {
  const now = '2025-06-01';

  it('names the earliest target still ahead, else the latest overdue one', () => {
    expect(nextTargetLine(node('a', { targets: [target('2026'), target('Q3 2025'), target('2024')] }), now)).toBe(
      'Q3 2025 — due in 4 months (2025-09-30)',
    );
    expect(nextTargetLine(node('a', { targets: [target('2024-01'), target('2025-05-20')] }), now)).toBe(
      '2025-05-20 — overdue by 12 days (2025-05-20)',
    );
    expect(nextTargetLine(node('a', { targets: [target('2025-06-01')] }), now)).toBe('2025-06-01 — due today (2025-06-01)');
    expect(nextTargetLine(node('a', { targets: [target('2024')], done: true }), now)).toBe('none — the goal is done');
    expect(nextTargetLine(node('a', { targets: [target('someday')] }), now)).toBe('someday (not a date the bot understands)');
    expect(nextTargetLine(node('a'), now)).toBe('none set');
  });

  it('gives the status quo date with its age', () => {
    const statusQuo = (asOf: string | null) => ({
      text: 't',
      file: 'f',
      line: 1,
      placeholder: false,
      asOf: asOf === null ? null : toFuzzyDate(asOf),
    });
    expect(statusQuoLine(node('a', { statusQuo: statusQuo('2025-01') }), now)).toBe('as of 2025-01 (4 months old)');
    expect(statusQuoLine(node('a', { statusQuo: statusQuo('2025') }), now)).toBe('as of 2025 (current)');
    expect(statusQuoLine(node('a', { statusQuo: statusQuo(null) }), now)).toContain('undated');
    expect(statusQuoLine(node('a', { statusQuo: statusQuo('whenever') }), now)).toBe('as of whenever (not a date the bot understands)');
    expect(statusQuoLine(node('a'), now)).toBe('not written yet');
  });
});

describe('user text in the comments', () => {
  it('cannot mention anyone, inject HTML, forge a marker or turn into emphasis', () => {
    const hostile = node('evil', {
      kind: 'goal',
      title: `@everyone <img src=x> ${UNKNOWN_LABEL_MARKER}`,
      file: 'roadmap/(x) y.md',
    });
    const map = roadmap(hostile);
    const split = classifyGoalLabels(['goal:evil', 'goal:*bold*_@admin'], map, 'goal:');

    const link = renderGoalLink(split.known, map, '2025-06-01', where);
    const reply = renderUnknownLabelReply(split.unknown, 'goal:', where);

    for (const body of [link, reply]) {
      expect(body).not.toMatch(/@(everyone|admin)/);
      expect(body).not.toContain('<img');
    }
    expect(link.split(UNKNOWN_LABEL_MARKER)).toHaveLength(1);
    expect(link.startsWith(GOAL_LINK_MARKER)).toBe(true);
    expect(link).toContain('(https://github.com/o/r/blob/abcdef1234567890/roadmap/%28x%29%20y.md#L1)');
    expect(reply).toContain('**goal:\\*bold\\*\\_@\u200badmin**');
  });

  it('matches goal labels case-insensitively and by the configured prefix only', () => {
    const map = roadmap(node('async'));
    const split = classifyGoalLabels(['Goal:ASYNC', 'bug', 'goal:asynk'], map, 'goal:');
    expect(split.known.map((entry) => entry.label)).toEqual(['Goal:ASYNC']);
    expect(split.unknown).toEqual([{ label: 'goal:asynk', suggestions: ['goal:async'] }]);
  });
});
