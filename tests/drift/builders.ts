/**
 * Hand-built roadmaps for the drift tests: the model without any parser, so
 * each test states exactly the nodes, dates and items it is about.
 */
import { toFuzzyDate } from '../../src/core/model/dates.js';
import type { Diagnostic, Item, Roadmap, RoadmapNode, StatusQuo, Target } from '../../src/core/model/model.js';
import { defaultStatusScale, itemProgress } from '../../src/core/model/statuses.js';

export const NOW = '2024-06-01';
export const OPTIONS = { now: NOW, staleAfterDays: 180 };

export interface NodeSpec {
  title?: string;
  file?: string;
  line?: number;
  requires?: string[];
  /** `[asOf, text, line]`; `asOf` null for a status quo without a date. */
  statusQuo?: [string | null, string, number?];
  /** `[by, line?]` each. */
  targets?: [string, number?][];
  /** `[label, status, line?]` each. */
  items?: [string, string, number?][];
  done?: boolean;
}

export function target(file: string, by: string, line: number): Target {
  return { by: toFuzzyDate(by), text: `Where we want to be by ${by}.`, file, line, placeholder: false };
}

export function item(file: string, label: string, status: string, line: number): Item {
  return {
    label,
    status,
    done: status === 'done',
    progress: itemProgress(status, defaultStatusScale()),
    issues: [],
    file,
    line,
  };
}

export function node(id: string, spec: NodeSpec = {}): RoadmapNode {
  const file = spec.file ?? `roadmap/${id}.md`;
  const items = (spec.items ?? []).map(([label, status, line], index) => item(file, label, status, line ?? 30 + index));
  const ownProgress = items.length === 0 ? 0 : items.reduce((sum, entry) => sum + entry.progress, 0) / items.length;
  let statusQuo: StatusQuo | null = null;
  if (spec.statusQuo) {
    const [asOf, text, line] = spec.statusQuo;
    statusQuo = { asOf: asOf === null ? null : toFuzzyDate(asOf), text, file, line: line ?? 5, placeholder: false };
  }
  return {
    id,
    title: spec.title ?? `Title of ${id}`,
    kind: 'group',
    file,
    line: spec.line ?? 1,
    requires: spec.requires ?? [],
    items,
    statusQuo,
    targets: (spec.targets ?? []).map(([by, line], index) => target(file, by, line ?? 10 + index)),
    owners: [],
    description: [],
    ownProgress,
    progress: ownProgress,
    done: spec.done ?? (items.length > 0 && items.every((entry) => entry.done)),
  };
}

export function roadmap(nodes: RoadmapNode[], diagnostics: Diagnostic[] = []): Roadmap {
  return {
    nodes,
    diagnostics,
    statuses: defaultStatusScale(),
    files: [...new Set(nodes.map((entry) => entry.file))].sort(),
  };
}

export function warning(code: Diagnostic['code'], nodeId: string, message: string, line = 1): Diagnostic {
  return { severity: 'warning', code, file: `roadmap/${nodeId}.md`, line, message, node: nodeId };
}
