/**
 * Analysis time and memory (SPEC §12): `parseRoadmap` + `checkRoadmap` on the
 * example roadmap and on generated ones — 1,000 and 10,000 nodes in YAML files
 * of 100 nodes, and a 10,000-node chain where every node reaches all before
 * it. Time is the median of several runs in this process (after warm-up,
 * with a GC between runs when `--expose-gc` is on); peak memory is measured
 * in a fresh child process per case, so one case's garbage never counts
 * against another.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../core/config/config.js';
import type { SourceFile } from '../core/model/model.js';
import { checkRoadmap, parseRoadmap } from '../core/roadmap/roadmap.js';
import { readDirectory } from '../demo/files.js';
import { readSide } from '../demo/scenario.js';
import { generateChainRoadmap, generateGoalPages, generateTomlRoadmap, generateYamlRoadmap } from './generate.js';

export const BENCH_NOW = '2026-11-26';
const STALE_AFTER_DAYS = 180;
/** Warm-up: at least 3 runs, then more (30 at most) until 1.5 s have passed. */
const MIN_WARM_UP_RUNS = 3;
const MAX_WARM_UP_RUNS = 30;
const WARM_UP_MS = 1500;

export type AnalysisCaseName =
  'example' | 'yaml-1k' | 'yaml-10k' | 'yaml-flow-1k' | 'yaml-flow-10k' | 'toml-10k' | 'pages-2k' | 'chain-10k';

export const ANALYSIS_CASES: readonly { name: AnalysisCaseName; description: string; runs: number }[] = [
  { name: 'example', description: 'examples/roadmap/base', runs: 21 },
  { name: 'yaml-1k', description: '1,000 nodes, YAML files of 100', runs: 11 },
  { name: 'yaml-10k', description: '10,000 nodes, YAML files of 100', runs: 7 },
  { name: 'yaml-flow-1k', description: '1,000 nodes, flow-style YAML files of 100', runs: 11 },
  { name: 'yaml-flow-10k', description: '10,000 nodes, flow-style YAML files of 100', runs: 7 },
  { name: 'toml-10k', description: '10,000 nodes, skill-tree TOML files of 100', runs: 7 },
  // One node a page, and at most 2,000 roadmap files are read: 2,000 pages is the largest page roadmap.
  { name: 'pages-2k', description: '2,000 goal pages (the file cap), folders of 100', runs: 7 },
  { name: 'chain-10k', description: '10,000-node deep chain', runs: 7 },
];

const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/roadmap/base/', import.meta.url));

export async function caseFiles(name: AnalysisCaseName): Promise<SourceFile[]> {
  switch (name) {
    case 'example': {
      const { files } = await readDirectory(EXAMPLE_DIR);
      return readSide(files).roadmapFiles.map((file) => ({ path: file, content: files[file] }));
    }
    case 'yaml-1k':
      return generateYamlRoadmap({ files: 10, nodesPerFile: 100 });
    case 'yaml-10k':
      return generateYamlRoadmap({ files: 100, nodesPerFile: 100 });
    case 'yaml-flow-1k':
      return generateYamlRoadmap({ files: 10, nodesPerFile: 100, style: 'flow' });
    case 'yaml-flow-10k':
      return generateYamlRoadmap({ files: 100, nodesPerFile: 100, style: 'flow' });
    case 'toml-10k':
      return generateTomlRoadmap({ files: 100, nodesPerFile: 100 });
    case 'pages-2k':
      return generateGoalPages({ pages: 2_000, perFolder: 100 });
    case 'chain-10k':
      return generateChainRoadmap(10_000);
  }
}

/** One full analysis: what the app and the CLI do with the files of a commit. */
export function analyse(files: SourceFile[]): { nodes: number; diagnostics: number } {
  const roadmap = parseRoadmap(files, { labelPrefix: DEFAULT_CONFIG.labels.prefix });
  const diagnostics = checkRoadmap(roadmap, { now: BENCH_NOW, staleAfterDays: STALE_AFTER_DAYS });
  return { nodes: roadmap.nodes.length, diagnostics: roadmap.diagnostics.length + diagnostics.length };
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface AnalysisTiming {
  name: AnalysisCaseName;
  description: string;
  files: number;
  nodes: number;
  diagnostics: number;
  runs: number;
  medianMs: number;
  minMs: number;
}

export async function timeAnalysis(name: AnalysisCaseName, runs: number): Promise<AnalysisTiming> {
  const files = await caseFiles(name);
  const description = ANALYSIS_CASES.find((entry) => entry.name === name)!.description;
  // Warm-up: the first runs include compiling the parsers; a few more let the JIT settle.
  let result = analyse(files);
  const warmUpEnd = performance.now() + WARM_UP_MS;
  for (let run = 1; run < MAX_WARM_UP_RUNS && (run < MIN_WARM_UP_RUNS || performance.now() < warmUpEnd); run++) analyse(files);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const start = process.hrtime.bigint();
    result = analyse(files);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { name, description, files: files.length, ...result, runs, medianMs: median(times), minMs: Math.min(...times) };
}

export interface MemoryMeasurement {
  name: AnalysisCaseName;
  /** The child's peak resident set size (generating the files included), MB. */
  peakRssMb: number;
  /** V8 heap in use right after the analysis, its result still alive, MB. */
  heapUsedMb: number;
}

const MB = 1024 * 1024;

/** In the child: analyse once and report the process's peak memory as one JSON line. */
export async function reportMemory(name: AnalysisCaseName): Promise<void> {
  const files = await caseFiles(name);
  const roadmap = parseRoadmap(files, { labelPrefix: DEFAULT_CONFIG.labels.prefix });
  const diagnostics = checkRoadmap(roadmap, { now: BENCH_NOW, staleAfterDays: STALE_AFTER_DAYS });
  const heapUsed = process.memoryUsage().heapUsed;
  const measurement: MemoryMeasurement = {
    name,
    // maxRSS is in kilobytes.
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    heapUsedMb: heapUsed / MB,
  };
  process.stdout.write(`${JSON.stringify({ ...measurement, nodes: roadmap.nodes.length, diagnostics: diagnostics.length })}\n`);
}

/** Runs `memory-child` for one case in a fresh Node process (with this process's loader flags, so tsx works too). */
export function measureMemory(name: AnalysisCaseName): Promise<MemoryMeasurement> {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const child = fileURLToPath(new URL(`./memory-child.${extension}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [...process.execArgv, child, name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    process_.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    process_.on('error', reject);
    process_.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`the memory measurement of ${name} failed (exit ${String(code)}): ${stderr.trim()}`));
        return;
      }
      try {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        const parsed = JSON.parse(line) as MemoryMeasurement;
        resolve({ name, peakRssMb: parsed.peakRssMb, heapUsedMb: parsed.heapUsedMb });
      } catch {
        reject(new Error(`the memory measurement of ${name} printed no result: ${stdout.trim() || stderr.trim()}`));
      }
    });
  });
}
