/**
 * Pieces every format shares: issue references, work items with
 * their status, placeholders and the empty node the parsers fill in.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { toFuzzyDate } from '../../model/dates.js';
import { clip, diagnostic, errorMessage } from '../../model/diagnostics.js';
import type { Diagnostic, FuzzyDate, IssueRef, Item, NodeKind, RoadmapNode, StatusScale } from '../../model/model.js';
import { closestMatches } from '../../model/labels.js';
import { isDoneStatus, isKnownStatus, itemProgress } from '../../model/statuses.js';

export const GOAL_EMOJI = '🎯';

/** Runs one file's step; an unexpected exception becomes that file's `parse-error` instead of escaping. */
export function guarded<T>(path: string, what: string, diagnostics: Diagnostic[], step: () => T): T | null {
  try {
    return step();
  } catch (error) {
    diagnostics.push(
      diagnostic('error', 'parse-error', path, 1, `Could not read this ${what}: ${errorMessage(error)}. Check the file's syntax.`),
    );
    return null;
  }
}

export function isGoalTitle(title: string): boolean {
  return title.trimStart().startsWith(GOAL_EMOJI);
}

export function emptyNode(id: string, title: string, kind: NodeKind, file: string, line: number): RoadmapNode {
  return {
    id,
    title,
    kind,
    file,
    line,
    requires: [],
    items: [],
    statusQuo: null,
    targets: [],
    owners: [],
    description: [],
    ownProgress: 0,
    progress: 0,
    done: false,
  };
}

export function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function fileExtension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

// ---------------------------------------------------------------- where requires are written

/** A place in a roadmap file. */
export interface SourcePlace {
  file: string;
  line: number;
}

/**
 * The line each id of a node's `requires` is written on, so an
 * `unknown-requires` error points at the id itself. The model has no field
 * for it: each parser returns this map beside its nodes, the merge carries
 * it along, and the graph check reads it.
 */
export type RequiresLines = Map<RoadmapNode, Map<string, SourcePlace>>;

export function noteRequiresLine(lines: RequiresLines, node: RoadmapNode, id: string, place: SourcePlace): void {
  let places = lines.get(node);
  if (!places) {
    places = new Map();
    lines.set(node, places);
  }
  if (!places.has(id)) places.set(id, place);
}

/** Adds the places of `from`'s requires to `to`'s, keeping any `to` already has. */
export function copyRequiresLines(lines: RequiresLines, from: RoadmapNode, to: RoadmapNode): void {
  for (const [id, place] of lines.get(from) ?? []) noteRequiresLine(lines, to, id, place);
}

/** Adds every node's places of `source` to `target` (the nodes of different parsers are different objects). */
export function addRequiresLines(target: RequiresLines, source: RequiresLines): void {
  for (const [node, places] of source) target.set(node, places);
}

// ---------------------------------------------------------------- text

/** Editors on Windows save UTF-8 with a byte-order mark; it must not hide the first line's syntax. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// ---------------------------------------------------------------- issue references

const ISSUE_URL = /https?:\/\/github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)\/(?:issues|pull)\/(\d+)/g;
const REPO_ISSUE = /(?<![A-Za-z0-9._/-])([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)#(\d+)\b/g;
const BARE_ISSUE = /(?<![A-Za-z0-9_&/#-])#(\d+)\b/g;
/** GitHub issue numbers fit in 32 bits; longer digit runs are not references. */
const MAX_ISSUE_NUMBER = 2 ** 31 - 1;

