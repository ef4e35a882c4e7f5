/**
 * GitHub's JSON for each resource, typed by Octokit's generated `Endpoints`
 * so every required field is present with GitHub's types. Built per request
 * because `url` fields point at the API base the client used (`/api/v3` or not).
 */
import type { Endpoints } from '@octokit/types';
import { lineStats, type FileDiff, type GitBlob, type GitCommit } from './git.js';
import type {
  AppIdentity,
  CheckRunState,
  CommentState,
  InstallationState,
  IssueState,
  LabelState,
  PullState,
  ReactionState,
  RepoState,
  SimulatorState,
} from './state.js';
import type { Role } from './types.js';

type Data<R extends keyof Endpoints> = Endpoints[R]['response']['data'];

/** Ids are plain numbers here, which every endpoint's user type accepts. */
export type SimpleUser = NonNullable<Data<'GET /repos/{owner}/{repo}/issues/{issue_number}'>['user']> & { id: number };
export type Repository = Data<'GET /installation/repositories'>['repositories'][number];
export type FullRepository = Data<'GET /repos/{owner}/{repo}'>;
export type Label = Data<'GET /repos/{owner}/{repo}/labels/{name}'>;
export type Issue = Data<'GET /repos/{owner}/{repo}/issues/{issue_number}'>;
export type IssueComment = Data<'GET /repos/{owner}/{repo}/issues/comments/{comment_id}'>;
export type IssueSearchItem = Data<'GET /search/issues'>['items'][number];
export type PullRequest = Data<'GET /repos/{owner}/{repo}/pulls/{pull_number}'>;
export type DiffEntry = Data<'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'>[number];
export type Commit = Data<'GET /repos/{owner}/{repo}/commits/{ref}'>;
export type CheckRun = Data<'GET /repos/{owner}/{repo}/check-runs/{check_run_id}'>;
export type Installation = Data<'GET /app/installations/{installation_id}'>;
export type InstallationListItem = Data<'GET /app/installations'>[number];
export type Integration = NonNullable<Data<'GET /app'>>;
export type ContentFile = Extract<Data<'GET /repos/{owner}/{repo}/contents/{path}'>, { type: 'file'; encoding: string }>;
export type ContentDirectory = Extract<Data<'GET /repos/{owner}/{repo}/contents/{path}'>, unknown[]>;
export type CollaboratorPermission = Data<'GET /repos/{owner}/{repo}/collaborators/{username}/permission'>;

export const WEB_URL = 'https://github.com';
const RAW_URL = 'https://raw.githubusercontent.com';
/** The Contents API returns no content for files over 1 MB (`encoding: "none"`). */
export const CONTENTS_MAX_BYTES = 1024 * 1024;

/** GitHub's legacy global node id: base64 of `<len>:<Type><id>`. */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

