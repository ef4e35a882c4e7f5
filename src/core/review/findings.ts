/**
 * Every kind of drift finding, declared once. The kinds, the order findings
 * of one node are listed in (the table's order), the review comment's
 * section each is shown in and whether it is ambient derive from `FINDINGS`;
 * the comment's phrases are exhaustive switches over a section's kinds, so a
 * new kind does not compile until it has its words (docs/architecture.md).
 */

/** Where the review comment shows a finding. */
export type FindingSection = 'targets' | 'status-quo' | 'structure';

interface FindingSpec {
  section: FindingSection;
  /**
   * About the head's state rather than about a change: shown only for nodes
   * the pull request touches (and never a reason to count a node as
   * touched), so an unchanged roadmap reviews clean.
   */
  ambient: boolean;
}

export const FINDINGS = {
  'target-slipped': { section: 'targets', ambient: false },
  'target-pulled-in': { section: 'targets', ambient: false },
  'target-added': { section: 'targets', ambient: false },
  'target-removed': { section: 'targets', ambient: false },
  'target-overdue': { section: 'targets', ambient: true },
  'schedule-conflict': { section: 'targets', ambient: false },
  'status-quo-stale': { section: 'status-quo', ambient: true },
  'status-quo-text-changed-date-unchanged': { section: 'status-quo', ambient: false },
  'status-quo-redated': { section: 'status-quo', ambient: false },
  'status-quo-date-backwards': { section: 'status-quo', ambient: false },
  'status-quo-in-future': { section: 'status-quo', ambient: true },
  'node-added': { section: 'structure', ambient: false },
  'node-removed': { section: 'structure', ambient: false },
  'requires-changed': { section: 'structure', ambient: false },
  'item-status-changed': { section: 'structure', ambient: false },
} as const satisfies Record<string, FindingSpec>;

export type FindingKind = keyof typeof FINDINGS;

/** The kinds shown in one section of the review comment. */
export type FindingKindIn<S extends FindingSection> = {
  [K in FindingKind]: (typeof FINDINGS)[K]['section'] extends S ? K : never;
}[FindingKind];

/** The order findings of one node are listed in: the order of `FINDINGS`. */
export const FINDING_KINDS = Object.keys(FINDINGS) as readonly FindingKind[];

export function isAmbient(kind: FindingKind): boolean {
  return FINDINGS[kind].ambient;
}

export function isInSection<S extends FindingSection>(kind: FindingKind, section: S): kind is FindingKindIn<S> {
  return FINDINGS[kind].section === section;
}

/** The `default:` of an exhaustive switch over kinds: a kind left out fails to compile. */
export function unhandledKind(kind: never): never {
  throw new Error(`unhandled finding kind: ${String(kind)}`);
}
