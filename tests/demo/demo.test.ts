import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { readDirectory } from '../../src/demo/files.js';
import { DEMO_OUTPUT_FILES, demoJson, renderTranscript, writeDemoOutput, type DemoJson } from '../../src/demo/output.js';
import { DEMO_APP_SLUG, runDemo, type DemoTranscript } from '../../src/demo/run.js';
import { readSide } from '../../src/demo/scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BASE = path.join(ROOT, 'examples/roadmap/base');
const HEAD = path.join(ROOT, 'examples/roadmap/head');
const NOW = '2026-11-26';
const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

const scratch = mkdtempSync(path.join(tmpdir(), 'roadmap-bot-demo-'));
let transcript: DemoTranscript;

beforeAll(async () => {
  transcript = await runDemo({ baseDir: BASE, headDir: HEAD, now: NOW });
}, 90_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function byApp(comments: { viaApp: string | null; body: string }[]): { body: string }[] {
  return comments.filter((comment) => comment.viaApp === DEMO_APP_SLUG);
}

describe('the demo on the example roadmap', () => {
  it('runs every step without an error the bot logged or a refused webhook', () => {
    expect(transcript.errors).toEqual([]);
    expect(transcript.steps.map((step) => step.number)).toEqual([1, 2, 3, 4]);
    for (const step of transcript.steps) {
      for (const delivery of step.deliveries) expect(delivery.status).toBe(200);
    }
  });

  it('syncs a goal label for every node of the base roadmap on installation', async () => {
    const { files } = await readDirectory(BASE);
    const { roadmap } = readSide(files);
    const names = transcript.labels.map((label) => label.name);
    expect(roadmap.nodes.length).toBe(13);
    for (const node of roadmap.nodes) expect(names).toContain(`goal:${node.id}`);
    const fastBuilds = transcript.labels.find((label) => label.name === 'goal:fast-builds');
    expect(fastBuilds?.description).toBe('Quill builds any documentation site in the blink of an eye');
    const created = transcript.steps[0].calls.filter((call) => call.kind === 'write' && call.summary.startsWith('create label'));
    expect(created).toHaveLength(13);
  });

  it('labels the issues the roadmap items reference', () => {
    const issue = (number: number) => transcript.issues.find((entry) => entry.number === number);
    expect(issue(91)?.labels).toContain('goal:live-preview');
    expect(issue(41)?.labels).toContain('goal:fast-builds');
    expect(issue(1)?.labels).toEqual([]);
  });

  it('replies once to the misspelled goal label, naming the closest goal label, and not to the known one', () => {
    const typo = transcript.issues.find((issue) => issue.labels.includes('goal:asset-pipline'));
    const known = transcript.issues.find((issue) => issue.labels.includes('goal:fast-builds') && issue.user === 'mona-contributor');
    expect(typo).toBeDefined();
    const replies = byApp(typo!.comments);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain('goal:asset-pipeline');
    expect(byApp(known!.comments)).toEqual([]);
  });

  it('keeps exactly one review comment on the pull request after two pushes, updated in place', () => {
    expect(transcript.pulls).toHaveLength(1);
    const step = transcript.steps[2];
    expect(step.deliveries.map((delivery) => `${delivery.event}.${delivery.action}`)).toEqual([
      'pull_request.opened',
      'pull_request.synchronize',
    ]);
    const reviews = byApp(transcript.pulls[0].comments).filter((comment) => comment.body.includes(REVIEW_MARKER));
    expect(reviews).toHaveLength(1);
    expect(transcript.prCommentCount).toBe(1);
    expect(step.calls.filter((call) => call.summary.startsWith('comment on'))).toHaveLength(1);
    expect(step.calls.filter((call) => call.summary.startsWith('update comment'))).toHaveLength(1);
  });

  it('says in the review comment that the target slipped, and shows the second push', () => {
    const comment = transcript.prComment ?? '';
    expect(comment).toContain(REVIEW_MARKER);
    expect(comment).toContain('fast-builds');
    expect(comment).toContain('Q1 2027');
    expect(comment).toContain('Q3 2027');
    // The second push re-dated the status quo the first review asked about.
    expect(comment).toContain('November 2026');
  });

  it('opens exactly one status issue for the week of --now', () => {
    const statusIssues = transcript.issues.filter(
      (issue) => issue.viaApp === DEMO_APP_SLUG && issue.body?.includes('<!-- roadmap-bot:weekly '),
    );
    expect(statusIssues).toHaveLength(1);
    expect(statusIssues[0].title).toBe('Roadmap status — 2026-W48');
    expect(statusIssues[0].labels).toContain('roadmap-status');
    expect(transcript.statusIssue?.number).toBe(statusIssues[0].number);
    expect(transcript.statusIssue?.body).toContain('<!-- roadmap-bot:weekly 2026-W48 -->');
  });

  it('reads the repository config the app finds on GitHub (colour from .github/roadmap-bot.yml)', () => {
    expect(transcript.labels.find((label) => label.name === 'goal:fast-builds')?.color).toBe('1d76db');
    expect(transcript.statusIssue?.body).not.toContain('Configuration problems');
  });

  it('prints every write with its step, then the comment and the status issue', () => {
    const text = renderTranscript(transcript);
    expect(text).toContain('POST   /repos/quill-docs/quill/labels  create label "goal:fast-builds"');
    expect(text).toMatch(/===== reply on issue #\d+ \(labels: goal:asset-pipline\) =====\n\n<!-- roadmap-bot:unknown-goal-label -->/);
    expect(text).toContain('===== pull-request comment on #');
    expect(text).toContain('===== status issue #');
    expect(text.indexOf('1. installation created')).toBeLessThan(text.indexOf('4. the weekly job'));
  });

  it('writes requests.json, pr-comment.md, status-issue.md and labels.md', async () => {
    const dir = path.join(scratch, 'output');
    await writeDemoOutput(transcript, dir);
    for (const file of DEMO_OUTPUT_FILES) expect(readFileSync(path.join(dir, file), 'utf8').length).toBeGreaterThan(0);
    const requests = JSON.parse(readFileSync(path.join(dir, 'requests.json'), 'utf8')) as { step: number; kind: string }[];
    expect(requests).toHaveLength(transcript.calls.length);
    expect(new Set(requests.map((request) => request.step))).toEqual(new Set([1, 2, 3, 4]));
    expect(readFileSync(path.join(dir, 'labels.md'), 'utf8')).toContain('| `goal:live-preview` | `#1d76db` |');
  });

  it('gives --json the shape { requests: [{method, path, body}], labels, issues, pulls } with comment bodies', () => {
    const json = demoJson(transcript);
    expect(Object.keys(json).sort()).toEqual(['issues', 'labels', 'pulls', 'requests']);
    expect(json.requests.length).toBeGreaterThan(0);
    for (const request of json.requests) expect(Object.keys(request).sort()).toEqual(['body', 'method', 'path']);
    expect(json.requests).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/repos/quill-docs/quill/labels',
        body: expect.objectContaining({ name: 'goal:fast-builds' }),
      }),
    );
    const commented = json.issues.find((issue) => issue.comments.length > 0);
    expect(typeof commented?.comments[0].body).toBe('string');
  });
});

