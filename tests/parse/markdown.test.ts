import { describe, expect, it } from 'vitest';
import type { SourceFile, StatusScale } from '../../src/core/model/model.js';
import { parseGoalPage, type GoalPageOptions } from '../../src/core/roadmap/parse/markdown.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { defaultStatusScale, statusScaleFrom } from '../../src/core/model/statuses.js';

const options = (overrides: Partial<GoalPageOptions> = {}): GoalPageOptions => ({
  treeStems: new Set<string>(),
  statusScaleFor: () => defaultStatusScale(),
  ...overrides,
});

function page(content: string, path = 'roadmap/page.md', pageOptions = options()) {
  return parseGoalPage({ path, content }, pageOptions);
}

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

describe('sections', () => {
  it('recognises the headings case-insensitively, with dates, in any order', () => {
    const { page: parsed, diagnostics } = page(
      lines(
        '# Search',
        '## STATUS QUO AS OF 2024-03-15',
        'Slow.',
        '## target: Q3 2025',
        'Faster.',
        '## By end of 2025:',
        'Fastest.',
        '## Where we want to be by H1 2026',
        'Instant.',
        '## shiny future',
        'Search is instant.',
        '## where we want to ultimately be',
        'Nobody thinks about search.',
      ),
    );
    expect(diagnostics).toEqual([]);
    const node = parsed?.node;
    expect(node?.statusQuo).toMatchObject({ text: 'Slow.', line: 2, asOf: { start: '2024-03-15', precision: 'day' } });
    expect(node?.targets.map((t) => [t.by.text, t.by.end, t.text, t.line])).toEqual([
      ['Q3 2025', '2025-09-30', 'Faster.', 4],
      ['end of 2025', '2025-12-31', 'Fastest.', 6],
      ['H1 2026', '2026-06-30', 'Instant.', 8],
    ]);
    expect(node?.shinyFuture).toMatchObject({ text: 'Search is instant.', line: 10, placeholder: false });
    expect(node?.ultimately?.text).toBe('Nobody thinks about search.');
  });

  it('takes "By …" as a target only when the rest is a date', () => {
    const { page: parsed } = page(lines('# X', '## By the way', 'Aside.', '## By spring 2027', 'Done.'));
    expect(parsed?.node.targets.map((t) => t.by.text)).toEqual(['spring 2027']);
  });

  it('keeps an unparseable target date raw (the graph check warns about it)', () => {
    const { page: parsed } = page(lines('# X', '## Where we want to be by the next release', 'Text.'));
    expect(parsed?.node.targets[0].by).toEqual({ text: 'the next release', start: null, end: null, precision: null });
  });

  it('a "Status quo" heading without a date has asOf null', () => {
    expect(page(lines('# X', '## Status quo', 'Now.')).page?.node.statusQuo?.asOf).toBeNull();
  });

  it('a placeholder section has no text and warns, but a date in its heading still counts', () => {
    const { page: parsed, diagnostics } = page(
      lines(
        '# 🎯 Goal',
        '## Where we want to be by summer 2022',
        '',
        'FIXME -- decide the priorities :)',
        '## Status quo as of January 2022',
        'XXX',
      ),
    );
    expect(parsed?.node.targets[0]).toMatchObject({ text: '', placeholder: true, line: 2, by: { start: '2022-06-01', end: '2022-08-31' } });
    expect(parsed?.node.statusQuo).toMatchObject({ text: '', placeholder: true, asOf: { text: 'January 2022', end: '2022-01-31' } });
    expect(diagnostics.map((d) => [d.code, d.line, d.node])).toEqual([
      ['placeholder', 2, 'page'],
      ['placeholder', 5, 'page'],
    ]);
  });

  it('HTML is not text: a section with only an image is empty, not a placeholder, and HTML does not hide a placeholder', () => {
    const onlyImage = page(lines('# X', '## Shiny future', '<a href="x.svg">', '<img src="x.svg">', '</a>'));
    expect(onlyImage.page?.node.shinyFuture).toMatchObject({ text: '', placeholder: false });
    expect(onlyImage.diagnostics).toEqual([]);
    const withImage = page(lines('# X', '## Shiny future', 'TBD', '', '<img src="x.svg">'));
    expect(withImage.page?.node.shinyFuture?.placeholder).toBe(true);
    for (const marker of ['TODO: write this', 'TBD.', 'XXX']) {
      expect(page(lines('# X', '## Shiny future', marker)).page?.node.shinyFuture?.placeholder).toBe(true);
    }
    for (const prose of ['Todo lists are the point.', 'To be decided by users.', 'FIXMEs are gone. Really.']) {
      expect(page(lines('# X', '## Shiny future', prose)).page?.node.shinyFuture?.placeholder).toBe(false);
    }
  });

  it('a section keeps its Markdown, ends at the next level-1 or level-2 heading and includes deeper ones', () => {
    const { page: parsed } = page(
      lines('# X', '## Shiny future', 'A *bold* [link](https://x.org).', '### Detail', 'More.', '## Other', 'Not it.'),
    );
    expect(parsed?.node.shinyFuture?.text).toBe('A *bold* [link](https://x.org).\n\n### Detail\n\nMore.');
  });
});

