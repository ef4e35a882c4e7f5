/**
 * GitHub's issue search syntax, for `GET /search/issues` and GraphQL
 * `search(type: ISSUE)`: `repo:`, `is:`/`state:`/`type:`, `label:` (quoted,
 * comma = any of, `-label:` excludes), `no:label`, `author:`, `created:`,
 * `closed:`, `updated:` (`>=`, `>`, `<`, `<=`, `a..b`, exact day), `sort:`,
 * and free-text words matched in title and body. Unknown qualifiers are text,
 * as on GitHub.
 */
import type { IssueState, RepoState } from './state.js';

/** GitHub serves only the first 1,000 results of any search (REST and GraphQL). */
export const SEARCH_MAX_RESULTS = 1000;

interface TimeRange {
  /** Inclusive lower bound, ms since epoch. */
  from: number | null;
  /** Exclusive upper bound, ms since epoch. */
  to: number | null;
}

export type SearchSortField = 'created' | 'updated' | 'comments';

export interface IssueQuery {
  repos: string[];
  kind: 'issue' | 'pr' | null;
  state: 'open' | 'closed' | null;
  /** Every group must match; a group matches when the issue has any of its labels. */
  labelGroups: string[][];
  excludedLabels: string[];
  noLabel: boolean;
  author: string | null;
  created: TimeRange[];
  closed: TimeRange[];
  updated: TimeRange[];
  terms: string[];
  termFields: Array<'title' | 'body'>;
  sort: { field: SearchSortField; order: 'asc' | 'desc' } | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN = /(-?)([A-Za-z_-]+):(?:"([^"]*)"|(\S+))|"([^"]*)"|(\S+)/g;

/** A day or date-time as a [start, end) interval: a whole day, or one second. */
function instant(text: string): TimeRange | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(start) ? null : { from: start, to: start + DAY_MS };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/.test(text)) {
    const start = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
    return Number.isNaN(start) ? null : { from: start, to: start + 1000 };
  }
  return null;
}

export function parseTimeRange(value: string): TimeRange | null {
  const comparison = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (comparison) {
    const at = instant(comparison[2]);
    if (!at) return null;
    switch (comparison[1]) {
      case '>=':
        return { from: at.from, to: null };
      case '>':
        return { from: at.to, to: null };
      case '<=':
        return { from: null, to: at.to };
      default:
        return { from: null, to: at.from };
    }
  }
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) {
    const start = range[1] === '*' ? { from: null, to: null } : instant(range[1]);
    const end = range[2] === '*' ? { from: null, to: null } : instant(range[2]);
    return start && end ? { from: start.from, to: end.to } : null;
  }
  return instant(value);
}

function inRange(timestamp: string | null, range: TimeRange): boolean {
  if (timestamp === null) return false;
  const time = Date.parse(timestamp);
  return (range.from === null || time >= range.from) && (range.to === null || time < range.to);
}

export function parseIssueQuery(text: string): IssueQuery {
  const query: IssueQuery = {
    repos: [],
    kind: null,
    state: null,
    labelGroups: [],
    excludedLabels: [],
    noLabel: false,
    author: null,
    created: [],
    closed: [],
    updated: [],
    terms: [],
    termFields: [],
    sort: null,
  };
  for (const match of text.matchAll(TOKEN)) {
    const [whole, negation, rawKey, quotedValue, plainValue, quotedTerm, plainTerm] = match;
    if (rawKey === undefined) {
      query.terms.push((quotedTerm ?? plainTerm).toLowerCase());
      continue;
    }
    const key = rawKey.toLowerCase();
    const value = quotedValue ?? plainValue;
    if (!applyQualifier(query, key, value, quotedValue !== undefined, negation === '-')) {
      query.terms.push(whole.toLowerCase());
    }
  }
  return query;
}

