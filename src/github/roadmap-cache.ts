/**
 * Parsed roadmaps by commit (SPEC §10): a commit's roadmap never changes, so
 * it is read and parsed once per process. Only the clock-free structure is
 * cached; callers apply the time-based checks (`checkRoadmap`) per request.
 */
import { LRUCache } from 'lru-cache';
import type { Roadmap } from '../core/model/model.js';
import type { GitHubClient, RepositoryRef } from './client.js';
import { parseInProcess, type ParsedRoadmap, type RoadmapParser } from './parse-pool.js';
import { readRoadmapFiles, resolveBranchSha } from './roadmap-source.js';

export const DEFAULT_CACHE_ENTRIES = 64;
/** A 10,000-node roadmap holds about 33 MB: a handful of big ones, or many small ones. */
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

export interface RoadmapRequest extends RepositoryRef {
  /** A commit sha (a branch name would pin whatever commit it pointed to first). */
  sha: string;
  globs: string[];
  /** `labels.prefix`: the `label-too-long` check depends on it, so it is part of the key. */
  labelPrefix: string;
}

export function roadmapCacheKey(request: RoadmapRequest): string {
  return `${request.owner.toLowerCase()}/${request.repo.toLowerCase()}@${request.sha}+${request.globs.join('\n')}+${request.labelPrefix}`;
}

export interface RoadmapCacheOptions {
  maxEntries?: number;
  /** The bound on the roadmaps' approximate memory (`approximateBytes`). */
  maxBytes?: number;
  /** How fetched files become a roadmap: in the app, the worker-thread pool. */
  parse?: RoadmapParser;
}

/**
 * A bounded LRU of parsed roadmaps, by count and by approximate size;
 * concurrent lookups of one commit share a single read.
 */
export class RoadmapCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly parse: RoadmapParser;
  readonly #entries: LRUCache<string, Roadmap>;
  readonly #loading = new Map<string, Promise<Roadmap>>();

  constructor(options: RoadmapCacheOptions | number = {}) {
    const {
      maxEntries = DEFAULT_CACHE_ENTRIES,
      maxBytes = DEFAULT_CACHE_BYTES,
      parse = parseInProcess,
    } = typeof options === 'number' ? { maxEntries: options } : options;
    this.maxEntries = Math.max(1, Math.floor(maxEntries));
    this.maxBytes = Math.max(1, Math.floor(maxBytes));
    this.parse = parse;
    this.#entries = new LRUCache<string, Roadmap>({ max: this.maxEntries, maxSize: this.maxBytes });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The approximate memory the cached roadmaps hold. */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }

  has(request: RoadmapRequest): boolean {
    const key = roadmapCacheKey(request);
    return this.#loading.has(key) || this.#entries.has(key);
  }

  /** The cached roadmap of a commit, if any (counts as a use for the LRU order). */
  peek(request: RoadmapRequest): Promise<Roadmap> | undefined {
    const key = roadmapCacheKey(request);
    const loading = this.#loading.get(key);
    if (loading) return loading;
    const cached = this.#entries.get(key);
    return cached ? Promise.resolve(cached) : undefined;
  }

  /** Keeps a roadmap that a caller read some other way (e.g. several commits in one query). */
  remember(request: RoadmapRequest, parsed: ParsedRoadmap): void {
    // A roadmap bigger than the whole bound is simply not kept.
    this.#entries.set(roadmapCacheKey(request), parsed.roadmap, { size: Math.max(1, parsed.bytes) });
  }

  async get(octokit: GitHubClient, request: RoadmapRequest): Promise<Roadmap> {
    const key = roadmapCacheKey(request);
    const cached = this.peek(request);
    if (cached) return cached;
    const loading = readRoadmapFiles(octokit, {
      owner: request.owner,
      repo: request.repo,
      ref: request.sha,
      globs: request.globs,
    })
      .then((read) => this.parse(read.files, read.skipped, { labelPrefix: request.labelPrefix }))
      .then((parsed) => {
        this.remember(request, parsed);
        return parsed.roadmap;
      });
    this.#loading.set(key, loading);
    try {
      return await loading;
    } finally {
      // A failed read (rate limit, outage) must not stick: the next event tries again.
      if (this.#loading.get(key) === loading) this.#loading.delete(key);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

export interface RoadmapAtBranch {
  roadmap: Roadmap;
  sha: string;
  branch: string;
}

/** The (cached) roadmap at the head of a branch: one call for the sha, the read only on a cache miss. */
export async function roadmapAtBranch(
  octokit: GitHubClient,
  roadmaps: RoadmapCache,
  options: { owner: string; repo: string; branch: string; globs: string[]; labelPrefix: string },
): Promise<RoadmapAtBranch> {
  const sha = await resolveBranchSha(octokit, options);
  const roadmap = await roadmaps.get(octokit, { ...options, sha });
  return { roadmap, sha, branch: options.branch };
}
