/**
 * The requires graph over the merged nodes: unknown ids, cycles, progress
 * roll-up (SPEC §2.4) and done; then the other clock-free structural checks
 * (date-checks.ts, label-checks.ts) over the same nodes.
 */
import { closestMatches } from '../model/labels.js';
import type { Diagnostic, RoadmapNode } from '../model/model.js';
import { checkDates, checkSchedules } from './date-checks.js';
import { checkLabels } from './label-checks.js';
import { clip, diagnostic } from '../model/diagnostics.js';
import { type RequiresLines } from './parse/common.js';

export interface GraphOptions {
  /** Label prefix (`labels.prefix`) the `label-too-long` check measures with. */
  labelPrefix: string;
  /** Where the parsers found each require, so an unknown one is reported on its own line. */
  requiresLines?: RequiresLines;
  /**
   * Most 32-bit words the progress roll-up may hold in reachability bitsets
   * for one connected part of the graph; beyond it, that part is summed by a
   * walk per node instead (slower, but memory stays flat).
   */
  bitsetBudgetWords?: number;
}

/** 16 M words = 64 MB: a 10,000-node graph where everything reaches everything needs 3.1 M. */
const DEFAULT_BITSET_BUDGET_WORDS = 16 * 1024 * 1024;
/** Suggestions cost an edit distance against every id; a flood of unknown ids gets them for the first ones only. */
const MAX_SUGGESTED_UNKNOWN_REQUIRES = 50;

/**
 * Fills `ownProgress`, `progress` and `done` of every node (the nodes are the
 * freshly parsed ones, owned by the caller) and returns the structural
 * diagnostics of the graph.
 */
export function analyseGraph(nodes: RoadmapNode[], options: GraphOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const edges = resolveRequires(nodes, options.requiresLines ?? new Map(), diagnostics);
  const components = stronglyConnectedComponents(edges);
  reportCycles(nodes, edges, components, diagnostics);
  rollUpProgress(nodes, edges, components, options.bitsetBudgetWords ?? DEFAULT_BITSET_BUDGET_WORDS);
  for (const node of nodes) {
    if (node.items.length > 0 && node.items.every((item) => item.done)) node.done = true;
  }
  checkSchedules(nodes, diagnostics);
  checkDates(nodes, diagnostics);
  checkLabels(nodes, options.labelPrefix, diagnostics);
  return diagnostics;
}

// ---------------------------------------------------------------- requires

/** Indexes of each node's known requires; unknown ids become `unknown-requires` errors. */
function resolveRequires(nodes: RoadmapNode[], requiresLines: RequiresLines, diagnostics: Diagnostic[]): number[][] {
  const indexById = new Map<string, number>();
  nodes.forEach((node, index) => indexById.set(node.id, index));
  const allIds = nodes.map((node) => node.id);
  let suggested = 0;
  return nodes.map((node) => {
    const targets: number[] = [];
    for (const id of node.requires) {
      const target = indexById.get(id);
      if (target !== undefined) {
        if (!targets.includes(target)) targets.push(target);
        continue;
      }
      const matches = suggested++ < MAX_SUGGESTED_UNKNOWN_REQUIRES ? closestMatches(id, allIds, 3) : [];
      const hint = matches.length > 0 ? ` Did you mean ${matches.map((match) => `"${clip(match)}"`).join(', ')}?` : '';
      const place = requiresLines.get(node)?.get(id) ?? node;
      diagnostics.push(
        diagnostic(
          'error',
          'unknown-requires',
          place.file,
          place.line,
          `"${clip(node.id)}" requires "${clip(id)}", which no roadmap file defines.${hint} Fix the id, or add a node with id "${clip(id)}".`,
          node.id,
        ),
      );
    }
    return targets;
  });
}

export interface Components {
  /** Component of each node. Components are numbered dependencies first: every edge goes to a component with a number ≤ its own. */
  componentOf: Int32Array;
  count: number;
}

