/**
 * Reading node fields out of a YAML tree (YAML roadmaps and Markdown front
 * matter): values of the wrong shape become diagnostics naming the key.
 */
import type { Diagnostic, IssueRef, Item, RoadmapNode, StatusScale } from '../../model/model.js';
import { clip, diagnostic } from '../../model/diagnostics.js';
import { buildItem, extractIssueRefs, mergeRefs, noteRequiresLine, suggestionFor, type ItemDraft, type RequiresLines } from './common.js';
import type { YamlMap, YamlNode } from './yaml-tree.js';

export interface FieldContext {
  file: string;
  nodeId: string;
  diagnostics: Diagnostic[];
}

function describeKind(value: YamlNode): string {
  return value.kind === 'seq' ? 'a list' : value.kind === 'map' ? 'a mapping' : 'text';
}

function wrongShape(context: FieldContext, value: YamlNode, key: string, expected: string): void {
  context.diagnostics.push(
    diagnostic(
      'error',
      'parse-error',
      context.file,
      value.line,
      `\`${key}\` must be ${expected}, not ${describeKind(value)}; rewrite it as ${expected}.`,
      context.nodeId,
    ),
  );
}

/** A scalar's text; null (with a diagnostic) for lists and maps. */
export function readText(value: YamlNode, key: string, context: FieldContext): string | null {
  if (value.kind === 'scalar') return value.text;
  wrongShape(context, value, key, 'text');
  return null;
}

/** A list of texts; a single text counts as a list of one. */
export function readTextList(value: YamlNode, key: string, context: FieldContext): string[] {
  if (value.kind === 'scalar') return value.text === null ? [] : [value.text];
  if (value.kind === 'map') {
    wrongShape(context, value, key, 'a list of text');
    return [];
  }
  const texts: string[] = [];
  for (const item of value.items) {
    if (item.kind !== 'scalar') wrongShape(context, item, `${key} entry`, 'text');
    else if (item.text !== null && item.text.trim() !== '') texts.push(item.text.trim());
  }
  return texts;
}

export function readMap(value: YamlNode, key: string, context: FieldContext): YamlMap | null {
  if (value.kind === 'map') return value;
  if (value.kind === 'scalar' && value.text === null) return null;
  wrongShape(context, value, key, 'a mapping');
  return null;
}

/** The keys a mapping may have: listed for messages, in a set for lookups. */
export interface KnownKeys {
  names: readonly string[];
  set: ReadonlySet<string>;
}

export function knownKeys(names: readonly string[]): KnownKeys {
  return { names, set: new Set(names) };
}

/** Warns about keys outside `known`, suggesting the closest known key. */
export function warnUnknownKeys(map: YamlMap, known: KnownKeys, where: string, context: FieldContext): void {
  for (const entry of map.entries) {
    if (known.set.has(entry.key)) continue;
    context.diagnostics.push(
      diagnostic(
        'warning',
        'unknown-key',
        context.file,
        entry.line,
        `Unknown key \`${clip(entry.key)}\` in ${where}; it is ignored.${suggestionFor(entry.key, [...known.names])} Known keys: ${known.names.join(', ')}.`,
        context.nodeId,
      ),
    );
  }
}

/** `requires:` ids (one or a list), each noted in `requiresLines` with the line it is written on. */
export function readRequires(value: YamlNode, node: RoadmapNode, context: FieldContext, requiresLines: RequiresLines): string[] {
  const ids = readTextList(value, 'requires', context);
  const entries = value.kind === 'seq' ? value.items : [value];
  for (const entry of entries) {
    if (entry.kind === 'scalar' && entry.text !== null) {
      noteRequiresLine(requiresLines, node, entry.text.trim(), { file: context.file, line: entry.line });
    }
  }
  return [...new Set(ids)];
}

/** `issues: [12, "owner/repo#3", "https://github.com/o/r/issues/4"]` on a YAML item. */
function readIssueList(value: YamlNode, context: FieldContext): IssueRef[] {
  const refs: IssueRef[] = [];
  for (const text of readTextList(value, 'issues', context)) {
    if (/^\d+$/.test(text)) refs.push({ repo: null, number: Number(text) });
    else refs.push(...extractIssueRefs(text));
  }
  return refs;
}

const ITEM_KEYS = ['label', 'status', 'href', 'issues', 'done'] as const;

/**
 * `items:` as a list of labels or of `{ label, status?, href?, issues?, done? }`;
 * other keys of an item are kept as extra columns.
 */
export function readItems(value: YamlNode, scale: StatusScale, context: FieldContext): Item[] {
  if (value.kind === 'scalar' && value.text === null) return [];
  if (value.kind !== 'seq') {
    wrongShape(context, value, 'items', 'a list of items');
    return [];
  }
  const items: Item[] = [];
  for (const entry of value.items) {
    if (entry.kind === 'scalar') {
      if (entry.text !== null && entry.text.trim() !== '') {
        items.push(
          buildItem({ label: entry.text.trim(), file: context.file, line: entry.line }, scale, context.nodeId, context.diagnostics),
        );
      }
      continue;
    }
    if (entry.kind === 'seq') {
      wrongShape(context, entry, 'items entry', 'a label or a mapping with a `label`');
      continue;
    }
    const item = readItemMap(entry, scale, context);
    if (item) items.push(item);
  }
  return items;
}

/** One item written as a mapping; null, with an error, when it has no label. */
function readItemMap(entry: YamlMap, scale: StatusScale, context: FieldContext): Item | null {
  const draft: ItemDraft = { label: '', file: context.file, line: entry.line };
  const extra: Record<string, string> = {};
  let listedIssues: IssueRef[] = [];
  for (const field of entry.entries) {
    switch (field.key as (typeof ITEM_KEYS)[number]) {
      case 'label':
        draft.label = (readText(field.value, 'label', context) ?? '').trim();
        break;
      case 'status': {
        const status = readText(field.value, 'status', context);
        if (status !== null && status.trim() !== '') draft.status = status.trim();
        break;
      }
      case 'href': {
        const href = readText(field.value, 'href', context);
        if (href !== null) draft.href = href;
        break;
      }
      case 'issues':
        listedIssues = readIssueList(field.value, context);
        break;
      case 'done':
        draft.checked = readText(field.value, 'done', context) === 'true';
        break;
      default:
        if (field.value.kind === 'scalar') extra[field.key] = field.value.text ?? '';
        else wrongShape(context, field.value, field.key, 'text');
    }
  }
  if (draft.label === '') {
    context.diagnostics.push(
      diagnostic(
        'error',
        'parse-error',
        context.file,
        entry.line,
        'This item has no `label`; add `label: <what the work is>`.',
        context.nodeId,
      ),
    );
    return null;
  }
  draft.issues = mergeRefs(extractIssueRefs(draft.label), listedIssues);
  draft.extra = extra;
  return buildItem(draft, scale, context.nodeId, context.diagnostics);
}
