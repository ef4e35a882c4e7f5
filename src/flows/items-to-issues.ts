/**
 * Items → issues (SPEC §6): an issue of this repository that a roadmap item
 * or a skill-tree group's `href` references gets the label of that node. On a
 * push only the references the push added are handled, so a push costs calls in proportion
 * to what it changed, not to the size of the roadmap.
 */
import { goalLabelName } from '../core/model/labels.js';
import type { Roadmap } from '../core/model/model.js';
import type { GitHubClient, RepositoryRef } from '../github/client.js';
import { addMissingLabels } from '../github/labels.js';

/** Issue number → the goal labels its referencing items and the node itself (href, tracking issues) call for, in roadmap order. */
export function referencedIssueLabels(roadmap: Roadmap, options: RepositoryRef & { prefix: string }): Map<number, string[]> {
  const self = `${options.owner}/${options.repo}`.toLowerCase();
  const plan = new Map<number, string[]>();
  for (const node of roadmap.nodes) {
    const label = goalLabelName(node.id, options.prefix).name;
    for (const ref of [...(node.issues ?? []), ...node.items.flatMap((item) => item.issues)]) {
      if (ref.repo !== null && ref.repo.toLowerCase() !== self) continue;
      const labels = plan.get(ref.number) ?? [];
      if (!labels.includes(label)) labels.push(label);
      plan.set(ref.number, labels);
    }
  }
  return plan;
}

/** The references in `head` that `base` did not have (all of them without a base). */
export function newIssueLabels(head: Map<number, string[]>, base: Map<number, string[]> | null): Map<number, string[]> {
  if (!base) return head;
  const added = new Map<number, string[]>();
  for (const [issue, labels] of head) {
    const before = new Set(base.get(issue) ?? []);
    const fresh = labels.filter((label) => !before.has(label));
    if (fresh.length > 0) added.set(issue, fresh);
  }
  return added;
}

export interface LabelledIssue {
  issue_number: number;
  added: string[];
  labels: string[];
}

/**
 * Adds each planned label an issue lacks. Returns every planned issue that
 * exists, with the labels added now (none when it had them all already);
 * issues that no longer exist are skipped.
 */
export async function labelReferencedIssues(
  octokit: GitHubClient,
  options: RepositoryRef & { plan: Map<number, string[]> },
): Promise<LabelledIssue[]> {
  const labelled: LabelledIssue[] = [];
  const issues = [...options.plan.keys()].sort((a, b) => a - b);
  for (const issue_number of issues) {
    const result = await addMissingLabels(octokit, {
      owner: options.owner,
      repo: options.repo,
      issue_number,
      labels: options.plan.get(issue_number)!,
    });
    if (result) labelled.push({ issue_number, ...result });
  }
  return labelled;
}
