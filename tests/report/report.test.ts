import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/model/model.js';
import { buildWeeklyReport, type RepoActivity, type WeeklyOptions } from '../../src/core/weekly/report.js';
import { decodeSnapshot } from '../../src/core/weekly/snapshot.js';
import { exampleRoadmap, item, node, roadmap, statusQuo, target } from './builders.js';

const NOW = '2026-11-23';
const BASE: WeeklyOptions = { now: NOW, staleAfterDays: 180, dueSoonDays: 14, labelPrefix: 'goal:' };

/** An `@` followed by a login character is what GitHub turns into a mention. */
const MENTION = /@[A-Za-z0-9]/;

function section(body: string, heading: string): string {
  const start = body.indexOf(`${heading}\n`);
  if (start < 0) return '';
  const level = heading.match(/^#+/)![0];
  const rest = body.slice(start + heading.length + 1);
  const next = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return next < 0 ? rest : rest.slice(0, next);
}

const activity: RepoActivity = {
  byNode: {
    incremental: {
      opened: [{ number: 12, title: 'Cache <script> for @eve', url: 'https://github.com/acme/sitegen/issues/12', state: 'open' }],
      closed: [{ number: 7, title: 'Hash inputs', url: 'javascript:alert(1)', state: 'closed' }],
      open: 3,
      total: 6,
    },
    'fast-builds': {
      opened: [{ number: 12, title: 'Cache <script> for @eve', url: 'https://github.com/acme/sitegen/issues/12', state: 'open' }],
      closed: [],
      open: 1,
      total: 1,
    },
  },
  unknownLabels: [{ name: 'goal:fast-bulds', open: 2 }],
  removedNodeLabels: ['goal:old-thing'],
};

describe('buildWeeklyReport', () => {
  it('names the ISO week in the title and the marker, and hides the snapshot at the end', () => {
    const report = buildWeeklyReport(exampleRoadmap(), BASE);
    expect(report.week).toBe('2026-W48');
    expect(report.title).toBe('Roadmap status — 2026-W48');
    expect(report.body.startsWith('<!-- roadmap-bot:weekly 2026-W48 -->\n')).toBe(true);
    expect(report.body.trimEnd()).toMatch(/<!-- roadmap-bot:snapshot \{[^\n]*\} -->$/);
    expect(report.continuation).toEqual([]);
    expect(decodeSnapshot([report.body])).toEqual(report.snapshot);
    expect(report.snapshot.nodes['fast-builds']).toEqual({
      progress: 0.4,
      done: false,
      targets: [
        { text: 'summer 2026', end: '2026-08-31' },
        { text: 'Q2 2027', end: '2027-06-30' },
      ],
      statusQuoEnd: '2026-03-31',
      overdue: true,
      stale: true,
    });
  });

  it('renders a small roadmap', () => {
    const report = buildWeeklyReport(exampleRoadmap(), BASE);
    expect(report.body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:weekly 2026-W48 -->
      Roadmap status for **2026-W48** (as of 2026-11-23).

      ## Summary

      **2 goals**, 5 nodes, 4 items. Overall progress: ▮▮▮▮▯ **70%** (mean of 2 top goals).

      Nodes: 2 on track · 1 at risk · 1 overdue · 1 stale.

      **Since last week:** no earlier snapshot, so week-over-week changes start with next week's issue.

      | Status | Stage | Items |
      |---|---|---|
      | not-started | ▯▯▯▯▯ | 0 |
      | exploration | ▮▯▯▯▯ | 1 |
      | design | ▮▮▯▯▯ | 1 |
      | implementation | ▮▮▮▯▯ | 1 |
      | stabilization | ▮▮▮▮▯ | 0 |
      | done | ▮▮▮▮▮ | 1 |

      ## Tree

      \`\`\`mermaid
      flowchart TD
        n0["🎯 Builds finish in under a second · 40#37;"]
        n1["🎯 Writers everywhere use #lt;Sitegen#gt; #amp; #quot;friends#quot; · 100#37;"]
        n2["Incremental rebuilds · 50#37;"]
        n3["Render pages in parallel · 20#37;"]
        n4["Docs site · 100#37;"]
        n0 --> n2
        n0 --> n3
        n1 --> n4
        n3 --> n2
        subgraph legend["Legend"]
          direction LR
          legend_onTrack["on track"]
          legend_atRisk["at risk"]
          legend_overdue["overdue"]
          legend_stale["stale"]
        end
        classDef onTrack fill:#d4edda,stroke:#2e7d32,color:#1b3d20
        classDef atRisk fill:#fff3cd,stroke:#b7791f,color:#4d3800
        classDef overdue fill:#f8d7da,stroke:#c62828,color:#5f1313
        classDef stale fill:#e2e3e5,stroke:#616161,color:#2b2b2b
        class n1,n4,legend_onTrack onTrack
        class n2,legend_atRisk atRisk
        class n0,legend_overdue overdue
        class n3,legend_stale stale
      \`\`\`

      ## Goals

      ### 🎯 Builds finish in under a second

      ▮▮▯▯▯ **40%** · overdue

      - **Status quo:** as of March 2026 — 8 months old ⚠️ stale
      - **Overdue target:** summer 2026 (due 2026-08-31) — overdue by 84 days (3 months)
      - **Next target:** Q2 2027 (due 2027-06-30) — 219 days (7 months) left
      - **Owners:** alice, bob
      - **Defined in** roadmap/fast-builds.md:1 (\`fast-builds\`)

      ### 🎯 Writers everywhere use &lt;Sitegen&gt; &amp; "friends"

      ▮▮▮▮▮ **100%** · on track

      - **Status quo:** as of 2026-11-01 — 3 weeks old
      - **Next target:** 2027 (due 2027-12-31) — 403 days (1.1 years) left
      - **Owners:** carol
      - **Defined in** roadmap/reach.yml:1 (\`reach\`)

      ## Needs attention

      ### Overdue targets (1)

      - **🎯 Builds finish in under a second** (\`fast-builds\`): summer 2026 (due 2026-08-31) — overdue by 84 days (3 months) — roadmap/fast-builds.md:12

      ### Stale status quos (2)

      - **Render pages in parallel** (\`parallel-render\`): as of January 2024, 2.8 years old — roadmap/parallel-render.md:5
      - **🎯 Builds finish in under a second** (\`fast-builds\`): as of March 2026, 8 months old — roadmap/fast-builds.md:5

      ### Placeholders (1)

      - **🎯 Writers everywhere use &lt;Sitegen&gt; &amp; "friends"** (\`reach\`): target by 2027 — roadmap/reach.yml:8

      <!-- roadmap-bot:snapshot {"v":1,"w":"2026-W48","t":"2026-11-23","n":{"fast-builds":[0.4,6,"2026-03-31",[["summer 2026","2026-08-31"],["Q2 2027","2027-06-30"]]],"incremental":[0.5,0,"2026-10-31",[["2026-12-01","2026-12-01"]]],"parallel-render":[0.2,4,"2024-01-31",[]],"reach":[1,0,"2026-11-01",[["2027","2027-12-31"]]],"docs-site":[1,1,null,[]]}} -->
      "
    `);
  });

  it('is deterministic', () => {
    expect(buildWeeklyReport(exampleRoadmap(), { ...BASE, activity })).toEqual(buildWeeklyReport(exampleRoadmap(), { ...BASE, activity }));
  });

  it('counts nodes by health: overdue, stale, due soon, behind schedule, on track', () => {
    const behind = node('behind', {
      items: [item('Barely started', 'exploration')],
      statusQuo: statusQuo('2026-01-01'),
      targets: [target('2026-12-31')],
      progress: 0.2,
    });
    const ahead = node('ahead', {
      items: [item('Nearly there', 'stabilization')],
      statusQuo: statusQuo('2026-01-01'),
      targets: [target('2026-12-31')],
      progress: 0.95,
    });
    const dueSoon = node('due-soon', { statusQuo: statusQuo('2026-11-01'), targets: [target('2026-12-01')] });
    const noWork = node('no-work', { statusQuo: statusQuo('2026-01-01'), targets: [target('2026-12-31')] });
    const overdueButDone = node('shipped', { targets: [target('2026-01-01')], items: [item('All of it', 'done')], done: true });
    const options = { ...BASE, staleAfterDays: 400 };
    const body = buildWeeklyReport(roadmap([behind, ahead, dueSoon, noWork, overdueButDone]), options).body;
    expect(body).toContain('Nodes: 3 on track · 2 at risk · 0 overdue · 0 stale.');
    expect(body).toContain('class n1,n3,n4,legend_onTrack onTrack');
    expect(body).toContain('class n0,n2,legend_atRisk atRisk');
  });

  it('says overall progress is the mean of the top goals and lists items by status', () => {
    const body = buildWeeklyReport(exampleRoadmap(), BASE).body;
    expect(body).toContain('**2 goals**, 5 nodes, 4 items. Overall progress: ▮▮▮▮▯ **70%** (mean of 2 top goals).');
    expect(body).toContain('| implementation | ▮▮▮▯▯ | 1 |');
    expect(body).toContain('| not-started | ▯▯▯▯▯ | 0 |');
  });

  it('lists `?` and unknown statuses after the stages, `?` last', () => {
    const map = roadmap([node('a', { items: [item('x', '?'), item('y', 'blocked'), item('z', 'design')] })]);
    const body = buildWeeklyReport(map, BASE).body;
    expect(body).toContain('| done | ▮▮▮▮▮ | 0 |\n| blocked | ▯▯▯▯▯ | 1 |\n| ? | ? | 1 |');
  });

  it('says when a goal has no dated status quo or target', () => {
    const goals = [
      node('undated', { kind: 'goal', statusQuo: statusQuo(null), targets: [target('when it is ready')] }),
      node('unparsed', { kind: 'goal', statusQuo: statusQuo('the olden days') }),
      node('blank', { kind: 'goal' }),
    ];
    const body = buildWeeklyReport(roadmap(goals), BASE).body;
    expect(section(body, '### undated')).toContain(
      '- **Status quo:** no "as of" date\n- **Next target:** when it is ready (date not understood)',
    );
    expect(section(body, '### unparsed')).toContain(
      '- **Status quo:** as of the olden days (date not understood)\n- **Next target:** none set',
    );
    expect(section(body, '### blank')).toContain('- **Status quo:** none written');
  });

  it('falls back to the nodes nothing requires when there are no 🎯 goals', () => {
    const body = buildWeeklyReport(roadmap([node('a', { requires: ['b'], progress: 0.5 }), node('b')]), BASE).body;
    expect(body).toContain('## Top nodes');
    expect(body).toContain('(mean of 1 top node)');
    expect(body).toContain('**0 goals**, 2 nodes');
  });

  it('handles an empty roadmap', () => {
    const report = buildWeeklyReport(roadmap([]), BASE);
    expect(report.body).toContain('The roadmap has no nodes yet.');
    expect(report.body).toContain('Overall progress: no goals yet.');
    expect(report.body).not.toContain('```mermaid');
    expect(decodeSnapshot([report.body])?.nodes).toEqual({});
  });

  it('shows linked issue activity per goal, across what the goal requires, without duplicates', () => {
    const body = buildWeeklyReport(exampleRoadmap(), { ...BASE, activity }).body;
    const fastBuilds = section(body, '### 🎯 Builds finish in under a second');
    expect(fastBuilds).toContain('- **Linked issues:** 1 opened, 1 closed this week; 4 still open (this goal and the 2 nodes it requires)');
    expect(fastBuilds).toContain('  - Opened: [#12 Cache &lt;script&gt; for @\u200beve](https://github.com/acme/sitegen/issues/12)');
    // A URL the bot did not recognise as http(s) is shown, not linked.
    expect(fastBuilds).toContain('  - Closed: #7 Hash inputs');
    expect(body).not.toContain('javascript:');
    const attention = section(body, '## Needs attention');
    expect(attention).toContain(
      '### Goals with no linked issues (1)\n\n- **🎯 Writers everywhere use &lt;Sitegen&gt; &amp; "friends"** (`reach`): no issue carries `goal:reach` or a label of what it requires',
    );
    const prefixed = buildWeeklyReport(exampleRoadmap(), { ...BASE, activity, labelPrefix: 'roadmap/' }).body;
    expect(prefixed).toContain('no issue carries `roadmap/reach`');
    expect(attention).toContain('### Unknown goal labels in use (1)\n\n- `goal:fast-bulds`: 2 open issues');
    expect(attention).toContain('### Labels of removed nodes (1)\n\n- `goal:old-thing`');
  });

  it('says nothing about linked issues when no issue data is given', () => {
    const body = buildWeeklyReport(exampleRoadmap(), BASE).body;
    expect(body).not.toContain('Linked issues');
    expect(body).not.toContain('Goals with no linked issues');
  });

  it('lists error diagnostics and configuration problems under Needs attention, linked at the head commit', () => {
    const cycle: Diagnostic = {
      severity: 'error',
      code: 'cycle',
      file: 'roadmap/a.md',
      line: 4,
      message: 'a requires b requires a: remove one of the requires.',
      node: 'a',
    };
    const warning: Diagnostic = { ...cycle, severity: 'warning', code: 'unknown-key', message: 'ignored key' };
    const body = buildWeeklyReport(roadmap([node('a')], [cycle, warning]), {
      ...BASE,
      repoUrl: 'https://github.com/acme/sitegen',
      headSha: 'abcdef0123456789abcdef0123456789abcdef01',
      configProblems: [{ key: 'weekly.time', message: 'use HH:MM, like "09:00"; the default applies' }],
    }).body;
    expect(body).toContain(
      '### Roadmap errors (1)\n\n- `cycle` [roadmap/a.md:4](https://github.com/acme/sitegen/blob/abcdef0123456789abcdef0123456789abcdef01/roadmap/a.md#L4): a requires b requires a: remove one of the requires.',
    );
    expect(body).not.toContain('ignored key');
    expect(body).toContain('### Configuration problems (1)\n\n- `weekly.time`: use HH:MM, like "09:00"; the default applies');
    expect(body).toContain('roadmap at [`abcdef0`](https://github.com/acme/sitegen/tree/abcdef0123456789abcdef0123456789abcdef01)');
  });

  it('lists the roadmap files the caps left unread under Needs attention, though they are warnings', () => {
    const skipped: Diagnostic[] = [
      {
        severity: 'warning',
        code: 'too-many-files',
        file: 'roadmap/p2000.md',
        line: 1,
        message: '2001 roadmap files match, more than the 2000 read',
      },
      {
        severity: 'warning',
        code: 'file-too-large',
        file: 'roadmap/huge.md',
        line: 1,
        message: 'This file is 1050000 bytes, over the limit',
      },
      { severity: 'warning', code: 'unknown-key', file: 'roadmap/a.md', line: 2, message: 'ignored key' },
    ];
    const attention = section(
      buildWeeklyReport(roadmap([node('a', { statusQuo: statusQuo('2026-11-01') })], skipped), BASE).body,
      '## Needs attention',
    );
    expect(attention).toContain('### Roadmap files not read (2)');
    expect(attention).toContain('- `too-many-files` roadmap/p2000.md:1: 2001 roadmap files match, more than the 2000 read');
    expect(attention).toContain('- `file-too-large` roadmap/huge.md:1: This file is 1050000 bytes, over the limit');
    expect(attention).not.toContain('ignored key');
  });

  it('caps each Needs-attention list and says how many more there are', () => {
    const nodes = Array.from({ length: 40 }, (_, index) => node(`old-${index}`, { statusQuo: statusQuo('2020-01-01') }));
    const attention = section(buildWeeklyReport(roadmap(nodes), BASE).body, '## Needs attention');
    expect(attention).toContain('### Stale status quos (40)');
    expect(attention.match(/^- \*\*`old-/gm)).toHaveLength(25);
    expect(attention).toContain('- …and 15 more');
  });

  it('says when nothing needs attention', () => {
    const body = buildWeeklyReport(roadmap([node('calm', { statusQuo: statusQuo('2026-11-01') })]), BASE).body;
    expect(body).toContain('## Needs attention\n\nNothing needs attention this week.');
  });
});

describe('mentions and user text', () => {
  const hostile = (): ReturnType<typeof exampleRoadmap> => {
    const map = exampleRoadmap();
    map.nodes[0] = {
      ...map.nodes[0],
      title: '🎯 Ask @dave <!-- roadmap-bot:snapshot {"v":1} --> | `x`',
      owners: ['alice', '@bob', 'not a login!'],
    };
    return map;
  };

  it('mentions no one unless mentionOwners is on', () => {
    const report = buildWeeklyReport(hostile(), { ...BASE, activity });
    expect(report.body).not.toMatch(MENTION);
    expect(report.body).toContain('- **Owners:** alice, bob, not a login!');
  });

  it('mentions valid owner logins, and only them, when mentionOwners is on', () => {
    const body = buildWeeklyReport(hostile(), { ...BASE, activity, mentionOwners: true }).body;
    expect(body).toContain('- **Owners:** @alice, @bob, not a login!');
    expect(body).toContain('- **Owners:** @carol');
    expect(body.match(new RegExp(MENTION.source, 'g'))).toHaveLength(3);
  });

  it('cannot forge the bot markers or inject HTML through titles', () => {
    const report = buildWeeklyReport(hostile(), BASE);
    expect(report.body.match(/<!-- roadmap-bot:/g)).toHaveLength(2);
    expect(report.body).toContain('### 🎯 Ask @\u200bdave &lt;!-- roadmap-bot:snapshot {"v":1} --&gt; | \\`x\\`');
    expect(decodeSnapshot([report.body])).toEqual(report.snapshot);
  });

  it('keeps any user text inert: no mention, no HTML, no new block, the snapshot intact', () => {
    const hostileText = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(
        '@octocat',
        '\n# Owned\n',
        '<img src=x onerror=alert(1)>',
        '-->',
        '| a | b |',
        '`',
        '[x](javascript:alert(1))',
        '\n\n- item',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: hostileText, title: hostileText, owner: hostileText, date: hostileText, issue: hostileText }), {
          minLength: 1,
          maxLength: 4,
        }),
        (entries) => {
          const nodes = entries.map((entry, index) =>
            node(`${index}${entry.id}`, {
              title: entry.title,
              kind: index === 0 ? 'goal' : 'group',
              owners: [entry.owner],
              statusQuo: statusQuo(entry.date),
              targets: [target(entry.date)],
            }),
          );
          const hostileActivity: RepoActivity = {
            byNode: Object.fromEntries(
              nodes.map((entry, index) => [
                entry.id,
                {
                  opened: [{ number: index + 1, title: entries[index].issue, url: `https://x/${index}`, state: 'open' }],
                  closed: [],
                  open: 1,
                  total: 1,
                },
              ]),
            ),
            unknownLabels: [{ name: `goal:${entries[0].issue}`, open: 1 }],
            removedNodeLabels: [`goal:${entries[0].title}`],
          };
          const report = buildWeeklyReport(roadmap(nodes), { ...BASE, activity: hostileActivity });
          expect(report.body).not.toMatch(MENTION);
          // The only `<` are the two hidden comments the bot writes itself.
          expect(report.body.split('<')).toHaveLength(3);
          expect(report.body.match(/<!-- roadmap-bot:(weekly|snapshot) /g)).toHaveLength(2);
          // No user text opens a top-level heading or breaks out of its line.
          expect(report.body).not.toMatch(/^# /m);
          expect(report.body).not.toMatch(/^Owned/m);
          expect(decodeSnapshot([report.body])).toEqual(report.snapshot);
        },
      ),
      runs(300),
    );
  });
});
