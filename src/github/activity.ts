/**
 * The linked issues' activity for the weekly status issue (SPEC §7), in few
 * calls however many issues carry goal labels (SPEC §12: the whole weekly
 * job stays within 25 calls for 2,000 linked issues):
 *
 * - one REST page per 100 labels lists the repository's labels — which goal
 *   labels exist, which name no node;
 * - one GraphQL query per 100 goal labels counts the open and all issues
 *   carrying each (`countIssuesByLabel`, the review's query too) instead of
 *   reading the issues themselves;
 * - one REST page per 100 issues *updated* since the start of the window
 *   gives the issues opened and closed in it, with titles. An issue that did
 *   not change cannot have been opened or closed, so nothing is missed.
 */
import type { GoalActivity, IssueSummary, RepoActivity } from '../core/weekly/report.js';
import { goalLabelName } from '../core/model/labels.js';
import type { GitHubClient, RepositoryRef } from './client.js';
import { countIssuesByLabel } from './labels.js';

export interface ActivityRequest extends RepositoryRef {
  /** The goal label prefix (`labels.prefix`). */
  prefix: string;
  /** Ids of the roadmap's nodes. */
  nodeIds: string[];
  /** Start of the window: issues opened or closed from here up to `now` count as this week's. */
  weekStart: Date;
  now: Date;
}

export interface RepositoryLabel {
  name: string;
  description: string | null;
}

/** A label with the number of issues carrying it. */
export interface LabelCount extends RepositoryLabel {
  open: number;
  total: number;
}

export interface ActivityResult {
  activity: RepoActivity;
  /** Every label of the repository (so the caller learns which exist without another call). */
  labels: RepositoryLabel[];
}

/** Every label of the repository: one call per 100. */
export async function fetchLabels(octokit: GitHubClient, repository: RepositoryRef): Promise<RepositoryLabel[]> {
  const labels: RepositoryLabel[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listLabelsForRepo, {
    owner: repository.owner,
    repo: repository.repo,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const label of page.data) labels.push({ name: label.name, description: label.description ?? null });
  }
  return labels;
}

/** Open and all issues (not pull requests) carrying each label: one call per 100 labels. */
export async function fetchLabelCounts(octokit: GitHubClient, repository: RepositoryRef, labels: RepositoryLabel[]): Promise<LabelCount[]> {
  const counts = await countIssuesByLabel(
    octokit,
    repository,
    labels.map((label) => label.name),
  );
  return labels.map((label) => ({ ...label, ...(counts.get(label.name) ?? { open: 0, total: 0 }) }));
}

interface ChangedIssue {
  number: number;
  title: string;
  html_url: string;
  state: string;
  created_at: string;
  closed_at: string | null;
  labels: (string | { name?: string | null })[];
  pull_request?: unknown;
}

/** Issues (not pull requests) updated at or after `since`: one call per 100 issues and pull requests. */
export async function fetchIssuesUpdatedSince(octokit: GitHubClient, repository: RepositoryRef & { since: Date }): Promise<ChangedIssue[]> {
  const issues: ChangedIssue[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    owner: repository.owner,
    repo: repository.repo,
    state: 'all',
    since: repository.since.toISOString(),
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  for await (const page of pages) {
    for (const issue of page.data as ChangedIssue[]) {
      if (issue.pull_request) continue;
      issues.push(issue);
    }
  }
  return issues;
}

function labelName(label: string | { name?: string | null }): string {
  return typeof label === 'string' ? label : (label.name ?? '');
}

function summary(issue: ChangedIssue): IssueSummary {
  return {
    number: issue.number,
    title: issue.title,
    url: issue.html_url,
    state: issue.state === 'closed' ? 'closed' : 'open',
  };
}

function within(timestamp: string | null, start: Date, end: Date): boolean {
  if (!timestamp) return false;
  const time = Date.parse(timestamp);
  return time >= start.getTime() && time <= end.getTime();
}

/**
 * Combines the label counts and the changed issues into the report's view.
 * A goal-prefixed label that names no node is a *removed node's* label when
 * it has a description (the label sync always writes the node's title
 * there), else an *unknown* label — typically one GitHub created on the fly
 * for a misspelling — listed only while open issues carry it.
 */
export function summariseActivity(
  request: Pick<ActivityRequest, 'prefix' | 'nodeIds' | 'weekStart' | 'now'>,
  labels: LabelCount[],
  issues: ChangedIssue[],
): RepoActivity {
  const nodeByLabel = new Map<string, string>();
  for (const id of request.nodeIds) {
    const key = goalLabelName(id, request.prefix).name.toLowerCase();
    if (!nodeByLabel.has(key)) nodeByLabel.set(key, id);
  }
  const byNode: Record<string, GoalActivity> = Object.create(null) as Record<string, GoalActivity>;
  const entryFor = (id: string): GoalActivity => {
    byNode[id] ??= { opened: [], closed: [], open: 0, total: 0 };
    return byNode[id];
  };

  const prefix = request.prefix.toLowerCase();
  const unknownLabels: RepoActivity['unknownLabels'] = [];
  const removedNodeLabels: string[] = [];
  for (const label of labels) {
    const node = nodeByLabel.get(label.name.toLowerCase());
    if (node !== undefined) {
      const entry = entryFor(node);
      entry.open += label.open;
      entry.total += label.total;
    } else if (label.name.toLowerCase().startsWith(prefix)) {
      if (label.description?.trim()) removedNodeLabels.push(label.name);
      else if (label.open > 0) unknownLabels.push({ name: label.name, open: label.open });
    }
  }

  const byNumber = (a: IssueSummary, b: IssueSummary): number => a.number - b.number;
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const nodes = new Set<string>();
    for (const label of issue.labels) {
      const node = nodeByLabel.get(labelName(label).toLowerCase());
      if (node !== undefined) nodes.add(node);
    }
    if (nodes.size === 0) continue;
    const opened = within(issue.created_at, request.weekStart, request.now);
    const closed = issue.state === 'closed' && within(issue.closed_at, request.weekStart, request.now);
    for (const node of nodes) {
      const entry = entryFor(node);
      if (opened) entry.opened.push(summary(issue));
      if (closed) entry.closed.push(summary(issue));
    }
  }
  for (const entry of Object.values(byNode)) {
    entry.opened.sort(byNumber);
    entry.closed.sort(byNumber);
  }
  unknownLabels.sort((a, b) => b.open - a.open || a.name.localeCompare(b.name));
  removedNodeLabels.sort((a, b) => a.localeCompare(b));
  return { byNode, unknownLabels, removedNodeLabels };
}

/** The labels worth counting: those with the goal prefix (every node's label has it). */
function goalLabels(labels: RepositoryLabel[], prefix: string): RepositoryLabel[] {
  const lower = prefix.toLowerCase();
  return labels.filter((label) => label.name.toLowerCase().startsWith(lower));
}

/** The activity of the issues linked to the roadmap's nodes. */
export async function fetchActivity(octokit: GitHubClient, request: ActivityRequest): Promise<ActivityResult> {
  const repository = { owner: request.owner, repo: request.repo };
  const [labels, changed] = await Promise.all([
    fetchLabels(octokit, repository),
    fetchIssuesUpdatedSince(octokit, { ...repository, since: request.weekStart }),
  ]);
  const counts = await fetchLabelCounts(octokit, repository, goalLabels(labels, request.prefix));
  return { activity: summariseActivity(request, counts, changed), labels };
}
