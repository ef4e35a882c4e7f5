/**
 * `src/core/model/` owns what every feature shares: this model, fuzzy dates,
 * statuses, goal labels, diagnostics helpers and GitHub's limits.
 *
 * The one roadmap model every format parses into, and the shapes the rest of
 * the core (checks, drift, rendering) works on. Pure data: no I/O, no clock.
 */

/** A file handed to the parsers: repo-relative POSIX path and its text. */
export interface SourceFile {
  path: string;
  content: string;
}

export type Severity = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  // errors
  | 'parse-error'
  | 'missing-include'
  | 'duplicate-id'
  | 'unknown-requires'
  | 'cycle'
  // warnings
  | 'unparseable-date'
  | 'placeholder'
  | 'unknown-status'
  | 'unknown-key'
  | 'missing-status-quo-date'
  | 'stale-status-quo'
  | 'overdue-target'
  | 'target-before-status-quo'
  | 'status-quo-in-future'
  | 'schedule-conflict'
  | 'label-too-long'
  | 'unrecognised-heading'
  | 'duplicate-section'
  | 'unreadable-file'
  // oversize input (SPEC §12): capped, reported, never a crash
  | 'file-too-large'
  | 'too-many-files'
  // hostile or odd input (SPEC §4 "Bounded work"): skipped, reported, never a stall
  | 'too-complex'
  | 'unreadable-file'
  // `.github/roadmap-bot.yml` problems (SPEC §8)
  | 'invalid-config';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** Repo-relative path. */
  file: string;
  /** 1-based. */
  line: number;
  /** Says what is wrong and how to fix it. */
  message: string;
  /** The node id, whenever the diagnostic concerns one node. */
  node?: string;
}

export type DatePrecision = 'day' | 'month' | 'quarter' | 'half' | 'season' | 'part' | 'year';

/** A fuzzy date resolved to a closed interval of UTC days (ISO `YYYY-MM-DD`). */
export interface ParsedDate {
  text: string;
  start: string;
  end: string;
  precision: DatePrecision;
}

/** Date text that did not parse: kept raw (an `unparseable-date` warning goes with it). */
export interface UnparsedDate {
  text: string;
  start: null;
  end: null;
  precision: null;
}

export type FuzzyDate = ParsedDate | UnparsedDate;

/** An issue an item references; `repo` is `owner/name`, or null for the roadmap's own repository. */
export interface IssueRef {
  repo: string | null;
  number: number;
}

export interface Item {
  label: string;
  /** A known status of the item's document, `?`, or an unknown one (which warned). */
  status: string;
  done: boolean;
  /** 0..1: stage index / (stages − 1); `?` and unknown statuses count 0. */
  progress: number;
  issues: IssueRef[];
  file: string;
  line: number;
  href?: string;
  /** Other columns of a skill-tree item (after `[doc.defaults]`). */
  extra?: Record<string, string>;
}

/** A prose section of a goal page. Empty `text` when the section is only a placeholder. */
export interface Section {
  text: string;
  file: string;
  line: number;
  placeholder: boolean;
}

export interface StatusQuo extends Section {
  /** Null when the heading/field gives no date (`missing-status-quo-date`). */
  asOf: FuzzyDate | null;
}

export interface Target extends Section {
  by: FuzzyDate;
}

export type NodeKind = 'goal' | 'group';

export interface RoadmapNode {
  id: string;
  title: string;
  kind: NodeKind;
  /** Where the node is defined (for a merged page+group: the group's file and line). */
  file: string;
  line: number;
  requires: string[];
  items: Item[];
  statusQuo: StatusQuo | null;
  /** In order of appearance. */
  targets: Target[];
  owners: string[];
  /** Explicit node status (front matter / `[[group]] status`), if any. */
  status?: string;
  shinyFuture?: Section;
  ultimately?: Section;
  /** Skill-tree `description` lines. */
  description: string[];
  href?: string;
  /** Issues the node itself links: a skill-tree group's `href` to an issue or pull request, a project goal's tracking issues; `repo` null = this repository. */
  issues?: IssueRef[];
  /** Mean item progress of this node alone (0 when it has no items). */
  ownProgress: number;
  /** Rolled up over this node and everything it requires (SPEC §2.4). */
  progress: number;
  /** Explicit status `done`, or has items and all are done. */
  done: boolean;
}

/** The known statuses, in order, and how each displays. */
export interface StatusScale {
  order: string[];
  display: Record<string, string>;
}

export interface Roadmap {
  /** In sorted file order, then order within the file. Ids are unique. */
  nodes: RoadmapNode[];
  /** Structural diagnostics (clock-free). Time-based ones come from `checkRoadmap`. */
  diagnostics: Diagnostic[];
  /** The default scale (or the first document's `[doc.emoji.status]`), for display. */
  statuses: StatusScale;
  /** The roadmap files that were read, sorted. */
  files: string[];
}

export const DEFAULT_STATUSES: readonly string[] = ['not-started', 'exploration', 'design', 'implementation', 'stabilization', 'done'];

export function nodeIndex(roadmap: Roadmap): Map<string, RoadmapNode> {
  return new Map(roadmap.nodes.map((node) => [node.id, node]));
}
