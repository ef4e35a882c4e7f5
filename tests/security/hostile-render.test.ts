/**
 * SPEC §13 "Untrusted text and senders", end to end through the core: a
 * fork's pull request whose YAML roadmap hides newlines, headings, tables,
 * list items, URLs and bidi controls in its dates, titles and item labels
 * gets a review comment and a weekly issue whose Markdown structure is only
 * the bot's own; and one enormous node cannot crowd the other findings out.
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import { buildWeeklyReport } from '../../src/core/weekly/report.js';
import { renderReview } from '../../src/core/review/comment.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { nodesOf, parseGfm } from './markdown.js';

const NOW = '2026-11-23';
const OPTIONS = { now: NOW, staleAfterDays: 180, labelPrefix: 'goal:' };
const REPO_URL = 'https://github.com/acme/widgets';
const HEAD_SHA = 'abcdef1234567890abcdef1234567890abcdef12';

const INJECTION = [
  '',
  '# Forged heading',
  '| forged | table |',
  '|---|---|',
  '| c | d |',
  '## Second forged heading',
  '- forged list item https://evil.example/x www.evil.example',
  '\u202Eevil\u2066 \u200Bhidden',
].join('\n');

/** A YAML double-quoted scalar: JSON's escapes (`\n`, `\u202e`) are YAML's too. */
const quoted = (text: string): string => JSON.stringify(text);

function yamlGoal(id: string, fields: { title: string; asOf: string; by: string; items: [string, string][] }): string[] {
  return [
    `  - id: ${quoted(id)}`,
    `    title: ${quoted(fields.title)}`,
    '    statusQuo:',
    `      asOf: ${quoted(fields.asOf)}`,
    '      text: Where things stand.',
    '    targets:',
    `      - by: ${quoted(fields.by)}`,
    '        text: Done.',
    '    items:',
    ...fields.items.flatMap(([label, status]) => [`      - label: ${quoted(label)}`, `        status: ${quoted(status)}`]),
  ];
}

function analyse(lines: string[]) {
  return analyseRoadmap([{ path: 'roadmap/goals.yml', content: ['goals:', ...lines, ''].join('\n') }], OPTIONS);
}

const headings = (tree: Root): string[] =>
  nodesOf(tree, 'heading').map((heading) => `${'#'.repeat((heading as { depth: number }).depth)} ${toString(heading)}`);
const tableHeaders = (tree: Root): string[] =>
  nodesOf(tree, 'table').map((table) =>
    nodesOf(nodesOf(table, 'tableRow')[0], 'tableCell')
      .map((cell) => toString(cell))
      .join(' | '),
  );
const linkUrls = (tree: Root): string[] => nodesOf(tree, 'link').map((link) => (link as { url: string }).url);

const BASE = analyse(yamlGoal('parser', { title: 'Parser', asOf: 'October 2026', by: 'Q1 2027', items: [['Lexer', 'design']] }));
const HOSTILE_HEAD = analyse(
  yamlGoal('parser', {
    title: `Parser${INJECTION}`,
    asOf: `November 2026${INJECTION}`,
    by: `Q3 2027${INJECTION}`,
    items: [[`Lexer${INJECTION}`, 'implementation']],
  }),
);

describe('a hostile fork roadmap', () => {
  it('cannot add headings, tables, list items, links or bidi controls to the review comment', () => {
    const body = renderReview(diffRoadmaps(BASE, HOSTILE_HEAD, OPTIONS), { repoUrl: REPO_URL, headSha: HEAD_SHA, labelPrefix: 'goal:' });
    const tree = parseGfm(body);
    for (const heading of headings(tree)) expect(['### Target dates', '### Status quo', '### Structure']).toContain(heading);
    for (const header of tableHeaders(tree)) expect(['Node | Before | After | Drift', 'Node | As of | Age | Finding']).toContain(header);
    for (const table of nodesOf(tree, 'table')) {
      for (const row of nodesOf(table, 'tableRow')) expect(nodesOf(row, 'tableCell')).toHaveLength(4);
    }
    for (const url of linkUrls(tree)) expect(url.startsWith(`${REPO_URL}/blob/${HEAD_SHA}/`)).toBe(true);
    // The bot's own list items only: one per structure finding, none from the injected `- forged list item`.
    for (const item of nodesOf(tree, 'listItem')) expect(toString(item)).not.toMatch(/^forged/);
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(body).toContain('`https://evil.example/x`');
  });

  it('cannot add headings, tables, list items, links or bidi controls to the weekly issue', () => {
    const report = buildWeeklyReport(HOSTILE_HEAD, { ...OPTIONS, dueSoonDays: 14, repoUrl: REPO_URL, headSha: HEAD_SHA });
    const tree = parseGfm(report.body);
    const own = headings(parseGfm(buildWeeklyReport(BASE, { ...OPTIONS, dueSoonDays: 14, repoUrl: REPO_URL, headSha: HEAD_SHA }).body));
    // The same outline as a tame roadmap's, but for the goal's own heading, which is its title on one line.
    expect(headings(tree).map((heading) => (heading.startsWith('### Parser') ? '### Parser' : heading))).toEqual(own);
    expect(headings(tree)).toContain(
      `### Parser # Forged heading | forged | table | |---|---|${' | c | d |'} ## Second forged heading - forged list item https://evil.example/x www.evil.example \uFFFDevil\uFFFD \uFFFDhidden`,
    );
    expect(tableHeaders(tree)).toEqual(tableHeaders(parseGfm(buildWeeklyReport(BASE, { ...OPTIONS, dueSoonDays: 14 }).body)));
    for (const url of linkUrls(tree)) expect(url.startsWith(`${REPO_URL}/`)).toBe(true);
    expect(report.body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
  });
});

describe('one enormous node', () => {
  it('does not crowd the other findings out of the review', () => {
    const warnings = Array.from({ length: 8 }, (_, index) =>
      yamlGoal(`goal-${index}`, {
        title: `Goal ${index}`,
        asOf: 'November 2026',
        by: 'Q3 2027',
        items: [['Work', `made-up-status-${index}`]],
      }),
    ).flat();
    const huge = yamlGoal('x'.repeat(3_000), {
      title: 'T'.repeat(100_000),
      asOf: 'November 2026',
      by: 'Q3 2027',
      items: [['Work', 'design']],
    });
    const drift = diffRoadmaps(
      BASE,
      analyse([
        ...yamlGoal('parser', { title: 'Parser', asOf: 'October 2026', by: 'Q1 2027', items: [['Lexer', 'design']] }),
        ...huge,
        ...warnings,
      ]),
      OPTIONS,
    );
    const body = renderReview(drift, { repoUrl: REPO_URL, headSha: HEAD_SHA, labelPrefix: 'goal:' });
    expect(body).not.toContain('not shown');
    for (let index = 0; index < 8; index++) expect(body).toContain(`made-up-status-${index}`);
    expect(body.length).toBeLessThan(20_000);
  });
});
