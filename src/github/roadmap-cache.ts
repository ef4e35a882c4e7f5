/**
 * Parsed roadmaps by commit (SPEC §10): a commit's roadmap never changes, so
 * it is read and parsed once per process. Only the clock-free structure is
 * cached; callers apply the time-based checks (`checkRoadmap`) per request.
 */
import type { Roadmap } from '../core/model.js';
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
}

export function roadmapCacheKey(request: RoadmapRequest): string {
  return `${request.owner.toLowerCase()}/${request.repo.toLowerCase()}@${request.sha}+${request.globs.join('\n')}`;
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

  async get(octokit: GitHubClient, request: RoadmapRequest): Promise<RoadmapAtCommit> {
    const key = roadmapCacheKey(request);
    const cached = this.#entries.get(key);
    if (cached) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return { roadmap: await cached, calls: 0 };
    }
    let calls = 0;
    const loading = readRoadmapFiles(octokit, {
      owner: request.owner,
      repo: request.repo,
      ref: request.sha,
      globs: request.globs,
    }).then((read) => {
      calls = read.calls;
      const roadmap = parseRoadmap(read.files);
      return { ...roadmap, diagnostics: sortDiagnostics([...read.skipped, ...roadmap.diagnostics]) };
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
