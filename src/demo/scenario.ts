/**
 * The story the demo tells, worked out from the two roadmaps alone (so any
 * `--base DIR` / `--head DIR` gets one): which issues the roadmap items
 * reference, which goal label to use and how to misspell another, and the
 * small edit of the second push. Pure: the clock is `now`.
 */
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfigText, type Config, type ConfigProblem } from '../core/config/config.js';
import { diffRoadmaps } from '../core/review/drift.js';
import { closestMatches, goalLabelName } from '../core/model/labels.js';
import type { Roadmap, RoadmapNode } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import { parseRoadmap } from '../core/roadmap/roadmap.js';
import type { FileTree } from './files.js';

/** Referenced issues up to this number are seeded; a roadmap citing #90000 does not create 90,000 issues. */
export const MAX_SEEDED_ISSUE = 500;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface RoadmapSide {
  config: Config;
  configProblems: ConfigProblem[];
  roadmap: Roadmap;
  /** The roadmap files among the side's files, sorted. */
  roadmapFiles: string[];
}

/** The roadmap of one side as the app will read it: its config's globs, its files. */
export function readSide(files: FileTree): RoadmapSide {
  const configText = Object.hasOwn(files, CONFIG_FILE) ? files[CONFIG_FILE] : null;
  const { config, problems } =
    configText === null ? { config: DEFAULT_CONFIG, problems: [] as ConfigProblem[] } : parseConfigText(configText, CONFIG_FILE);
  const roadmapFiles = selectRoadmapFiles(Object.keys(files), config.roadmap.paths);
  const roadmap = parseRoadmap(
    roadmapFiles.map((file) => ({ path: file, content: files[file] })),
    { labelPrefix: config.labels.prefix },
  );
  return { config, configProblems: problems, roadmap, roadmapFiles };
}

export interface IssueSeed {
  number: number;
  title: string;
  /** Referenced by an item that is done: the issue is closed. */
  closed: boolean;
  /** Not referenced: a closed issue that only takes up its number, as older issues do. */
  filler: boolean;
}

