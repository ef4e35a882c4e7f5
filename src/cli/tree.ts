/**
 * The roadmap as an indented text tree for the terminal: top goals first,
 * each with what it requires beneath it. The requires graph is a DAG, so a
 * node required in several places is expanded once and referred back to
 * afterwards; a cycle (already an error diagnostic) is cut where it closes.
 */
import { nodeIndex, type Roadmap, type RoadmapNode } from '../core/model.js';
import { statusBar } from '../core/statuses.js';
import { terminalSafe } from './format.js';

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

export function renderTree(roadmap: Roadmap): string {
  const byId = nodeIndex(roadmap);
  const expanded = new Set<string>();
  const lines: string[] = [];

  function visit(id: string, prefix: string, connector: string, ancestors: Set<string>): void {
    const node = byId.get(id);
    if (!node) {
      lines.push(`${prefix}${connector}? ${terminalSafe(id)} (not defined)`);
      return;
    }
    if (ancestors.has(id)) {
      lines.push(`${prefix}${connector}${nodeLine(node)}  ↻ cycle`);
      return;
    }
    if (expanded.has(id)) {
      lines.push(`${prefix}${connector}${nodeLine(node)}  (see above)`);
      return;
    }
    expanded.add(id);
    lines.push(`${prefix}${connector}${nodeLine(node)}`);
    const childPrefix = prefix + (connector === '' ? '' : connector === '└─ ' ? '   ' : '│  ');
    const inner = new Set(ancestors).add(id);
    node.requires.forEach((child, index) => {
      visit(child, childPrefix, index === node.requires.length - 1 ? '└─ ' : '├─ ', inner);
    });
  }

  const starts = roots(roadmap);
  for (const root of starts) {
    if (expanded.has(root.id)) continue;
    if (lines.length > 0) lines.push('');
    visit(root.id, '', '', new Set());
  }
  for (const node of roadmap.nodes) {
    if (expanded.has(node.id)) continue;
    if (lines.length > 0) lines.push('');
    visit(node.id, '', '', new Set());
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
