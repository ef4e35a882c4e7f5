/**
 * Deterministic synthetic roadmaps for the benchmark and scale tests: YAML
 * files written the way people write them (status quo, targets, items with
 * statuses and issue references), in files of at most 100 nodes.
 */
import { DEFAULT_STATUSES, type SourceFile } from '../core/model/model.js';

const NODES_PER_CHAIN_FILE = 100;
const SEASONS = ['spring', 'summer', 'fall'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface GeneratedNode {
  id: string;
  requires: string[];
  serial: number;
  /** Days before 2045-12-31 that the node's last target is due: what a node requires is due no later. */
  dueDaysEarly: number;
}

const LAST_DUE = Date.UTC(2045, 11, 31);
const DAY_MS = 86_400_000;

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Block style (`key:` on its own line) or flow style (`statusQuo: { asOf: …, text: … }`), both common in hand-written roadmaps. */
export type YamlStyle = 'block' | 'flow';

function nodeYaml({ id, requires, serial, dueDaysEarly }: GeneratedNode, style: YamlStyle): string {
  const lastDue = isoDay(LAST_DUE - dueDaysEarly * DAY_MS);
  const firstDueYear = Number(lastDue.slice(0, 4)) - 1;
  const firstBy = serial % 2 === 0 ? `Q${(serial % 4) + 1} ${firstDueYear}` : `${SEASONS[serial % 3]} ${firstDueYear}`;
  if (style === 'flow') return flowNodeYaml({ id, requires, serial }, firstBy, lastDue);
  const lines = [`  - id: ${id}`, `    title: ${serial % 50 === 0 ? '🎯 ' : ''}Deliver capability ${serial} for the platform`];
  if (requires.length > 0) lines.push(`    requires: [${requires.join(', ')}]`);
  lines.push(
    `    owners: [maintainer-${serial % 7}, reviewer-${serial % 11}]`,
    '    statusQuo:',
    `      asOf: ${MONTHS[serial % 12]} ${2020 + (serial % 4)}`,
    `      text: Work on capability ${serial} has started; the design is under review.`,
    '    targets:',
    `      - by: ${firstBy}`,
    '        text: A first usable version is released.',
    `      - by: ${lastDue}`,
    '        text: The capability is stable and documented.',
    '    items:',
  );
  for (let item = 0; item < 3; item++) {
    lines.push(
      `      - label: Step ${item + 1} of capability ${serial} (#${serial * 3 + item + 1})`,
      `        status: ${DEFAULT_STATUSES[(serial + item) % DEFAULT_STATUSES.length]}`,
    );
  }
  return lines.join('\n');
}

function flowNodeYaml({ id, requires, serial }: Omit<GeneratedNode, 'dueDaysEarly'>, firstBy: string, lastDue: string): string {
  const title = `${serial % 50 === 0 ? '🎯 ' : ''}Deliver capability ${serial} for the platform`;
  const items = [0, 1, 2].map(
    (item) =>
      `{ label: "Step ${item + 1} of capability ${serial} (#${serial * 3 + item + 1})", status: ${DEFAULT_STATUSES[(serial + item) % DEFAULT_STATUSES.length]} }`,
  );
  return [
    `  - { id: ${id}, title: "${title}", requires: [${requires.join(', ')}], owners: [maintainer-${serial % 7}, reviewer-${serial % 11}],`,
    `      statusQuo: { asOf: ${MONTHS[serial % 12]} ${2020 + (serial % 4)}, text: "Work on capability ${serial} has started; the design is under review." },`,
    `      targets: [{ by: ${firstBy}, text: A first usable version is released. }, { by: ${lastDue}, text: The capability is stable and documented. }],`,
    `      items: [${items.join(', ')}] }`,
  ].join('\n');
}

function yamlFile(path: string, nodes: GeneratedNode[], style: YamlStyle): SourceFile {
  return { path, content: `goals:\n${nodes.map((node) => nodeYaml(node, style)).join('\n')}\n` };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * `files` files of `nodesPerFile` nodes. Each file is a tree of branching 3
 * (node i requires nodes 3i+1 … 3i+3), and each file's root requires the
 * roots of the next two files, so the whole roadmap is one connected DAG
 * with shared sub-trees.
 */
export function generateYamlRoadmap({
  files,
  nodesPerFile,
  style = 'block',
}: {
  files: number;
  nodesPerFile: number;
  style?: YamlStyle;
}): SourceFile[] {
  const width = String(Math.max(files, nodesPerFile)).length;
  const idOf = (file: number, index: number): string => `area-${pad(file, width)}-node-${pad(index, width)}`;
  const result: SourceFile[] = [];
  for (let file = 0; file < files; file++) {
    const nodes: GeneratedNode[] = [];
    for (let index = 0; index < nodesPerFile; index++) {
      const requires: string[] = [];
      for (let child = index * 3 + 1; child <= index * 3 + 3 && child < nodesPerFile; child++) requires.push(idOf(file, child));
      if (index === 0) {
        for (const next of [file + 1, file + 2]) if (next < files) requires.push(idOf(next, 0));
      }
      const depth = Math.floor(Math.log(2 * index + 1) / Math.log(3));
      nodes.push({ id: idOf(file, index), requires, serial: file * nodesPerFile + index, dueDaysEarly: (file * 5 + depth) * 7 });
    }
    result.push(yamlFile(`roadmap/area-${pad(file, width)}.yml`, nodes, style));
  }
  return result;
}

/** One chain of `n` nodes, each requiring the one before, so every node reaches all nodes before it. */
export function generateChainRoadmap(n: number): SourceFile[] {
  const width = String(n).length;
  const idOf = (index: number): string => `step-${pad(index, width)}`;
  const result: SourceFile[] = [];
  for (let start = 0; start < n; start += NODES_PER_CHAIN_FILE) {
    const nodes: GeneratedNode[] = [];
    for (let index = start; index < Math.min(n, start + NODES_PER_CHAIN_FILE); index++) {
      nodes.push({
        id: idOf(index),
        requires: index > 0 ? [idOf(index - 1)] : [],
        serial: index,
        dueDaysEarly: Math.floor(((n - index) * 5000) / n),
      });
    }
    result.push(yamlFile(`roadmap/chain-${pad(start / NODES_PER_CHAIN_FILE, width)}.yml`, nodes, 'block'));
  }
  return result;
}

/** The same DAG as `generateYamlRoadmap` in one node's words, for the other formats. */
function treeOfFile(
  file: number,
  files: number,
  nodesPerFile: number,
  idOf: (file: number, index: number) => string,
): { id: string; requires: string[]; serial: number }[] {
  const nodes = [];
  for (let index = 0; index < nodesPerFile; index++) {
    const requires: string[] = [];
    for (let child = index * 3 + 1; child <= index * 3 + 3 && child < nodesPerFile; child++) requires.push(idOf(file, child));
    if (index === 0) for (const next of [file + 1, file + 2]) if (next < files) requires.push(idOf(next, 0));
    nodes.push({ id: idOf(file, index), requires, serial: file * nodesPerFile + index });
  }
  return nodes;
}

/** Skill-tree TOML (SPEC §2.2): `files` files of `nodesPerFile` `[[group]]`s with three items each. */
export function generateTomlRoadmap({ files, nodesPerFile }: { files: number; nodesPerFile: number }): SourceFile[] {
  const width = String(Math.max(files, nodesPerFile)).length;
  const idOf = (file: number, index: number): string => `area-${pad(file, width)}-node-${pad(index, width)}`;
  const result: SourceFile[] = [];
  for (let file = 0; file < files; file++) {
    const groups = treeOfFile(file, files, nodesPerFile, idOf).map(({ id, requires, serial }) =>
      [
        '[[group]]',
        `name = "${id}"`,
        `label = "${serial % 50 === 0 ? '🎯 ' : ''}Deliver capability ${serial} for the platform"`,
        `requires = [${requires.map((required) => `"${required}"`).join(', ')}]`,
        `description = ["Capability ${serial} is usable and documented."]`,
        `items = [`,
        ...[0, 1, 2].map(
          (item) =>
            `  { label = "Step ${item + 1} of capability ${serial}", status = "${DEFAULT_STATUSES[(serial + item) % DEFAULT_STATUSES.length]}", href = "https://github.com/acme/widgets/issues/${serial * 3 + item + 1}" },`,
        ),
        ']',
      ].join('\n'),
    );
    result.push({ path: `skill-trees/area-${pad(file, width)}.toml`, content: `${groups.join('\n\n')}\n` });
  }
  return result;
}

/** Goal pages (SPEC §2.1), one node a page: `pages` pages in `folders` folders, each with front matter, sections and three task items. */
export function generateGoalPages({ pages, perFolder }: { pages: number; perFolder: number }): SourceFile[] {
  const folders = Math.ceil(pages / perFolder);
  const width = String(Math.max(folders, perFolder)).length;
  const idOf = (folder: number, index: number): string => `area-${pad(folder, width)}-page-${pad(index, width)}`;
  const result: SourceFile[] = [];
  for (let folder = 0; folder < folders; folder++) {
    const count = Math.min(perFolder, pages - folder * perFolder);
    for (const [index, { id, requires, serial }] of treeOfFile(folder, folders, count, idOf).entries()) {
      // What a page requires is due no later than the page itself.
      const year = 2040 - Math.floor(Math.log(2 * index + 1) / Math.log(3)) - folder;
      result.push({
        path: `roadmap/area-${pad(folder, width)}/${id}.md`,
        content: [
          '---',
          `id: ${id}`,
          `requires: [${requires.join(', ')}]`,
          `owners: [maintainer-${serial % 7}]`,
          '---',
          `# ${serial % 50 === 0 ? '🎯 ' : ''}Deliver capability ${serial} for the platform`,
          '',
          `## Status quo as of ${MONTHS[serial % 12]} ${2024 + (serial % 3)}`,
          '',
          `Work on capability ${serial} has started; the design is under review.`,
          '',
          `## Where we want to be by Q4 ${year}`,
          '',
          'A first usable version is released.',
          '',
          ...[0, 1, 2].map(
            (item) => `- [${(serial + item) % 4 === 0 ? 'x' : ' '}] Step ${item + 1} of capability ${serial} (#${serial * 3 + item + 1})`,
          ),
          '',
        ].join('\n'),
      });
    }
  }
  return result;
}
