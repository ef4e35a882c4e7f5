/**
 * The simulator records who last edited an issue or comment body (GraphQL
 * `editor`, `lastEditedAt`) and keeps comment reactions as GitHub does: one
 * per user and content, a repeat answered 200 with the existing reaction.
 */
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, quietLog, startHarness, type Harness } from './helpers.js';

const FULL = `${REPO.owner}/${REPO.repo}`;
const EDITORS = `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) { editor { __typename login } lastEditedAt comments(first: 10) { nodes { databaseId editor { __typename login } lastEditedAt } } }
  }
}`;

interface Editors {
  repository: {
    issue: {
      editor: { __typename: string; login: string } | null;
      lastEditedAt: string | null;
      comments: { nodes: { databaseId: number; editor: { __typename: string; login: string } | null; lastEditedAt: string | null }[] };
    };
  };
}

describe('simulator edits and reactions', () => {
  let harness: Harness;
  let alice: Octokit;
  beforeAll(async () => {
    harness = await startHarness({ staticTokens: { 'alice-token': { login: 'alice' } } });
    alice = new Octokit({ baseUrl: harness.url, auth: 'alice-token', log: quietLog });
  });
  afterAll(() => harness.sim.close());

  const editors = async (number: number) =>
    (await harness.octokit.graphql<Editors>(EDITORS, { owner: REPO.owner, name: REPO.repo, number })).repository.issue;

  it('reports no editor until a body changes, then the last one to change it', async () => {
    harness.sim.setClock('2026-03-01T10:00:00Z');
    const { data: issue } = await harness.octokit.rest.issues.create({ ...REPO, title: 'Status', body: 'by the bot' });
    const { data: comment } = await harness.octokit.rest.issues.createComment({ ...REPO, issue_number: issue.number, body: 'part 1' });
    expect(await editors(issue.number)).toEqual({
      editor: null,
      lastEditedAt: null,
      comments: { nodes: [{ databaseId: comment.id, editor: null, lastEditedAt: null }] },
    });

    // The bot rewriting its own text is an edit by the bot; the same text again is no edit.
    harness.sim.setClock('2026-03-02T10:00:00Z');
    await harness.octokit.rest.issues.update({ ...REPO, issue_number: issue.number, body: 'by the bot, again' });
    await harness.octokit.rest.issues.update({ ...REPO, issue_number: issue.number, body: 'by the bot, again', title: 'Renamed' });
    expect(await editors(issue.number)).toMatchObject({
      editor: { __typename: 'Bot', login: 'roadmap-bot' },
      lastEditedAt: '2026-03-02T10:00:00Z',
    });

    harness.sim.setClock('2026-03-03T10:00:00Z');
    await alice.rest.issues.update({ ...REPO, issue_number: issue.number, body: 'forged\nby the bot, again' });
    harness.sim.editComment(FULL, comment.id, 'part 1, edited', 'bob');
    expect(await editors(issue.number)).toEqual({
      editor: { __typename: 'User', login: 'alice' },
      lastEditedAt: '2026-03-03T10:00:00Z',
      comments: { nodes: [{ databaseId: comment.id, editor: { __typename: 'User', login: 'bob' }, lastEditedAt: '2026-03-03T10:00:00Z' }] },
    });
    expect(harness.sim.editIssueBody(FULL, issue.number, 'again', 'carol').body).toBe('again');
    expect((await editors(issue.number)).editor).toEqual({ __typename: 'User', login: 'carol' });
  });

  it('keeps one reaction per user and content, answering a repeat with 200', async () => {
    const { data: issue } = await harness.octokit.rest.issues.create({ ...REPO, title: 'Reactions' });
    const { data: comment } = await alice.rest.issues.createComment({ ...REPO, issue_number: issue.number, body: '/goal x' });
    const first = await harness.octokit.rest.reactions.createForIssueComment({ ...REPO, comment_id: comment.id, content: 'confused' });
    const again = await harness.octokit.rest.reactions.createForIssueComment({ ...REPO, comment_id: comment.id, content: 'confused' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data).toEqual(first.data);
    expect(first.data).toMatchObject({ content: 'confused', user: { login: 'roadmap-bot[bot]' } });
    await alice.rest.reactions.createForIssueComment({ ...REPO, comment_id: comment.id, content: 'confused' });

    const { data: listed } = await harness.octokit.rest.issues.listComments({ ...REPO, issue_number: issue.number });
    expect(listed[0].reactions).toMatchObject({ total_count: 2, confused: 2, '+1': 0 });
    const record = harness.sim.snapshot().issues[FULL].find((entry) => entry.number === issue.number)!.comments[0];
    expect(record.reactions).toEqual([
      { content: 'confused', user: 'roadmap-bot[bot]' },
      { content: 'confused', user: 'alice' },
    ]);
  });

  it('refuses an unknown reaction with 422', async () => {
    const { data: issue } = await harness.octokit.rest.issues.create({ ...REPO, title: 'Bad reaction' });
    const { data: comment } = await harness.octokit.rest.issues.createComment({ ...REPO, issue_number: issue.number, body: 'hi' });
    await expect(
      harness.octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
        ...REPO,
        comment_id: comment.id,
        content: 'thumbsup' as 'confused',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