function withoutIssueReferences(label: string): string {
  return label
    .replace(/\s*\((?:[\w.-]+\/[\w.-]+)?#\d+\)/g, '')
    .replace(/\s*(?:[\w.-]+\/[\w.-]+)?#\d+\b/g, '')
    .trim();
}

/**
 * Issues #1 … #n of a repository where the roadmap's item references land
 * on real issues (titled after the item), numbers in between taken by older
 * closed issues.
 */
export function issueSeeds(roadmap: Roadmap, fullName: string): IssueSeed[] {
  const self = fullName.toLowerCase();
  const referenced = new Map<number, { title: string; closed: boolean }>();
  for (const node of roadmap.nodes) {
    for (const item of node.items) {
      for (const ref of item.issues) {
        if (ref.repo !== null && ref.repo.toLowerCase() !== self) continue;
        if (ref.number < 1 || ref.number > MAX_SEEDED_ISSUE || referenced.has(ref.number)) continue;
        referenced.set(ref.number, { title: withoutIssueReferences(item.label) || `Work on ${node.id}`, closed: item.done });
      }
    }
  }
  const highest = Math.max(0, ...referenced.keys());
  const seeds: IssueSeed[] = [];
  for (let number = 1; number <= highest; number++) {
    const found = referenced.get(number);
    seeds.push(
      found
        ? { number, title: found.title, closed: found.closed, filler: false }
        : { number, title: `Earlier issue ${number}`, closed: true, filler: true },
    );
  }
  return seeds;
}

/** The title without a leading 🎯 (or other emoji) and spaces. */
export function plainTitle(node: RoadmapNode): string {
  return node.title.replace(/^[^\p{L}\p{N}]+/u, '').trim() || node.id;
}

export interface IssueLabels {
  /** A goal label that exists, and its node. */
  known: { label: string; node: RoadmapNode };
  /** A label one typo away from a goal label, and the goal label the bot should suggest first. */
  misspelled: { label: string; meant: string; node: RoadmapNode };
}

const VOWEL = /[aeiou]/i;

/**
 * `id` with one letter dropped — preferably a vowel between two letters near
 * two thirds of the way in, the typo people make (`pipline`) — or null when
 * every such typo is itself a goal or suggests another goal first.
 */
export function misspell(id: string, labelOf: (id: string) => string, allLabels: string[]): string | null {
  const isLetter = (index: number): boolean => /\p{L}/u.test(id[index] ?? '');
  const positions = [...id].map((_, index) => index).filter((index) => isLetter(index) && index > 0 && index < id.length - 1);
  const aim = (id.length * 2) / 3;
  const rank = (index: number): number => (VOWEL.test(id[index]) && isLetter(index - 1) && isLetter(index + 1) ? 0 : 1);
  positions.sort((a, b) => rank(a) - rank(b) || Math.abs(a - aim) - Math.abs(b - aim) || a - b);
  const meant = labelOf(id);
  const known = new Set(allLabels.map((label) => label.toLowerCase()));
  for (const index of positions) {
    const typo = labelOf(id.slice(0, index) + id.slice(index + 1));
    if (known.has(typo.toLowerCase())) continue;
    if (closestMatches(typo, allLabels, 1)[0] === meant) return typo;
  }
  return null;
}

/**
 * The label of the first top goal (or the first node), and a misspelling of
 * another node's label (the first group with an id long enough to misspell
 * recognisably). Null for a roadmap with no nodes.
 */
export function chooseIssueLabels(roadmap: Roadmap, prefix: string): IssueLabels | null {
  if (roadmap.nodes.length === 0) return null;
  const labelOf = (id: string): string => goalLabelName(id, prefix).name;
  const allLabels = roadmap.nodes.map((node) => labelOf(node.id));
  const knownNode = roadmap.nodes.find((node) => node.kind === 'goal') ?? roadmap.nodes[0];
  const candidates = [
    ...roadmap.nodes.filter((node) => node.kind === 'group' && node.id.length >= 6),
    ...roadmap.nodes.filter((node) => node.kind === 'goal' || node.id.length < 6),
  ];
  for (const node of candidates) {
    const typo = misspell(node.id, labelOf, allLabels);
    if (typo)
      return { known: { label: labelOf(knownNode.id), node: knownNode }, misspelled: { label: typo, meant: labelOf(node.id), node } };
  }
  return null;
}

export interface PushEdit {
  changes: Record<string, string>;
  /** One line for the transcript: what the push changes and why. */
  description: string;
}

function monthOf(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

/**
 * The second push of the pull request: answer the bot's question by
 * re-dating a status quo whose text was edited without moving its date; when
 * the change has no such status quo, a whitespace edit of a changed roadmap
 * file (the comment is still refreshed in place).
 */
export function secondPushEdit(base: FileTree, head: FileTree, now: string): PushEdit | null {
  const baseSide = readSide(base);
  const headSide = readSide(head);
  const changedRoadmapFiles = headSide.roadmapFiles.filter((file) => base[file] !== head[file]);
  const drift = diffRoadmaps(baseSide.roadmap, headSide.roadmap, {
    now,
    staleAfterDays: headSide.config.drift.staleAfterDays,
    changedFiles: changedRoadmapFiles,
  });
  const undated = drift.findings.find((finding) => finding.kind === 'status-quo-text-changed-date-unchanged');
  const node = undated ? headSide.roadmap.nodes.find((candidate) => candidate.id === undated.node) : undefined;
  const statusQuo = node?.statusQuo;
  if (undated && statusQuo?.asOf && Object.hasOwn(head, statusQuo.file)) {
    const oldDate = statusQuo.asOf.text;
    const newDate = monthOf(now) === oldDate ? now : monthOf(now);
    const lines = head[statusQuo.file].split('\n');
    // The date is on the heading (Markdown) or on an `asOf:` line just after the key (YAML).
    for (let index = statusQuo.line - 1; index < Math.min(lines.length, statusQuo.line + 3); index++) {
      if (index >= 0 && lines[index].includes(oldDate)) {
        lines[index] = lines[index].replace(oldDate, newDate);
        return {
          changes: { [statusQuo.file]: lines.join('\n') },
          description: `re-date the status quo of ${undated.node} from "${oldDate}" to "${newDate}" (${statusQuo.file}:${index + 1}), as the review asked`,
        };
      }
    }
  }
  const file = changedRoadmapFiles.find((candidate) => Object.hasOwn(head, candidate)) ?? headSide.roadmapFiles[0];
  if (file === undefined) return null;
  return {
    changes: { [file]: `${head[file]}\n` },
    description: `a whitespace-only edit of ${file}`,
  };
}
