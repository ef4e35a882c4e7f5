/** Issue search over the repositories the caller can see. */
import { validationFailed } from '../errors.js';
import { canAccessRepo, route } from '../router.js';
import { SEARCH_MAX_RESULTS, searchIssues, type SearchSortField } from '../search-query.js';

export const searchRoutes = [
  route('GET /search/issues', { docs: 'search/search#search-issues-and-pull-requests' }, (context) => {
    const { q, sort, order } = context.params;
    if (!q) throw validationFailed({ resource: 'Search', field: 'q', code: 'missing' });
    const repos = [...context.state.repos.values()].filter((repo) => canAccessRepo(context.caller, repo));
    const sortField: SearchSortField | null = sort === 'created' || sort === 'updated' || sort === 'comments' ? sort : null;
    const hits = searchIssues(
      repos,
      q,
      (repo, issue) => context.state.labelsOf(repo, issue).map((label) => label.name),
      sortField ? { field: sortField, order: order === 'asc' ? 'asc' : 'desc' } : undefined,
    );
    // Key order matters: octokit.paginate unwraps the first key besides the counts, which must be `items`.
    return {
      total_count: hits.length,
      incomplete_results: false,
      items: context.paginate(hits, { maxResults: SEARCH_MAX_RESULTS }).map((hit) => context.shapes.issueSearchItem(hit.repo, hit.issue)),
      search_type: 'lexical' as const,
    };
  }),
];
