/** Issues (pull requests included, as GitHub lists them), their labels and comments. */
import { invalidRequest, requireFields, validationFailed } from '../errors.js';
import { route } from '../router.js';
import type { IssueState, ReactionContent } from '../state.js';
import type { IssueStateReason } from '../types.js';

const STATE_REASONS: ReadonlyArray<IssueStateReason> = ['completed', 'not_planned', 'duplicate', 'reopened'];
const REACTION_CONTENTS: ReadonlyArray<ReactionContent> = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

/** Label names from GitHub's accepted forms: `["a"]`, `[{ name: "a" }]`. */
function labelNames(input: unknown, field = 'labels'): string[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw invalidRequest(`For '${field}', ${JSON.stringify(input)} is not an array.`);
  return input.map((entry) => {
    if (typeof entry === 'string') return entry;
    if (entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string')
      return (entry as { name: string }).name;
    throw invalidRequest(`For '${field}', ${JSON.stringify(entry)} is not a string or an object with a "name".`);
  });
}

function issueState(value: unknown): 'open' | 'closed' | undefined {
  if (value === undefined) return undefined;
  if (value === 'open' || value === 'closed') return value;
  throw validationFailed({ resource: 'Issue', code: 'invalid', field: 'state' });
}

function stateReason(value: unknown): IssueStateReason | null | undefined {
  if (value === undefined || value === null) return value;
  if (STATE_REASONS.includes(value as IssueStateReason)) return value as IssueStateReason;
  throw validationFailed({ resource: 'Issue', code: 'invalid', field: 'state_reason' });
}

export const issueRoutes = [
  route('GET /repos/{owner}/{repo}/issues', { docs: 'issues/issues#list-repository-issues' }, (context) => {
    const repo = context.repo();
    const { state = 'open', labels, since, creator, sort = 'created', direction = 'desc' } = context.params;
    const wanted = labels
      ? labels
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean)
      : [];
    const sinceTime = since ? Date.parse(since) : null;
    if (Number.isNaN(sinceTime)) throw validationFailed({ resource: 'Issue', code: 'invalid', field: 'since' });
    const matches = (issue: IssueState) => {
      if (state !== 'all' && issue.state !== state) return false;
      if (creator && issue.author.toLowerCase() !== creator.toLowerCase()) return false;
      if (sinceTime !== null && Date.parse(issue.updatedAt) < sinceTime) return false;
      if (wanted.length === 0) return true;
      const names = context.state.labelsOf(repo, issue).map((label) => label.name.toLowerCase());
      return wanted.every((name) => names.includes(name));
    };
    const sign = direction === 'asc' ? 1 : -1;
    // Timestamps share one format (`YYYY-MM-DDTHH:MM:SSZ`), so they order as strings.
    const compare = (a: IssueState, b: IssueState): number => {
      if (sort === 'comments') return a.comments.length - b.comments.length;
      const [left, right] = sort === 'updated' ? [a.updatedAt, b.updatedAt] : [a.createdAt, b.createdAt];
      return left < right ? -1 : left > right ? 1 : 0;
    };
    const listed = [...repo.issues.values()].filter(matches).sort((a, b) => sign * (compare(a, b) || a.number - b.number));
    return context.paginate(listed).map((issue) => context.shapes.issue(repo, issue));
  }),

  route('POST /repos/{owner}/{repo}/issues', { status: 201, docs: 'issues/issues#create-an-issue' }, (context) => {
    const repo = context.repo();
    requireFields(context.params, ['title']);
    const { title, body, labels } = context.params;
    const issue = context.state.createIssue(repo, { title: String(title), body, labels: labelNames(labels) }, context.actor());
    return context.shapes.issue(repo, issue);
  }),

  route('GET /repos/{owner}/{repo}/issues/{issue_number}', { docs: 'issues/issues#get-an-issue' }, (context) => {
    const repo = context.repo();
    return context.shapes.issue(repo, context.state.issue(repo, context.params.issue_number));
  }),

  route('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { docs: 'issues/issues#update-an-issue' }, (context) => {
    const repo = context.repo();
    const issue = context.state.issue(repo, context.params.issue_number);
    const { title, body, labels } = context.params;
    context.state.updateIssue(
      repo,
      issue,
      {
        title: title === undefined || title === null ? undefined : String(title),
        body,
        state: issueState(context.params.state),
        stateReason: stateReason(context.params.state_reason),
        labels: labels === undefined ? undefined : labelNames(labels),
      },
      context.actor(),
    );
    return context.shapes.issue(repo, issue);
  }),

  route('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { docs: 'issues/labels#add-labels-to-an-issue' }, (context) => {
    const repo = context.repo();
    const issue = context.state.issue(repo, context.params.issue_number);
    const names = Array.isArray(context.body)
      ? labelNames(context.body)
      : labelNames((context.body as { labels?: unknown } | null)?.labels);
    return context.state.addLabels(repo, issue, names).map((label) => context.shapes.label(repo, label));
  }),

  route(
    'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    { docs: 'issues/labels#remove-a-label-from-an-issue' },
    (context) => {
      const repo = context.repo();
      const issue = context.state.issue(repo, context.params.issue_number);
      return context.state.removeLabel(repo, issue, context.params.name).map((label) => context.shapes.label(repo, label));
    },
  ),

  route('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { docs: 'issues/comments#list-issue-comments' }, (context) => {
    const repo = context.repo();
    const issue = context.state.issue(repo, context.params.issue_number);
    const sinceTime = context.params.since ? Date.parse(context.params.since) : null;
    if (Number.isNaN(sinceTime)) throw validationFailed({ resource: 'IssueComment', code: 'invalid', field: 'since' });
    const comments = issue.comments.filter((comment) => sinceTime === null || Date.parse(comment.updatedAt) >= sinceTime);
    return context.paginate(comments).map((comment) => context.shapes.comment(repo, issue, comment));
  }),

  route(
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    { status: 201, docs: 'issues/comments#create-an-issue-comment' },
    (context) => {
      const repo = context.repo();
      const issue = context.state.issue(repo, context.params.issue_number);
      requireFields(context.params, ['body']);
      const comment = context.state.addComment(repo, issue, String(context.params.body), context.actor());
      return context.shapes.comment(repo, issue, comment);
    },
  ),

  route('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { docs: 'issues/comments#update-an-issue-comment' }, (context) => {
    const repo = context.repo();
    requireFields(context.params, ['body']);
    const { issue, comment } = context.state.updateComment(
      repo,
      Number(context.params.comment_id),
      String(context.params.body),
      context.actor(),
    );
    return context.shapes.comment(repo, issue, comment);
  }),

  route(
    'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    { status: 201, docs: 'reactions/reactions#create-reaction-for-an-issue-comment' },
    (context) => {
      const repo = context.repo();
      const content = context.params.content;
      if (!REACTION_CONTENTS.includes(content)) throw validationFailed({ resource: 'Reaction', code: 'invalid', field: 'content' });
      const { comment } = context.state.findComment(repo, Number(context.params.comment_id));
      const actor = context.actor();
      const { reaction, created } = context.state.addReaction(comment, content, actor);
      // GitHub answers 200 instead of 201 when the user had already reacted so.
      if (!created) context.setStatus(200);
      return context.shapes.reaction(reaction);
    },
  ),
];
