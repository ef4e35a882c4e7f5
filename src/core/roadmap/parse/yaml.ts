/**
 * YAML roadmaps (SPEC §2.3): a top-level `goals:` list whose entries carry the
 * node fields in camelCase.
 */
import type { Diagnostic, RoadmapNode, Section, SourceFile, StatusQuo, StatusScale, Target } from '../../model/model.js';
import { clip, diagnostic } from '../../model/diagnostics.js';
import {
  applyNodeStatus,
  cachedFuzzyDate,
  emptyNode,
  isGoalTitle,
  isPlaceholderText,
  placeholderDiagnostic,
  withoutByteOrderMark,
  type RequiresLines,
} from './common.js';
import { knownKeys, readItems, readMap, readRequires, readText, readTextList, warnUnknownKeys, type FieldContext } from './fields.js';
import { parseYamlTree, type YamlEntry, type YamlNode } from './yaml-tree.js';

export interface ParsedYamlRoadmap {
  nodes: RoadmapNode[];
  diagnostics: Diagnostic[];
  /** Where each node's requires are written. */
  requiresLines: RequiresLines;
}

const TOP_LEVEL_KEYS = knownKeys(['goals']);
const GOAL_FIELDS = [
  'id',
  'title',
  'requires',
  'owners',
  'items',
  'status',
  'statusQuo',
  'targets',
  'shinyFuture',
  'ultimately',
  'description',
  'href',
] as const;
const GOAL_KEYS = knownKeys(GOAL_FIELDS);
const STATUS_QUO_KEYS = knownKeys(['asOf', 'text']);
const TARGET_KEYS = knownKeys(['by', 'text']);
const SECTION_KEYS = knownKeys(['text']);

export function parseYamlRoadmap(file: SourceFile, scale: StatusScale): ParsedYamlRoadmap {
  const diagnostics: Diagnostic[] = [];
  const requiresLines: RequiresLines = new Map();
  const nothing = (): ParsedYamlRoadmap => ({ nodes: [], diagnostics, requiresLines });
  const tree = parseYamlTree(withoutByteOrderMark(file.content));
  if (!tree.ok) {
    diagnostics.push(
      diagnostic('error', 'parse-error', file.path, tree.line, `YAML syntax error: ${tree.message}. Fix the YAML at this line.`),
    );
    return nothing();
  }
  const root = tree.root;
  if (root === null) return nothing();
  const fileContext: FieldContext = { file: file.path, nodeId: '', diagnostics };
  if (root.kind !== 'map') {
    diagnostics.push(
      diagnostic(
        'error',
        'parse-error',
        file.path,
        root.line,
        'A YAML roadmap must be a mapping with a `goals:` list at the top level; start the file with `goals:`.',
      ),
    );
    return nothing();
  }
  warnUnknownKeys(root, TOP_LEVEL_KEYS, 'a YAML roadmap (only `goals:` is read)', fileContext);
  const goals = root.entries.find((entry) => entry.key === 'goals');
  if (!goals || (goals.value.kind === 'scalar' && goals.value.text === null)) return nothing();
  if (goals.value.kind !== 'seq') {
    diagnostics.push(diagnostic('error', 'parse-error', file.path, goals.line, '`goals` must be a list of goals (`- id: …` entries).'));
    return nothing();
  }
  const nodes: RoadmapNode[] = [];
  for (const entry of goals.value.items) {
    const node = readGoal(entry, file.path, scale, diagnostics, requiresLines);
    if (node) nodes.push(node);
  }
  return { nodes, diagnostics, requiresLines };
}

function readGoal(
  entry: YamlNode,
  file: string,
  scale: StatusScale,
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
): RoadmapNode | null {
  if (entry.kind !== 'map') {
    diagnostics.push(
      diagnostic('error', 'parse-error', file, entry.line, 'Each entry of `goals` must be a mapping with at least an `id`.'),
    );
    return null;
  }
  const idEntry = entry.entries.find((field) => field.key === 'id');
  const id = idEntry ? readText(idEntry.value, 'id', { file, nodeId: '', diagnostics })?.trim() : undefined;
  if (!id) {
    diagnostics.push(diagnostic('error', 'parse-error', file, entry.line, 'This goal has no `id`; add `id: <short-kebab-case-name>`.'));
    return null;
  }
  const context: FieldContext = { file, nodeId: id, diagnostics };
  const node = emptyNode(id, id, 'group', file, entry.line);
  warnUnknownKeys(entry, GOAL_KEYS, `goal "${clip(id)}"`, context);
  for (const field of entry.entries) readGoalField(node, field, scale, context, requiresLines);
  node.kind = isGoalTitle(node.title) ? 'goal' : 'group';
  return node;
}

