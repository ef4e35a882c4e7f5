import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { weeklyMarker } from '../../src/core/weekly/snapshot.js';
import { supersededMarker } from '../../src/flows/weekly.js';
import { GALLERY_FILE, buildGallery, fenceFor, markdownExample } from '../../src/demo/gallery.js';

let generated = '';

beforeAll(async () => {
  generated = await buildGallery();
});

/** `line N: <on disk> ≠ <generated>` for the first line that differs. */
function firstDifference(onDisk: string, expected: string): string {
  const a = onDisk.split('\n');
  const b = expected.split('\n');
  const index = a.findIndex((line, i) => line !== b[i]);
  const at = index === -1 ? a.length : index;
  return `line ${at + 1}: ${JSON.stringify(a[at] ?? '<end of file>')} should be ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

/** Each `Markdown source` block: its fenced text and the text just before the block. */
function sourceBlocks(doc: string): { source: string; before: string }[] {
  const blocks: { source: string; before: string }[] = [];
  const opening = '<details><summary>Markdown source</summary>\n\n';
  for (let at = doc.indexOf(opening); at !== -1; at = doc.indexOf(opening, at + 1)) {
    const fence = /^(`{3,})markdown\n/.exec(doc.slice(at + opening.length));
    if (!fence) throw new Error(`a Markdown source block at offset ${at} has no fence`);
    const start = at + opening.length + fence[0].length;
    const end = doc.indexOf(`\n${fence[1]}\n`, start);
    blocks.push({ source: doc.slice(start, end), before: doc.slice(0, at) });
  }
  return blocks;
}

describe('docs/comments.md', () => {
  test('is what the generator writes from the code today', async () => {
    const onDisk = await readFile(GALLERY_FILE, 'utf8').catch(() => '');
    if (onDisk !== generated) {
      expect.fail(`docs/comments.md is out of date (${firstDifference(onDisk, generated)}): run npm run docs:gallery`);
    }
  });

  test('shows every kind of comment and issue, each found by its marker', () => {
    const sources = sourceBlocks(generated).map((block) => block.source);
    const markers = [
      UNKNOWN_LABEL_MARKER,
      GOAL_LINK_MARKER,
      '<!-- roadmap-bot:goal-command ',
      REVIEW_MARKER,
      weeklyMarker('2026-W48'),
      '<!-- roadmap-bot:snapshot {',
      supersededMarker('2026-W48'),
    ];
    for (const marker of markers) expect(sources.some((source) => source.includes(marker)), marker).toBe(true);
    expect(generated).toContain('Roadmap status — 2026-W48');
    expect(generated).toContain('🎯 Writers never leave their editor › Editors understand Quill pages › ');
    expect(generated).toContain('no longer changes the roadmap');
    expect(generated).toMatch(/conclusion `success`[\s\S]*conclusion `neutral`/);
    expect(generated).toContain('| `roadmap/incremental-builds.md` | 9 | warning |');
    expect(generated).toContain('| `goal:fast-builds` | Quill builds any documentation site in the blink of an eye | `#1d76db` |');
    expect(generated).toContain('| `roadmap-status` |');
  });

  test('each example is rendered first, then the same Markdown as its source', () => {
    const blocks = sourceBlocks(generated);
    expect(blocks.length).toBeGreaterThanOrEqual(12);
    for (const { source, before } of blocks) expect(before.endsWith(`${source}\n\n`)).toBe(true);
  });

  test('the weekly issue keeps its Mermaid chart, inside a longer fence in the source', () => {
    const weekly = sourceBlocks(generated).find((block) => block.source.includes(weeklyMarker('2026-W48')));
    expect(weekly?.source).toContain('```mermaid\nflowchart TD');
    expect(generated).toContain('````markdown\n<!-- roadmap-bot:weekly 2026-W48 -->');
  });

  test('every code fence it opens is closed', () => {
    let open: string | null = null;
    for (const line of generated.split('\n')) {
      const fence = /^(`{3,})/.exec(line)?.[1];
      if (!fence) continue;
      if (open === null) open = fence;
      else if (fence.length >= open.length && line.trim() === fence) open = null;
    }
    expect(open).toBeNull();
  });
});

describe('fenceFor', () => {
  test('is longer than any backtick run in the text, and three backticks at least', () => {
    expect(fenceFor('plain')).toBe('```');
    expect(fenceFor('`code` and ```js\nx\n```')).toBe('````');
    expect(fenceFor('`````')).toBe('``````');
  });

  test('a source block cannot be closed by the text it shows', () => {
    const body = 'before\n````\nafter';
    const example = markdownExample(body);
    expect(example.startsWith(`${body}\n\n<details><summary>Markdown source</summary>`)).toBe(true);
    expect(example).toContain(`\`\`\`\`\`markdown\n${body}\n\`\`\`\`\`\n`);
  });
});