/** Tarjan's algorithm without recursion (a 10,000-node chain would overflow the stack). */
export function stronglyConnectedComponents(edges: number[][]): Components {
  const size = edges.length;
  const order = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const componentOf = new Int32Array(size).fill(-1);
  const nextEdge = new Int32Array(size);
  const stack: number[] = [];
  const calls: number[] = [];
  let counter = 0;
  let count = 0;
  for (let root = 0; root < size; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    calls.push(root);
    while (calls.length > 0) {
      const node = calls[calls.length - 1];
      const targets = edges[node];
      if (nextEdge[node] < targets.length) {
        const target = targets[nextEdge[node]++];
        if (order[target] === -1) {
          order[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = 1;
          calls.push(target);
        } else if (onStack[target]) {
          low[node] = Math.min(low[node], order[target]);
        }
        continue;
      }
      calls.pop();
      if (low[node] === order[node]) {
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          componentOf[member] = count;
        } while (member !== node);
        count++;
      }
      if (calls.length > 0) {
        const parent = calls[calls.length - 1];
        low[parent] = Math.min(low[parent], low[node]);
      }
    }
  }
  return { componentOf, count };
}

/** One `cycle` error per strongly connected component, listing one loop through it. */
function reportCycles(nodes: RoadmapNode[], edges: number[][], components: Components, diagnostics: Diagnostic[]): void {
  const { componentOf, count } = components;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let index = 0; index < nodes.length; index++) members[componentOf[index]].push(index);
  const cyclic = members.filter((group) => group.length > 1 || edges[group[0]].includes(group[0]));
  cyclic.sort((a, b) => a[0] - b[0]);
  for (const group of cyclic) {
    const start = group[0];
    const loop = loopThrough(start, edges, componentOf);
    const path = [...loop, start].map((index) => nodes[index].id).join(' → ');
    const node = nodes[start];
    diagnostics.push(
      diagnostic(
        'error',
        'cycle',
        node.file,
        node.line,
        `The requires form a cycle: ${path}. Remove one of these requires so the goals form a tree (or DAG).`,
        node.id,
      ),
    );
  }
}

/** A shortest loop from `start` back to itself inside its component (breadth-first). */
function loopThrough(start: number, edges: number[][], componentOf: Int32Array): number[] {
  const component = componentOf[start];
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const target of edges[node]) {
      if (componentOf[target] !== component) continue;
      if (target === start) {
        const path = [node];
        for (let step = node; step !== start;) {
          step = previous.get(step) as number;
          path.push(step);
        }
        return path.reverse();
      }
      if (previous.has(target)) continue;
      previous.set(target, node);
      queue.push(target);
    }
  }
  return [start];
}

// ---------------------------------------------------------------- progress

/**
 * `progress` = mean own progress over the node and everything it requires,
 * directly or transitively, that has items, each counted once (SPEC §2.4).
 *
 * On the condensed graph (cycles collapsed) the reachable set of a component
 * is the union of its dependencies' sets. Those unions are bitsets over the
 * components that have items, processed dependencies first; a bitset is freed
 * once its last dependent has used it, and a component with a single
 * dependency takes over that dependency's bitset when nobody else needs it,
 * so a deep chain costs O(1) per node. Sums over a bitset go through per-byte
 * lookup tables (8 bits at a time). Each weakly connected part of the graph
 * has its own bit numbering, so separate trees stay small.
 */
