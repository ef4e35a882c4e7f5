/**
 * The roadmap as an indented text tree for the terminal: top goals first,
 * each with what it requires beneath it. The requires graph is a DAG, so a
 * node required in several places is expanded once and referred back to
 * afterwards; a cycle (already an error diagnostic) is cut where it closes.
 *
 * A requires chain can be thousands of levels deep: the walk keeps its own
 * stack, and past `MAX_TREE_DEPTH` levels one line says how much deeper the
 * chain goes instead of indenting further (`check --json` has every node).
 */
import { stronglyConnectedComponents } from '../core/roadmap/graph.js';
import { nodeIndex, type Roadmap, type RoadmapNode } from '../core/model/model.js';
import { statusBar } from '../core/model/statuses.js';
import { terminalSafe } from './format.js';

/** Levels shown below a root before the rest of a branch is summed up in one line. */
export const MAX_TREE_DEPTH = 12;

function percent(progress: number): string {
  return `${Math.round(progress * 100)}%`;
}

function nodeLine(node: RoadmapNode): string {
  const done = node.done ? ' ✓ done' : '';
  return `${terminalSafe(node.title)} [${terminalSafe(node.id)}]  ${statusBar(node.progress)} ${percent(node.progress)}${done}`;
}

/** Top goals, then other nodes nothing requires, then whatever only a cycle reaches. */
function roots(roadmap: Roadmap): RoadmapNode[] {
  const required = new Set(roadmap.nodes.flatMap((node) => node.requires));
  const goals = roadmap.nodes.filter((node) => node.kind === 'goal');
  const loose = roadmap.nodes.filter((node) => node.kind !== 'goal' && !required.has(node.id));
  return [...goals, ...loose];
}

/**
 * How many levels of requires lie below each node (0 for a node that
 * requires nothing known), with each cycle counted as one level.
 */
function levelsBelow(nodes: RoadmapNode[], byId: Map<string, RoadmapNode>): Map<string, number> {
  const indexOf = new Map(nodes.map((node, index) => [node.id, index]));
  const edges = nodes.map((node) => node.requires.flatMap((id) => (byId.has(id) ? [indexOf.get(id) as number] : [])));
  const { componentOf, count } = stronglyConnectedComponents(edges);
  const height = new Int32Array(count);
  // Components are numbered dependencies first, so each height is final before anything that requires it is reached.
  const inOrder = nodes.map((_, index) => index).sort((a, b) => componentOf[a] - componentOf[b]);
  for (const index of inOrder) {
    const component = componentOf[index];
    for (const target of edges[index]) {
      if (componentOf[target] !== component) height[component] = Math.max(height[component], height[componentOf[target]] + 1);
    }
  }
  return new Map(nodes.map((node, index) => [node.id, height[componentOf[index]]]));
}

type Step = { kind: 'enter'; id: string; prefix: string; connector: string; depth: number } | { kind: 'leave'; id: string };
type Enter = Extract<Step, { kind: 'enter' }>;

export function renderTree(roadmap: Roadmap): string {
  const tree = new TreeWriter(roadmap);
  for (const root of roots(roadmap)) if (!tree.expanded.has(root.id)) tree.start(root);
  for (const node of roadmap.nodes) if (!tree.expanded.has(node.id) && !tree.summarised.has(node.id)) tree.start(node);
  return tree.lines.length > 0 ? `${tree.lines.join('\n')}\n` : '';
}

/** The lines of one render, and what the walks so far have shown. */
class TreeWriter {
  readonly lines: string[] = [];
  readonly expanded = new Set<string>();
  /** Nodes below a depth cut: summed up there, so they do not start trees of their own. */
  readonly summarised = new Set<string>();
  private readonly ancestors = new Set<string>();
  private readonly byId: Map<string, RoadmapNode>;
  private levels: Map<string, number> | null = null;

  constructor(private readonly roadmap: Roadmap) {
    this.byId = nodeIndex(roadmap);
  }

  /** A new tree from `node`, a blank line after the previous one. */
  start(node: RoadmapNode): void {
    if (this.lines.length > 0) this.lines.push('');
    const steps: Step[] = [{ kind: 'enter', id: node.id, prefix: '', connector: '', depth: 0 }];
    while (steps.length > 0) {
      const step = steps.pop() as Step;
      if (step.kind === 'leave') this.ancestors.delete(step.id);
      else this.enter(step, steps);
    }
  }

  /** Writes the node's line; pushes the steps of what it requires unless it was shown already or is cut. */
  private enter({ id, prefix, connector, depth }: Enter, steps: Step[]): void {
    const node = this.byId.get(id);
    if (!node) {
      this.lines.push(`${prefix}${connector}? ${terminalSafe(id)} (not defined)`);
      return;
    }
    if (this.ancestors.has(id)) {
      this.lines.push(`${prefix}${connector}${nodeLine(node)}  ↻ cycle`);
      return;
    }
    if (this.expanded.has(id)) {
      this.lines.push(`${prefix}${connector}${nodeLine(node)}  (see above)`);
      return;
    }
    this.expanded.add(id);
    this.lines.push(`${prefix}${connector}${nodeLine(node)}`);
    if (node.requires.length === 0) return;
    const childPrefix = prefix + (connector === '' ? '' : connector === '└─ ' ? '   ' : '│  ');
    if (depth + 1 >= MAX_TREE_DEPTH) {
      const deeper = Math.max(1, this.levelsOf(id));
      this.lines.push(`${childPrefix}└─ … ${deeper} deeper ${deeper === 1 ? 'level' : 'levels'} (see roadmap-bot check --json)`);
      this.markSummarised(node);
      return;
    }
    this.ancestors.add(id);
    steps.push({ kind: 'leave', id });
    for (let index = node.requires.length - 1; index >= 0; index--) {
      const connectorOf = index === node.requires.length - 1 ? '└─ ' : '├─ ';
      steps.push({ kind: 'enter', id: node.requires[index], prefix: childPrefix, connector: connectorOf, depth: depth + 1 });
    }
  }

  private levelsOf(id: string): number {
    this.levels ??= levelsBelow(this.roadmap.nodes, this.byId);
    return this.levels.get(id) ?? 0;
  }

  private markSummarised(start: RoadmapNode): void {
    const pending = [start];
    while (pending.length > 0) {
      const node = pending.pop() as RoadmapNode;
      for (const id of node.requires) {
        const required = this.byId.get(id);
        if (!required || this.summarised.has(id) || this.expanded.has(id)) continue;
        this.summarised.add(id);
        pending.push(required);
      }
    }
  }
}