/** Ruby's Base64.encode64, which GitHub uses: 60-character lines, each ending in a newline. */
function wrappedBase64(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  return encoded.replace(/.{1,60}/g, (line) => `${line}\n`);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const PERMISSION_FLAGS: Record<Role, { admin: boolean; maintain: boolean; push: boolean; triage: boolean; pull: boolean }> = {
  admin: { admin: true, maintain: true, push: true, triage: true, pull: true },
  maintain: { admin: false, maintain: true, push: true, triage: true, pull: true },
  write: { admin: false, maintain: false, push: true, triage: true, pull: true },
  triage: { admin: false, maintain: false, push: false, triage: true, pull: true },
  read: { admin: false, maintain: false, push: false, triage: false, pull: true },
  none: { admin: false, maintain: false, push: false, triage: false, pull: false },
};

/** The legacy `permission` field: maintain reads as write, triage as read. */
const LEGACY_PERMISSION: Record<Role, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

export class Shapes {
  /** Users and Apps repeat across a page of results; each is built once per request. */
  private readonly users = new Map<string, SimpleUser>();
  private readonly apps = new Map<string, Integration>();

  constructor(
    private readonly state: SimulatorState,
    /** `http://host:port` or `http://host:port/api/v3`, as the client called it. */
    readonly apiBase: string,
  ) {}

  private repoApi(repo: RepoState): string {
    return `${this.apiBase}/repos/${repo.fullName}`;
  }

  private repoWeb(repo: RepoState): string {
    return `${WEB_URL}/${repo.fullName}`;
  }

  user(login: string): SimpleUser {
    let shape = this.users.get(login);
    if (!shape) {
      shape = this.buildUser(login);
      this.users.set(login, shape);
    }
    return shape;
  }

  private buildUser(login: string): SimpleUser {
    const account = this.state.user(login);
    const app =
      account.type === 'Bot'
        ? [...this.state.apps.values()].find((candidate) => `${candidate.slug}[bot]` === account.login.toLowerCase())
        : undefined;
    const api = `${this.apiBase}/users/${encodeURIComponent(account.login)}`;
    return {
      login: account.login,
      id: account.id,
      node_id: nodeId(account.type === 'Bot' ? 'Bot' : 'User', account.id),
      avatar_url: app
        ? `https://avatars.githubusercontent.com/in/${app.id}?v=4`
        : `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: app ? `${WEB_URL}/apps/${app.slug}` : `${WEB_URL}/${account.login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: account.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  repository(repo: RepoState): Repository {
    const api = this.repoApi(repo);
    const openIssues = [...repo.issues.values()].filter((issue) => issue.state === 'open').length;
    return {
      id: repo.id,
      node_id: nodeId('Repository', repo.id),
      name: repo.name,
      full_name: repo.fullName,
      private: repo.isPrivate,
      owner: this.user(repo.owner),
      html_url: this.repoWeb(repo),
      description: null,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `git://github.com/${repo.fullName}.git`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@github.com:${repo.fullName}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: `${this.repoWeb(repo)}.git`,
      mirror_url: null,
      hooks_url: `${api}/hooks`,
      svn_url: this.repoWeb(repo),
      homepage: null,
      language: null,
      license: null,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 0,
      default_branch: repo.git.defaultBranch,
      open_issues_count: openIssues,
      open_issues: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: repo.isPrivate ? 'private' : 'public',
      pushed_at: repo.pushedAt,
      created_at: repo.createdAt,
      updated_at: repo.pushedAt,
      allow_forking: true,
      web_commit_signoff_required: false,
    };
  }

  fullRepository(repo: RepoState): FullRepository {
    return {
      ...this.repository(repo),
      pushed_at: repo.pushedAt,
      created_at: repo.createdAt,
      updated_at: repo.pushedAt,
      has_discussions: false,
      subscribers_count: 1,
      network_count: 0,
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
    };
  }

  label(repo: RepoState, label: LabelState): Label {
    return {
      id: label.id,
      node_id: nodeId('Label', label.id),
      url: `${this.repoApi(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: label.isDefault,
      description: label.description,
    };
  }

  app(app: AppIdentity): Integration {
    let shape = this.apps.get(app.slug);
    if (!shape) {
      shape = this.buildApp(app);
      this.apps.set(app.slug, shape);
    }
    return shape;
  }

  private buildApp(app: AppIdentity): Integration {
    return {
      id: app.id,
      slug: app.slug,
      node_id: nodeId('Integration', app.id),
      client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
      owner: this.user(app.ownerLogin),
      name: app.name,
      description: null,
      external_url: `${WEB_URL}/apps/${app.slug}`,
      html_url: `${WEB_URL}/apps/${app.slug}`,
      created_at: app.createdAt,
      updated_at: app.createdAt,
      permissions: app.permissions,
      events: app.events,
      installations_count: app === this.state.app ? this.state.installations.size : undefined,
    };
  }

  private viaApp(slug: string | null): Integration | null {
    const app = slug ? this.state.apps.get(slug) : undefined;
    return app ? this.app(app) : null;
  }

  private authorAssociation(repo: RepoState, login: string): Issue['author_association'] & string {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
    const role = repo.permissions.get(login.toLowerCase());
    return role && role !== 'none' && role !== 'read' ? 'COLLABORATOR' : 'NONE';
  }

  private reactions(url: string): NonNullable<Issue['reactions']> {
    return { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
  }

  private issueUrls(repo: RepoState, issue: IssueState) {
    const url = `${this.repoApi(repo)}/issues/${issue.number}`;
    return {
      url,
      repository_url: this.repoApi(repo),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.repoWeb(repo)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
      timeline_url: `${url}/timeline`,
    };
  }

  private pullRequestLinks(repo: RepoState, issue: IssueState): NonNullable<Issue['pull_request']> {
    const web = `${this.repoWeb(repo)}/pull/${issue.number}`;
    return {
      url: `${this.repoApi(repo)}/pulls/${issue.number}`,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      merged_at: null,
    };
  }

  /** Fields shared by the issue and the search-result shapes. */
  private issueFields(repo: RepoState, issue: IssueState) {
    const urls = this.issueUrls(repo, issue);
    return {
      ...urls,
      id: issue.id,
      node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
      number: issue.number,
      title: issue.title,
      user: this.user(issue.author),
      labels: this.state.labelsOf(repo, issue).map((label) => this.label(repo, label)),
      state: issue.state,
      state_reason: issue.stateReason,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: issue.comments.length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      author_association: this.authorAssociation(repo, issue.author),
      active_lock_reason: null,
      reactions: this.reactions(urls.url),
      performed_via_github_app: this.viaApp(issue.viaApp),
      ...(issue.pull ? { draft: issue.pull.draft, pull_request: this.pullRequestLinks(repo, issue) } : {}),
    };
  }

  issue(repo: RepoState, issue: IssueState): Issue {
    return {
      ...this.issueFields(repo, issue),
      body: issue.body,
      closed_by: issue.closedBy ? this.user(issue.closedBy) : null,
    };
  }

  issueSearchItem(repo: RepoState, issue: IssueState): IssueSearchItem {
    return { ...this.issueFields(repo, issue), ...(issue.body === null ? {} : { body: issue.body }), score: 1 };
  }

  comment(repo: RepoState, issue: IssueState, comment: CommentState): IssueComment {
    const url = `${this.repoApi(repo)}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: nodeId('IssueComment', comment.id),
      url,
      html_url: `${this.issueUrls(repo, issue).html_url}#issuecomment-${comment.id}`,
      issue_url: `${this.repoApi(repo)}/issues/${issue.number}`,
      body: comment.body,
      user: this.user(comment.author),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: this.authorAssociation(repo, comment.author),
      performed_via_github_app: this.viaApp(comment.viaApp),
      reactions: { ...this.reactions(url), ...this.reactionCounts(comment) },
    };
  }

  private reactionCounts(comment: CommentState): Partial<NonNullable<Issue['reactions']>> {
    const counts: Record<string, number> = { total_count: comment.reactions.length };
    for (const reaction of comment.reactions) counts[reaction.content] = (counts[reaction.content] ?? 0) + 1;
    return counts;
  }

  reaction(reaction: ReactionState): Endpoints['POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions']['response']['data'] {
    return {
      id: reaction.id,
      node_id: nodeId('Reaction', reaction.id),
      user: this.user(reaction.user),
      content: reaction.content,
      created_at: reaction.createdAt,
    };
  }

  private branchEnd(repo: RepoState, ref: string, sha: string): PullRequest['head'] {
    return { label: `${repo.owner}:${ref}`, ref, sha, user: this.user(repo.owner), repo: this.repository(repo) };
  }

  pullRequest(repo: RepoState, issue: IssueState & { pull: PullState }): PullRequest {
    const { pull } = issue;
    const { head, base, mergeBase } = this.state.pullCommits(repo, pull);
    const files = repo.git.diff(mergeBase, head);
    const stats = files.map((file) => lineStats(repo.git.blobText(file.oldSha), repo.git.blobText(file.newSha)));
    const urls = this.issueUrls(repo, issue);
    const api = `${this.repoApi(repo)}/pulls/${issue.number}`;
    const link = (href: string) => ({ href });
    return {
      url: api,
      id: issue.id,
      node_id: nodeId('PullRequest', issue.id),
      html_url: urls.html_url,
      diff_url: `${urls.html_url}.diff`,
      patch_url: `${urls.html_url}.patch`,
      issue_url: urls.url,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${this.repoApi(repo)}/pulls/comments{/number}`,
      comments_url: urls.comments_url,
      statuses_url: `${this.repoApi(repo)}/statuses/${head.sha}`,
      number: issue.number,
      state: issue.state,
      locked: false,
      title: issue.title,
      user: this.user(issue.author),
      body: issue.body,
      labels: this.state.labelsOf(repo, issue).map((label) => this.label(repo, label)),
      milestone: null,
      active_lock_reason: null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: this.branchEnd(repo, pull.headRef, head.sha),
      base: this.branchEnd(repo, pull.baseRef, base.sha),
      _links: {
        self: link(api),
        html: link(urls.html_url),
        issue: link(urls.url),
        comments: link(urls.comments_url),
        review_comments: link(`${api}/comments`),
        review_comment: link(`${this.repoApi(repo)}/pulls/comments{/number}`),
        commits: link(`${api}/commits`),
        statuses: link(`${this.repoApi(repo)}/statuses/${head.sha}`),
      },
      author_association: this.authorAssociation(repo, issue.author),
      auto_merge: null,
      draft: pull.draft,
      merged: false,
      mergeable: issue.state === 'open' ? true : null,
      rebaseable: issue.state === 'open' ? true : null,
      mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
      merged_by: null,
      comments: issue.comments.length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: repo.git.commitsBetween(base.sha, head.sha).length,
      additions: stats.reduce((sum, stat) => sum + stat.additions, 0),
      deletions: stats.reduce((sum, stat) => sum + stat.deletions, 0),
      changed_files: files.length,
    };
  }

  diffEntry(repo: RepoState, file: FileDiff, headSha: string): DiffEntry {
    const stats = lineStats(repo.git.blobText(file.oldSha), repo.git.blobText(file.newSha));
    const path = encodePath(file.path);
    return {
      sha: file.newSha ?? file.oldSha,
      filename: file.path,
      status: file.status,
      additions: stats.additions,
      deletions: stats.deletions,
      changes: stats.additions + stats.deletions,
      blob_url: `${this.repoWeb(repo)}/blob/${headSha}/${path}`,
      raw_url: `${this.repoWeb(repo)}/raw/${headSha}/${path}`,
      contents_url: `${this.repoApi(repo)}/contents/${path}?ref=${headSha}`,
      ...(stats.patch ? { patch: stats.patch } : {}),
      ...(file.previousPath ? { previous_filename: file.previousPath } : {}),
    };
  }

  commit(repo: RepoState, commit: GitCommit, files?: FileDiff[]): Commit {
    const api = `${this.repoApi(repo)}/commits/${commit.sha}`;
    const person = { name: commit.author, email: `${commit.author}@users.noreply.github.com`, date: commit.date };
    const entries = files?.map((file) => this.diffEntry(repo, file, commit.sha));
    return {
      url: api,
      sha: commit.sha,
      node_id: nodeId('Commit', `${repo.id}:${commit.sha}`),
      html_url: `${this.repoWeb(repo)}/commit/${commit.sha}`,
      comments_url: `${api}/comments`,
      commit: {
        url: `${this.repoApi(repo)}/git/commits/${commit.sha}`,
        author: person,
        committer: person,
        message: commit.message,
        comment_count: 0,
        tree: { sha: commit.treeSha, url: `${this.repoApi(repo)}/git/trees/${commit.treeSha}` },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      author: this.user(commit.author),
      committer: this.user(commit.author),
      parents: commit.parent
        ? [
            {
              sha: commit.parent,
              url: `${this.repoApi(repo)}/commits/${commit.parent}`,
              html_url: `${this.repoWeb(repo)}/commit/${commit.parent}`,
            },
          ]
        : [],
      ...(entries
        ? {
            stats: {
              additions: entries.reduce((sum, entry) => sum + entry.additions, 0),
              deletions: entries.reduce((sum, entry) => sum + entry.deletions, 0),
              total: entries.reduce((sum, entry) => sum + entry.changes, 0),
            },
            files: entries,
          }
        : {}),
    };
  }

  private contentLinks(repo: RepoState, path: string, ref: string, sha: string, type: 'file' | 'dir') {
    const encoded = encodePath(path);
    const self = `${this.repoApi(repo)}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
    const git = `${this.repoApi(repo)}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
    const html = `${this.repoWeb(repo)}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${encoded}`;
    return {
      url: self,
      git_url: git,
      html_url: html,
      download_url: type === 'file' ? `${RAW_URL}/${repo.fullName}/${ref}/${encoded}` : null,
      _links: { self, git, html },
    };
  }

  contentFile(repo: RepoState, path: string, ref: string, blob: GitBlob): ContentFile {
    const tooLarge = blob.size > CONTENTS_MAX_BYTES;
    return {
      type: 'file',
      encoding: tooLarge ? 'none' : 'base64',
      size: blob.size,
      name: path.split('/').pop()!,
      path,
      content: tooLarge ? '' : wrappedBase64(blob.text),
      sha: blob.sha,
      ...this.contentLinks(repo, path, ref, blob.sha, 'file'),
    };
  }

  contentDirectory(
    repo: RepoState,
    dirPath: string,
    ref: string,
    entries: Array<{ name: string; type: 'blob' | 'tree'; sha: string }>,
  ): ContentDirectory {
    return entries.map((entry) => {
      const path = dirPath ? `${dirPath}/${entry.name}` : entry.name;
      const type = entry.type === 'blob' ? 'file' : 'dir';
      return {
        type,
        size: entry.type === 'blob' ? repo.git.blobs.get(entry.sha)!.size : 0,
        name: entry.name,
        path,
        sha: entry.sha,
        ...this.contentLinks(repo, path, ref, entry.sha, type),
      };
    });
  }

  checkRun(repo: RepoState, run: CheckRunState): CheckRun {
    const url = `${this.repoApi(repo)}/check-runs/${run.id}`;
    const pulls = [...repo.issues.values()].filter(
      (issue): issue is IssueState & { pull: PullState } =>
        issue.pull !== undefined && issue.state === 'open' && issue.pull.headSha === run.headSha,
    );
    const repoRef = { id: repo.id, url: this.repoApi(repo), name: repo.name };
    return {
      id: run.id,
      head_sha: run.headSha,
      node_id: nodeId('CheckRun', run.id),
      external_id: run.externalId,
      url,
      html_url: `${this.repoWeb(repo)}/runs/${run.id}`,
      details_url: run.detailsUrl,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.title,
        summary: run.summary,
        text: run.text,
        annotations_count: run.annotations.length,
        annotations_url: `${url}/annotations`,
      },
      name: run.name,
      check_suite: { id: run.checkSuiteId },
      app: this.viaApp(run.viaApp),
      pull_requests: pulls.map((issue) => ({
        id: issue.id,
        number: issue.number,
        url: `${this.repoApi(repo)}/pulls/${issue.number}`,
        head: { ref: issue.pull.headRef, sha: issue.pull.headSha, repo: repoRef },
        base: { ref: issue.pull.baseRef, sha: issue.pull.baseSha, repo: repoRef },
      })),
    };
  }

  installation(installation: InstallationState): Installation {
    const app = this.state.app;
    const account = this.user(installation.account);
    return {
      id: installation.id,
      account,
      repository_selection: 'selected',
      access_tokens_url: `${this.apiBase}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${this.apiBase}/installation/repositories`,
      html_url: `${WEB_URL}/settings/installations/${installation.id}`,
      app_id: app.id,
      app_slug: app.slug,
      target_id: Number(account.id),
      target_type: account.type,
      permissions: app.permissions,
      events: app.events,
      created_at: installation.createdAt,
      updated_at: installation.createdAt,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  /**
   * The list's generated type intersects the user and enterprise account
   * shapes, so the account also carries the enterprise fields (same values).
   */
  installationListItem(installation: InstallationState): InstallationListItem {
    const account = this.user(installation.account);
    return {
      ...this.installation(installation),
      suspended_by: null,
      account: {
        ...account,
        name: account.login,
        slug: account.login,
        created_at: installation.createdAt,
        updated_at: installation.createdAt,
      },
    };
  }

  collaboratorPermission(login: string, role: Role): CollaboratorPermission {
    return {
      permission: LEGACY_PERMISSION[role],
      role_name: role,
      user: { ...this.user(login), permissions: PERMISSION_FLAGS[role], role_name: role },
    };
  }
}