export function rollUpProgress(
  nodes: RoadmapNode[],
  edges: number[][],
  components: Components,
  bitsetBudgetWords = DEFAULT_BITSET_BUDGET_WORDS,
): void {
  const { componentOf, count } = components;
  const ownSum = new Float64Array(count);
  const ownCount = new Float64Array(count);
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    node.ownProgress = meanItemProgress(node);
    if (node.items.length > 0) {
      ownSum[componentOf[index]] += node.ownProgress;
      ownCount[componentOf[index]] += 1;
    }
  }
  const dependencies: number[][] = Array.from({ length: count }, () => []);
  for (let index = 0; index < nodes.length; index++) {
    const from = componentOf[index];
    for (const target of edges[index]) {
      const to = componentOf[target];
      if (to !== from) dependencies[from].push(to);
    }
  }
  for (let component = 0; component < count; component++) {
    if (dependencies[component].length > 1) dependencies[component] = [...new Set(dependencies[component])];
  }

  const sums: Sums = {
    ownSum,
    ownCount,
    dependencies,
    totalSum: new Float64Array(count),
    totalCount: new Float64Array(count),
    dependents: new Int32Array(count),
    bitOf: new Int32Array(count).fill(-1),
    firstWord: new Int32Array(count),
    endWord: new Int32Array(count),
  };
  for (const targets of dependencies) for (const dependency of targets) sums.dependents[dependency]++;
  for (const part of weaklyConnectedParts(dependencies)) {
    const withItems = part.filter((component) => ownCount[component] > 0).length;
    if (withItems === 0) continue;
    const words = Math.ceil(withItems / 32);
    if (part.length * words <= bitsetBudgetWords) sumWithBitsets(part, sums, words);
    else sumByWalking(part, sums);
  }
  for (let index = 0; index < nodes.length; index++) {
    const component = componentOf[index];
    const total = sums.totalCount[component];
    nodes[index].progress = total > 0 ? sums.totalSum[component] / total : 0;
  }
}

function meanItemProgress(node: RoadmapNode): number {
  if (node.items.length === 0) return 0;
  let sum = 0;
  for (const item of node.items) sum += item.progress;
  return sum / node.items.length;
}

/** Per component (indexed by component number). */
interface Sums {
  ownSum: Float64Array;
  ownCount: Float64Array;
  dependencies: number[][];
  totalSum: Float64Array;
  totalCount: Float64Array;
  /** How many components depend on it and have not yet used its bitset. */
  dependents: Int32Array;
  /** Its bit in its part's bitsets, or -1 when it has no items. */
  bitOf: Int32Array;
  /** The words of its bitset that can be non-zero: [firstWord, endWord). */
  firstWord: Int32Array;
  endWord: Int32Array;
}

/** Components grouped by weak connectivity, each group in ascending (dependencies-first) order. */
function weaklyConnectedParts(dependencies: number[][]): number[][] {
  const parent = new Int32Array(dependencies.length);
  for (let index = 0; index < parent.length; index++) parent[index] = index;
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root];
    while (parent[index] !== root) {
      const next = parent[index];
      parent[index] = root;
      index = next;
    }
    return root;
  };
  dependencies.forEach((targets, from) => {
    for (const to of targets) {
      const a = find(from);
      const b = find(to);
      if (a !== b) parent[a] = b;
    }
  });
  const parts = new Map<number, number[]>();
  for (let index = 0; index < dependencies.length; index++) {
    const root = find(index);
    const part = parts.get(root);
    if (part) part.push(index);
    else parts.set(root, [index]);
  }
  return [...parts.values()];
}

/**
 * Bits are numbered in component order, and the components a node reaches in
 * a tree were numbered one after another, so each set keeps the range of
 * words it uses and unions and sums only look at that range.
 */