describe('work items', () => {
  it('the last code span naming a known status sets it and leaves the label', () => {
    const { page: parsed } = page(
      lines(
        '# 🎯 X',
        '- [ ] Async drop `design` (#12)',
        '- [ ] Call `poll()` `exploration` then `implementation` here',
        '- [ ] `foo` is not a status',
        '- [ ] No status at all',
      ),
    );
    expect(parsed?.node.items.map((item) => [item.label, item.status, item.progress])).toEqual([
      ['Async drop (#12)', 'design', 0.4],
      ['Call `poll()` `exploration` then here', 'implementation', 0.6],
      ['`foo` is not a status', 'not-started', 0],
      ['No status at all', 'not-started', 0],
    ]);
  });

  it('[x] means done; items are found anywhere, nested too, with their own lines', () => {
    const { page: parsed } = page(
      lines('# 🎯 X', '', '> - [x] Quoted `design`', '', '1. [ ] Ordered', '   - [X] Nested', '- plain bullet, not an item'),
    );
    expect(parsed?.node.items.map((item) => [item.label, item.done, item.status, item.progress, item.line])).toEqual([
      ['Quoted', true, 'done', 1, 3],
      ['Ordered', false, 'not-started', 0, 5],
      ['Nested', true, 'done', 1, 6],
    ]);
  });

  it('links items to issues: #123, owner/repo#123 and issue or pull URLs, also in link targets', () => {
    const { page: parsed } = page(
      lines(
        '# 🎯 X',
        '- [ ] Fix #7 and #7 again, see rust-lang/rust#99',
        '- [ ] [tracking](https://github.com/acme/app/issues/5) and https://github.com/acme/app/pull/6',
        '- [ ] Not refs: C#1, &#123;, page#4, #0',
      ),
    );
    expect(parsed?.node.items.map((item) => item.issues)).toEqual([
      [
        { repo: null, number: 7 },
        { repo: 'rust-lang/rust', number: 99 },
      ],
      [
        { repo: 'acme/app', number: 5 },
        { repo: 'acme/app', number: 6 },
      ],
      [],
    ]);
  });

  it('uses the status scale the options give for the page', () => {
    const scale: StatusScale = statusScaleFrom(['todo', 'doing', 'done'], {});
    const { page: parsed } = page(
      lines('# 🎯 X', '- [ ] Thing `doing`', '- [ ] Other `design`'),
      'roadmap/x.md',
      options({ statusScaleFor: () => scale }),
    );
    expect(parsed?.node.items.map((item) => [item.label, item.status, item.progress])).toEqual([
      ['Thing', 'doing', 0.5],
      ['Other `design`', 'todo', 0],
    ]);
  });
});

