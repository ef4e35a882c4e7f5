import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * GitHub's rules for an App manifest's `default_events`: each event needs a
 * permission the manifest grants (GitHub's "permissions required for
 * webhooks"), and the lifecycle events every App receives anyway are refused
 * ("Default events unsupported: installation and installation_repositories").
 */
const PERMISSION_OF_EVENT: Record<string, string> = {
  push: 'contents',
  pull_request: 'pull_requests',
  issues: 'issues',
  issue_comment: 'issues',
  check_run: 'checks',
  check_suite: 'checks',
  label: 'metadata',
  repository: 'metadata',
};
const REFUSED_EVENTS = ['installation', 'installation_repositories', 'installation_target', 'github_app_authorization', 'meta'];
const LEVELS = ['read', 'write', 'admin'];

interface Manifest {
  name: string;
  url: string;
  default_permissions: Record<string, string>;
  default_events: string[];
}

const manifest = parse(readFileSync(path.join(ROOT, 'app.yml'), 'utf8')) as Manifest;

describe('app.yml', () => {
  it('passes GitHub manifest rules: no lifecycle events, each event backed by a granted permission', () => {
    expect(manifest.default_events.filter((event) => REFUSED_EVENTS.includes(event))).toEqual([]);
    for (const event of manifest.default_events) {
      const permission = PERMISSION_OF_EVENT[event];
      expect(permission, `event ${event} is not one roadmap-bot subscribes to`).toBeDefined();
      expect(manifest.default_permissions[permission], `event ${event} needs the ${permission} permission`).toBeDefined();
    }
    for (const level of Object.values(manifest.default_permissions)) expect(LEVELS).toContain(level);
    expect(manifest.name.length).toBeLessThanOrEqual(34);
    expect(manifest.url).toMatch(/^https:\/\//);
  });

  it('asks for exactly what SPEC §10 lists', () => {
    expect(manifest.default_permissions).toEqual({
      issues: 'write',
      pull_requests: 'write',
      checks: 'write',
      contents: 'read',
      metadata: 'read',
    });
    expect([...manifest.default_events].sort()).toEqual(['issue_comment', 'issues', 'pull_request', 'push']);
  });
});
