import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { actionArguments, ActionError, FORK_HINT, roadmapGlobs } from '../../src/action/inputs.js';

const folder = mkdtempSync(path.join(tmpdir(), 'roadmap-bot-event-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let events = 0;
function eventFile(event: object): string {
  const file = path.join(folder, `event-${(events += 1)}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
}

const pullRequest = (head: object | null) => ({
  pull_request: { number: 7, head: { repo: head } },
  repository: { full_name: 'acme/roadmap' },
});

describe('the Action inputs as a command line', () => {
  test('path: globs one per line or comma-separated, blanks dropped', () => {
    expect(roadmapGlobs('roadmap/**/*.md,\n  goals/*.yml \n\n,')).toEqual(['roadmap/**/*.md', 'goals/*.yml']);
    expect(roadmapGlobs('')).toEqual([]);
  });

  test("weekly: the run's repository, the globs and now", () => {
    const env = { INPUT_COMMAND: ' weekly ', INPUT_PATH: 'a/*.md, b/*.toml', INPUT_NOW: '2026-11-30', GITHUB_REPOSITORY: 'acme/roadmap' };
    expect(actionArguments(env)).toEqual({
      command: 'weekly',
      argv: ['--repo', 'acme/roadmap', '--path', 'a/*.md', '--path', 'b/*.toml', '--now', '2026-11-30'],
    });
  });

  test('review: the pull request of the event file; no hint for a pull request from the repository itself', () => {
    const env = {
      INPUT_COMMAND: 'review',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(pullRequest({ full_name: 'Acme/Roadmap' })),
    };
    expect(actionArguments(env)).toEqual({ command: 'review', argv: ['--repo', 'acme/roadmap', '--pr', '7'] });
  });

  test('a fork\'s pull request on "pull_request" carries the hint to use pull_request_target; on pull_request_target it does not', () => {
    const fromFork = eventFile(pullRequest({ full_name: 'someone/roadmap' }));
    expect(actionArguments({ INPUT_COMMAND: 'review', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: fromFork }).failureHint).toBe(
      FORK_HINT,
    );
    expect(
      actionArguments({ INPUT_COMMAND: 'review', GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: fromFork }).failureHint,
    ).toBeUndefined();
    const deletedFork = eventFile(pullRequest(null));
    expect(
      actionArguments({ INPUT_COMMAND: 'review', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: deletedFork }).failureHint,
    ).toBe(FORK_HINT);
  });

  test('mistakes of use are ActionErrors that say what to do', () => {
    expect(() => actionArguments({ INPUT_COMMAND: 'check' })).toThrow(
      new ActionError('input "command" must be "review" or "weekly", got "check"'),
    );
    expect(() => actionArguments({ INPUT_COMMAND: 'weekly' })).toThrow(/GITHUB_REPOSITORY is not set/);
    expect(() => actionArguments({ INPUT_COMMAND: 'review' })).toThrow(/GITHUB_EVENT_PATH is not set/);
    expect(() => actionArguments({ INPUT_COMMAND: 'review', GITHUB_EVENT_PATH: path.join(folder, 'missing.json') })).toThrow(
      /cannot read the event file .*missing\.json/,
    );
    const issue = eventFile({ issue: { number: 3 }, repository: { full_name: 'acme/roadmap' } });
    expect(() => actionArguments({ INPUT_COMMAND: 'review', GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: issue })).toThrow(
      /started by "issues": run it "on: pull_request"/,
    );
  });
});
