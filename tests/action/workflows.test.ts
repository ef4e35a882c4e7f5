import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the ready workflows', () => {
  const guide = read('docs/github-actions.md');

  test.each(['roadmap-review.yml', 'roadmap-weekly.yml'])('docs/github-actions.md shows examples/workflows/%s as it is', (file) => {
    expect(guide).toContain(`\`\`\`yaml\n${read(`examples/workflows/${file}`)}\`\`\``);
  });

  test('review: on pull requests, with the permissions of a comment and a check run, running the Action', () => {
    const workflow = parse(read('examples/workflows/roadmap-review.yml'));
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write', issues: 'write' });
    expect(workflow.jobs.review.steps).toEqual([{ uses: 'OWNER/roadmap-bot@main', with: { command: 'review' } }]);
  });

  test('weekly: on a schedule and by hand, writing issues only, running the Action', () => {
    const workflow = parse(read('examples/workflows/roadmap-weekly.yml'));
    expect(Object.keys(workflow.on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(workflow.jobs.weekly.steps).toEqual([{ uses: 'OWNER/roadmap-bot@main', with: { command: 'weekly' } }]);
  });
});
