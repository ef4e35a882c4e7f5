/**
 * `.github/roadmap-bot.yml` through Probot's config plugin (SPEC §8), so
 * `_extends` and an organisation's `.github` repository work. A broken file
 * never stops the bot: its problems are returned (for the PR review and the
 * weekly issue to show), logged by the caller, and the defaults apply.
 */
import path from 'node:path';
import { CONFIG_FILE, TOP_LEVEL_KEY, parseConfig, type Config, type ConfigProblem } from '../core/config/config.js';
import type { ConfigOctokit, RepositoryRef } from './client.js';

export interface LoadedConfig {
  config: Config;
  problems: ConfigProblem[];
}

/** The part of Probot's `Context` this needs. */
export interface ConfigContext {
  config(fileName: string): Promise<unknown>;
}

const CONFIG_NAME = path.posix.basename(CONFIG_FILE);

/**
 * The config plugin throws plain Errors tagged with its name for files it
 * cannot use (invalid YAML, a directory, an `_extends` loop); those are the
 * user's to fix. Anything else (GitHub down, rate limited) is rethrown: acting
 * on defaults then could, say, sync labels a repository turned off.
 */
function problemFrom(error: unknown): ConfigProblem | null {
  if (!(error instanceof Error) || !error.message.startsWith('[@probot/octokit-plugin-config]')) return null;
  const reason = error.message.replace('[@probot/octokit-plugin-config]', '').trim();
  const detail = error.cause instanceof Error ? `: ${error.cause.message.split('\n')[0]}` : '';
  return { key: TOP_LEVEL_KEY, message: `${reason}${detail}; fix ${CONFIG_FILE} (all defaults apply until then)` };
}

async function load(read: () => Promise<unknown>): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await read();
  } catch (error) {
    const problem = problemFrom(error);
    if (!problem) throw error;
    return { config: parseConfig(null).config, problems: [problem] };
  }
  return parseConfig(raw);
}

/** The repository's config in a webhook handler (`context.config`). */
export function loadConfig(context: ConfigContext): Promise<LoadedConfig> {
  return load(() => context.config(CONFIG_NAME));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges like `context.config` (deepmerge's defaults): mappings recursively, lists concatenated, later wins. */
export function mergeConfigs(configs: Record<string, unknown>[]): Record<string, unknown> {
  const merge = (base: unknown, next: unknown): unknown => {
    if (Array.isArray(base) && Array.isArray(next)) return [...base, ...next];
    if (isPlainObject(base) && isPlainObject(next)) {
      const merged: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(next)) merged[key] = Object.hasOwn(base, key) ? merge(base[key], value) : value;
      return merged;
    }
    return next;
  };
  return configs.reduce<Record<string, unknown>>((merged, config) => merge(merged, config) as Record<string, unknown>, {});
}

/** The repository's config outside a webhook (same files, same merging as `context.config`). */
export function loadRepositoryConfig(octokit: ConfigOctokit, repository: RepositoryRef): Promise<LoadedConfig> {
  return load(async () => {
    const { owner, repo } = repository;
    const { config, files } = await octokit.config.get({ owner, repo, path: CONFIG_FILE, defaults: mergeConfigs });
    return files.some((file) => file.config !== null) ? config : null;
  });
}

/**
 * Configs by repository, for a short while. Issue and comment events come in
 * bursts and each config read costs one or two calls (the repository, then the
 * organisation's `.github`). A push to the default branch refreshes the entry;
 * another instance's view may lag by at most `ttlMs`.
 */
export class ConfigCache {
  readonly #entries = new Map<string, { loaded: Promise<LoadedConfig>; expires: number }>();

  constructor(
    readonly ttlMs = 60_000,
    readonly maxEntries = 1_000,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  get(repository: RepositoryRef, load: () => Promise<LoadedConfig>): Promise<LoadedConfig> {
    const key = `${repository.owner}/${repository.repo}`.toLowerCase();
    const cached = this.#entries.get(key);
    if (cached && cached.expires > this.monotonicNow()) return cached.loaded;
    const loaded = load();
    this.#entries.delete(key);
    this.#entries.set(key, { loaded, expires: this.monotonicNow() + this.ttlMs });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    // A failed read (outage, rate limit) must not stick.
    loaded.catch(() => {
      if (this.#entries.get(key)?.loaded === loaded) this.#entries.delete(key);
    });
    return loaded;
  }

  forget(repository: RepositoryRef): void {
    this.#entries.delete(`${repository.owner}/${repository.repo}`.toLowerCase());
  }
}
