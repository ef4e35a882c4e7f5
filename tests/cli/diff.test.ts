import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { findingJson } from '../../src/cli/format.js';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { node, OPTIONS, roadmap } from '../drift/builders.js';
import { captureIo, copyRoadmap, EXAMPLE_BASE, EXAMPLE_HEAD, git, NOW, tempDir } from './helpers.js';

interface FindingJson {
  kind: string;
  node: string;
  item?: string;
  requiredBy?: string;
  file: string;
  line: number;
  before: string | null;
  after: string | null;
  days?: number;
}

async function diffJson(argv: string[], cwd: string): Promise<{ code: number; findings: FindingJson[]; err: string }> {
  const io = captureIo(cwd);
  const code = await runCli(['diff', '--json', '--now', NOW, ...argv], io);
  const parsed = JSON.parse(io.out()) as { findings: FindingJson[] };
  expect(Object.keys(parsed)).toEqual(['findings']);
  return { code, findings: parsed.findings, err: io.err() };
}

function expectExampleDrift(findings: FindingJson[]): void {
  expect(findings).toContainEqual({
    kind: 'target-slipped',
    node: 'fast-builds',
    file: 'roadmap/fast-builds.md',
    line: expect.any(Number),
    before: 'Q1 2027',
    after: 'Q3 2027',
    days: 183,
  });
  expect(findings).toContainEqual(
    expect.objectContaining({
      kind: 'status-quo-text-changed-date-unchanged',
      node: 'incremental-builds',
      file: 'roadmap/incremental-builds.md',
    }),
  );
  expect(findings).toContainEqual(
    expect.objectContaining({
      kind: 'item-status-changed',
      node: 'live-preview',
      item: expect.stringContaining('Live reload of the browser preview'),
      before: 'design',
      after: 'implementation',
    }),
  );
  expect(findings).toContainEqual(
    expect.objectContaining({ kind: 'node-added', node: 'versioned-docs', file: 'roadmap/versioned-docs.md' }),
  );
  for (const finding of findings) {
    const allowed = ['kind', 'node', 'item', 'requiredBy', 'file', 'line', 'before', 'after', 'days'];
    expect(Object.keys(finding).filter((key) => !allowed.includes(key))).toEqual([]);
  }
}

describe('roadmap-bot diff on a scratch repository', () => {
  const scratch = tempDir('diff');
  const repo = path.join(scratch.dir, 'quill');

  beforeAll(() => {
    mkdirSync(repo);
    git(repo, 'init', '--quiet', '--initial-branch=main');
    copyRoadmap(EXAMPLE_BASE, repo);
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'roadmap as of the base');
    git(repo, 'checkout', '--quiet', '-b', 'roadmap-update');
    copyRoadmap(EXAMPLE_HEAD, repo);
  });
  afterAll(() => scratch.remove());

  it('compares the merge base with the working tree by default', async () => {
    const { code, findings, err } = await diffJson([], repo);
    expect(err).toBe('');
    expect(code).toBe(0);
    expectExampleDrift(findings);
  });

  it('compares two commits with --base and --head, DIR given as an argument', async () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'slip fast builds, add versioned docs');
    const { code, findings } = await diffJson(['--base', 'main', '--head', 'roadmap-update', repo], scratch.dir);
    expect(code).toBe(0);
    expectExampleDrift(findings);
    const reversed = await diffJson(['--base', 'roadmap-update', '--head', 'main', repo], scratch.dir);
    expect(reversed.findings).toContainEqual(
      expect.objectContaining({ kind: 'target-pulled-in', node: 'fast-builds', before: 'Q3 2027', after: 'Q1 2027', days: -183 }),
    );
  });

  it('prints the pull-request comment as Markdown by default', async () => {
    const io = captureIo(repo);
    const code = await runCli(['diff', '--base', 'main', '--head', 'roadmap-update', '--now', NOW], io);
    expect(code).toBe(0);
    expect(io.out().startsWith(REVIEW_MARKER)).toBe(true);
    expect(io.out()).toContain('Q3 2027');
  });

  it('says so when the head no longer changes the roadmap', async () => {
    const io = captureIo(repo);
    const code = await runCli(['diff', '--base', 'roadmap-update', '--now', NOW], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('no longer changes the roadmap');
  });

  it('exits 1 when the head brings a new error', async () => {
    appendFileSync(path.join(repo, 'roadmap/reach.yml'), '\n  - id: broken\n    title: Broken\n    requires: [no-such-goal]\n');
    const { code, findings } = await diffJson(['--base', 'main'], repo);
    expect(code).toBe(1);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'node-added', node: 'broken' }));
    const markdown = captureIo(repo);
    expect(await runCli(['diff', '--base', 'main', '--now', NOW], markdown)).toBe(1);
    expect(markdown.out()).toContain('unknown-requires');
  });

  it('names an unknown --base ref', async () => {
    const io = captureIo(repo);
    expect(await runCli(['diff', '--base', 'no-such-ref', '--now', NOW], io)).toBe(2);
    expect(io.err()).toContain('roadmap-bot diff: unknown revision: no-such-ref');
  });

  it('explains how to fix running outside a git checkout', async () => {
    const outside = path.join(scratch.dir, 'plain');
    mkdirSync(outside);
    const io = captureIo(outside);
    expect(await runCli(['diff', '--now', NOW], io)).toBe(2);
    expect(io.err()).toBe(`roadmap-bot diff: not a git repository: ${outside} (run roadmap-bot diff inside a git checkout, or pass DIR)\n`);
  });
});

describe('findingJson', () => {
  it('keeps `item` for item findings only; a schedule conflict names the requiring node in `requiredBy`', () => {
    const base = roadmap([node('a', { requires: ['b'], targets: [['Q1 2025']] }), node('b', { items: [['Parser', 'design']] })]);
    const head = roadmap([
      node('a', { requires: ['b'], targets: [['Q1 2025']] }),
      node('b', { targets: [['Q3 2025', 14]], items: [['Parser', 'done']] }),
    ]);
    const json = diffRoadmaps(base, head, OPTIONS).findings.map(findingJson);
    expect(json).toContainEqual({
      kind: 'schedule-conflict',
      node: 'b',
      requiredBy: 'a',
      file: 'roadmap/b.md',
      line: 14,
      before: null,
      after: 'Q3 2025',
      days: 183,
    });
    expect(json).toContainEqual(expect.objectContaining({ kind: 'item-status-changed', node: 'b', item: 'Parser' }));
    expect(json.filter((finding) => finding.item !== undefined).map((finding) => finding.kind)).toEqual(['item-status-changed']);
  });
});
