/** Issue 10: the review says which way a date moved with a word and how far with a magnitude, and a moved warning is not new. */
import { describe, expect, it } from 'vitest';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import { renderReview } from '../../src/core/review/comment.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from '../parse/fixture-files.js';

const CHECKS = { now: '2024-06-01', staleAfterDays: 3650, labelPrefix: 'goal:' };
const base = analyseRoadmap(loadFixture('issue-10/review-wording/base'), CHECKS);
const head = analyseRoadmap(loadFixture('issue-10/review-wording/head'), CHECKS);
const drift = diffRoadmaps(base, head, { ...CHECKS, changedFiles: ['roadmap/sandbox.md'] });
const review = renderReview(drift, { repoUrl: 'https://github.com/acme/widgets', headSha: 'abcdef1234567890', labelPrefix: 'goal:' });

describe('review wording', () => {
  it('says "pulled in" and "moved back" with a magnitude, never a negative number', () => {
    expect(review).toContain('✅ pulled in 92 days (3 months)');
    expect(review).toContain('⚠️ date moved back 366 days (1 year)');
    expect(review).not.toMatch(/pulled in -|moved back -/);
  });

  it('does not call the placeholder of a re-dated target a new warning', () => {
    expect(head.diagnostics.filter((d) => d.code === 'placeholder')).toHaveLength(1);
    expect(drift.newDiagnostics.map((d) => d.code)).not.toContain('placeholder');
    expect(review).not.toContain('new warning');
  });

  it('still calls a placeholder new when a section becomes one', () => {
    const emptied = analyseRoadmap(
      loadFixture('issue-10/review-wording/head').map((file) => ({
        ...file,
        content: file.content.replace('Plugins run in a sandbox.', 'TODO'),
      })),
      CHECKS,
    );
    const emptiedDrift = diffRoadmaps(head, emptied, { ...CHECKS, changedFiles: ['roadmap/sandbox.md'] });
    expect(emptiedDrift.newDiagnostics.map((d) => [d.code, d.line])).toEqual([['placeholder', 11]]);
  });
});
