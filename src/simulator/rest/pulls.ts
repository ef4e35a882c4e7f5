/** Pull requests and the files they change (diffed from the merge base, as GitHub does). */
import { route } from '../router.js';

/** GitHub lists at most 3,000 files of a pull request. */
const PULL_MAX_FILES = 3000;

export const pullRoutes = [
  route('GET /repos/{owner}/{repo}/pulls/{pull_number}', { docs: 'pulls/pulls#get-a-pull-request' }, (context) => {
    const repo = context.repo();
    return context.shapes.pullRequest(repo, context.state.pull(repo, context.params.pull_number));
  }),

  route('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { docs: 'pulls/pulls#list-pull-requests-files' }, (context) => {
    const repo = context.repo();
    const pull = context.state.pull(repo, context.params.pull_number);
    const { head, mergeBase } = context.state.pullCommits(repo, pull.pull);
    const files = repo.git.diff(mergeBase, head).slice(0, PULL_MAX_FILES);
    return context.paginate(files).map((file) => context.shapes.diffEntry(repo, file, head.sha));
  }),
];
