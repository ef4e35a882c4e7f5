/**
 * What the demo shows: the transcript as text (each step, its webhook, every
 * write the bot made, then the bot's replies on issues, the PR comment and
 * the status issue as Markdown),
 * the `--json` document, and the files under `demo-output/`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IssueRecord, LabelRecord, PullRequestRecord } from '../simulator/index.js';
import { DEMO_APP_SLUG, type DemoTranscript } from './run.js';

export const DEMO_OUTPUT_DIR = 'demo-output';
export const DEMO_OUTPUT_FILES = ['requests.json', 'pr-comment.md', 'status-issue.md', 'labels.md'] as const;

export interface DemoJson {
  requests: { method: string; path: string; body: unknown }[];
  labels: LabelRecord[];
  issues: IssueRecord[];
  pulls: PullRequestRecord[];
}

/** `--json`: every call the bot made, and the repository's labels, issues and pull requests with their comments. */
export function demoJson(transcript: DemoTranscript): DemoJson {
  return {
    requests: transcript.calls.map(({ method, path: requestPath, body }) => ({ method, path: requestPath, body })),
    labels: transcript.labels,
    issues: transcript.issues,
    pulls: transcript.pulls,
  };
}

/** The full status issue: its body, then the comments that continue it. */
export function statusIssueMarkdown(transcript: DemoTranscript): string | null {
  const issue = transcript.statusIssue;
  if (!issue) return null;
  return `${[issue.body, ...issue.continuation].map((part) => part.replace(/\n*$/, '')).join('\n\n---\n\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The repository's labels after the demo, with the issues that carry each. */
export function labelsMarkdown(transcript: DemoTranscript): string {
  const carriers = new Map<string, number[]>();
  for (const issue of transcript.issues) {
    for (const label of issue.labels) carriers.set(label, [...(carriers.get(label) ?? []), issue.number]);
  }
  const rows = [...transcript.labels]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((label) => {
      const issues = (carriers.get(label.name) ?? []).map((number) => `#${number}`).join(', ');
      return `| \`${cell(label.name)}\` | \`#${label.color}\` | ${cell(label.description ?? '')} | ${issues} |`;
    });
  return [
    `# Labels of ${transcript.repository} after the demo (${transcript.now})`,
    '',
    '| label | colour | description | issues |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The calls of a step in one line: `12 calls: 9 reads, 2 writes, 1 token`. */
function callCounts(calls: DemoTranscript['calls']): string {
  const count = (kind: string): number => calls.filter((call) => call.kind === kind).length;
  const parts = [`${count('read')} read${count('read') === 1 ? '' : 's'}`, `${count('write')} write${count('write') === 1 ? '' : 's'}`];
  if (count('auth') > 0) parts.push(`${count('auth')} installation token`);
  return `${calls.length} API call${calls.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}

function rule(title: string): string {
  return `\n===== ${title} =====\n\n`;
}

/** The demo as text: what the bot did at each step, then what it wrote. */
export function renderTranscript(transcript: DemoTranscript): string {
  const lines: string[] = [
    `roadmap-bot demo: the real app server against a simulated GitHub, repository ${transcript.repository}, now ${transcript.now}`,
  ];
  for (const step of transcript.steps) {
    lines.push('', `${step.number}. ${step.title}`);
    for (const delivery of step.deliveries) {
      lines.push(`   webhook ${delivery.event}.${delivery.action} (signed, delivery ${delivery.id.slice(0, 8)}) → HTTP ${delivery.status}`);
    }
    for (const note of step.notes) lines.push(`   ${note}`);
    lines.push(`   ${callCounts(step.calls)}; writes:`);
    const writes = step.calls.filter((call) => call.kind === 'write');
    if (writes.length === 0) lines.push('     (none)');
    for (const call of writes) lines.push(`     ${call.method.padEnd(6)} ${call.path}  ${call.summary}`);
  }
  lines.push('', `In all: ${callCounts(transcript.calls)}.`);
  if (transcript.errors.length > 0) {
    lines.push('', 'Problems:', ...transcript.errors.map((error) => `  - ${error}`));
  }
  let text = `${lines.join('\n')}\n`;
  const replies = transcript.issues.flatMap((issue) =>
    issue.number === transcript.statusIssue?.number
      ? []
      : issue.comments.filter((comment) => comment.viaApp === DEMO_APP_SLUG).map((comment) => ({ issue, body: comment.body })),
  );
  for (const { issue, body } of replies) {
    text += rule(`reply on issue #${issue.number} (labels: ${issue.labels.join(', ')})`);
    text += `${body.replace(/\n*$/, '')}\n`;
  }
  const pull = transcript.pulls[0];
  text += rule(
    `pull-request comment${pull ? ` on #${pull.number}` : ''} (${transcript.prCommentCount} review comment${transcript.prCommentCount === 1 ? '' : 's'})`,
  );
  text += transcript.prComment ? `${transcript.prComment.replace(/\n*$/, '')}\n` : '(no review comment was posted)\n';
  const issue = transcript.statusIssue;
  text += rule(issue ? `status issue #${issue.number}: ${issue.title}` : 'status issue');
  text += statusIssueMarkdown(transcript) ?? '(no status issue was posted)\n';
  return text;
}

/** Writes requests.json, pr-comment.md, status-issue.md and labels.md under `dir`; returns the paths written. */
export async function writeDemoOutput(transcript: DemoTranscript, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Record<(typeof DEMO_OUTPUT_FILES)[number], string> = {
    'requests.json': `${JSON.stringify(transcript.calls, null, 2)}\n`,
    'pr-comment.md': transcript.prComment ? `${transcript.prComment.replace(/\n*$/, '')}\n` : '(no review comment was posted)\n',
    'status-issue.md': statusIssueMarkdown(transcript) ?? '(no status issue was posted)\n',
    'labels.md': labelsMarkdown(transcript),
  };
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}
