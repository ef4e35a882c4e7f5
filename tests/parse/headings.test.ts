/**
 * Goal pages as people write them (SPEC §2.1, issue 10): forgiving section
 * headings, `unrecognised-heading` for the ones still not understood, and
 * misspelt statuses in task items.
 */
import { describe, expect, it } from 'vitest';
import { nodeIndex } from '../../src/core/model/model.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

const roadmap = analyseRoadmap(loadFixture('issue-10/headings'), { now: '2026-06-01', staleAfterDays: 3650, labelPrefix: 'goal:' });
const nodes = nodeIndex(roadmap);
const about = (id: string) => roadmap.diagnostics.filter((d) => d.node === id).map((d) => [d.code, d.line]);
const dates = (id: string) => {
  const node = nodes.get(id);
  return { asOf: node?.statusQuo?.asOf, targets: node?.targets.map((t) => [t.by.start, t.by.end, t.line]) };
};

describe('forgiving section headings', () => {
  it('reads dates in parentheses after "as of" and "by"', () => {
    expect(dates('offline-sync')).toEqual({
      asOf: { text: 'October 2025', start: '2025-10-01', end: '2025-10-31', precision: 'month' },
      targets: [['2027-06-01', '2027-08-31', 7]],
    });
    expect(nodes.get('offline-sync')?.statusQuo?.text).toBe('Edits made offline are lost when the tab closes.');
    expect(nodes.get('offline-sync')?.targets[0].text).toContain('Conflict markers, kept inside the target above.');
    // A sub-heading carrying only a year is the section's content; one naming a target is reported wherever it stands.
    expect(about('offline-sync')).toEqual([['unrecognised-heading', 15]]);
  });

  it('reads a page with only level-3 headings, dates after a dash, and keeps deeper headings in the section', () => {
    expect(dates('search')).toEqual({
      asOf: { text: 'Oct 2025', start: '2025-10-01', end: '2025-10-31', precision: 'month' },
      targets: [['2027-01-01', '2027-03-31', 7]],
    });
    expect(nodes.get('search')?.targets[0].text).toContain('Kept with the target above.');
    expect(about('search')).toEqual([]);
  });

  it('reads dates after a comma, "By <date>" and "- by"', () => {
    expect(dates('plugins')).toEqual({
      asOf: { text: 'March 2026', start: '2026-03-01', end: '2026-03-31', precision: 'month' },
      targets: [
        ['2026-12-31', '2026-12-31', 7],
        ['2027-07-01', '2027-12-31', 11],
      ],
    });
    expect(about('plugins')).toEqual([]);
  });

  it('reads dates after "as of:" and "by:"', () => {
    expect(dates('themes')).toEqual({
      asOf: { text: '2026-01-10', start: '2026-01-10', end: '2026-01-10', precision: 'day' },
      targets: [['2027-09-01', '2027-09-30', 7]],
    });
  });
});

describe('"The status quo"', () => {
  it('is a status quo section; with no date it is a missing date, not a lost heading', () => {
    expect(nodes.get('telemetry')?.statusQuo).toMatchObject({ asOf: null, text: 'Nothing is measured.', line: 3 });
    expect(about('telemetry')).toEqual([['missing-status-quo-date', 3]]);
  });
});

describe('which Markdown files are goal pages', () => {
  it('skips a page with no dated heading silently', () => {
    expect(nodes.has('SUMMARY')).toBe(false);
    expect(roadmap.diagnostics.filter((d) => d.file === 'roadmap/SUMMARY.md')).toEqual([]);
  });

  it('reads a page whose headings look dated but are not understood, and says so for each', () => {
    expect(nodes.get('history')).toMatchObject({ statusQuo: null, targets: [] });
    const warnings = roadmap.diagnostics.filter((d) => d.code === 'unrecognised-heading' && d.file === 'roadmap/history.md');
    expect(warnings.map((d) => [d.file, d.line, d.severity])).toEqual([
      ['roadmap/history.md', 3, 'warning'],
      ['roadmap/history.md', 7, 'warning'],
    ]);
    expect(warnings[0].message).toContain('"Status quo (circa 2024)"');
    expect(warnings[0].message).toContain('`## Status quo (as of <date>)`');
    expect(warnings[1].message).toContain('"Plans for 2027"');
  });
});

describe('placeholders', () => {
  it('a placeholder after an image is a placeholder, and the heading date still counts', () => {
    const sandbox = nodes.get('sandbox');
    expect(sandbox?.targets).toEqual([
      expect.objectContaining({ text: '', placeholder: true, by: expect.objectContaining({ end: '2022-08-31' }) }),
    ]);
    expect(about('sandbox')).toEqual([
      ['placeholder', 3],
      ['overdue-target', 3],
    ]);
  });
});

describe('two "Status quo" sections', () => {
  it('reads the newest and warns about each other one', () => {
    expect(nodes.get('accessibility')?.statusQuo).toMatchObject({ line: 7, text: 'Screen readers announce headings.' });
    const duplicates = roadmap.diagnostics.filter((d) => d.code === 'duplicate-section');
    expect(duplicates.map((d) => d.line)).toEqual([3, 11]);
    expect(duplicates[0].message).toContain('line 7 (as of June 2026)');
  });
});

describe('Markdown items', () => {
  it('warns about a misspelt status with a suggestion, like TOML and YAML', () => {
    const items = nodes.get('parser')?.items.map((item) => [item.label, item.status, item.done]);
    expect(items).toEqual([
      ['Parser', 'desing', false],
      ['Return `none` early', 'not-started', false],
      ['Support `async fn` in traits', 'not-started', false],
      ['Lexer (#12)', 'done', true],
    ]);
    const unknown = roadmap.diagnostics.filter((d) => d.code === 'unknown-status');
    expect(unknown).toEqual([expect.objectContaining({ file: 'roadmap/parser.md', line: 3, node: 'parser' })]);
    expect(unknown[0].message).toContain('Did you mean "design"');
  });
});
