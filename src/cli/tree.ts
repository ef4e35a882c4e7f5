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

export function renderTree(roadmap: Roadmap): string {
  const byId = nodeIndex(roadmap);
  const expanded = new Set<string>();
  // Nodes below a depth cut: summed up there, so they do not start trees of their own.
  const summarised = new Set<string>();
  const ancestors = new Set<string>();
  const lines: string[] = [];
  let levels: Map<string, number> | null = null;
  const levelsOf = (id: string): number => {
    levels ??= levelsBelow(roadmap.nodes, byId);
    return levels.get(id) ?? 0;
  };

  const markSummarised = (start: RoadmapNode): void => {
    const pending = [start];
    while (pending.length > 0) {
      const node = pending.pop() as RoadmapNode;
      for (const id of node.requires) {
        const required = byId.get(id);
        if (!required || summarised.has(id) || expanded.has(id)) continue;
        summarised.add(id);
        pending.push(required);
      }
    }
  };

  const walk = (rootId: string): void => {
    const steps: Step[] = [{ kind: 'enter', id: rootId, prefix: '', connector: '', depth: 0 }];
    while (steps.length > 0) {
      const step = steps.pop() as Step;
      if (step.kind === 'leave') {
        ancestors.delete(step.id);
        continue;
      }
      const { id, prefix, connector, depth } = step;
      const node = byId.get(id);
      if (!node) {
        lines.push(`${prefix}${connector}? ${terminalSafe(id)} (not defined)`);
        continue;
      }
      if (ancestors.has(id)) {
        lines.push(`${prefix}${connector}${nodeLine(node)}  ↻ cycle`);
        continue;
      }
      if (expanded.has(id)) {
        lines.push(`${prefix}${connector}${nodeLine(node)}  (see above)`);
        continue;
      }
      expanded.add(id);
      lines.push(`${prefix}${connector}${nodeLine(node)}`);
      if (node.requires.length === 0) continue;
      const childPrefix = prefix + (connector === '' ? '' : connector === '└─ ' ? '   ' : '│  ');
      if (depth + 1 >= MAX_TREE_DEPTH) {
        const deeper = Math.max(1, levelsOf(id));
        lines.push(`${childPrefix}└─ … ${deeper} deeper ${deeper === 1 ? 'level' : 'levels'} (see roadmap-bot check --json)`);
        markSummarised(node);
        continue;
      }
      ancestors.add(id);
      steps.push({ kind: 'leave', id });
      for (let index = node.requires.length - 1; index >= 0; index--) {
        const connectorOf = index === node.requires.length - 1 ? '└─ ' : '├─ ';
        steps.push({ kind: 'enter', id: node.requires[index], prefix: childPrefix, connector: connectorOf, depth: depth + 1 });
      }
    }
  };

  const start = (node: RoadmapNode): void => {
    if (lines.length > 0) lines.push('');
    walk(node.id);
  };
  for (const root of roots(roadmap)) if (!expanded.has(root.id)) start(root);
  for (const node of roadmap.nodes) if (!expanded.has(node.id) && !summarised.has(node.id)) start(node);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