/** One field of a goal into its node; other keys were warned about by `warnUnknownKeys`. */
function readGoalField(node: RoadmapNode, field: YamlEntry, scale: StatusScale, context: FieldContext, requiresLines: RequiresLines): void {
  const value = field.value;
  switch (field.key as (typeof GOAL_FIELDS)[number]) {
    case 'title': {
      const title = readText(value, 'title', context)?.trim();
      if (title) node.title = title;
      break;
    }
    case 'requires':
      node.requires = readRequires(value, node, context, requiresLines);
      break;
    case 'owners':
      node.owners = readTextList(value, 'owners', context).map((owner) => owner.replace(/^@/, ''));
      break;
    case 'items':
      node.items = readItems(value, scale, context);
      break;
    case 'status': {
      const status = readText(value, 'status', context)?.trim();
      if (status) applyNodeStatus(node, status, scale, context.file, field.line, context.diagnostics);
      break;
    }
    case 'statusQuo':
      node.statusQuo = readStatusQuo(value, field.line, context);
      break;
    case 'targets':
      node.targets = readTargets(value, context);
      break;
    case 'shinyFuture':
      node.shinyFuture = readSection(value, 'shinyFuture', field.line, context) ?? undefined;
      break;
    case 'ultimately':
      node.ultimately = readSection(value, 'ultimately', field.line, context) ?? undefined;
      break;
    case 'description':
      node.description = readTextList(value, 'description', context);
      break;
    case 'href': {
      const href = readText(value, 'href', context);
      if (href) node.href = href;
      break;
    }
  }
}

function sectionFromText(text: string, line: number, what: string, context: FieldContext): Section {
  const trimmed = text.trim();
  const placeholder = isPlaceholderText(trimmed.includes('\n') ? trimmed.split(/\n\s*\n/) : [trimmed]);
  if (placeholder) context.diagnostics.push(placeholderDiagnostic(context.file, line, what, context.nodeId));
  return { text: placeholder ? '' : trimmed, file: context.file, line, placeholder };
}

/** `shinyFuture: text` or `shinyFuture: { text }`. */
function readSection(value: YamlNode, key: string, line: number, context: FieldContext): Section | null {
  if (value.kind === 'scalar') return value.text === null ? null : sectionFromText(value.text, line, `\`${key}\``, context);
  const map = readMap(value, key, context);
  if (!map) return null;
  warnUnknownKeys(map, SECTION_KEYS, `\`${key}\``, context);
  const textEntry = map.entries.find((entry) => entry.key === 'text');
  const text = textEntry ? readText(textEntry.value, `${key}.text`, context) : null;
  return sectionFromText(text ?? '', line, `\`${key}\``, context);
}

function readStatusQuo(value: YamlNode, line: number, context: FieldContext): StatusQuo | null {
  if (value.kind === 'scalar') {
    if (value.text === null) return null;
    return { ...sectionFromText(value.text, line, 'The status quo', context), asOf: null };
  }
  const map = readMap(value, 'statusQuo', context);
  if (!map) return null;
  warnUnknownKeys(map, STATUS_QUO_KEYS, '`statusQuo`', context);
  let asOf: StatusQuo['asOf'] = null;
  let text = '';
  for (const entry of map.entries) {
    if (entry.key === 'asOf') {
      const date = readText(entry.value, 'statusQuo.asOf', context);
      if (date !== null && date.trim() !== '') asOf = cachedFuzzyDate(date);
    } else if (entry.key === 'text') {
      text = readText(entry.value, 'statusQuo.text', context) ?? '';
    }
  }
  return { ...sectionFromText(text, line, 'The status quo', context), asOf };
}

function readTargets(value: YamlNode, context: FieldContext): Target[] {
  if (value.kind === 'scalar' && value.text === null) return [];
  if (value.kind !== 'seq') {
    context.diagnostics.push(
      diagnostic(
        'error',
        'parse-error',
        context.file,
        value.line,
        '`targets` must be a list of `{ by: <date>, text: <what> }` entries.',
        context.nodeId,
      ),
    );
    return [];
  }
  const targets: Target[] = [];
  for (const entry of value.items) {
    const map = readMap(entry, 'targets entry', context);
    if (!map) continue;
    warnUnknownKeys(map, TARGET_KEYS, 'a target', context);
    const byEntry = map.entries.find((field) => field.key === 'by');
    const textEntry = map.entries.find((field) => field.key === 'text');
    const by = byEntry ? readText(byEntry.value, 'by', context) : null;
    const text = textEntry ? readText(textEntry.value, 'text', context) : null;
    const what = `The target${by ? ` by ${by}` : ''}`;
    targets.push({ ...sectionFromText(text ?? '', map.line, what, context), by: cachedFuzzyDate(by ?? '') });
  }
  return targets;
}
