import { describe, expect, it } from 'vitest';
import { blobUrl, fileLineLink, link } from '../../src/core/markdown/links.js';
import { barChange, details, detailsFrame, inlineCode, plural, signedDays, table } from '../../src/core/markdown/format.js';
import { escapeLinkText } from '../../src/core/markdown/escape.js';

describe('format helpers', () => {
  it('pluralises counts', () => {
    expect(plural(1, 'target')).toBe('1 target');
    expect(plural(0, 'target')).toBe('0 targets');
    expect(plural(3, 'status quo', 'status quos')).toBe('3 status quos');
  });

  it('builds a table from Markdown cells', () => {
    expect(
      table(
        ['A', 'B'],
        [
          ['1', '2'],
          ['3', '4'],
        ],
      ),
    ).toBe('| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |');
  });

  it('builds a collapsed details block', () => {
    expect(details('2 notes', '- one\n- two')).toBe('<details><summary>2 notes</summary>\n\n- one\n- two\n\n</details>');
    const { open, close } = detailsFrame('x');
    expect(`${open}body${close}`).toBe(details('x', 'body'));
  });

  it('builds blob URLs with encoded paths and line anchors', () => {
    expect(blobUrl('https://github.com/o/r/', 'abc', 'roadmap/a b (1).md', 12)).toBe(
      'https://github.com/o/r/blob/abc/roadmap/a%20b%20%281%29.md#L12',
    );
    expect(blobUrl('https://github.com/o/r', 'abc', 'roadmap/a.md')).toBe('https://github.com/o/r/blob/abc/roadmap/a.md');
  });

  it('links a file and line, escaping the file name as link text', () => {
    expect(fileLineLink('https://github.com/o/r', 'abc', 'roadmap/[x].md', 3)).toBe(
      '[roadmap/\\[x\\].md:3](https://github.com/o/r/blob/abc/roadmap/%5Bx%5D.md#L3)',
    );
    expect(link(escapeLinkText('a | @b'), 'https://x')).toBe('[a \\| @\u200bb](https://x)');
  });

  it('uses a code span only for plain ids, escaped text otherwise', () => {
    expect(inlineCode('goal:fast-builds')).toBe('`goal:fast-builds`');
    expect(inlineCode('a`b @c')).toBe('a\\`b @\u200bc');
    expect(inlineCode('<!-- roadmap-bot:pr-review -->')).toBe('&lt;!-- roadmap-bot:pr-review --&gt;');
  });

  it('writes signed day counts, with a rounder reading once it helps', () => {
    expect(signedDays(1)).toBe('+1 day');
    expect(signedDays(-3)).toBe('-3 days');
    expect(signedDays(45)).toBe('+45 days (6 weeks)');
    expect(signedDays(-400)).toBe('-400 days (1.1 years)');
  });

  it('shows a progress change as two bars', () => {
    expect(barChange(0.2, 1)).toBe('▮▯▯▯▯ → ▮▮▮▮▮');
  });
});
