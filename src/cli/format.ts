/**
 * Plain-text and JSON shapes shared by the commands: one diagnostic per
 * line (`file:line: severity code: message`, the form editors and CI
 * problem matchers understand), and the JSON view of nodes and findings.
 */
import type { Finding } from '../core/review/drift.js';
import type { Diagnostic, FuzzyDate, IssueRef, Roadmap, RoadmapNode } from '../core/model/model.js';
import { sortDiagnostics } from '../core/roadmap/roadmap.js';

/** User text is printed to a terminal: control characters (escape sequences) become spaces. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  return terminalSafe(`${diagnostic.file}:${diagnostic.line}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
}

export function countBySeverity(diagnostics: Diagnostic[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
    warnings: diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length,
    infos: diagnostics.filter((diagnostic) => diagnostic.severity === 'info').length,
  };
}

export interface DateJson {
  text: string;
  start: string | null;
  end: string | null;
  precision: string | null;
}

export interface NodeJson {
  id: string;
  title: string;
  kind: RoadmapNode['kind'];
  file: string;
  line: number;
  requires: string[];
  items: { label: string; status: string; done: boolean; issues: IssueRef[] }[];
  statusQuo: { asOf: DateJson | null; file: string; line: number } | null;
  targets: { by: DateJson; file: string; line: number }[];
  owners: string[];
  progress: number;
  /** Only for nodes that link issues themselves (a group's `href`, a project goal's tracking issues). */
  issues?: IssueRef[];
}

function dateJson(date: FuzzyDate): DateJson {
  return { text: date.text, start: date.start, end: date.end, precision: date.precision };
}

export function nodeJson(node: RoadmapNode): NodeJson {
  const json: NodeJson = {
    id: node.id,
    title: node.title,
    kind: node.kind,
    file: node.file,
    line: node.line,
    requires: [...node.requires],
    items: node.items.map((item) => ({
      label: item.label,
      status: item.status,
      done: item.done,
      issues: item.issues.map((issue) => ({ repo: issue.repo, number: issue.number })),
    })),
    statusQuo: node.statusQuo
      ? {
          asOf: node.statusQuo.asOf ? dateJson(node.statusQuo.asOf) : null,
          file: node.statusQuo.file,
          line: node.statusQuo.line,
        }
      : null,
    targets: node.targets.map((target) => ({ by: dateJson(target.by), file: target.file, line: target.line })),
    owners: [...node.owners],
    progress: node.progress,
  };
  if (node.issues) json.issues = node.issues.map((issue) => ({ repo: issue.repo, number: issue.number }));
  return json;
}

export function checkJson(roadmap: Roadmap): { nodes: NodeJson[]; diagnostics: Diagnostic[] } {
  return { nodes: roadmap.nodes.map(nodeJson), diagnostics: sortDiagnostics(roadmap.diagnostics) };
}

/**
 * The `diff --json` shape of a finding (SPEC §9): the finding without its
 * app-only fields. `item` is only on item findings; a schedule conflict adds
 * `requiredBy` (the node that requires this one and is due earlier), an
 * optional field beyond §9's list that keeps the conflict's other side.
 */
export type FindingJson = Pick<Finding, 'kind' | 'node' | 'item' | 'requiredBy' | 'file' | 'line' | 'before' | 'after' | 'days'>;

export function findingJson(finding: Finding): FindingJson {
  return {
    kind: finding.kind,
    node: finding.node,
    ...(finding.item !== undefined ? { item: finding.item } : {}),
    ...(finding.requiredBy !== undefined ? { requiredBy: finding.requiredBy } : {}),
    file: finding.file,
    line: finding.line,
    before: finding.before,
    after: finding.after,
    ...(finding.days !== undefined ? { days: finding.days } : {}),
  };
}

/** Fractions (progress, shares) are printed to 4 decimals: never `0.20000000000000004`. */
const JSON_DECIMALS = 1e4;

function roundedNumber(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) && Number.isFinite(value)
    ? Math.round(value * JSON_DECIMALS) / JSON_DECIMALS
    : value;
}

/** JSON for stdout: two-space indented, ending in a newline, every number rounded. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, roundedNumber, 2)}\n`;
}
