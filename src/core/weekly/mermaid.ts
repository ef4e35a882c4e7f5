/**
 * The weekly issue's picture of the tree (SPEC §7): a Mermaid `flowchart TD`
 * with an edge from each node to the nodes it requires, coloured by health,
 * capped so a large roadmap keeps its top levels readable.
 */
import { plainLine } from '../markdown/escape.js';

/** `no-plan`: neither a status quo nor a target, so nothing says whether it is on track. */
export type Health = 'on-track' | 'at-risk' | 'overdue' | 'stale' | 'no-plan';

export const HEALTH_LABELS: Record<Health, string> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  overdue: 'overdue',
  stale: 'stale',
  'no-plan': 'no plan',
};

export interface ChartNode {
  id: string;
  /** Plain text; shortened and escaped here for Mermaid. */
  title: string;
  /** Rolled-up progress, 0..1, shown after the title. */
  progress: number;
  health: Health;
  requires: string[];
  /** A top goal: the chart grows from these. */
  top: boolean;
}

export interface Chart {
  /** Mermaid source, without the Markdown fence. */
  text: string;
  shown: number;
  hidden: number;
}

const CLASS_NAMES: Record<Health, string> = {
  'on-track': 'onTrack',
  'at-risk': 'atRisk',
  overdue: 'overdue',
  stale: 'stale',
  'no-plan': 'noPlan',
};

const CLASS_STYLES: Record<Health, string> = {
  'on-track': 'fill:#d4edda,stroke:#2e7d32,color:#1b3d20',
  'at-risk': 'fill:#fff3cd,stroke:#b7791f,color:#4d3800',
  overdue: 'fill:#f8d7da,stroke:#c62828,color:#5f1313',
  stale: 'fill:#e2e3e5,stroke:#616161,color:#2b2b2b',
  'no-plan': 'fill:#ffffff,stroke:#616161,stroke-dasharray:4 3,color:#2b2b2b',
};

const HEALTH_ORDER: Health[] = ['on-track', 'at-risk', 'overdue', 'stale', 'no-plan'];

const MAX_TITLE_CHARACTERS = 50;

/*
 * Mermaid refuses charts past its default `maxEdges` (500) and `maxTextSize`
 * (50,000), and a page cannot change those secure settings: stay below both
 * whatever cap the caller asks for.
 */
const MAX_EDGES = 400;
const MAX_TEXT = 45_000;

/*
 * Characters that could end the quoted label, start Mermaid markup, or be
 * read by Mermaid's preprocessing (`%%{…}%%` directives anywhere, `#…;`
 * entities, a `style…:…#…;` rewrite that eats a `;`) become entity codes.
 * With `:` encoded, no label line can match that rewrite.
 */
const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '%': '#37;',
  ':': '#58;',
  '@': '#64;',
  '\\': '#92;',
};

/** Plain text as the inside of a quoted Mermaid label: one line, never empty. */
export function mermaidLabel(text: string): string {
  const oneLine = plainLine(text, Number.POSITIVE_INFINITY) || '(untitled)';
  return oneLine.replace(/[#"&<>`%:@\\]/g, (character) => MERMAID_ENTITIES[character]);
}

/** A node's label: its title, cut to 50 characters, and its progress. */
function nodeLabel(node: ChartNode): string {
  const title = plainLine(node.title, MAX_TITLE_CHARACTERS) || plainLine(node.id, MAX_TITLE_CHARACTERS);
  return mermaidLabel(`${title} · ${Math.round(node.progress * 100)}%`);
}

/**
 * Nodes in the order the chart keeps them: breadth-first from the top goals
 * (so a cut drops the deepest levels first), then from nodes nothing
 * requires, then whatever a cycle left over.
 */
export function chartOrder(nodes: ChartNode[]): ChartNode[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const required = new Set(nodes.flatMap((node) => node.requires));
  const seen = new Set<string>();
  const order: ChartNode[] = [];
  const visitFrom = (seeds: ChartNode[]): void => {
    const queue = seeds.filter((node) => !seen.has(node.id));
    for (const node of queue) seen.add(node.id);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      order.push(node);
      for (const id of node.requires) {
        const next = byId.get(id);
        if (next && !seen.has(id)) {
          seen.add(id);
          queue.push(next);
        }
      }
    }
  };
  visitFrom(nodes.filter((node) => node.top));
  visitFrom(nodes.filter((node) => !required.has(node.id)));
  for (const node of nodes) visitFrom([node]);
  return order;
}

/** The first nodes of `chartOrder`, at most `maxNodes` of them and no more than `MAX_EDGES` edges among them. */
function selectNodes(nodes: ChartNode[], maxNodes: number): ChartNode[] {
  const requiredBy = new Map<string, string[]>();
  for (const node of nodes) {
    for (const id of new Set(node.requires)) requiredBy.set(id, [...(requiredBy.get(id) ?? []), node.id]);
  }
  const chosen = new Set<string>();
  const selected: ChartNode[] = [];
  let edges = 0;
  for (const node of chartOrder(nodes)) {
    if (selected.length >= maxNodes) break;
    const added =
      [...new Set(node.requires)].filter((id) => chosen.has(id)).length +
      (requiredBy.get(node.id) ?? []).filter((id) => chosen.has(id)).length;
    if (edges + added > MAX_EDGES) break;
    edges += added;
    chosen.add(node.id);
    selected.push(node);
  }
  return selected;
}

function chartText(shownNodes: ChartNode[]): string {
  const chartId = new Map(shownNodes.map((node, index) => [node.id, `n${index}`]));
  const lines = ['flowchart TD'];
  for (const node of shownNodes) lines.push(`  ${chartId.get(node.id)}["${nodeLabel(node)}"]`);
  for (const node of shownNodes) {
    for (const id of new Set(node.requires)) {
      const target = chartId.get(id);
      if (target) lines.push(`  ${chartId.get(node.id)} --> ${target}`);
    }
  }
  // "no plan" joins the legend only when a node has none: most roadmaps never show it.
  const legend = HEALTH_ORDER.filter((health) => health !== 'no-plan' || shownNodes.some((node) => node.health === health));
  lines.push('  subgraph legend["Legend"]', '    direction LR');
  for (const health of legend) lines.push(`    legend_${CLASS_NAMES[health]}["${HEALTH_LABELS[health]}"]`);
  lines.push('  end');
  for (const health of legend) lines.push(`  classDef ${CLASS_NAMES[health]} ${CLASS_STYLES[health]}`);
  for (const health of legend) {
    const members = shownNodes.filter((node) => node.health === health).map((node) => chartId.get(node.id));
    lines.push(`  class ${[...members, `legend_${CLASS_NAMES[health]}`].join(',')} ${CLASS_NAMES[health]}`);
  }
  return lines.join('\n');
}

/** The chart of at most `maxNodes` nodes (plus the legend), within what Mermaid will draw. */
export function renderMermaidChart(nodes: ChartNode[], maxNodes: number): Chart {
  let shownNodes = selectNodes(nodes, Math.max(0, maxNodes));
  let text = chartText(shownNodes);
  while (text.length > MAX_TEXT) {
    shownNodes = shownNodes.slice(0, Math.floor(shownNodes.length / 2));
    text = chartText(shownNodes);
  }
  return { text, shown: shownNodes.length, hidden: nodes.length - shownNodes.length };
}
