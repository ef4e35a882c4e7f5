import { describe, expect, it } from 'vitest';
import { parseIssueQuery, parseTimeRange } from '../../src/simulator/search-query.js';

describe('issue search query parsing', () => {
  it('reads repo, type, state, quoted and plain labels, exclusions and dates', () => {
    const query = parseIssueQuery(
      'repo:Acme/Roadmap is:issue is:open label:"goal:needs review" label:a,b -label:wontfix created:>=2025-01-01 closed:<2025-02-01 hello',
    );
    expect(query).toMatchObject({
      repos: ['acme/roadmap'],
      kind: 'issue',
      state: 'open',
      labelGroups: [['goal:needs review'], ['a', 'b']],
      excludedLabels: ['wontfix'],
      terms: ['hello'],
    });
    expect(query.created).toEqual([{ from: Date.parse('2025-01-01T00:00:00Z'), to: null }]);
    expect(query.closed).toEqual([{ from: null, to: Date.parse('2025-02-01T00:00:00Z') }]);
  });

  it('treats unknown qualifiers and invalid dates as text, like GitHub', () => {
    expect(parseIssueQuery('milestone:v1 created:>=yesterday').terms).toEqual(['milestone:v1', 'created:>=yesterday']);
  });

  it('turns every date form into a half-open interval', () => {
    const day = Date.parse('2025-03-10T00:00:00Z');
    const next = day + 24 * 3600 * 1000;
    expect(parseTimeRange('2025-03-10')).toEqual({ from: day, to: next });
    expect(parseTimeRange('>2025-03-10')).toEqual({ from: next, to: null });
    expect(parseTimeRange('<=2025-03-10')).toEqual({ from: null, to: next });
    expect(parseTimeRange('2025-03-10..*')).toEqual({ from: day, to: null });
    expect(parseTimeRange('2025-03-10T12:00:00Z')).toEqual({ from: day + 12 * 3600 * 1000, to: day + 12 * 3600 * 1000 + 1000 });
    expect(parseTimeRange('2025-13-45')).toBeNull();
  });

  it('reads bot authors and sort qualifiers', () => {
    expect(parseIssueQuery('author:app/roadmap-bot sort:updated-asc')).toMatchObject({
      author: 'roadmap-bot[bot]',
      sort: { field: 'updated', order: 'asc' },
    });
  });
});
