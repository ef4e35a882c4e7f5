/**
 * YAML read into a small positioned tree (maps, sequences, scalars, each with
 * its 1-based line), for YAML roadmaps and Markdown front matter.
 *
 * Why two readers: the `yaml` package is correct for all of YAML but reads
 * about 3.5 MB/s even with position tracking off (measured: 1.4 s for the CST
 * alone on 5 MB of roadmap YAML), while analysing 10,000 nodes has a budget
 * of one second in total. Roadmaps are written in a small, regular part of
 * YAML — block maps and sequences, one-line scalars, one-line flow lists —
 * so `readSimpleYaml` reads exactly that part, line by line, and gives up
 * (returns `undefined`) on anything else: anchors, tags, block scalars,
 * multi-line scalars, flow maps, quoted keys, duplicate keys, tabs, odd
 * indentation. Whatever it gives up on goes to `yaml`, which also reports
 * every syntax error with its line. A property test checks the two readers
 * agree on every document the simple reader accepts.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlPackageNode } from 'yaml';

export interface YamlScalar {
  kind: 'scalar';
  /**
   * The scalar as written for plain scalars (`1.0` stays `1.0`), the decoded
   * text for quoted ones, null for YAML null (`~`, `null`, nothing).
   */
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

/**
 * Reads `source`, whose first line is line `firstLine` of its file (front
 * matter starts below the opening `---`). Never throws.
 */
export function parseYamlTree(source: string, firstLine = 1): YamlTreeResult {
  const simple = readSimpleYaml(source, firstLine);
  if (simple !== undefined) return { ok: true, root: simple };
  return readWithYamlPackage(source, firstLine);
}

// ---------------------------------------------------------------- the simple reader

/** Thrown inside the simple reader when the text leaves the part of YAML it reads. */
class OutsideSimpleYaml extends Error {}

function giveUp(): never {
  throw new OutsideSimpleYaml();
}

interface SourceLine {
  indent: number;
  content: string;
  line: number;
}

function isNullPlain(text: string): boolean {
  return text === '~' || text === 'null' || text === 'Null' || text === 'NULL';
}

/** `text[from, to)` without trailing spaces (YAML's only inline white space here: tabs were ruled out). */
function sliceTrimEnd(text: string, from: number, to: number): string {
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  return text.slice(from, to);
}

/** `text` from `from` on, without leading spaces. */
function sliceTrimStart(text: string, from: number): string {
  while (from < text.length && text.charCodeAt(from) === 32) from++;
  return text.slice(from);
}
/** Characters that cannot start a plain scalar (YAML 1.2 indicators). */
const RESERVED_START = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** Tabs, control characters, YAML 1.1 line breaks and a BOM are left to the full parser (a lone `\r` too, line by line). */
const UNUSUAL_CHARACTERS = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/** The tree of `source` when it is in the simple part of YAML, else `undefined`. */
export function readSimpleYaml(source: string, firstLine = 1): YamlNode | null | undefined {
  if (UNUSUAL_CHARACTERS.test(source)) return undefined;
  try {
    const reader = new SimpleYamlReader(significantLines(source, firstLine));
    return reader.readDocument();
  } catch (error) {
    if (error instanceof OutsideSimpleYaml) return undefined;
    throw error;
  }
}

function significantLines(source: string, firstLine: number): SourceLine[] {
  const lines: SourceLine[] = [];
  let documentStartSeen = false;
  const raw = source.split('\n');
  for (let index = 0; index < raw.length; index++) {
    let text = raw[index];
    // `\r\n` ends a line; any other `\r` (even the file's last character) is text to the full parser.
    if (text.endsWith('\r') && index < raw.length - 1) text = text.slice(0, -1);
    if (text.includes('\r')) giveUp();
    let indent = 0;
    while (indent < text.length && text.charCodeAt(indent) === 32) indent++;
    let end = text.length;
    while (end > indent && text.charCodeAt(end - 1) === 32) end--;
    if (end === indent || text.charCodeAt(indent) === 35 /* # */) continue;
    const content = text.slice(indent, end);
    if (indent === 0 && /^(?:---|\.\.\.)(?: |$)|^%/.test(content)) {
      // A lone `---` opening the document is common and harmless; any other marker is not simple.
      if (content === '---' && lines.length === 0 && !documentStartSeen) {
        documentStartSeen = true;
        continue;
      }
      giveUp();
    }
    lines.push({ indent, content, line: firstLine + index });
  }
  return lines;
}