/** `#123`, `owner/repo#123` and GitHub issue/pull URLs, in order of first appearance, without repeats. */
export function extractIssueRefs(text: string): IssueRef[] {
  const hasUrl = text.includes('github.com/');
  if (!hasUrl && !text.includes('#')) return [];
  if (!hasUrl && !text.includes('/')) return bareIssueRefs(text);
  const found: { index: number; ref: IssueRef }[] = [];
  let rest = text;
  const take = (pattern: RegExp, toRef: (match: RegExpExecArray) => IssueRef): void => {
    // Each reference is blanked out (offsets kept) so a shorter pattern cannot match inside it.
    let blanked = '';
    let last = 0;
    for (const match of rest.matchAll(pattern)) {
      found.push({ index: match.index, ref: toRef(match) });
      blanked += rest.slice(last, match.index) + ' '.repeat(match[0].length);
      last = match.index + match[0].length;
    }
    rest = blanked + rest.slice(last);
  };
  // Most labels have no reference at all, and few have URLs: skip the patterns that cannot match.
  if (text.includes('github.com/')) take(ISSUE_URL, (m) => ({ repo: `${m[1]}/${m[2]}`, number: Number(m[3]) }));
  if (rest.includes('#')) {
    if (rest.includes('/')) take(REPO_ISSUE, (m) => ({ repo: `${m[1]}/${m[2]}`, number: Number(m[3]) }));
    take(BARE_ISSUE, (m) => ({ repo: null, number: Number(m[1]) }));
  }
  found.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  const refs: IssueRef[] = [];
  for (const { ref } of found) {
    if (!Number.isSafeInteger(ref.number) || ref.number < 1 || ref.number > MAX_ISSUE_NUMBER) continue;
    const key = `${ref.repo ?? ''}#${ref.number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push(ref);
  }
  return refs;
}

const ISSUE_OR_PULL_URL =
  /^https?:\/\/github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)\/(?:issues|pull)\/(\d+)\/?(?:[?#].*)?$/;

/** A link (`href`) that is exactly a GitHub issue or pull request, as the reference it names; null for any other link. */
export function issueRefFromUrl(url: string): IssueRef | null {
  const match = ISSUE_OR_PULL_URL.exec(url.trim());
  const number = match ? Number(match[3]) : 0;
  return match && number >= 1 && number <= MAX_ISSUE_NUMBER ? { repo: `${match[1]}/${match[2]}`, number } : null;
}

/** Both lists, in order, each reference once. */
export function mergeRefs(first: IssueRef[], second: IssueRef[]): IssueRef[] {
  if (second.length === 0) return first;
  const seen = new Set<string>();
  return [...first, ...second].filter((ref) => {
    const key = `${ref.repo ?? ''}#${ref.number}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Only `#123` can occur: matches come in order and need no blanking. */
function bareIssueRefs(text: string): IssueRef[] {
  const refs: IssueRef[] = [];
  for (const match of text.matchAll(BARE_ISSUE)) {
    const number = Number(match[1]);
    if (number < 1 || number > MAX_ISSUE_NUMBER || refs.some((ref) => ref.number === number)) continue;
    refs.push({ repo: null, number });
  }
  return refs;
}

// ---------------------------------------------------------------- HTML entities

const CHARACTER_REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** `&lt;`, `&amp;`, `&#8212;`, `&#x2014;` decoded; unknown names and code points that are not characters stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(CHARACTER_REFERENCE, (reference, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) return decodeNamedCharacterReference(name) || reference;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    const isCharacter = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return isCharacter ? String.fromCodePoint(code) : reference;
  });
}

// ---------------------------------------------------------------- dates

/**
 * Roadmaps repeat the same few date texts ("January 2022", "Q3 2025")
 * thousands of times; resolving each text once keeps big roadmaps fast.
 * Callers get their own copy, so nothing is shared between nodes.
 */
const fuzzyDateCache = new Map<string, FuzzyDate>();
const FUZZY_DATE_CACHE_SIZE = 10_000;

export function cachedFuzzyDate(text: string): FuzzyDate {
  let date = fuzzyDateCache.get(text);
  if (date === undefined) {
    if (fuzzyDateCache.size >= FUZZY_DATE_CACHE_SIZE) fuzzyDateCache.clear();
    date = toFuzzyDate(text);
    fuzzyDateCache.set(text, date);
  }
  return { ...date };
}

// ---------------------------------------------------------------- placeholders

/** `FIXME…`, `TODO…`, `XXX`, `TBD` opening a block of text (upper case, as people write them). */
const PLACEHOLDER = /^(?:FIXME|TODO|XXX|TBD)(?![A-Za-z0-9])/;

