/**
 * Original roadmaps for the audit (the clock is 2026-11-26): a small tree in
 * goal pages, and a hostile one whose user text tries everything SPEC §12
 * forbids in the bot's comments.
 */
export type Files = Record<string, string>;

export const LINK_COMMENTS_ON = '.github/roadmap-bot.yml';

/** A top goal requiring a group whose item references issue #1; link comments on. */
export function smallRoadmap(): Files {
  return {
    'README.md': '# Widgets\n',
    [LINK_COMMENTS_ON]: 'issues:\n  linkComment: true\n',
    'roadmap/async.md': [
      '---',
      'id: async',
      'requires: [async-drop]',
      '---',
      '# 🎯 Async Rust is delightful',
      '',
      '## Status quo as of October 2026',
      '',
      'Async works, with rough edges.',
      '',
      '## Where we want to be by Q2 2027',
      '',
      'Async feels like sync.',
      '',
    ].join('\n'),
    'roadmap/async-drop.md': [
      '# Async drop',
      '',
      '## Status quo as of 2026-09',
      '',
      'Resources are released synchronously.',
      '',
      '## Where we want to be by Q1 2027',
      '',
      'Async drop is designed.',
      '',
      '- [ ] Design async drop `design` (#1)',
      '',
    ].join('\n'),
  };
}

/** A new goal page, with an item referencing issue `issue`. */
export function toolingPage(issue: number): Files {
  return {
    'roadmap/tooling.md': [
      '# 🎯 Great tooling',
      '',
      '## Status quo as of November 2026',
      '',
      'IDE support is patchy.',
      '',
      '## Where we want to be by Q3 2027',
      '',
      'IDEs just work.',
      '',
      `- [ ] Rust-analyzer support \`exploration\` (#${issue})`,
      '',
    ].join('\n'),
  };
}

export const MENTION = '@octocat';
export const HTML = '<img src=x onerror=alert(1)>';
export const REVIEW_MARKER_TEXT = '<!-- roadmap-bot:pr-review -->';
export const WEEKLY_MARKER_TEXT = '<!-- roadmap-bot:weekly 2026-W48 -->';
/** Everything at once: a mention, HTML, table pipes and both markers. */
export const HOSTILE = `${MENTION} ${HTML} a | b || ${REVIEW_MARKER_TEXT} ${WEEKLY_MARKER_TEXT}`;

const quoted = (text: string) => JSON.stringify(text);

/**
 * A YAML roadmap whose titles, item labels, ids, owners, date texts and
 * status-quo text carry the hostile text. `variant` changes the targets, so a
 * pull request from one variant to another has target and status-quo drift.
 */
export function hostileRoadmap(variant: 'base' | 'head'): Files {
  const head = variant === 'head';
  return {
    'README.md': '# Hostile\n',
    'roadmap/hostile.yml': [
      'goals:',
      `  - id: ${quoted(`evil ${MENTION} ${HTML} |x|`)}`,
      `    title: ${quoted(`🎯 ${HOSTILE}`)}`,
      `    owners: [octocat]`,
      `    requires: [${quoted(`dep|${MENTION}`)}]`,
      '    statusQuo:',
      `      asOf: ${head ? 'November 2026' : 'October 2026'}`,
      `      text: ${quoted(`Status ${HOSTILE}`)}`,
      '    targets:',
      `      - by: ${head ? 'Q3 2027' : 'Q1 2027'}`,
      `        text: ${quoted(`Target ${HOSTILE}`)}`,
      `      - by: ${quoted(`${head ? 'someday' : 'never'} ${MENTION} | ${HTML}`)}`,
      `        text: ${quoted(HOSTILE)}`,
      '    items:',
      `      - label: ${quoted(`Item ${HOSTILE}`)}`,
      `        status: ${head ? 'implementation' : 'design'}`,
      `      - label: ${quoted(`Second ${MENTION}|${HTML}`)}`,
      `        status: ${quoted(`${MENTION}|${HTML}`)}`,
      `  - id: ${quoted(`dep|${MENTION}`)}`,
      `    title: ${quoted(`Dependency ${HOSTILE}`)}`,
      '    statusQuo:',
      '      asOf: 2020-01',
      `      text: ${quoted(HOSTILE)}`,
      '    targets:',
      `      - by: ${head ? '2026-03' : '2027-05'}`,
      `        text: ${quoted(HOSTILE)}`,
      '    items:',
      `      - label: ${quoted(`Dep item ${HOSTILE}`)}`,
      '        status: done',
      ...(head
        ? [
            `  - id: ${quoted(`added ${MENTION} ${HTML}`)}`,
            `    title: ${quoted(`Added ${HOSTILE}`)}`,
            '    targets:',
            `      - by: ${quoted(`Q4 2027 ${HTML}`)}`,
            `        text: ${quoted(HOSTILE)}`,
          ]
        : [`  - id: ${quoted(`removed ${MENTION}|`)}`, `    title: ${quoted(`Removed ${HOSTILE}`)}`]),
      '',
    ].join('\n'),
  };
}
