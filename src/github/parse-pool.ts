/**
 * Roadmap parsing off the app server's event loop (SPEC §4 "Bounded work"):
 * a few worker threads parse, each file within a time budget. A file that
 * overruns it gets a `too-complex` warning: its thread is stopped (a parser
 * busy in a loop cannot be interrupted any other way), a fresh one starts,
 * and the roadmap is parsed again without that file — so a hostile pull
 * request costs at most about a second per file (more for big files, see
 * `fileBudget`) and never stalls webhooks.
 *
 * node:worker_threads directly rather than tinypool or piscina: the pool
 * needs to hear from a busy thread which file it is on and to terminate that
 * very thread mid-task, which those pools hide behind their task API; the
 * whole pool is this file.
 */
import { Worker } from 'node:worker_threads';
import type { Diagnostic, Roadmap, SourceFile } from '../core/model/model.js';
import { diagnostic } from '../core/model/diagnostics.js';
import { parseRoadmap, sortDiagnostics } from '../core/roadmap/roadmap.js';
import type { ParseMessage, ParseRequest } from './parse-worker.js';
import { approximateBytes } from './roadmap-size.js';

export interface ParsedRoadmap {
  roadmap: Roadmap;
  /** About how much memory the roadmap holds (`approximateBytes`). */
  bytes: number;
}

/** Parses fetched roadmap files; `skipped` are the notices on files that were not fetched (too large, too many). */
export type RoadmapParser = (files: SourceFile[], skipped: Diagnostic[], options: { labelPrefix: string }) => Promise<ParsedRoadmap>;

function withNotices(roadmap: Roadmap, notices: Diagnostic[]): Roadmap {
  return notices.length === 0 ? roadmap : { ...roadmap, diagnostics: sortDiagnostics([...notices, ...roadmap.diagnostics]) };
}

/** Parsing on the calling thread: for the CLI, scripts and tests that never face untrusted input. */
export const parseInProcess: RoadmapParser = async (files, skipped, options) => {
  const roadmap = withNotices(parseRoadmap(files, options), skipped);
  return { roadmap, bytes: approximateBytes(roadmap) };
};

export const DEFAULT_PARSE_THREADS = 2;
export const DEFAULT_FILE_BUDGET_MS = 1000;
/**
 * Time a file gets on top of the base budget for its size: the budget is a
 * backstop against parsers that go superlinear, and wall time on a busy
 * machine stretches honest linear work too (a 330 KB, 10,000-node YAML file
 * took over a second while a test suite ran beside it). A megabyte, the cap,
 * gets about 11 s; the 100 KB nested quotes of a hostile page get 2 s.
 */
const BUDGET_MS_PER_KB = 10;
/** Well above what parsing the bench's 10,000-node roadmap needs (under 250 MB for the whole process). */
const THREAD_HEAP_MB = 1024;

/** The time one file may take to parse: the base budget plus its share by size. */
export function fileBudget(baseMs: number, file: SourceFile | undefined): number {
  const kilobytes = file ? file.content.length / 1024 : 0;
  return Math.round(baseMs + kilobytes * BUDGET_MS_PER_KB);
}

function tooComplex(path: string, budgetMs: number): Diagnostic {
  return diagnostic(
    'warning',
    'too-complex',
    path,
    1,
    `Parsing this file took longer than ${(budgetMs / 1000).toFixed(1)} s, so it is skipped; split it or flatten deeply nested lists and quotes.`,
  );
}

interface Job {
  id: number;
  files: SourceFile[];
  labelPrefix: string;
  notices: Diagnostic[];
  resolve: (parsed: ParsedRoadmap) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The worker's entry: the compiled `parse-worker.js` next to this file, or,
 * when this file runs as TypeScript source (vitest, tsx), the `.ts` source
 * loaded through tsx's loader registered inside the thread.
 */
function startWorker(): Worker {
  // The process's own flags (`--input-type`, `--eval`) may not suit a thread; a heap bound keeps one hostile file from taking the server's memory.
  const options = { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url), options);
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const loader = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, {
    ...options,
    eval: true,
  });
}

export class ParsePool {
  readonly threads: number;
  readonly fileBudgetMs: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: { threads?: number; fileBudgetMs?: number } = {}) {
    this.threads = Math.max(1, options.threads ?? DEFAULT_PARSE_THREADS);
    this.fileBudgetMs = options.fileBudgetMs ?? DEFAULT_FILE_BUDGET_MS;
  }

  readonly parse: RoadmapParser = (files, skipped, options) =>
    new Promise<ParsedRoadmap>((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('the parse pool is closed'));
        return;
      }
      this.#queue.push({ id: this.#nextId++, files, labelPrefix: options.labelPrefix, notices: [...skipped], resolve, reject });
      this.#pump();
    });

  /** Stops the threads; queued parses fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new Error('the parse pool is closed'));
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.job?.reject(new Error('the parse pool is closed'));
      slot.job = null;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let slot = this.#slots.find((candidate) => candidate.job === null);
      if (!slot && this.#slots.length < this.threads) slot = this.#addSlot();
      if (!slot) return;
      const job = this.#queue.shift() as Job;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, files: job.files, labelPrefix: job.labelPrefix } satisfies ParseRequest);
    }
  }

  #addSlot(): Slot {
    const slot: Slot = { worker: startWorker(), job: null, timer: null };
    this.#watch(slot);
    this.#slots.push(slot);
    return slot;
  }

  #watch(slot: Slot): void {
    const { worker } = slot;
    // Idle threads never keep the process alive.
    worker.unref();
    worker.on('message', (message: ParseMessage) => this.#onMessage(slot, message));
    worker.on('error', (error) => this.#onCrash(slot, worker, error));
    worker.on('exit', (code) => this.#onCrash(slot, worker, new Error(`a parse thread stopped (exit code ${code})`)));
  }

  #onMessage(slot: Slot, message: ParseMessage): void {
    const job = slot.job;
    if (message.type === 'ready' || !job || message.id !== job.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    switch (message.type) {
      case 'file': {
        const path = message.path;
        const budgetMs = fileBudget(
          this.fileBudgetMs,
          job.files.find((file) => file.path === path),
        );
        slot.timer = setTimeout(() => this.#overrun(slot, job, path, budgetMs), budgetMs);
        return;
      }
      case 'merging':
        return;
      case 'done':
        this.#finish(slot);
        job.resolve({ roadmap: withNotices(message.roadmap, job.notices), bytes: message.bytes });
        return;
      case 'failed':
        this.#finish(slot);
        job.reject(new Error(`parsing the roadmap failed: ${message.message}`));
    }
  }

  #finish(slot: Slot): void {
    slot.job = null;
    this.#pump();
  }

  /** The file has had its second: stop its thread and parse the rest again on a fresh one. */
  #overrun(slot: Slot, job: Job, path: string, budgetMs: number): void {
    if (slot.job !== job) return;
    slot.timer = null;
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    slot.job = null;
    void slot.worker.terminate();
    job.notices.push(tooComplex(path, budgetMs));
    job.files = job.files.filter((file) => file.path !== path);
    this.#queue.unshift(job);
    this.#pump();
  }

  #onCrash(slot: Slot, worker: Worker, error: Error): void {
    // A thread this pool terminated on purpose has left its slot already.
    const index = this.#slots.indexOf(slot);
    if (index < 0 || slot.worker !== worker) return;
    this.#slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(error);
    this.#pump();
  }
}