describe('front matter', () => {
  it('reads id, title, requires, owners, items, status and group', () => {
    const { page: parsed, diagnostics } = page(
      lines(
        '---',
        'id: fast-search',
        'title: "🎯 Search is fast"',
        'requires: [index, ranking]',
        'owners: ["@kim", lee]',
        'status: done',
        'group: search-tree',
        'items:',
        '  - Write the spec (#3)',
        '  - { label: Ship, status: implementation, href: "https://x.org" }',
        '---',
        '# Ignored heading title',
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(parsed?.group).toEqual({ id: 'search-tree', line: 7 });
    expect(parsed?.node).toMatchObject({
      id: 'fast-search',
      title: '🎯 Search is fast',
      kind: 'goal',
      line: 2,
      requires: ['index', 'ranking'],
      owners: ['kim', 'lee'],
      status: 'done',
      done: true,
    });
    expect(parsed?.node.items.map((item) => [item.label, item.status, item.line, item.href])).toEqual([
      ['Write the spec (#3)', 'not-started', 9, undefined],
      ['Ship', 'implementation', 10, 'https://x.org'],
    ]);
  });

  it('a YAML error is a parse-error on the file line; the page is still read', () => {
    const { page: parsed, diagnostics } = page(lines('---', 'id: x', 'requires: [a', 'owners: b', '---', '# 🎯 Still here'));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', severity: 'error', file: 'roadmap/page.md' })]);
    expect(diagnostics[0].line).toBeGreaterThanOrEqual(3);
    expect(diagnostics[0].line).toBeLessThanOrEqual(5);
    expect(diagnostics[0].message).toContain('Front matter');
    expect(parsed?.node).toMatchObject({ id: 'page', title: '🎯 Still here' });
  });

  it('an unclosed front matter is a parse-error on line 1', () => {
    const { page: parsed, diagnostics } = page(lines('---', 'id: x', '# Title'));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', line: 1 })]);
    expect(diagnostics[0].message).toContain('never closed');
    expect(parsed).not.toBeNull();
  });

  it('front matter that is not a mapping is a parse-error', () => {
    const { diagnostics } = page(lines('---', '- a', '- b', '---', '# T'));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', line: 2 })]);
  });

  it('an unknown key warns with the closest known key; a wrong shape is named', () => {
    const { diagnostics } = page(lines('---', 'require: [a]', 'owners: {a: 1}', '---', '# T'));
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['unknown-key', 2],
      ['parse-error', 3],
    ]);
    expect(diagnostics[0].message).toContain('Did you mean "requires"');
    expect(diagnostics[1].message).toContain('`owners` must be a list of text');
  });

  it('keeps Markdown line numbers after the front matter, with CRLF line ends too', () => {
    const content = ['---', 'id: crlf', '---', '# T', '', '- [ ] Item `design`'].join('\r\n');
    const { page: parsed } = page(content);
    expect(parsed?.node.items[0]).toMatchObject({ label: 'Item', status: 'design', line: 6 });
    expect(parsed?.node.id).toBe('crlf');
  });
});