function sumWithBitsets(part: number[], sums: Sums, words: number): void {
  const { ownSum, ownCount, dependencies, totalSum, totalCount, dependents, bitOf, firstWord, endWord } = sums;
  const { sumTable, countTable } = numberBits(part, sums, words);
  const sets = new Map<number, Uint32Array>();
  for (const component of part) {
    const deps = dependencies[component];
    const needed = dependents[component] > 0;
    let set: Uint32Array | null = null;
    let first = words;
    let end = 0;
    let sum = 0;
    let total = 0;
    if (deps.length === 1 && dependents[deps[0]] === 1) {
      // The only dependent: extend the dependency's set in place.
      const only = deps[0];
      set = sets.get(only) as Uint32Array;
      sets.delete(only);
      first = firstWord[only];
      end = endWord[only];
      sum = totalSum[only];
      total = totalCount[only];
    } else if (deps.length > 0 || needed) {
      set = new Uint32Array(words);
      for (const dependency of deps) {
        const other = sets.get(dependency) as Uint32Array;
        const from = firstWord[dependency];
        const to = endWord[dependency];
        for (let word = from; word < to; word++) set[word] |= other[word];
        if (from < first) first = from;
        if (to > end) end = to;
        if (--dependents[dependency] === 0) sets.delete(dependency);
      }
      for (let word = first; word < end; word++) {
        const bits = set[word];
        if (bits === 0) continue;
        const offset = word * 1024;
        sum += sumTable[offset + (bits & 255)] + sumTable[offset + 256 + ((bits >>> 8) & 255)];
        sum += sumTable[offset + 512 + ((bits >>> 16) & 255)] + sumTable[offset + 768 + (bits >>> 24)];
        total += countTable[offset + (bits & 255)] + countTable[offset + 256 + ((bits >>> 8) & 255)];
        total += countTable[offset + 512 + ((bits >>> 16) & 255)] + countTable[offset + 768 + (bits >>> 24)];
      }
    }
    const bit = bitOf[component];
    if (bit >= 0) {
      const word = bit >>> 5;
      if (set) set[word] |= 1 << (bit & 31);
      if (word < first) first = word;
      if (word + 1 > end) end = word + 1;
      sum += ownSum[component];
      total += ownCount[component];
    }
    totalSum[component] = sum;
    totalCount[component] = total;
    firstWord[component] = first;
    endWord[component] = end;
    if (needed && set) sets.set(component, set);
  }
}

/**
 * Gives each component of the part that has items its bit (`bitOf`), in
 * component order, and returns the byte tables that total a bitset's
 * `ownSum` and `ownCount`.
 */
function numberBits(part: number[], sums: Sums, words: number): { sumTable: Float64Array; countTable: Float64Array } {
  const { ownSum, ownCount, bitOf } = sums;
  const bitSum: number[] = [];
  const bitCount: number[] = [];
  for (const component of part) {
    if (ownCount[component] === 0) continue;
    bitOf[component] = bitSum.length;
    bitSum.push(ownSum[component]);
    bitCount.push(ownCount[component]);
  }
  return { sumTable: byteTable(bitSum, words), countTable: byteTable(bitCount, words) };
}

/** table[byteIndex × 256 + byte] = the weights of the bits set in that byte. */
function byteTable(weights: number[], words: number): Float64Array {
  const table = new Float64Array(words * 4 * 256);
  for (let byteIndex = 0; byteIndex < words * 4; byteIndex++) {
    const offset = byteIndex * 256;
    for (let byte = 1; byte < 256; byte++) {
      const lowest = byte & -byte;
      const bit = byteIndex * 8 + 31 - Math.clz32(lowest);
      table[offset + byte] = table[offset + (byte & (byte - 1))] + (weights[bit] ?? 0);
    }
  }
  return table;
}

/** The memory-flat fallback: a walk over each component's reachable set. */
function sumByWalking(part: number[], sums: Sums): void {
  const { ownSum, ownCount, dependencies, totalSum, totalCount } = sums;
  const seenAt = new Map<number, number>();
  const stack: number[] = [];
  for (const component of part) {
    let sum = 0;
    let total = 0;
    stack.push(component);
    seenAt.set(component, component);
    while (stack.length > 0) {
      const current = stack.pop() as number;
      sum += ownSum[current];
      total += ownCount[current];
      for (const dependency of dependencies[current]) {
        if (seenAt.get(dependency) === component) continue;
        seenAt.set(dependency, component);
        stack.push(dependency);
      }
    }
    totalSum[component] = sum;
    totalCount[component] = total;
  }
}
