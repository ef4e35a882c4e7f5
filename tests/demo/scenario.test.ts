import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goalLabelName } from '../../src/core/model/labels.js';
import { changesBetween, readDirectory } from '../../src/demo/files.js';
import { requestKind, summarize } from '../../src/demo/requests.js';
import { chooseIssueLabels, issueSeeds, misspell, readSide, secondPushEdit } from '../../src/demo/scenario.js';
import type { RecordedRequest } from '../../src/simulator/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-11-26';

const labelOf = (id: string): string => goalLabelName(id, 'goal:').name;

describe('changesBetween', () => {
  it('lists new and edited files with their text and removed files as null', () => {
    expect(changesBetween({ a: '1', b: '2', c: '3' }, { a: '1', b: 'two', d: '4' })).toEqual({ b: 'two', d: '4', c: null });
  });
});

describe('issueSeeds', () => {
  it('puts each referenced issue at its number, titled after its item, with closed fillers in between', async () => {
    const { files } = await readDirectory(path.join(ROOT, 'examples/roadmap/base'));
    const seeds = issueSeeds(readSide(files).roadmap, 'quill-docs/quill');
    expect(seeds.map((seed) => seed.number)).toEqual(Array.from({ length: 95 }, (_, index) => index + 1));
    expect(seeds[90]).toEqual({ number: 91, title: 'Live reload of the browser preview', closed: false, filler: false });
    // "- [x] Profile the template engine on large sites (#38)" is done: its issue is closed.
    expect(seeds[37]).toMatchObject({ number: 38, closed: true, filler: false });
    expect(seeds[0]).toMatchObject({ filler: true, closed: true });
  });

  it('skips references to other repositories and numbers past the cap', () => {
    const { roadmap } = readSide({
      'roadmap/x.yml':
        'goals:\n  - id: x\n    title: X\n    items:\n      - { label: "Elsewhere (other/repo#3)" }\n      - { label: "Far away (#90000)" }\n',
    });
    expect(issueSeeds(roadmap, 'me/mine')).toEqual([]);
  });
});

describe('misspell', () => {
  it('drops a vowel two thirds of the way in, the way people mistype', () => {
    expect(misspell('asset-pipeline', labelOf, [labelOf('asset-pipeline')])).toBe('goal:asset-pipline');
  });

  it('never returns a typo that is another goal or that suggests another goal first', () => {
    const labels = ['ab', 'abc'].map(labelOf);
    const typo = misspell('abc', labelOf, labels);
    expect(typo).not.toBe(labelOf('ab'));
  });
});

describe('chooseIssueLabels', () => {
  it('uses the first top goal as the known label and misspells a group', async () => {
    const { files } = await readDirectory(path.join(ROOT, 'examples/roadmap/base'));
    const chosen = chooseIssueLabels(readSide(files).roadmap, 'goal:');
    expect(chosen?.known.label).toBe('goal:fast-builds');
    expect(chosen?.misspelled).toMatchObject({ label: 'goal:asset-pipline', meant: 'goal:asset-pipeline' });
  });

  it('gives nothing for an empty roadmap', () => {
    expect(chooseIssueLabels(readSide({}).roadmap, 'goal:')).toBeNull();
  });
});

describe('secondPushEdit', () => {
  it('re-dates the status quo whose text changed without its date', async () => {
    const base = (await readDirectory(path.join(ROOT, 'examples/roadmap/base'))).files;
    const head = (await readDirectory(path.join(ROOT, 'examples/roadmap/head'))).files;
    const edit = secondPushEdit(base, head, NOW);
    expect(Object.keys(edit?.changes ?? {})).toEqual(['roadmap/incremental-builds.md']);
    expect(edit?.changes['roadmap/incremental-builds.md']).toContain('## Status quo as of November 2026');
    expect(edit?.description).toContain('incremental-builds');
  });

  it('falls back to a whitespace edit of a changed roadmap file', () => {
    const base = { 'roadmap/a.yml': 'goals:\n  - id: a\n    title: A\n' };
    const head = { 'roadmap/a.yml': 'goals:\n  - id: a\n    title: A, renamed\n' };
    expect(secondPushEdit(base, head, NOW)).toEqual({
      changes: { 'roadmap/a.yml': `${head['roadmap/a.yml']}\n` },
      description: 'a whitespace-only edit of roadmap/a.yml',
    });
  });
});

describe('request summaries', () => {
  const request = (method: string, route: string | null, requestPath: string, body: unknown, status = 200): RecordedRequest => ({
    method,
    route,
    path: requestPath,
    body,
    status,
    query: {},
    tokenKind: 'installation',
  });

  it('classifies reads, writes, GraphQL queries and the token exchange', () => {
    expect(requestKind(request('GET', 'GET /repos/{owner}/{repo}', '/repos/o/r', null))).toBe('read');
    expect(requestKind(request('POST', 'POST /graphql', '/graphql', { query: 'query { viewer { login } }' }))).toBe('read');
    expect(requestKind(request('POST', 'POST /graphql', '/graphql', { query: 'mutation { x }' }))).toBe('write');
    expect(
      requestKind(request('POST', 'POST /app/installations/{installation_id}/access_tokens', '/app/installations/1/access_tokens', null)),
    ).toBe('auth');
    expect(
      requestKind(request('PATCH', 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', '/repos/o/r/issues/comments/5', {})),
    ).toBe('write');
  });

  it('says what each write did, and flags failures', () => {
    expect(summarize(request('POST', 'POST /repos/{owner}/{repo}/labels', '/repos/o/r/labels', { name: 'goal:x' }))).toBe(
      'create label "goal:x"',
    );
    expect(
      summarize(
        request('POST', 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', '/repos/o/r/issues/7/labels', { labels: ['goal:x'] }),
      ),
    ).toBe('add "goal:x" to #7');
    expect(
      summarize(
        request('POST', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', '/repos/o/r/issues/7/comments', {
          body: '<!-- m -->\n## Hello there',
        }),
      ),
    ).toBe('comment on #7: Hello there');
    expect(
      summarize(request('PATCH', 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', '/repos/o/r/issues/3', { state: 'closed' })),
    ).toBe('close #3');
    expect(summarize(request('POST', 'POST /repos/{owner}/{repo}/labels', '/repos/o/r/labels', { name: 'a' }, 422))).toBe(
      'create label "a" → 422',
    );
  });
});
