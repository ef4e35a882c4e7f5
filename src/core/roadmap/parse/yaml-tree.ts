/**
 * YAML read into a small positioned tree (maps, sequences, scalars, each with
 * its 1-based line), for YAML roadmaps and Markdown front matter.
 *
 * One reader for all of YAML: js-yaml, which reads about 10 MB/s, where the
 * `yaml` package's `parseDocument` reads about 0.4 MB/s (measured on 3.9 MB
 * of flow-style roadmap YAML: 0.56 s against 9.4 s). js-yaml builds plain
 * JavaScript values without positions; its `listener` sees every node open
 * and close, and here the close replaces the node's value with a positioned
 * tree node before the enclosing collection stores it. The failsafe schema
 * plus YAML null keeps scalars as written (`1.0` stays `1.0`).
 */
import * as jsYaml from 'js-yaml';
import { FAILSAFE_SCHEMA, YAMLException, type LoadOptions, type State, type Type } from 'js-yaml';

/** What js-yaml 4.3 offers beyond its published types: the built-in types and a nesting limit. */
const { load, types } = jsYaml as unknown as {
  load(source: string, options: LoadOptions & { maxDepth: number }): unknown;
  types: { null: Type };
};

export interface YamlScalar {
  kind: 'scalar';
  /** The scalar as written for plain scalars, the decoded text for quoted ones, null for YAML null (`~`, `null`, nothing). */
  text: string | null;
  line: number;
}

export interface YamlSeq {
  kind: 'seq';
  items: YamlNode[];
  line: number;
}

export interface YamlEntry {
  key: string;
  line: number;
  value: YamlNode;
}

export interface YamlMap {
  kind: 'map';
  entries: YamlEntry[];
  line: number;
}

export type YamlNode = YamlScalar | YamlSeq | YamlMap;

export type YamlTreeResult = { ok: true; root: YamlNode | null } | { ok: false; line: number; message: string };

/** Aliases can multiply a small file into a huge tree ("billion laughs"); stop well before. */
const MAX_TREE_NODES = 200_000;
/** Deeper nesting than any roadmap needs; js-yaml recurses once per level. */
const MAX_TREE_DEPTH = 100;

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [types.null] });

/** Stops the reading: the document cannot become a finite, reasonably sized tree. */
class UnreadableTree extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A tree node as js-yaml holds it while reading. js-yaml turns a mapping key
 * into a string when it stores the pair, so a key node logs itself then: the
 * log gives every key its line, in written order.
 */
class TreeNode {
  constructor(
    readonly node: YamlNode,
    /** How many nodes this one stands for once aliases are expanded. */
    readonly size: number,
    private readonly keyLog: TreeNode[],
  ) {}

  get [Symbol.toStringTag](): string {
    return 'TreeNode';
  }

  toString(): string {
    this.keyLog.push(this);
    return keyText(this.node);
  }
}

/**
 * Reads `source`, whose first line is line `firstLine` of its file (front
 * matter starts below the opening `---`). Never throws.
 */
export function parseYamlTree(source: string, firstLine = 1): YamlTreeResult {
  const reader = new TreeBuilder(source, firstLine);
  try {
    const result: unknown = load(source, { schema: SCHEMA, maxDepth: MAX_TREE_DEPTH, listener: reader.listener });
    return { ok: true, root: result === null || result === undefined ? null : reader.toNode(result, firstLine).node };
  } catch (error) {
    if (error instanceof UnreadableTree) return { ok: false, line: error.line, message: error.message };
    if (error instanceof YAMLException) {
      // js-yaml also counts a lone `\r` as a line break; editors and diagnostics count `\n` only.
      const lastLine = firstLine + (source.match(/\n/g)?.length ?? 0);
      return { ok: false, line: Math.min((error.mark?.line ?? 0) + firstLine, lastLine), message: error.reason.split('\n')[0] };
    }
    // js-yaml overflows the stack only past MAX_TREE_DEPTH, which it refuses first; anything else is a bug.
    throw error;
  }
}

class TreeBuilder {
  /** Where each open node's text may start (offset, 0-based line), innermost last. */
  private readonly openAt: { position: number; line: number }[] = [];
  /** Anchored collections as js-yaml built them → their tree nodes, for aliases. */
  private readonly anchored = new Map<unknown, TreeNode>();
  /** Keys stored since their mapping opened, innermost mapping's last. */
  private readonly keyLog: TreeNode[] = [];

