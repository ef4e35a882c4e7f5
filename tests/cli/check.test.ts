import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureIo, EXAMPLE_BASE, NOW, REPO_ROOT, tempDir } from './helpers.js';

const NODE_KEYS = ['file', 'id', 'items', 'kind', 'line', 'owners', 'progress', 'requires', 'statusQuo', 'targets', 'title'];
const DATE_KEYS = ['end', 'precision', 'start', 'text'];

interface DateJson {
  text: string;
  start: string | null;
  end: string | null;
  precision: string | null;
}
interface NodeJson {
  id: string;
  title: string;
  kind: string;
  file: string;
  line: number;
  requires: string[];
  items: { label: string; status: string; done: boolean; issues: { repo: string | null; number: number }[] }[];
  statusQuo: { asOf: DateJson | null; file: string; line: number } | null;
  targets: { by: DateJson; file: string; line: number }[];
  owners: string[];
  progress: number;
}
interface CheckJson {
  nodes: NodeJson[];
  diagnostics: { severity: string; code: string; file: string; line: number; message: string; node?: string }[];
}

async function checkExample(extra: string[] = []): Promise<{ code: number; json: CheckJson; err: string }> {
  const io = captureIo();
  const code = await runCli(['check', EXAMPLE_BASE, '--json', '--now', NOW, ...extra], io);
  return { code, json: JSON.parse(io.out()) as CheckJson, err: io.err() };
}

