/**
 * Bench figures for bounded work (SPEC §4, §9): how fast the command line
 * starts next to bare Node, and how much memory the parsed-roadmap cache
 * counts for a 10,000-node roadmap against what V8's heap shows.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseInProcess } from '../github/parse-pool.js';
import { RoadmapCache } from '../github/roadmap-cache.js';
import { BENCH_NOW, caseFiles } from './analysis.js';

const RUNS = 15;
const BIN = fileURLToPath(new URL('../../bin/roadmap-bot.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/roadmap/base/', import.meta.url));
const MB = 1024 * 1024;

export interface StartupRow {
  command: string;
  medianMs: number;
  /** Median ÷ bare Node's median. */
  ratio: number;
}

export interface CacheMemory {
  /** What the cache counts for the 10,000-node YAML roadmap (`approximateBytes`). */
  countedMb: number;
  /** How much V8's heap grew to hold it. */
  heapMb: number;
  /** The cache's bound, and how many such roadmaps fit in it. */
  maxMb: number;
  fits: number;
}

export interface BoundedWork {
  startup: StartupRow[];
  cache: CacheMemory;
}

function timeRun(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    execFile(process.execPath, args, (error) => {
      // `check` exits 1 when the roadmap has errors: a finished run all the same.
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(performance.now() - start);
    });
  });
}

async function medianRun(args: string[]): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await timeRun(args));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function measureStartup(): Promise<StartupRow[]> {
  const node = await medianRun(['-e', '']);
  const rows: StartupRow[] = [{ command: "node -e ''", medianMs: node, ratio: 1 }];
  for (const [command, args] of [
    ['roadmap-bot --help', [BIN, '--help']],
    ['roadmap-bot check examples/roadmap/base', [BIN, 'check', EXAMPLE, '--now', BENCH_NOW]],
  ] as const) {
    const medianMs = await medianRun([...args]);
    rows.push({ command, medianMs, ratio: medianMs / node });
  }
  return rows;
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function measureCache(): Promise<CacheMemory> {
  const files = await caseFiles('yaml-10k');
  const cache = new RoadmapCache();
  const before = heapUsed();
  const parsed = await parseInProcess(files, [], { labelPrefix: 'goal:' });
  cache.remember({ owner: 'bench', repo: 'roadmap', sha: 'a'.repeat(40), globs: ['roadmap/**'], labelPrefix: 'goal:' }, parsed);
  const after = heapUsed();
  return {
    countedMb: parsed.bytes / MB,
    heapMb: (after - before) / MB,
    maxMb: cache.maxBytes / MB,
    fits: Math.floor(cache.maxBytes / parsed.bytes),
  };
}

export async function measureBoundedWork(): Promise<BoundedWork> {
  return { startup: await measureStartup(), cache: await measureCache() };
}

/** The start-up ratio a small `check` must stay within (SPEC §9: about as fast as Node). */
export const STARTUP_RATIO_BUDGET = 3;

export function renderBoundedWork(bounded: BoundedWork): string[] {
  const startup = bounded.startup
    .map((row) => `  ${row.command.padEnd(44)} ${row.medianMs.toFixed(0).padStart(5)} ms  ${row.ratio.toFixed(2)} ×`)
    .join('\n');
  const { cache } = bounded;
  return [
    `Command-line start-up: median of ${RUNS} runs, and the ratio to bare Node`,
    startup,
    'Parsed-roadmap cache: memory counted for the 10,000-node YAML roadmap',
    `  counted ${cache.countedMb.toFixed(1)} MB, V8 heap grew ${cache.heapMb.toFixed(1)} MB; bound ${cache.maxMb.toFixed(0)} MB holds ${cache.fits} such roadmaps`,
  ];
}
