import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeCell, escapeInline } from '../../src/core/markdown/escape.js';

const RUNS = runs(1000);

/** Strings built from the characters that matter, so the properties hit the hard cases often. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom('@', '<', '!', '-', '>', '|', '\\', '[', ']', '(', ')', '`', '&', '\n', '\r', ' ', 'a', 'Z', '0', '#', '\u200b'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(tricky, fc.string({ maxLength: 60 }));

/** True when some `|` is not escaped by an odd run of backslashes before it. */
function hasBarePipe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '|') continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) return true;
  }
  return false;
}

describe('escapeInline', () => {
  test.each([
    ['Faster builds', 'Faster builds'],
    ['ping @octocat', 'ping @\u200boctocat'],
    ['team @org/team', 'team @\u200borg/team'],
    ['mail me at a@b.c', 'mail me at a@\u200bb.c'],
    ['a lone @ sign', 'a lone @ sign'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<!-- roadmap-bot:weekly 2026-W48 -->', '&lt;!-- roadmap-bot:weekly 2026-W48 --&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&lt; stays visible', '&amp;lt; stays visible'],
    ['[click](https://evil.example)', '\\[click\\](`https://evil.example)`'],
    ['![img](x.png)', '!\\[img\\](x.png)'],
    ['`code`', '\\`code\\`'],
    ['back\\slash', 'back\\\\slash'],
    ['\\[', '\\\\\\['],
    ['fixes #123 and owner/repo#4', 'fixes #123 and owner/repo#4'],
    ['a | b', 'a | b'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeInline(text)).toBe(escaped);
  });

  test('never lets a comment marker, an @-mention or a raw tag through', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = escapeInline(text);
        expect(escaped).not.toContain('<!--');
        expect(escaped).not.toContain('<');
        expect(escaped).not.toMatch(/@[A-Za-z0-9]/);
      }),
      RUNS,
    );
  });

  test('every [ ] and ` is escaped', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = escapeInline(text);
        // Drop escaped pairs (`\\` and `\x`) and the code spans around addresses: what remains must hold no bare bracket or backtick.
        expect(escaped.replace(/\\[\s\S]/g, '').replace(/`[^`]+`/g, '')).not.toMatch(/[[\]`]/);
      }),
      RUNS,
    );
  });

  test('keeps words of letters, digits and punctuation as they are', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z](?: ?[A-Za-z0-9.,:;!?#()-]){0,150}$/), (text) => {
        expect(escapeInline(text)).toBe(text);
      }),
      RUNS,
    );
  });
});

describe('escapeCell', () => {
  test.each([
    ['a | b', 'a \\| b'],
    ['line one\nline two', 'line one line two'],
    ['windows\r\nline', 'windows line'],
    ['old mac\rline', 'old mac line'],
    ['\\|', '\\\\\\|'],
    ['@hubot | <b>', '@\u200bhubot \\| &lt;b&gt;'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeCell(text)).toBe(escaped);
  });

  test('never holds a newline or an unescaped |, and escapes like escapeInline otherwise', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = escapeCell(text);
        expect(escaped).not.toMatch(/[\r\n]/);
        expect(hasBarePipe(escaped)).toBe(false);
        expect(escaped).not.toContain('<!--');
        expect(escaped).not.toMatch(/@[A-Za-z0-9]/);
      }),
      RUNS,
    );
  });
});