describe('roadmap-bot check --json on examples/roadmap/base', () => {
  it('exits 0 with every node in the documented shape', async () => {
    const { code, json, err } = await checkExample();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(Object.keys(json).sort()).toEqual(['diagnostics', 'nodes']);
    expect(json.nodes).toHaveLength(13);
    for (const node of json.nodes) {
      expect(Object.keys(node).sort()).toEqual(NODE_KEYS);
      for (const item of node.items) expect(Object.keys(item).sort()).toEqual(['done', 'issues', 'label', 'status']);
      if (node.statusQuo) {
        expect(Object.keys(node.statusQuo).sort()).toEqual(['asOf', 'file', 'line']);
        if (node.statusQuo.asOf) expect(Object.keys(node.statusQuo.asOf).sort()).toEqual(DATE_KEYS);
      }
      for (const target of node.targets) {
        expect(Object.keys(target).sort()).toEqual(['by', 'file', 'line']);
        expect(Object.keys(target.by).sort()).toEqual(DATE_KEYS);
      }
      expect(node.progress).toBeGreaterThanOrEqual(0);
      expect(node.progress).toBeLessThanOrEqual(1);
    }
    expect(json.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('finds the three top goals across Markdown, TOML and YAML', async () => {
    const { json } = await checkExample();
    const goals = json.nodes
      .filter((node) => node.kind === 'goal')
      .map((node) => node.id)
      .sort();
    expect(goals).toEqual(['fast-builds', 'goal-authoring', 'goal-reach']);
    const fast = json.nodes.find((node) => node.id === 'fast-builds');
    expect(fast?.owners).toEqual(['marta-lindqvist', 'obi-okafor']);
    expect(fast?.requires).toEqual(['incremental-builds', 'parallel-render', 'asset-pipeline', 'plugin-api']);
    expect(fast?.statusQuo?.asOf).toEqual({ text: 'September 2026', start: '2026-09-01', end: '2026-09-30', precision: 'month' });
    expect(fast?.targets.map((target) => target.by)).toEqual([
      { text: 'Q1 2027', start: '2027-01-01', end: '2027-03-31', precision: 'quarter' },
      { text: 'end of 2027', start: '2027-12-31', end: '2027-12-31', precision: 'day' },
    ]);
    const incremental = json.nodes.find((node) => node.id === 'incremental-builds');
    expect(incremental?.items[0]).toMatchObject({ status: 'done', done: true, issues: [{ repo: null, number: 22 }] });
    expect(incremental?.items[0].label).toMatch(/^Record page → template dependencies during rendering/);
    expect(incremental?.items[2]).toMatchObject({ status: 'design', done: false, issues: [{ repo: null, number: 24 }] });
    expect(incremental?.items[2].label).not.toContain('design');
  });

  it('merges the authoring page with its skill tree', async () => {
    const { json } = await checkExample();
    const authoring = json.nodes.find((node) => node.id === 'goal-authoring');
    expect(authoring).toMatchObject({
      kind: 'goal',
      file: 'skill-trees/authoring.toml',
      requires: ['live-preview', 'editor-integration'],
      statusQuo: { file: 'roadmap/authoring.md' },
    });
    expect(authoring?.targets.map((target) => target.by.text)).toEqual(['spring 2027', '2028']);
    expect(json.nodes.some((node) => node.id === 'authoring')).toBe(false);
  });

  it('warns about the placeholder, the overdue target, the stale status quo and the schedule conflict', async () => {
    const { json } = await checkExample();
    const found = json.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.node ?? ''}`.trim());
    expect(found).toEqual(
      expect.arrayContaining([
        'placeholder parallel-render',
        'overdue-target incremental-builds',
        'stale-status-quo asset-pipeline',
        'schedule-conflict translations',
      ]),
    );
  });

  it('reads only the --path globs when given', async () => {
    const { json } = await checkExample(['--path', 'roadmap/*.yml']);
    expect(json.nodes.map((node) => node.id)).toEqual(['goal-reach', 'accessibility', 'translations', 'offline-search']);
  });
});

describe('roadmap-bot check (text)', () => {
  it('prints the tree with bars and percentages, then file:line diagnostics', async () => {
    const io = captureIo();
    const code = await runCli(['check', 'examples/roadmap/base', '--now', NOW], io);
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^🎯 Quill builds any documentation site in the blink of an eye \[fast-builds\] {2}[▮▯]{5} \d+%$/m);
    expect(out).toMatch(/^├─ Incremental rebuilds \[incremental-builds\] {2}[▮▯]{5} \d+%$/m);
    expect(out).toMatch(/A stable plugin API \[plugin-api\] .*\(see above\)$/m);
    expect(out).toMatch(/^roadmap\/parallel-render\.md:\d+: warning placeholder: /m);
    expect(out).toMatch(/^13 nodes \(3 top goals\) in \d+ files, as of 2026-11-26: 0 errors, \d+ warnings$/m);
  });
});

describe('roadmap-bot check on a broken roadmap', () => {
  const scratch = tempDir('check');
  afterAll(() => scratch.remove());

  it('exits 1 on errors and prints config problems as warnings on stderr', async () => {
    mkdirSync(path.join(scratch.dir, 'roadmap'));
    mkdirSync(path.join(scratch.dir, '.github'));
    writeFileSync(path.join(scratch.dir, '.github/roadmap-bot.yml'), 'drift:\n  staleAfterDays: soon\n');
    writeFileSync(
      path.join(scratch.dir, 'roadmap/top.md'),
      '---\nid: top\nrequires: [missing-child]\n---\n# 🎯 Top\n\n## Status quo as of October 2026\n\nFine.\n',
    );
    const io = captureIo(scratch.dir);
    const code = await runCli(['check', '--now', NOW], io);
    expect(code).toBe(1);
    expect(io.out()).toMatch(/^roadmap\/top\.md:\d+: error unknown-requires: /m);
    expect(io.err()).toMatch(/^\.github\/roadmap-bot\.yml:2: warning invalid-config: drift\.staleAfterDays: /m);
  });

  it('cuts a requires cycle in the tree and marks ids nothing defines', async () => {
    mkdirSync(path.join(scratch.dir, 'loop/roadmap'), { recursive: true });
    writeFileSync(
      path.join(scratch.dir, 'loop/roadmap/loop.yml'),
      'goals:\n  - id: a\n    title: A\n    requires: [b, ghost]\n  - id: b\n    title: B\n    requires: [a]\n',
    );
    const io = captureIo(scratch.dir);
    expect(await runCli(['check', 'loop', '--now', NOW], io)).toBe(1);
    expect(io.out()).toContain(
      ['A [a]  ▯▯▯▯▯ 0%', '├─ B [b]  ▯▯▯▯▯ 0%', '│  └─ A [a]  ▯▯▯▯▯ 0%  ↻ cycle', '└─ ? ghost (not defined)'].join('\n'),
    );
    expect(io.out()).toMatch(/^roadmap\/loop\.yml:\d+: error cycle: /m);
  });

  it('prints a 10,000-node requires chain in a few lines, summing up what lies below the depth limit', async () => {
    mkdirSync(path.join(scratch.dir, 'chain/roadmap'), { recursive: true });
    const goals = Array.from({ length: 10_000 }, (_, index) =>
      index < 9_999 ? `  - id: c${index}\n    requires: [c${index + 1}]` : `  - id: c${index}`,
    );
    writeFileSync(path.join(scratch.dir, 'chain/roadmap/chain.yml'), `goals:\n${goals.join('\n')}\n`);
    const io = captureIo(scratch.dir);
    expect(await runCli(['check', 'chain', '--now', NOW], io)).toBe(0);
    const out = io.out();
    expect(out.length).toBeLessThan(200_000);
    const treeLines = out.split('\n\n')[0].split('\n');
    expect(treeLines).toHaveLength(13);
    expect(treeLines[11]).toMatch(/^ {30}└─ c11 \[c11\] /);
    expect(treeLines[12]).toBe(`${' '.repeat(33)}└─ … 9988 deeper levels (see roadmap-bot check --json)`);
    expect(out).not.toContain('[c12]');
    expect(out).toMatch(/^10000 nodes \(0 top goals\) in 1 file, as of 2026-11-26: 0 errors, 0 warnings$/m);
  });

  it('measures label-too-long with the configured label prefix', async () => {
    mkdirSync(path.join(scratch.dir, 'prefixed/roadmap'), { recursive: true });
    mkdirSync(path.join(scratch.dir, 'prefixed/.github'), { recursive: true });
    writeFileSync(path.join(scratch.dir, 'prefixed/roadmap/long.yml'), `goals:\n  - id: ${'a'.repeat(45)}\n`);
    const run = async (): Promise<string> => {
      const io = captureIo(scratch.dir);
      await runCli(['check', 'prefixed', '--now', NOW], io);
      return io.out();
    };
    expect(await run()).not.toContain('label-too-long');
    writeFileSync(path.join(scratch.dir, 'prefixed/.github/roadmap-bot.yml'), 'labels:\n  prefix: "roadmap-goal/"\n');
    expect(await run()).toMatch(/^roadmap\/long\.yml:2: warning label-too-long: The label "roadmap-goal\/a{45}" /m);
  });

  it('exits 2 naming a DIR that does not exist', async () => {
    const io = captureIo(scratch.dir);
    expect(await runCli(['check', 'no-such-dir'], io)).toBe(2);
    expect(io.err()).toContain('roadmap-bot check: DIR does not exist: no-such-dir');
    expect(io.err()).toContain('Usage: roadmap-bot check');
  });
});

describe('the roadmap-bot binary', () => {
  const run = promisify(execFile);
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

  it('prints check --json as a child process and exits 0', async () => {
    const { stdout } = await run(tsx, ['src/cli/main.ts', 'check', 'examples/roadmap/base', '--json', '--now', NOW], {
      cwd: REPO_ROOT,
    });
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.nodes).toHaveLength(13);
  });

  it('exits 2 on an unknown flag, naming it on stderr', async () => {
    const failure = await run(tsx, ['src/cli/main.ts', 'check', '--frobnicate'], { cwd: REPO_ROOT }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('roadmap-bot check: unknown option --frobnicate');
  });
});

describe('runCli', () => {
  it('suggests the closest command for a typo and exits 2', async () => {
    const io = captureIo();
    expect(await runCli(['chekc'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "chekc" (did you mean "check"?)');
  });

  it('prints the general usage for --help and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}check {2}/m);
    expect(io.out()).toMatch(/^ {2}diff {3}/m);
  });
});

describe('check --json rounds numbers (issue 10)', () => {
  it('prints progress to 4 decimals, never floating-point noise', async () => {
    const io = captureIo();
    const code = await runCli(
      ['check', path.join(REPO_ROOT, 'tests/fixtures/issue-10/json-numbers'), '--path', 'roadmap/*.yml', '--json', '--now', NOW],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('"progress": 0.1714\n');
    const json = JSON.parse(io.out()) as CheckJson;
    expect(json.nodes[0]).toMatchObject({ id: 'sync', line: 2 });
    for (const match of io.out().matchAll(/-?\d+\.(\d+)/g)) expect(match[1].length).toBeLessThanOrEqual(4);
  });
});
