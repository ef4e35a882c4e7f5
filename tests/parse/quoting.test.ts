import { describe, expect, it } from 'vitest';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { clip, MAX_QUOTED_CHARS } from '../../src/core/model/diagnostics.js';
import { loadFixture } from './fixture-files.js';

const NOW = '2026-06-01';

describe('diagnostics quote at most 120 characters of user text (SPEC §3)', () => {
  it('cuts a long date, status and label in their messages, marking the cut', () => {
    const roadmap = analyseRoadmap(loadFixture('issue-10/long-text'), { now: NOW, staleAfterDays: 180, labelPrefix: 'goal:' });
    const date = roadmap.diagnostics.find((d) => d.code === 'unparseable-date');
    expect(date?.message).toContain('"when the privacy review, the legal review');
    expect(date?.message).toContain('…"');
    expect(date?.message).not.toContain('dashboard ships');
    const status = roadmap.diagnostics.find((d) => d.code === 'unknown-status');
    expect(status?.message).toContain('…"');
    expect(status?.message).not.toContain('docs-already');
  });

  it('cuts long ids in duplicate-id and unknown-requires messages', () => {
    const roadmap = analyseRoadmap(loadFixture('issue-10/long-text'), { now: NOW, staleAfterDays: 180, labelPrefix: 'goal:' });
    for (const code of ['duplicate-id', 'unknown-requires'] as const) {
      const found = roadmap.diagnostics.find((d) => d.code === code && d.file === 'roadmap/ids.yml');
      expect(found?.message).toContain('a-goal-whose-id-someone-generated');
      expect(found?.message).not.toContain('description-end');
    }
  });

  it('keeps a huge unparseable heading date message small', () => {
    const hostile = `# Huge\n\n## Where we want to be by ${'someday '.repeat(100_000)}\n\nText.\n`;
    const roadmap = analyseRoadmap([{ path: 'roadmap/huge.md', content: hostile }], {
      now: NOW,
      staleAfterDays: 180,
      labelPrefix: 'goal:',
    });
    const date = roadmap.diagnostics.find((d) => d.code === 'unparseable-date');
    expect(date).toBeDefined();
    for (const diagnostic of roadmap.diagnostics) expect(diagnostic.message.length).toBeLessThan(600);
  });

  it('clip never splits a surrogate pair and leaves short text alone', () => {
    expect(clip('short')).toBe('short');
    const emoji = `${'a'.repeat(MAX_QUOTED_CHARS - 1)}🎯🎯`;
    const cut = clip(emoji);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(cut.length).toBeLessThanOrEqual(MAX_QUOTED_CHARS + 1);
  });
});