describe('the demo with --base and --head', () => {
  function writeTree(root: string, files: Record<string, string>): void {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
  }

  it('seeds the two directories instead of the example, with the default config', async () => {
    const yaml = (target: string) =>
      [
        'goals:',
        '  - id: harbour-lights',
        '    title: 🎯 Every harbour light is automated',
        '    requires: [tide-tables]',
        '    statusQuo: { asOf: 2026-05, text: Half the lights are on timers. }',
        `    targets: [{ by: ${target}, text: All lights run themselves. }]`,
        '  - id: tide-tables',
        '    title: Tide tables are published weekly',
        '    items:',
        '      - { label: Publish the tables (#2), status: design }',
        '',
      ].join('\n');
    const base = path.join(scratch, 'custom-base');
    const head = path.join(scratch, 'custom-head');
    writeTree(base, { 'roadmap/harbour.yml': yaml('Q1 2027') });
    writeTree(head, { 'roadmap/harbour.yml': yaml('Q4 2027') });

    const custom = await runDemo({ baseDir: base, headDir: head, now: NOW });
    expect(custom.errors).toEqual([]);
    expect(custom.labels.map((label) => label.name)).toEqual(expect.arrayContaining(['goal:harbour-lights', 'goal:tide-tables']));
    expect(custom.issues.find((issue) => issue.number === 2)?.labels).toContain('goal:tide-tables');
    expect(custom.prCommentCount).toBe(1);
    expect(custom.prComment).toContain('Q4 2027');
    expect(custom.statusIssue?.body).toContain('harbour');
  }, 60_000);

  it('refuses a --base that does not exist with a usage error', async () => {
    let err = '';
    const code = await runCli(['demo', '--base', path.join(scratch, 'missing')], {
      stdout: () => undefined,
      stderr: (text) => {
        err += text;
      },
      stderrIsTTY: false,
      cwd: scratch,
      today: NOW,
    });
    expect(code).toBe(2);
    expect(err).toContain('--base does not exist');
  });
});

describe('roadmap-bot demo --json as a child process', () => {
  it('prints one JSON document on stdout and writes demo-output/ in its working directory', async () => {
    const cwd = path.join(scratch, 'child');
    mkdirSync(cwd, { recursive: true });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [TSX_CLI, path.join(ROOT, 'src/cli/main.ts'), 'demo', '--json', '--now', NOW],
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const json = JSON.parse(stdout) as DemoJson;
    expect(Object.keys(json).sort()).toEqual(['issues', 'labels', 'pulls', 'requests']);
    expect(json.labels.map((label) => label.name)).toContain('goal:goal-reach');
    expect(json.pulls[0].comments.some((comment) => comment.body.includes(REVIEW_MARKER))).toBe(true);
    expect(readFileSync(path.join(cwd, 'demo-output/status-issue.md'), 'utf8')).toContain('Roadmap status');
  }, 90_000);
});