function isSequenceEntry(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** Where `key: value` splits, or -1 when the content is not a map entry. */
function mapIndicator(content: string): number {
  const first = content[0];
  if (first === '"' || first === "'" || first === '[' || first === '{') {
    // A quoted or flow key is outside the simple part; a quoted or flow value alone is not a key.
    return /^(?:"[^"]*"|'[^']*'|\[.*\]|\{.*\})\s*:(?: |$)/.test(content) ? giveUp() : -1;
  }
  const colon = content.indexOf(': ');
  const comment = content.indexOf(' #');
  if (comment >= 0 && (colon < 0 || comment < colon)) return -1;
  if (colon >= 0) return colon;
  return content.endsWith(':') ? content.length - 1 : -1;
}

function plainScalarText(text: string): string | null {
  if (text === '') giveUp();
  const first = text[0];
  if (RESERVED_START.has(first)) giveUp();
  if ((first === '-' || first === '?' || first === ':') && (text.length === 1 || text[1] === ' ')) giveUp();
  // Callers have cut comments (` #`) off already.
  if (text.includes(': ') || text.endsWith(':')) giveUp();
  return isNullPlain(text) ? null : text;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r' };

/** A double-quoted scalar at `start`; returns its text and the index after the closing quote. */
function doubleQuoted(content: string, start: number): { text: string; end: number } {
  let text = '';
  let index = start + 1;
  while (index < content.length) {
    const char = content[index];
    if (char === '"') return { text, end: index + 1 };
    if (char === '\\') {
      const escape = content[index + 1];
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(content.slice(index + 2, index + 6))) {
        text += String.fromCharCode(parseInt(content.slice(index + 2, index + 6), 16));
        index += 6;
        continue;
      }
      if (escape === undefined || !Object.hasOwn(SIMPLE_ESCAPES, escape)) giveUp();
      text += SIMPLE_ESCAPES[escape];
      index += 2;
      continue;
    }
    text += char;
    index++;
  }
  return giveUp();
}

function singleQuoted(content: string, start: number): { text: string; end: number } {
  let text = '';
  let index = start + 1;
  while (index < content.length) {
    const char = content[index];
    if (char === "'") {
      if (content[index + 1] === "'") {
        text += "'";
        index += 2;
        continue;
      }
      return { text, end: index + 1 };
    }
    text += char;
    index++;
  }
  return giveUp();
}

/** After a quoted scalar or a flow list only spaces and a comment may follow. */
function expectLineEnd(content: string, index: number): void {
  const rest = content.slice(index);
  if (rest === '') return;
  if (/^ +(?:#.*)?$/.test(rest)) return;
  giveUp();
}

function flowSequence(content: string, line: number): YamlSeq {
  const items: YamlNode[] = [];
  let index = 1;
  const skipSpaces = (): void => {
    while (content[index] === ' ') index++;
  };
  skipSpaces();
  if (content[index] === ']') {
    expectLineEnd(content, index + 1);
    return { kind: 'seq', items, line };
  }
  for (;;) {
    skipSpaces();
    const char = content[index];
    if (char === '"' || char === "'") {
      const quoted = char === '"' ? doubleQuoted(content, index) : singleQuoted(content, index);
      items.push({ kind: 'scalar', text: quoted.text, line });
      index = quoted.end;
    } else {
      let end = index;
      while (end < content.length && !',[]{}'.includes(content[end])) end++;
      const text = sliceTrimEnd(content, index, end);
      if (text === '' || text.includes(':') || text.includes('#')) giveUp();
      items.push({ kind: 'scalar', text: plainScalarText(text), line });
      index = end;
    }
    skipSpaces();
    if (content[index] === ',') {
      index++;
      skipSpaces();
      if (content[index] === ']') giveUp(); // a trailing comma
      continue;
    }
    if (content[index] === ']') {
      expectLineEnd(content, index + 1);
      return { kind: 'seq', items, line };
    }
    return giveUp();
  }
}

/** A value written on the same line as its key or dash. */
function inlineValue(content: string, line: number): YamlNode {
  const first = content[0];
  if (first === '"' || first === "'") {
    const quoted = first === '"' ? doubleQuoted(content, 0) : singleQuoted(content, 0);
    expectLineEnd(content, quoted.end);
    return { kind: 'scalar', text: quoted.text, line };
  }
  if (first === '[') return flowSequence(content, line);
  if (first === '{') {
    if (!/^\{ *\}(?: +#.*)?$/.test(content)) giveUp();
    return { kind: 'map', entries: [], line };
  }
  const comment = content.indexOf(' #');
  const text = sliceTrimEnd(content, 0, comment >= 0 ? comment : content.length);
  return { kind: 'scalar', text: plainScalarText(text), line };
}

class SimpleYamlReader {
  private next = 0;

  constructor(private readonly lines: SourceLine[]) {}

  readDocument(): YamlNode | null {
    if (this.lines.length === 0) return null;
    const root = this.readNode(this.lines[0].indent);
    if (this.next < this.lines.length) giveUp();
    return root;
  }

  private peek(): SourceLine | undefined {
    return this.lines[this.next];
  }

  /** The node whose first line is the next line, at exactly `indent`. */
  private readNode(indent: number): YamlNode {
    const current = this.lines[this.next];
    if (isSequenceEntry(current.content)) return this.readSequence(indent);
    if (mapIndicator(current.content) >= 0) return this.readMap(indent);
    this.next++;
    const scalar = inlineValue(current.content, current.line);
    this.expectNothingDeeperThan(indent);
    return scalar;
  }

  /** The value below a key or dash that had nothing after it on its line. */
  private readNestedValue(parentIndent: number, line: number, allowSequenceAtParentIndent: boolean): YamlNode {
    const following = this.peek();
    if (following && following.indent > parentIndent) return this.readNode(following.indent);
    if (following && allowSequenceAtParentIndent && following.indent === parentIndent && isSequenceEntry(following.content)) {
      return this.readSequence(parentIndent);
    }
    return { kind: 'scalar', text: null, line };
  }

  private expectNothingDeeperThan(indent: number): void {
    const following = this.peek();
    if (following && following.indent > indent) giveUp();
  }

  private readMap(indent: number): YamlMap {
    const first = this.lines[this.next];
    const map: YamlMap = { kind: 'map', entries: [], line: first.line };
    const keys = new Set<string>();
    for (;;) {
      const current = this.peek();
      if (!current || current.indent < indent) return map;
      if (current.indent > indent) giveUp();
      const split = mapIndicator(current.content);
      if (split < 0 || isSequenceEntry(current.content)) giveUp();
      const keyText = sliceTrimEnd(current.content, 0, split);
      const key = plainScalarText(keyText);
      if (key === null || keys.has(key)) giveUp();
      keys.add(key);
      this.next++;
      const rest = sliceTrimStart(current.content, split + 1);
      let value: YamlNode;
      if (rest === '' || rest.startsWith('#')) {
        value = this.readNestedValue(indent, current.line, true);
      } else {
        value = inlineValue(rest, current.line);
        this.expectNothingDeeperThan(indent);
      }
      map.entries.push({ key, line: current.line, value });
    }
  }

  private readSequence(indent: number): YamlSeq {
    const sequence: YamlSeq = { kind: 'seq', items: [], line: this.lines[this.next].line };
    for (;;) {
      const current = this.peek();
      if (!current || current.indent < indent) return sequence;
      if (current.indent > indent || !isSequenceEntry(current.content)) giveUp();
      const rest = sliceTrimStart(current.content, 1);
      const spaces = current.content.length - 1 - rest.length;
      if (rest === '' || rest.startsWith('#')) {
        this.next++;
        sequence.items.push(this.readNestedValue(indent, current.line, false));
        continue;
      }
      if (isSequenceEntry(rest)) giveUp();
      const column = indent + 1 + spaces;
      if (mapIndicator(rest) >= 0) {
        // `- key: value` opens a map whose entries line up with `key`.
        current.indent = column;
        current.content = rest;
        sequence.items.push(this.readMap(column));
      } else {
        this.next++;
        sequence.items.push(inlineValue(rest, current.line));
      }
      this.expectNothingDeeperThan(indent);
    }
  }
}

// ---------------------------------------------------------------- the full reader

/** Aliases can multiply a small file into a huge tree ("billion laughs"); stop well before. */
const MAX_TREE_NODES = 200_000;
/** Deeper nesting than any roadmap needs; the walk below recurses once per level. */
const MAX_TREE_DEPTH = 1_000;

/** Stops the conversion: the document cannot become a finite, reasonably sized tree. */
class UnreadableTree extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads any YAML with the `yaml` package; the first syntax error comes back with its line. */
export function readWithYamlPackage(source: string, firstLine = 1): YamlTreeResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined): number => (offset === undefined ? firstLine : lineCounter.linePos(offset).line + firstLine - 1);
  if (document.errors.length > 0) {
    const error = document.errors[0];
    return { ok: false, line: lineAt(error.pos[0]), message: error.message.split('\n')[0] };
  }
  let budget = MAX_TREE_NODES;
  // The nodes being converted, outermost first: an alias to one of them would repeat forever.
  const open = new Set<unknown>();
  const convert = (node: unknown, fallbackLine: number, depth: number): YamlNode => {
    if (--budget < 0) {
      throw new UnreadableTree(firstLine, `the document expands to more than ${MAX_TREE_NODES} values (too many aliases)`);
    }
    if (depth > MAX_TREE_DEPTH) throw new UnreadableTree(fallbackLine, `values are nested more than ${MAX_TREE_DEPTH} levels deep`);
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (open.has(target)) {
        const line = node.range ? lineAt(node.range[0]) : fallbackLine;
        throw new UnreadableTree(line, `the alias *${node.source} refers to a value that contains it, so it never ends`);
      }
      return convert(target, fallbackLine, depth);
    }
    const packageNode = node as YamlPackageNode | null;
    const line = packageNode?.range ? lineAt(packageNode.range[0]) : fallbackLine;
    if (isMap(node)) {
      open.add(node);
      const entries: YamlEntry[] = node.items.map((pair) => {
        const keyNode = pair.key as YamlPackageNode | null;
        const keyLine = keyNode?.range ? lineAt(keyNode.range[0]) : line;
        const key = scalarText(pair.key) ?? '';
        return { key, line: keyLine, value: convert(pair.value, keyLine, depth + 1) };
      });
      open.delete(node);
      return { kind: 'map', entries, line: entries[0]?.line ?? line };
    }
    if (isSeq(node)) {
      open.add(node);
      const items = node.items.map((item) => convert(item, line, depth + 1));
      open.delete(node);
      return { kind: 'seq', items, line };
    }
    if (isScalar(node)) {
      const text = scalarText(node);
      return { kind: 'scalar', text, line: text === null ? fallbackLine : line };
    }
    return { kind: 'scalar', text: null, line: fallbackLine };
  };
  try {
    return { ok: true, root: document.contents === null ? null : convert(document.contents, firstLine, 0) };
  } catch (error) {
    if (error instanceof UnreadableTree) return { ok: false, line: error.line, message: error.message };
    throw error;
  }
}

function scalarText(node: unknown): string | null {
  if (!isScalar(node)) {
    // A complex key (a map or list used as a key) is kept as its YAML text.
    return node === null || node === undefined ? null : String(node);
  }
  if (node.value === null || node.value === undefined) return null;
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return String(node.value);
}