/** True when there is text and every block of it is a placeholder. */
export function isPlaceholderText(blocks: string[]): boolean {
  if (blocks.length === 1) return PLACEHOLDER.test(blocks[0].trim());
  const nonEmpty = blocks.map((block) => block.trim()).filter((block) => block !== '');
  return nonEmpty.length > 0 && nonEmpty.every((block) => PLACEHOLDER.test(block));
}

export function placeholderDiagnostic(file: string, line: number, what: string, nodeId: string): Diagnostic {
  return diagnostic(
    'warning',
    'placeholder',
    file,
    line,
    `${what} is only a placeholder (FIXME/TODO/XXX/TBD); write the actual text or remove it.`,
    nodeId,
  );
}

// ---------------------------------------------------------------- items and statuses

export function knownStatusList(scale: StatusScale): string {
  return [...scale.order, '?'].join(', ');
}

export function unknownStatusDiagnostic(
  status: string,
  what: string,
  scale: StatusScale,
  file: string,
  line: number,
  nodeId: string,
): Diagnostic {
  const suggestions = closestMatches(status, scale.order, 1);
  const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : '';
  return diagnostic(
    'warning',
    'unknown-status',
    file,
    line,
    `${what} has status "${clip(status)}", which is not a known status; use one of: ${knownStatusList(scale)}.${hint}`,
    nodeId,
  );
}

export interface ItemDraft {
  label: string;
  /** Undefined when nothing gives one: the scale's first stage. */
  status?: string;
  /** A ticked task-list box: done whatever the status says. */
  checked?: boolean;
  issues?: IssueRef[];
  href?: string;
  extra?: Record<string, string>;
  file: string;
  line: number;
}

/** The first stage of a scale is what an item with no status is at (`not-started` by default). */
export function initialStatus(scale: StatusScale): string {
  return scale.order[0] ?? 'not-started';
}

export function lastStage(scale: StatusScale): string {
  return scale.order[scale.order.length - 1] ?? 'done';
}

/** A finished item; an unknown status adds an `unknown-status` warning to `diagnostics`. */
export function buildItem(draft: ItemDraft, scale: StatusScale, nodeId: string, diagnostics: Diagnostic[]): Item {
  let status = draft.status ?? initialStatus(scale);
  if (draft.checked) status = lastStage(scale);
  const known = isKnownStatus(status, scale);
  if (!known) {
    diagnostics.push(unknownStatusDiagnostic(status, `Item "${clip(draft.label)}"`, scale, draft.file, draft.line, nodeId));
  }
  const done = draft.checked === true || isDoneStatus(status, scale);
  const item: Item = {
    label: draft.label,
    status,
    done,
    progress: done ? 1 : known ? itemProgress(status, scale) : 0,
    issues: draft.issues ?? extractIssueRefs(draft.label),
    file: draft.file,
    line: draft.line,
  };
  if (draft.href !== undefined) item.href = draft.href;
  if (draft.extra && hasKeys(draft.extra)) item.extra = draft.extra;
  return item;
}

function hasKeys(record: Record<string, string>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/** Checks an explicit node status and records whether it means done. */
export function applyNodeStatus(
  node: RoadmapNode,
  status: string,
  scale: StatusScale,
  file: string,
  line: number,
  diagnostics: Diagnostic[],
): void {
  node.status = status;
  if (!isKnownStatus(status, scale)) {
    diagnostics.push(unknownStatusDiagnostic(status, `Node "${clip(node.id)}"`, scale, file, line, node.id));
  }
  if (isDoneStatus(status, scale)) node.done = true;
}

/** " Did you mean …?" for a misspelt key, or nothing. */
export function suggestionFor(input: string, candidates: string[]): string {
  const matches = closestMatches(input, candidates, 2);
  return matches.length > 0 ? ` Did you mean ${matches.map((match) => `"${match}"`).join(' or ')}?` : '';
}

/** Byte length of the UTF-8 encoding, counted without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
