import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLATION_ID, REPO, failure, startHarness, type Harness } from './helpers.js';

describe('simulator REST API', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.sim.close());

  describe('labels', () => {
    it("creates a label, refuses a duplicate (any case) with GitHub's 422, and updates it", async () => {
      const { octokit } = harness;
      const created = await octokit.rest.issues.createLabel({ ...REPO, name: 'goal:ship', color: 'A1B2C3', description: 'Ship it' });
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({ name: 'goal:ship', color: 'a1b2c3', description: 'Ship it', default: false });
      expect(created.data.node_id).toMatch(/^[A-Za-z0-9+/=]+$/);

      const duplicate = await failure(octokit.rest.issues.createLabel({ ...REPO, name: 'GOAL:SHIP' }));
      expect(duplicate.status).toBe(422);
      expect(duplicate.data).toEqual({
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
        status: '422',
      });

      const updated = await octokit.rest.issues.updateLabel({ ...REPO, name: 'goal:ship', new_name: 'goal:ship-it', color: '00ff00' });
      expect(updated.data).toMatchObject({ name: 'goal:ship-it', color: '00ff00', description: 'Ship it' });
      expect((await failure(octokit.rest.issues.getLabel({ ...REPO, name: 'goal:ship' }))).status).toBe(404);
    });

    it('reads URL-encoded label names, whether the client encodes them or not', async () => {
      await harness.octokit.rest.issues.createLabel({ ...REPO, name: 'goal:a b/c' });
      const viaOctokit = await harness.octokit.rest.issues.getLabel({ ...REPO, name: 'goal:a b/c' });
      expect(viaOctokit.data.name).toBe('goal:a b/c');
      const token = ((await harness.octokit.auth({ type: 'installation' })) as { token: string }).token;
      const raw = await fetch(`${harness.url}/repos/acme/roadmap/labels/goal%3Aa%20b%2Fc`, {
        headers: { authorization: `token ${token}` },
      });
      expect(((await raw.json()) as { name: string }).name).toBe('goal:a b/c');
    });

    it('validates color, name length and description length', async () => {
      const badColor = await failure(harness.octokit.rest.issues.createLabel({ ...REPO, name: 'x', color: '#ff0000' }));
      expect(badColor.data.errors).toEqual([{ resource: 'Label', code: 'invalid', field: 'color' }]);
      const longName = await failure(harness.octokit.rest.issues.createLabel({ ...REPO, name: 'n'.repeat(51) }));
      expect(longName.data.errors[0]).toMatchObject({ field: 'name', code: 'custom' });
      const longDescription = await failure(harness.octokit.rest.issues.createLabel({ ...REPO, name: 'y', description: 'd'.repeat(101) }));
      expect(longDescription.data.errors[0].message).toBe('description is too long (maximum is 100 characters)');
    });
  });

  describe('issues and comments', () => {
    it('creates an issue (creating missing labels), comments on it, edits the comment, closes and reopens it', async () => {
      const { octokit } = harness;
      const issue = await octokit.rest.issues.create({
        ...REPO,
        title: 'Track scaling',
        body: 'details',
        labels: ['goal:scale', { name: 'area:infra' }] as never,
      });
      expect(issue.status).toBe(201);
      expect(issue.data.labels.map((label) => (typeof label === 'string' ? label : label.name))).toEqual(['goal:scale', 'area:infra']);
      expect(issue.data.html_url).toBe(`https://github.com/acme/roadmap/issues/${issue.data.number}`);
      expect((await octokit.rest.issues.getLabel({ ...REPO, name: 'area:infra' })).data.color).toBe('ededed');

      const comment = await octokit.rest.issues.createComment({ ...REPO, issue_number: issue.data.number, body: 'first' });
      expect(comment.status).toBe(201);
      const edited = await octokit.rest.issues.updateComment({ ...REPO, comment_id: comment.data.id, body: 'first, edited' });
      expect(edited.data.body).toBe('first, edited');
      const comments = await octokit.rest.issues.listComments({ ...REPO, issue_number: issue.data.number });
      expect(comments.data.map((entry) => entry.body)).toEqual(['first, edited']);

      const closed = await octokit.rest.issues.update({
        ...REPO,
        issue_number: issue.data.number,
        state: 'closed',
        state_reason: 'not_planned',
      });
      expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', comments: 1 });
      expect(closed.data.closed_at).not.toBeNull();
      expect(closed.data.closed_by?.login).toBe('roadmap-bot[bot]');
      const reopened = await octokit.rest.issues.update({ ...REPO, issue_number: issue.data.number, state: 'open' });
      expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    });

    it('adds labels and removes one, answering 404 for a label not on the issue', async () => {
      const { octokit } = harness;
      const issue = await octokit.rest.issues.create({ ...REPO, title: 'Labelled' });
      const added = await octokit.rest.issues.addLabels({ ...REPO, issue_number: issue.data.number, labels: ['one', 'two'] });
      expect(added.data.map((label) => label.name)).toEqual(['one', 'two']);
      const remaining = await octokit.rest.issues.removeLabel({ ...REPO, issue_number: issue.data.number, name: 'one' });
      expect(remaining.data.map((label) => label.name)).toEqual(['two']);
      const missing = await failure(octokit.rest.issues.removeLabel({ ...REPO, issue_number: issue.data.number, name: 'one' }));
      expect(missing.status).toBe(404);
      expect(missing.data.message).toBe('Label does not exist');
    });

    it('refuses comments past 65,536 characters and issues without a title', async () => {
      const issue = await harness.octokit.rest.issues.create({ ...REPO, title: 'Long' });
      const tooLong = await failure(
        harness.octokit.rest.issues.createComment({ ...REPO, issue_number: issue.data.number, body: 'x'.repeat(65_537) }),
      );
      expect(tooLong.status).toBe(422);
      expect(tooLong.data.errors[0].message).toBe('body is too long (maximum is 65536 characters)');
      const untitled = await failure(harness.octokit.request('POST /repos/{owner}/{repo}/issues', { ...REPO } as never));
      expect(untitled.status).toBe(422);
      expect(untitled.data.message).toBe('Invalid request.\n\n"title" wasn\'t supplied.');
    });
  });

  describe('issue listing and pagination', () => {
    let listing: Harness;
    beforeAll(async () => {
      listing = await startHarness();
      listing.sim.setClock('2026-01-01T00:00:00Z');
      for (let index = 1; index <= 250; index++) {
        listing.sim.setClock(`2026-01-01T00:${String(Math.floor(index / 60)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}Z`);
        listing.sim.createIssue('acme/roadmap', {
          title: `Issue ${index}`,
          labels: index % 2 === 0 ? ['goal:even', 'kind:task'] : ['goal:odd'],
          user: index % 5 === 0 ? 'carol' : 'dave',
          state: index % 10 === 0 ? 'closed' : 'open',
        });
      }
      listing.sim.commit('acme/roadmap', 'feature', { 'roadmap/goals/ship.md': '# Ship it\n\nstatus: done\n' });
      listing.sim.openPullRequest('acme/roadmap', { head: 'feature', title: 'Ship' });
    });
    afterAll(() => listing.sim.close());

    it('pages with per_page and a Link header, so octokit.paginate walks every issue', async () => {
      listing.sim.resetRequests();
      const all = await listing.octokit.paginate(listing.octokit.rest.issues.listForRepo, { ...REPO, state: 'all', per_page: 100 });
      expect(all).toHaveLength(251);
      expect(new Set(all.map((issue) => issue.number)).size).toBe(251);
      expect(listing.sim.countRequests({ route: 'GET /repos/{owner}/{repo}/issues' })).toBe(3);

      const first = await listing.octokit.rest.issues.listForRepo({ ...REPO, state: 'all', per_page: 100 });
      expect(first.headers.link).toBe(
        `<${listing.url}/repos/acme/roadmap/issues?state=all&per_page=100&page=2>; rel="next", <${listing.url}/repos/acme/roadmap/issues?state=all&per_page=100&page=3>; rel="last"`,
      );
      const defaults = await listing.octokit.rest.issues.listForRepo({ ...REPO });
      expect(defaults.data).toHaveLength(30);
      const capped = await listing.octokit.rest.issues.listForRepo({ ...REPO, per_page: 500 });
      expect(capped.data).toHaveLength(100);
    });

    it('lists pull requests among issues with a pull_request key, newest first by default', async () => {
      const newest = await listing.octokit.rest.issues.listForRepo({ ...REPO, per_page: 2 });
      expect(newest.data[0].number).toBe(251);
      expect(newest.data[0].pull_request?.html_url).toBe('https://github.com/acme/roadmap/pull/251');
      expect(newest.data[1]).not.toHaveProperty('pull_request');
    });

    it('filters by state, labels (all must match), creator and since, and sorts ascending', async () => {
      const { octokit } = listing;
      const evenTasks = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...REPO,
        labels: 'goal:even,KIND:task',
        state: 'all',
        per_page: 100,
      });
      expect(evenTasks).toHaveLength(125);
      expect(evenTasks.every((issue) => issue.number % 2 === 0)).toBe(true);
      const closed = await octokit.paginate(octokit.rest.issues.listForRepo, { ...REPO, state: 'closed', per_page: 100 });
      expect(closed.map((issue) => issue.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, index) => (index + 1) * 10));
      const byCarol = await octokit.paginate(octokit.rest.issues.listForRepo, { ...REPO, creator: 'carol', state: 'all', per_page: 100 });
      expect(byCarol).toHaveLength(50);
      const recent = await octokit.rest.issues.listForRepo({ ...REPO, since: '2026-01-01T00:04:05Z', state: 'all', direction: 'asc' });
      expect(recent.data.map((issue) => issue.number)).toEqual([245, 246, 247, 248, 249, 250, 251]);
    });
  });

  describe('contents, trees, commits and compares', () => {
    it('reads a file as base64 at the default branch and at an older commit; 404 for a missing path', async () => {
      const { sim, octokit } = harness;
      const before = sim.commit('acme/roadmap', 'main', { 'roadmap/goals/new goal.md': '# New\n' }, 'Add a goal');
      sim.commit('acme/roadmap', 'main', { 'roadmap/goals/new goal.md': '# Renamed title\n' });

      const latest = await octokit.rest.repos.getContent({ ...REPO, path: 'roadmap/goals/new goal.md' });
      if (Array.isArray(latest.data) || latest.data.type !== 'file') throw new Error('expected a file');
      expect(latest.data.encoding).toBe('base64');
      expect(Buffer.from(latest.data.content, 'base64').toString('utf8')).toBe('# Renamed title\n');

      const old = await octokit.rest.repos.getContent({ ...REPO, path: 'roadmap/goals/new goal.md', ref: before });
      if (Array.isArray(old.data) || old.data.type !== 'file') throw new Error('expected a file');
      expect(Buffer.from(old.data.content, 'base64').toString('utf8')).toBe('# New\n');

      const directory = await octokit.rest.repos.getContent({ ...REPO, path: 'roadmap' });
      expect(Array.isArray(directory.data) && directory.data.map((entry) => [entry.name, entry.type])).toEqual([
        ['goals', 'dir'],
        ['tree.toml', 'file'],
      ]);
      const missing = await failure(octokit.rest.repos.getContent({ ...REPO, path: 'nope.md' }));
      expect(missing.status).toBe(404);
      expect(missing.data).toEqual({
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
        status: '404',
      });
    });

    it('serves the raw media type for files and JSON for directories', async () => {
      const raw = await harness.octokit.rest.repos.getContent({ ...REPO, path: 'roadmap/tree.toml', mediaType: { format: 'raw' } });
      expect(raw.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(raw.data).toBe('[group]\nname = "core"\n');
      const directory = await harness.octokit.rest.repos.getContent({ ...REPO, path: 'roadmap', mediaType: { format: 'raw' } });
      expect(directory.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Array.isArray(directory.data)).toBe(true);
    });

    it('serves files over 1 MB without content, as GitHub does', async () => {
      harness.sim.commit('acme/roadmap', 'big', { 'big.md': 'x'.repeat(1024 * 1024 + 1) });
      const big = await harness.octokit.rest.repos.getContent({ ...REPO, path: 'big.md', ref: 'big' });
      expect(big.data).toMatchObject({ encoding: 'none', content: '', size: 1024 * 1024 + 1 });
    });

    it('lists a tree recursively at a commit sha or a branch name', async () => {
      const { sim, octokit } = harness;
      const headSha = sim.commit('acme/roadmap', 'trees', { 'roadmap/extra/x.md': 'x\n' });
      const bySha = await octokit.rest.git.getTree({ ...REPO, tree_sha: headSha, recursive: '1' });
      expect(bySha.data.truncated).toBe(false);
      expect(bySha.data.tree.filter((entry) => entry.path.startsWith('roadmap/extra'))).toEqual([
        expect.objectContaining({ path: 'roadmap/extra', type: 'tree', mode: '040000' }),
        expect.objectContaining({ path: 'roadmap/extra/x.md', type: 'blob', mode: '100644', size: 2 }),
      ]);
      const byBranch = await octokit.rest.git.getTree({ ...REPO, tree_sha: 'trees' });
      expect(byBranch.data.sha).toBe(bySha.data.sha);
      expect(byBranch.data.tree.map((entry) => entry.path)).not.toContain('roadmap/extra/x.md');
    });

    it('describes a commit and compares two refs with the changed files', async () => {
      const { sim, octokit } = harness;
      const base = sim.commit('acme/roadmap', 'main', { 'cmp.md': 'one\ntwo\nthree\n' });
      const head = sim.commit('acme/roadmap', 'cmp-head', { 'cmp.md': 'one\n2\nthree\n', 'added.md': 'new\n' }, 'Edit cmp');
      const commit = await octokit.rest.repos.getCommit({ ...REPO, ref: 'cmp-head' });
      expect(commit.data).toMatchObject({ sha: head, parents: [{ sha: base }], commit: { message: 'Edit cmp' } });
      expect(commit.data.files?.map((file) => file.filename)).toEqual(['added.md', 'cmp.md']);
      const comparison = await octokit.rest.repos.compareCommitsWithBasehead({ ...REPO, basehead: `${base}...cmp-head` });
      expect(comparison.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, merge_base_commit: { sha: base } });
      expect(comparison.data.files?.map((file) => [file.filename, file.status, file.additions, file.deletions])).toEqual([
        ['added.md', 'added', 1, 0],
        ['cmp.md', 'modified', 1, 1],
      ]);
      expect(comparison.data.files?.[1].patch).toBe('@@ -1,3 +1,3 @@\n one\n-two\n+2\n three');
    });

    it("answers the sha media type of a commit with the bare sha, and a missing ref with GitHub's 422", async () => {
      const { sim, octokit } = harness;
      const head = sim.commit('acme/roadmap', 'sha-only', { 'sha.md': 'sha\n' });
      const response = await octokit.rest.repos.getCommit({ ...REPO, ref: 'sha-only', mediaType: { format: 'sha' } });
      expect(response.headers['content-type']).toBe('application/vnd.github.sha; charset=utf-8');
      expect(response.data).toBe(head);
      const missing = await failure(octokit.rest.repos.getCommit({ ...REPO, ref: 'no-such-branch', mediaType: { format: 'sha' } }));
      expect(missing.status).toBe(422);
      expect(missing.data.message).toBe('No commit found for SHA: no-such-branch');
    });
  });

  describe('pull requests', () => {
    it('gets a pull request and pages its files (the diff from the merge base)', async () => {
      const { sim, octokit } = harness;
      const files: Record<string, string> = {};
      for (let index = 0; index < 45; index++) files[`roadmap/goals/g${String(index).padStart(2, '0')}.md`] = `# Goal ${index}\n`;
      sim.commit('acme/roadmap', 'many-goals', files);
      sim.commit('acme/roadmap', 'main', { 'unrelated.md': 'moved on\n' });
      const pull = sim.openPullRequest('acme/roadmap', { head: 'many-goals', title: 'Many goals', user: 'erin' });
      expect(pull.files).toHaveLength(45);

      const fetched = await octokit.rest.pulls.get({ ...REPO, pull_number: pull.number });
      expect(fetched.data).toMatchObject({
        number: pull.number,
        state: 'open',
        changed_files: 45,
        head: { ref: 'many-goals' },
        base: { ref: 'main' },
      });
      expect(fetched.data.user.login).toBe('erin');
      const listed = await octokit.paginate(octokit.rest.pulls.listFiles, { ...REPO, pull_number: pull.number, per_page: 20 });
      expect(listed.map((file) => file.filename)).toEqual(Object.keys(files));
      expect((await failure(octokit.rest.pulls.get({ ...REPO, pull_number: 9999 }))).status).toBe(404);
    });

    it('follows pushes to the head branch', async () => {
      const { sim, octokit } = harness;
      sim.commit('acme/roadmap', 'moving', { 'a.md': 'a\n' });
      const pull = sim.openPullRequest('acme/roadmap', { head: 'moving', title: 'Moving' });
      const pushed = sim.commit('acme/roadmap', 'moving', { 'b.md': 'b\n' });
      const fetched = await octokit.rest.pulls.get({ ...REPO, pull_number: pull.number });
      expect(fetched.data.head.sha).toBe(pushed);
      const listed = await octokit.rest.pulls.listFiles({ ...REPO, pull_number: pull.number });
      expect(listed.data.map((file) => file.filename)).toEqual(['a.md', 'b.md']);
    });
  });

  describe('check runs', () => {
    const annotation = (line: number) => ({
      path: 'roadmap/tree.toml',
      start_line: line,
      end_line: line,
      annotation_level: 'warning' as const,
      message: `problem ${line}`,
    });

    it('rejects more than 50 annotations per request and appends them across updates', async () => {
      const { sim, octokit } = harness;
      const headSha = sim.commit('acme/roadmap', 'checked', { 'c.md': 'c\n' });
      const tooMany = await failure(
        octokit.rest.checks.create({
          ...REPO,
          name: 'roadmap',
          head_sha: headSha,
          output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, index) => annotation(index + 1)) },
        }),
      );
      expect(tooMany.status).toBe(422);
      expect(tooMany.data.message).toBe('Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.');
      expect(sim.snapshot().checkRuns['acme/roadmap']).toHaveLength(0);

      const run = await octokit.rest.checks.create({
        ...REPO,
        name: 'roadmap',
        head_sha: headSha,
        status: 'in_progress',
        output: { title: 't', summary: 's', annotations: Array.from({ length: 50 }, (_, index) => annotation(index + 1)) },
      });
      expect(run.status).toBe(201);
      expect(run.data.app?.slug).toBe('roadmap-bot');
      const done = await octokit.rest.checks.update({
        ...REPO,
        check_run_id: run.data.id,
        conclusion: 'neutral',
        output: { title: 't', summary: 'done', annotations: [annotation(51)] },
      });
      expect(done.data).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { annotations_count: 51, summary: 'done' } });
      expect(done.data.completed_at).not.toBeNull();
    });

    it('refuses a head sha the repository does not have', async () => {
      const unknown = await failure(harness.octokit.rest.checks.create({ ...REPO, name: 'roadmap', head_sha: 'f'.repeat(40) }));
      expect(unknown.status).toBe(422);
      expect(unknown.data.message).toBe(`No commit found for SHA: ${'f'.repeat(40)}`);
    });
  });

  describe('permissions', () => {
    it('reports permission and role name for every role, the owner as admin, strangers as read on a public repo', async () => {
      const { sim, octokit } = harness;
      const roles = ['admin', 'maintain', 'write', 'triage', 'read', 'none'] as const;
      const legacy = ['admin', 'write', 'write', 'read', 'read', 'none'];
      for (const [index, role] of roles.entries()) {
        sim.setPermission('acme/roadmap', `user-${role}`, role);
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...REPO, username: `user-${role}` });
        expect([data.permission, data.role_name]).toEqual([legacy[index], role]);
      }
      expect((await octokit.rest.repos.getCollaboratorPermissionLevel({ ...REPO, username: 'acme' })).data.permission).toBe('admin');
      expect((await octokit.rest.repos.getCollaboratorPermissionLevel({ ...REPO, username: 'stranger' })).data.permission).toBe('read');
    });
  });

  describe('search', () => {
    it("finds issues by repo, type, state, label, and created/closed dates, with GitHub's result cap", async () => {
      const search = await startHarness();
      try {
        const { sim, octokit } = search;
        sim.createIssue('acme/roadmap', { title: 'Old open', labels: ['goal:needs review'], createdAt: '2025-06-01T10:00:00Z' });
        sim.createIssue('acme/roadmap', {
          title: 'New closed',
          labels: ['goal:needs review'],
          createdAt: '2025-09-01T10:00:00Z',
          state: 'closed',
          closedAt: '2025-10-02T10:00:00Z',
        });
        sim.createIssue('acme/roadmap', { title: 'Other label', labels: ['goal:other'], createdAt: '2025-09-03T10:00:00Z' });
        sim.createIssue('acme/elsewhere', { title: 'Invisible to the installation', labels: ['goal:needs review'] });
        sim.commit('acme/roadmap', 'pr', { 'p.md': 'p\n' });
        sim.openPullRequest('acme/roadmap', { head: 'pr', title: 'A pull request' });

        const titles = async (q: string) => (await octokit.rest.search.issuesAndPullRequests({ q })).data.items.map((item) => item.title);
        expect(await titles('repo:acme/roadmap is:issue label:"goal:needs review"')).toEqual(['New closed', 'Old open']);
        expect(await titles('repo:acme/roadmap is:issue is:open label:"goal:needs review"')).toEqual(['Old open']);
        expect(await titles('repo:acme/roadmap is:issue created:>=2025-09-01')).toEqual(['Other label', 'New closed']);
        expect(await titles('repo:acme/roadmap is:issue closed:>=2025-10-01')).toEqual(['New closed']);
        expect(await titles('repo:acme/roadmap label:goal:other,goal:none')).toEqual(['Other label']);
        expect(await titles('repo:acme/roadmap is:pr')).toEqual(['A pull request']);
        expect(await titles('label:"goal:needs review" is:issue')).toHaveLength(2);

        const paged = await octokit.paginate(octokit.rest.search.issuesAndPullRequests, { q: 'repo:acme/roadmap', per_page: 3 });
        expect(paged.map((item) => item.title)).toEqual(['A pull request', 'Other label', 'New closed', 'Old open']);
        const counted = await octokit.rest.search.issuesAndPullRequests({ q: 'repo:acme/roadmap', per_page: 1 });
        expect(counted.data.total_count).toBe(4);
        expect(counted.headers.link).toContain('rel="last"');
        const beyond = await failure(octokit.rest.search.issuesAndPullRequests({ q: 'repo:acme/roadmap', per_page: 100, page: 11 }));
        expect(beyond.status).toBe(422);
        expect(beyond.data.message).toBe('Only the first 1000 search results are available');
      } finally {
        await search.sim.close();
      }
    });
  });

  it("answers unknown routes with GitHub's 404 body", async () => {
    const token = ((await harness.octokit.auth({ type: 'installation', installationId: INSTALLATION_ID })) as { token: string }).token;
    const response = await fetch(`${harness.url}/repos/acme/roadmap/no-such-thing`, { headers: { authorization: `token ${token}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  });
});
