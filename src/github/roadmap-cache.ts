/**
 * Parsed roadmaps by commit (SPEC §10): a commit's roadmap never changes, so
 * it is read and parsed once per process. Only the clock-free structure is
 * cached; callers apply the time-based checks (`checkRoadmap`) per request.
 */
import type { Diagnostic, Roadmap, SourceFile } from '../core/model.js';
import { parseRoadmap, sortDiagnostics } from '../core/roadmap.js';
import type { GitHubClient, RepositoryRef } from './client.js';
import { readRoadmapFiles } from './roadmap-source.js';

export const DEFAULT_CACHE_ENTRIES = 64;

export interface RoadmapAtCommit {
  roadmap: Roadmap;
  /** API calls this lookup made: 0 on a cache hit. */
  calls: number;
}

export interface RoadmapRequest extends RepositoryRef {
  /** A commit sha (a branch name would pin whatever commit it pointed to first). */
  sha: string;
  globs: string[];
  /** `labels.prefix`: the `label-too-long` check depends on it, so it is part of the key. */
  labelPrefix: string;
}

/** The clock-free roadmap of fetched files, with the notes on files that were not fetched (too large, too many). */
export function parseFetchedRoadmap(files: SourceFile[], skipped: Diagnostic[], labelPrefix: string): Roadmap {
  const roadmap = parseRoadmap(files, { labelPrefix });
  return { ...roadmap, diagnostics: sortDiagnostics([...skipped, ...roadmap.diagnostics]) };
}

export function roadmapCacheKey(request: RoadmapRequest): string {
  return `${request.owner.toLowerCase()}/${request.repo.toLowerCase()}@${request.sha}+${request.globs.join('\n')}+${request.labelPrefix}`;
}

/** A bounded LRU of parsed roadmaps; concurrent lookups of one commit share a single read. */
export class RoadmapCache {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Promise<Roadmap>>();

  constructor(maxEntries = DEFAULT_CACHE_ENTRIES) {
    this.maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  get size(): number {
    return this.#entries.size;
  }

  has(request: RoadmapRequest): boolean {
    return this.#entries.has(roadmapCacheKey(request));
  }

  /** The cached roadmap of a commit, if any (counts as a use for the LRU order). */
  peek(request: RoadmapRequest): Promise<Roadmap> | undefined {
    const key = roadmapCacheKey(request);
    const cached = this.#entries.get(key);
    if (cached) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
    }
    return cached;
  }

  /** Keeps a roadmap that a caller read some other way (e.g. several commits in one query). */
  remember(request: RoadmapRequest, roadmap: Roadmap): void {
    const key = roadmapCacheKey(request);
    this.#entries.delete(key);
    this.#entries.set(key, Promise.resolve(roadmap));
    this.#evict();
  }

  async get(octokit: GitHubClient, request: RoadmapRequest): Promise<RoadmapAtCommit> {
    const key = roadmapCacheKey(request);
    const cached = this.peek(request);
    if (cached) return { roadmap: await cached, calls: 0 };
    let calls = 0;
    const loading = readRoadmapFiles(octokit, {
      owner: request.owner,
      repo: request.repo,
      ref: request.sha,
      globs: request.globs,
    }).then((read) => {
      calls = read.calls;
      return parseFetchedRoadmap(read.files, read.skipped, request.labelPrefix);
    });
    this.#entries.set(key, loading);
    this.#evict();
    try {
      return { roadmap: await loading, calls };
    } catch (error) {
      // A failed read (rate limit, outage) must not stick: the next event tries again.
      if (this.#entries.get(key) === loading) this.#entries.delete(key);
      throw error;
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  #evict(): void {
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