describe('which Markdown files are goal pages', () => {
  it.each([
    ['front matter', lines('---', 'owners: [a]', '---', 'Text.')],
    ['a 🎯 title', lines('# 🎯 Goal')],
    ['a recognised section', lines('# Plain', '## Status quo', 'Now.')],
  ])('a page with %s is one', (_, content) => {
    expect(page(content).page).not.toBeNull();
  });

  it('a page whose stem is a skill-tree stem is one', () => {
    expect(page(lines('# Clients'), 'src/clients.md', options({ treeStems: new Set(['clients']) })).page?.node.title).toBe('Clients');
  });

  it('other pages are skipped silently, task items and all', () => {
    expect(page(lines('# Summary', '- [ ] [Welcome](./welcome.md)', '## Goal', 'Text.'))).toEqual({
      page: null,
      diagnostics: [],
      requiresLines: new Map(),
    });
  });

  it('headings whose date is missing still count: the missing dates are reported', () => {
    const roadmap = parseRoadmap(
      [
        {
          path: 'roadmap/undated.md',
          content: lines('# Plan', '## Status quo as of', 'Where we are.', '## Where we want to be by:', 'Done.'),
        },
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.nodes).toHaveLength(1);
    expect(roadmap.nodes[0].statusQuo).toMatchObject({ asOf: null, text: 'Where we are.', line: 2 });
    expect(roadmap.nodes[0].targets).toEqual([
      expect.objectContaining({ by: expect.objectContaining({ text: '', start: null }), line: 4 }),
    ]);
    expect(roadmap.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['missing-status-quo-date', 2],
      ['unparseable-date', 4],
    ]);
    expect(roadmap.diagnostics[1].message).toContain('The target date is missing');
  });

  it('a UTF-8 byte-order mark does not hide the front matter', () => {
    const parsed = page(`\uFEFF${lines('---', 'id: marked', 'requires: [other]', '---', '# Marked')}`);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.page?.node).toMatchObject({ id: 'marked', title: 'Marked', requires: ['other'], line: 2 });
  });

  it('a page without a title heading uses its id', () => {
    expect(page(lines('## Status quo as of 2025', 'Text.'), 'roadmap/untitled.md').page?.node).toMatchObject({
      id: 'untitled',
      title: 'untitled',
      line: 1,
    });
  });
});

describe('pages and the skill tree', () => {
  const tree: SourceFile = {
    path: 'skill-trees/search.toml',
    content: lines(
      '[[group]]',
      'name = "search"',
      'label = "Search"',
      'requires = ["index"]',
      'items = [{ label = "Tokenizer", status = "design" }]',
      '',
      '[[group]]',
      'name = "index"',
    ),
  };

  it('a page with `group:` documents that group whatever its stem; kind goal if the page title is 🎯', () => {
    const roadmap = parseRoadmap(
      [
        tree,
        {
          path: 'roadmap/anything.md',
          content: lines('---', 'group: index', 'requires: [extra]', '---', '# 🎯 The index', '- [ ] Compaction `design`'),
        },
        { path: 'roadmap/extra.yml', content: lines('goals:', '  - id: extra') },
      ],
      { labelPrefix: 'goal:' },
    );
    const index = roadmap.nodes.find((n) => n.id === 'index');
    expect(index).toMatchObject({ title: '🎯 The index', kind: 'goal', file: 'skill-trees/search.toml', line: 8, requires: ['extra'] });
    expect(index?.items.map((item) => item.label)).toEqual(['Compaction']);
    expect(roadmap.nodes.map((n) => n.id)).toEqual(['extra', 'search', 'index']);
  });

  it('a page documenting an unknown group is an error and stands alone', () => {
    const roadmap = parseRoadmap([tree, { path: 'roadmap/lost.md', content: lines('---', 'group: serch', '---', '# Lost') }], {
      labelPrefix: 'goal:',
    });
    expect(roadmap.diagnostics).toEqual([
      expect.objectContaining({ code: 'unknown-requires', file: 'roadmap/lost.md', line: 2, node: 'lost' }),
    ]);
    expect(roadmap.diagnostics[0].message).toContain('Did you mean "search"');
    expect(roadmap.nodes.map((n) => n.id)).toEqual(['lost', 'search', 'index']);
  });

  it("the page's findings name the node it merged into", () => {
    const roadmap = parseRoadmap([tree, { path: 'docs/search.md', content: lines('# Search page', '## Shiny future', 'TODO') }], {
      labelPrefix: 'goal:',
    });
    expect(roadmap.diagnostics).toEqual([
      expect.objectContaining({ code: 'placeholder', file: 'docs/search.md', line: 2, node: 'search' }),
    ]);
    expect(roadmap.nodes[0]).toMatchObject({ id: 'search', title: 'Search page', kind: 'group' });
  });
});