/** Applies a known qualifier; false means "not a qualifier GitHub knows, search it as text". */
function applyQualifier(query: IssueQuery, key: string, value: string, quoted: boolean, negated: boolean): boolean {
  const lower = value.toLowerCase();
  switch (key) {
    case 'repo':
      query.repos.push(lower);
      return true;
    case 'is':
    case 'state':
    case 'type':
      if (lower === 'open' || lower === 'closed') query.state = lower;
      else if (lower === 'issue') query.kind = 'issue';
      else if (lower === 'pr' || lower === 'pull-request') query.kind = 'pr';
      else return false;
      return true;
    case 'label': {
      const names = quoted ? [lower] : lower.split(',').filter(Boolean);
      if (negated) query.excludedLabels.push(...names);
      else query.labelGroups.push(names);
      return true;
    }
    case 'no':
      if (lower !== 'label') return false;
      query.noLabel = true;
      return true;
    case 'author':
      // Bots are searched as `author:app/<slug>`.
      query.author = lower.startsWith('app/') ? `${lower.slice(4)}[bot]` : lower;
      return true;
    case 'created':
    case 'closed':
    case 'updated': {
      const range = parseTimeRange(value);
      if (!range) return false;
      query[key].push(range);
      return true;
    }
    case 'in':
      if (lower !== 'title' && lower !== 'body') return false;
      query.termFields.push(lower);
      return true;
    case 'sort': {
      const sort = /^(created|updated|comments)(?:-(asc|desc))?$/.exec(lower);
      if (!sort) return false;
      query.sort = { field: sort[1] as SearchSortField, order: (sort[2] as 'asc' | 'desc' | undefined) ?? 'desc' };
      return true;
    }
    default:
      return false;
  }
}

export function matchesIssueQuery(query: IssueQuery, repo: RepoState, issue: IssueState, labelNames: string[]): boolean {
  if (query.repos.length > 0 && !query.repos.includes(repo.fullName.toLowerCase())) return false;
  if (query.kind === 'issue' && issue.pull) return false;
  if (query.kind === 'pr' && !issue.pull) return false;
  if (query.state && issue.state !== query.state) return false;
  const labels = labelNames.map((name) => name.toLowerCase());
  if (query.noLabel && labels.length > 0) return false;
  if (!query.labelGroups.every((group) => group.some((name) => labels.includes(name)))) return false;
  if (query.excludedLabels.some((name) => labels.includes(name))) return false;
  if (query.author && issue.author.toLowerCase() !== query.author) return false;
  if (!query.created.every((range) => inRange(issue.createdAt, range))) return false;
  if (!query.closed.every((range) => inRange(issue.closedAt, range))) return false;
  if (!query.updated.every((range) => inRange(issue.updatedAt, range))) return false;
  if (query.terms.length > 0) {
    const fields = query.termFields.length > 0 ? query.termFields : ['title', 'body'];
    const haystack = fields
      .map((field) => (field === 'title' ? issue.title : (issue.body ?? '')))
      .join('\n')
      .toLowerCase();
    if (!query.terms.every((term) => haystack.includes(term))) return false;
  }
  return true;
}

/** Newest first unless a sort is given (a stand-in for GitHub's "best match"); ties by number. */
export function compareForSearch(sort: IssueQuery['sort']): (a: IssueState, b: IssueState) => number {
  const field = sort?.field ?? 'created';
  const direction = sort?.order === 'asc' ? 1 : -1;
  // Timestamps share one format (`YYYY-MM-DDTHH:MM:SSZ`), so they order as strings.
  const compare = (a: IssueState, b: IssueState): number => {
    if (field === 'comments') return a.comments.length - b.comments.length;
    const [left, right] = field === 'created' ? [a.createdAt, b.createdAt] : [a.updatedAt, b.updatedAt];
    return left < right ? -1 : left > right ? 1 : 0;
  };
  return (a, b) => direction * (compare(a, b) || a.number - b.number);
}

export interface SearchHit {
  repo: RepoState;
  issue: IssueState;
}

/** Issues and pull requests in `repos` (those the caller can see) matching `text`, sorted. */
export function searchIssues(
  repos: Iterable<RepoState>,
  text: string,
  labelNames: (repo: RepoState, issue: IssueState) => string[],
  sortOverride?: IssueQuery['sort'],
): SearchHit[] {
  const query = parseIssueQuery(text);
  const hits: SearchHit[] = [];
  for (const repo of repos) {
    for (const issue of repo.issues.values()) {
      if (matchesIssueQuery(query, repo, issue, labelNames(repo, issue))) hits.push({ repo, issue });
    }
  }
  const compare = compareForSearch(sortOverride ?? query.sort);
  return hits.sort((a, b) => compare(a.issue, b.issue));
}