  constructor(
    private readonly source: string,
    private readonly firstLine: number,
  ) {}

  readonly listener = (event: 'open' | 'close', state: State & { anchor: string | null }): void => {
    if (event === 'open') {
      this.openAt.push({ position: state.position, line: state.line });
      return;
    }
    const opened = this.openAt.pop()!;
    const value: unknown = state.result;
    if (value instanceof TreeNode) return;
    const start = this.contentStart(opened.position, opened.line);
    if (state.kind === null && value !== null && typeof value === 'object' && this.source[start.position] === '*') {
      // An alias: js-yaml hands back the very value the anchor named.
      const target = this.anchored.get(value);
      if (!target) {
        const name = /^\*([^\s,[\]{}]*)/.exec(this.source.slice(start.position, start.position + 200))?.[1] ?? '';
        throw new UnreadableTree(start.line, `the alias *${name} refers to a value that contains it, so it never ends`);
      }
      state.result = target;
      return;
    }
    const line = value === null && state.kind === null ? opened.line + this.firstLine : start.line;
    const node = this.toNode(value, line);
    if (state.anchor !== null) this.anchored.set(value, node);
    state.result = node;
  };

  /** The first offset at or after `position` that is not space, line break or comment, with its line. */
  private contentStart(position: number, line: number): { position: number; line: number } {
    const source = this.source;
    for (;;) {
      const code = source.charCodeAt(position);
      if (code === 32 || code === 9 || code === 13) position++;
      else if (code === 10) {
        position++;
        line++;
      } else if (code === 35 /* # */) {
        const end = source.indexOf('\n', position);
        position = end < 0 ? source.length : end;
      } else return { position, line: line + this.firstLine };
    }
  }

  toNode(value: unknown, line: number): TreeNode {
    if (value instanceof TreeNode) return value;
    if (value === null || value === undefined) return this.leaf({ kind: 'scalar', text: null, line });
    if (typeof value !== 'object') return this.leaf({ kind: 'scalar', text: String(value), line });
    return Array.isArray(value) ? this.sequence(value, line) : this.mapping(value as Record<string, unknown>, line);
  }

  private leaf(node: YamlScalar): TreeNode {
    return new TreeNode(node, 1, this.keyLog);
  }

  private counted(node: YamlNode, size: number, line: number): TreeNode {
    if (size > MAX_TREE_NODES) {
      throw new UnreadableTree(line, `the document expands to more than ${MAX_TREE_NODES} values (too many aliases)`);
    }
    return new TreeNode(node, size, this.keyLog);
  }

  private sequence(values: unknown[], line: number): TreeNode {
    let size = 1;
    // `[a: b, c: d]` holds single-pair mappings js-yaml built without a close event: their keys are logged in order.
    const isPair = (item: unknown): boolean => item !== null && typeof item === 'object' && !(item instanceof TreeNode);
    const pairs = values.filter(isPair).length;
    const keys = pairs === 0 ? [] : this.keyLog.splice(this.keyLog.length - pairs, pairs);
    const items = values.map((item) => {
      if (isPair(item)) {
        return this.mapping(item as Record<string, unknown>, line, keys.splice(0, 1)).node;
      }
      const child = this.toNode(item, line);
      size += child.size;
      return child.node;
    });
    return this.counted({ kind: 'seq', items, line }, size, line);
  }

  private mapping(values: Record<string, unknown>, fallbackLine: number, keyNodes?: TreeNode[]): TreeNode {
    let size = 1;
    const entries: YamlEntry[] = [];
    const count = Object.keys(values).length;
    for (const keyNode of keyNodes ?? this.keyLog.splice(this.keyLog.length - count, count)) {
      const key = keyText(keyNode.node);
      const keyLine = keyNode.node.line;
      const child = this.toNode(values[key], keyLine);
      size += child.size;
      entries.push({ key, line: keyLine, value: child.node });
    }
    const line = entries[0]?.line ?? fallbackLine;
    return this.counted({ kind: 'map', entries, line }, size, line);
  }
}

/** A complex key (a list or mapping used as a key) is rare in roadmaps; it is kept as short text. */
function keyText(node: YamlNode): string {
  if (node.kind === 'scalar') return node.text ?? '';
  return node.kind === 'seq' ? `[${node.items.map(keyText).join(', ')}]` : `{${node.entries.map((entry) => entry.key).join(', ')}}`;
}
