/**
 * SPEC §13 "Untrusted text and senders": one escaping function per context,
 * checked over hostile strings. Whatever a fork's roadmap holds, the escaped
 * text is one line, shows no bidi or zero-width control, mentions nobody,
 * holds no `<`, makes no live link and stays within its length bound — and,
 * parsed as GitHub-flavoured Markdown, it stays the inline text it was put in.
 */
import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import {
  MAX_USER_TEXT,
  escapeAnnotation,
  escapeCell,
  escapeInline,
  escapeLinkText,
  escapedLengthBound,
} from '../../src/core/markdown/escape.js';
import { nodesOf, parseGfm } from './markdown.js';

const RUNS = runs(500);

const PIECES = [
  '\n',
  '\r\n',
  '\u2028',
  '\u0085',
  '# heading\n',
  '## Status quo\n',
  '| a | b |\n|---|---|\n| c | d |\n',
  '- list item\n',
  '1. first\n',
  '> quote\n',
  '---\n',
  '===',
  '```\ncode\n```',
  '~~~',
  'https://evil.example/path?q=1',
  'http://x.y',
  'www.evil.example',
  'ftp://files.example',
  'mailto:a@b.example',
  'alice@example.com',
  '<https://evil.example>',
  '[click](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '[ref]: https://evil.example',
  '@octocat',
  '@org/team',
  '<img src=x onerror=alert(1)>',
  '<!-- roadmap-bot:snapshot {} -->',
  '&lt;',
  '&#64;',
  '\u202E',
  '\u202A',
  '\u2066',
  '\u2069',
  '\u200B',
  '\u200D',
  '\u200E',
  '\uFEFF',
  '\u061C',
  '\u0000',
  '\t',
  '|',
  '\\',
  '`',
  ' ',
  'a',
  '👩‍💻',
];

const hostile = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 25 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.tuple(fc.constantFrom(...PIECES), fc.integer({ min: 150, max: 3_000 })).map(([piece, times]) => piece.repeat(times)),
);

const BIDI_AND_INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const LIVE_MENTION = /(?<![\w`])@[A-Za-z0-9]/;
const ADDRESS = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:|xmpp:)/i;

/** The properties every context keeps. */
function expectSafeLine(escaped: string): void {
  expect(escaped).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
  // The only invisible characters left are the bot's own zero-width space after `@` and the joiners inside emoji.
  const withoutOwn = escaped
    .replace(/@\u200b/g, '@')
    .replace(/(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu, '');
  expect(withoutOwn.match(BIDI_AND_INVISIBLE)).toBeNull();
  expect(escaped).not.toMatch(LIVE_MENTION);
  expect(escaped).not.toContain('<');
  expect(escaped.length).toBeLessThanOrEqual(escapedLengthBound(MAX_USER_TEXT));
}

const LIVE_MARKUP = [
  'link',
  'image',
  'html',
  'linkReference',
  'imageReference',
  'definition',
  'heading',
  'list',
  'blockquote',
  'code',
  'thematicBreak',
  'table',
];

function expectNoLiveMarkup(tree: Root, allowed: string[] = []): void {
  for (const type of LIVE_MARKUP.filter((type) => !allowed.includes(type))) {
    expect(nodesOf(tree, type), type).toEqual([]);
  }
}

describe('escapeInline', () => {
  test('is one safe line that parses as one paragraph without links, HTML or blocks', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeInline(text);
        expectSafeLine(escaped);
        const tree = parseGfm(escaped);
        expect(tree.children.length).toBeLessThanOrEqual(1);
        if (tree.children.length === 1) expect(tree.children[0].type).toBe('paragraph');
        expectNoLiveMarkup(tree);
        // Also after the bot's own list bullet and heading marks: still one item, one heading.
        const item = parseGfm(`- ${escaped}`);
        expect(nodesOf(item, 'listItem')).toHaveLength(1);
        expectNoLiveMarkup(item, ['list']);
        const heading = parseGfm(`### ${escaped}`);
        expect(nodesOf(heading, 'heading')).toHaveLength(1);
        expectNoLiveMarkup(heading, ['heading']);
      }),
      RUNS,
    );
  });

  test.each([
    ['line one\n# heading\n| a | b |', 'line one # heading | a | b |'],
    ['# heading', '\\# heading'],
    ['1. first', '1\\. first'],
    ['see https://evil.example/x now', 'see `https://evil.example/x` now'],
    ['go to www.evil.example', 'go to `www.evil.example`'],
    ['mail alice@example.com', 'mail alice@\u200bexample.com'],
    ['abc\u202Edef\u2066', 'abc\uFFFDdef\uFFFD'],
    ['zero\u200Bwidth', 'zero\uFFFDwidth'],
    ['coder 👩‍💻', 'coder 👩‍💻'],
    ['#12 stays a reference', '#12 stays a reference'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeInline(text)).toBe(escaped);
  });

  test('clips a long string to 200 characters with an ellipsis', () => {
    const escaped = escapeInline('x'.repeat(100_000));
    expect(escaped).toBe(`${'x'.repeat(MAX_USER_TEXT - 1)}…`);
  });
});

describe('escapeCell', () => {
  test('keeps a table row to its own cells, with no links', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeCell(text);
        expectSafeLine(escaped);
        const tree = parseGfm(`| Node | After |\n|---|---|\n| ${escaped} | end |\n`);
        const tables = nodesOf(tree, 'table');
        expect(tables).toHaveLength(1);
        const rows = nodesOf(tables[0], 'tableRow');
        expect(rows).toHaveLength(2);
        expect(nodesOf(rows[1], 'tableCell')).toHaveLength(2);
        expectNoLiveMarkup(tree, ['table']);
      }),
      RUNS,
    );
  });
});

describe('escapeLinkText', () => {
  test('makes exactly the bot’s link, inside a table cell too', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeLinkText(text);
        expectSafeLine(escaped);
        const tree = parseGfm(`| Node |\n|---|\n| [${escaped}](https://github.com/o/r/blob/s/f.md#L1) |\n`);
        const links = nodesOf(tree, 'link');
        expect(links.map((link) => (link as { url: string }).url)).toEqual(['https://github.com/o/r/blob/s/f.md#L1']);
        expect(nodesOf(nodesOf(tree, 'table')[0], 'tableCell')).toHaveLength(2);
      }),
      RUNS,
    );
  });
});

describe('escapeAnnotation', () => {
  test('is one plain line with no address anyone is invited to follow', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeAnnotation(text);
        expectSafeLine(escaped);
        expect(escaped).not.toMatch(ADDRESS);
      }),
      RUNS,
    );
  });

  test('defangs addresses and shows tags without `<`', () => {
    expect(escapeAnnotation('see https://evil.example and www.x.example <b>\n# two')).toBe(
      'see https[:]//evil.example and www[.]x.example ‹b› # two',
    );
  });
});
