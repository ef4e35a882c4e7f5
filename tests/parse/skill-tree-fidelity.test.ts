import { describe, expect, it } from 'vitest';
import { referencedIssueLabels } from '../../src/flows/items-to-issues.js';
import { nodeIndex } from '../../src/core/model/model.js';
import { decodeEntities, issueRefFromUrl } from '../../src/core/roadmap/parse/common.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

describe('skill-tree TOML as written in the wild (SPEC §2.2)', () => {
  const roadmap = parseRoadmap(loadFixture('issue-10/skill-tree-fidelity'), { labelPrefix: 'goal:' });
  const generics = nodeIndex(roadmap).get('generics');

  it('accepts description_color without a warning', () => {
    expect(roadmap.diagnostics).toEqual([]);
  });

  it('decodes HTML entities in group and item labels, leaving unknown ones as written', () => {
    expect(generics?.title).toBe('Generics & traits: <T> everywhere');
    expect(generics?.items.map((item) => item.label)).toEqual([
      'Parse `impl<T>` blocks',
      'Defaults for type parameters — design notes',
      'Variance in the docs — see #42',
      'Keep &bogus; and &#0; as written',
    ]);
  });

  it('links an href to an issue or pull request like a reference, keeping other repositories', () => {
    expect(generics?.issues).toEqual([{ repo: 'acme/compiler', number: 40 }]);
    expect(generics?.items.map((item) => item.issues)).toEqual([
      [{ repo: 'acme/compiler', number: 41 }],
      [{ repo: 'other-org/rfcs', number: 7 }],
      [{ repo: null, number: 42 }],
      [],
    ]);
    expect(generics?.items[2].href).toBe('https://acme.example/docs/variance.html#12');
  });

  it('labels the issues of this repository that the group and its items link', () => {
    const plan = referencedIssueLabels(roadmap, { owner: 'acme', repo: 'compiler', prefix: 'goal:' });
    expect([...plan.entries()]).toEqual([
      [40, ['goal:generics']],
      [41, ['goal:generics']],
      [42, ['goal:generics']],
    ]);
  });
});

describe('helpers', () => {
  it.each([
    ['https://github.com/a/b/issues/3', { repo: 'a/b', number: 3 }],
    ['https://github.com/a/b/pull/3/', { repo: 'a/b', number: 3 }],
    ['https://github.com/a/b/pull/3#issuecomment-1', { repo: 'a/b', number: 3 }],
    ['https://github.com/a/b/issues', null],
    ['https://github.com/a/b/blob/main/x.md#3', null],
    ['see https://github.com/a/b/issues/3', null],
    ['https://github.com/a/b/issues/0', null],
  ])('issueRefFromUrl(%j) → %j', (url, expected) => {
    expect(issueRefFromUrl(url)).toEqual(expected);
  });

  it.each([
    ['a &amp;&amp; b', 'a && b'],
    ['&#x1F3AF; goal', '🎯 goal'],
    ['&#xD800;', '&#xD800;'],
    ['&#1114112;', '&#1114112;'],
    ['no entities', 'no entities'],
    ['AT&T', 'AT&T'],
  ])('decodeEntities(%j) → %j', (text, expected) => {
    expect(decodeEntities(text)).toBe(expected);
  });
});
