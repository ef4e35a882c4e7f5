import { describe, expect, it } from 'vitest';
import { goalLabelName, labelDescription } from '../../src/core/model/labels.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

describe('invalid UTF-8 (SPEC §4)', () => {
  // The fixture holds Latin-1 bytes (é as 0xE9) and stray 0xFF 0xFE: readers decode them as U+FFFD.
  const roadmap = parseRoadmap(loadFixture('issue-10/invalid-utf8'), { labelPrefix: 'goal:' });

  it('reads the file and warns once, at the first undecodable line, with the count', () => {
    const warnings = roadmap.diagnostics.filter((d) => d.code === 'unreadable-file');
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', file: 'roadmap/cafe.md', line: 2 })]);
    expect(warnings[0].message).toContain('4 characters');
    expect(warnings[0].message).toContain('UTF-8');
    expect(roadmap.nodes[0].statusQuo?.asOf?.text).toBe('2026-01');
  });

  it('never puts U+FFFD into a label name or description, and keeps such ids apart', () => {
    const node = roadmap.nodes[0];
    expect(node.id).toBe('caf\uFFFD-sync');
    const label = goalLabelName(node.id, 'goal:');
    expect(label.name).not.toContain('\uFFFD');
    expect(label.name).toMatch(/^goal:caf-sync-[0-9a-f]{6}$/);
    expect(label.truncated).toBe(false);
    expect(goalLabelName('caf\uFFFD\uFFFD-sync', 'goal:').name).not.toBe(label.name);
    expect(labelDescription(node.title)).toBe('Caf sync');
    expect(goalLabelName('plain', 'goal:')).toEqual({ name: 'goal:plain', truncated: false });
  });
});
