import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/config.js';
import { ConfigCache, type LoadedConfig } from '../../src/github/config.js';

const REPO = { owner: 'Acme', repo: 'Roadmap' };

function counter(): { load: () => Promise<LoadedConfig>; calls: () => number } {
  let calls = 0;
  return {
    load: async () => {
      calls += 1;
      return parseConfig({ drift: { staleAfterDays: calls } });
    },
    calls: () => calls,
  };
}

describe('ConfigCache', () => {
  it('reads a repository once within the time to live, case-insensitively, and again after it', async () => {
    let now = 0;
    const cache = new ConfigCache(1_000, 10, () => now);
    const source = counter();
    expect((await cache.get(REPO, source.load)).config.drift.staleAfterDays).toBe(1);
    now = 999;
    expect((await cache.get({ owner: 'acme', repo: 'roadmap' }, source.load)).config.drift.staleAfterDays).toBe(1);
    now = 1_000;
    expect((await cache.get(REPO, source.load)).config.drift.staleAfterDays).toBe(2);
    expect(source.calls()).toBe(2);
  });

  it('forgets a repository on demand (a push to the default branch)', async () => {
    const cache = new ConfigCache(60_000, 10, () => 0);
    const source = counter();
    await cache.get(REPO, source.load);
    cache.forget(REPO);
    expect((await cache.get(REPO, source.load)).config.drift.staleAfterDays).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const cache = new ConfigCache(60_000, 10, () => 0);
    await expect(cache.get(REPO, () => Promise.reject(new Error('502 Bad Gateway')))).rejects.toThrow('502');
    const source = counter();
    expect((await cache.get(REPO, source.load)).config.drift.staleAfterDays).toBe(1);
  });

  it('keeps at most maxEntries repositories, dropping the oldest', async () => {
    const cache = new ConfigCache(60_000, 2, () => 0);
    const source = counter();
    for (const repo of ['a', 'b', 'c']) await cache.get({ owner: 'o', repo }, source.load);
    await cache.get({ owner: 'o', repo: 'c' }, source.load);
    expect(source.calls()).toBe(3);
    await cache.get({ owner: 'o', repo: 'a' }, source.load);
    expect(source.calls()).toBe(4);
  });
});
