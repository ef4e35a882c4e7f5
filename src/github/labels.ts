/**
 * Goal labels on GitHub (SPEC §6): one label per roadmap node, created when
 * missing and updated when its description or colour changed — never deleted.
 * Every write is idempotent, so replayed webhooks and several instances
 * behind a load balancer converge on the same labels.
 */
import { goalLabelName, labelDescription } from '../core/model/labels.js';
import type { Roadmap } from '../core/model/model.js';
import { isAlreadyExists, httpStatus, type GitHubClient, type RepositoryRef } from './client.js';

export interface GoalLabel {
  name: string;
  description: string;
  /** 6 lower-case hex digits, no `#` (as GitHub returns it). */
  color: string;
  /** The id of the node the label stands for. */
  node: string;
}

export function normalizeColor(color: string): string {
  return color.trim().replace(/^#/, '').toLowerCase();
}

/** The label of every node, in roadmap order; GitHub names are case-insensitive, so the first of a clash wins. */
export function goalLabelsFor(roadmap: Roadmap, options: { prefix: string; color: string }): GoalLabel[] {
  const seen = new Set<string>();
  const labels: GoalLabel[] = [];
  for (const node of roadmap.nodes) {
    const { name } = goalLabelName(node.id, options.prefix);
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    labels.push({ name, description: labelDescription(node.title), color: normalizeColor(options.color), node: node.id });
  }
  return labels;
}

export interface LabelSyncResult {
  created: string[];
  updated: string[];
  unchanged: number;
}

/**
 * Lists the repository's labels once (all pages), then creates the missing
 * goal labels and updates the ones whose description or colour differ.
 * A 422 `already_exists` on create means another delivery got there first.
 */
export async function syncLabels(octokit: GitHubClient, options: RepositoryRef & { labels: GoalLabel[] }): Promise<LabelSyncResult> {
  const { owner, repo } = options;
  if (options.labels.length === 0) return { created: [], updated: [], unchanged: 0 };
  const existing = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 });
  const byName = new Map(existing.map((label) => [label.name.toLowerCase(), label]));
  const result: LabelSyncResult = { created: [], updated: [], unchanged: 0 };
  for (const label of options.labels) {
    const current = byName.get(label.name.toLowerCase());
    if (!current) {
      try {
        await octokit.rest.issues.createLabel({
          owner,
          repo,
          name: label.name,
          color: label.color,
          description: label.description,
        });
        result.created.push(label.name);
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        result.unchanged += 1;
      }
      continue;
    }
    const sameColor = normalizeColor(current.color) === label.color;
    const sameDescription = (current.description ?? '') === label.description;
    if (sameColor && sameDescription) {
      result.unchanged += 1;
      continue;
    }
    await octokit.rest.issues.updateLabel({
      owner,
      repo,
      name: current.name,
      color: label.color,
      description: label.description,
    });
    result.updated.push(current.name);
  }
  return result;
}

/** Names of an issue's labels as webhook payloads and the REST API give them (strings or objects). */
export function labelNames(labels: readonly unknown[] | undefined | null): string[] {
  return (labels ?? [])
    .map((label) => {
      if (typeof label === 'string') return label;
      const name = (label as { name?: unknown } | null)?.name;
      return typeof name === 'string' ? name : '';
    })
    .filter((name) => name.length > 0);
}

export interface IssueLabelsResult {
  /** Labels this call added (empty when all were there). */
  added: string[];
  /** The issue's labels afterwards. */
  labels: string[];
}

/**
 * Reads the issue's current labels and adds only the missing ones: nothing is
 * written when the issue already has them all. Null when the issue does not
 * exist (a roadmap item may reference a deleted or transferred issue).
 */
export async function addMissingLabels(
  octokit: GitHubClient,
  options: RepositoryRef & { issue_number: number; labels: string[] },
): Promise<IssueLabelsResult | null> {
  const { owner, repo, issue_number } = options;
  let current: string[];
  try {
    const { data } = await octokit.rest.issues.get({ owner, repo, issue_number });
    current = labelNames(data.labels);
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 || status === 410) return null;
    throw error;
  }
  const present = new Set(current.map((name) => name.toLowerCase()));
  const missing = [...new Set(options.labels)].filter((name) => !present.has(name.toLowerCase()));
  if (missing.length === 0) return { added: [], labels: current };
  await octokit.rest.issues.addLabels({ owner, repo, issue_number, labels: missing });
  return { added: missing, labels: [...current, ...missing] };
}

/** Labels counted per GraphQL query. */
export const LABELS_PER_QUERY = 100;

export interface LabelIssueCounts {
  /** Open issues carrying the label. */
  open: number;
  /** Issues carrying the label, open or closed. */
  total: number;
}

/**
 * Issues (never pull requests) carrying each label, open and in all: one
 * call per 100 labels. `Label.issues` counts exactly that label, with no
 * search-index lag; a label that does not exist counts 0. The review uses it
 * for removed nodes' labels, the weekly report for every goal label: the
 * one label-count query.
 */
export async function countIssuesByLabel(
  octokit: GitHubClient,
  repository: RepositoryRef,
  labels: readonly string[],
): Promise<Map<string, LabelIssueCounts>> {
  const counts = new Map<string, LabelIssueCounts>();
  for (let start = 0; start < labels.length; start += LABELS_PER_QUERY) {
    const batch = labels.slice(start, start + LABELS_PER_QUERY);
    const variables: Record<string, string> = { owner: repository.owner, name: repository.repo };
    batch.forEach((label, index) => {
      variables[`l${index}`] = label;
    });
    const query = `query RoadmapLabelIssueCounts($owner: String!, $name: String!, ${batch.map((_, index) => `$l${index}: String!`).join(', ')}) {
  repository(owner: $owner, name: $name) {
    ${batch.map((_, index) => `l${index}: label(name: $l${index}) { open: issues(states: [OPEN]) { totalCount } total: issues { totalCount } }`).join('\n    ')}
  }
}`;
    const result = await octokit.graphql<{
      repository: Record<string, { open: { totalCount: number }; total: { totalCount: number } } | null> | null;
    }>(query, variables);
    batch.forEach((label, index) => {
      const found = result.repository?.[`l${index}`];
      counts.set(label, { open: found?.open.totalCount ?? 0, total: found?.total.totalCount ?? 0 });
    });
  }
  return counts;
}
