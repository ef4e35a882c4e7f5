/**
 * Every command's argument spec, apart from its code: \`roadmap-bot --help\`
 * and argument errors need only these, and a command's modules load only
 * when it runs.
 */
import type { CommandSpec } from './args.js';
import { JSON_OPTION, MARKDOWN_OPTION, NOW_OPTION, PATH_OPTION } from './command.js';

export const CHECK_SPEC: CommandSpec = {
  name: 'check',
  summary: 'Print the roadmap tree and its diagnostics. Exits 1 when the roadmap has errors.',
  synopsis: 'check [DIR] [--path GLOB]... [--now DATE] [--json]',
  options: { path: PATH_OPTION, now: NOW_OPTION, json: JSON_OPTION },
  positionals: ['DIR'],
};

export const DIFF_SPEC: CommandSpec = {
  name: 'diff',
  summary:
    'Review roadmap changes like the pull-request comment: target and status-quo drift, structure changes, new diagnostics. Exits 1 when the head has new errors.',
  synopsis: 'diff [--base REF] [--head REF] [--path GLOB]... [--now DATE] [--json|--markdown] [DIR]',
  options: {
    base: {
      type: 'string',
      valueName: 'REF',
      help: 'the base commit (default: the merge base of HEAD with the default branch)',
    },
    head: { type: 'string', valueName: 'REF', help: 'the head commit (default: the working tree, uncommitted changes included)' },
    path: PATH_OPTION,
    now: NOW_OPTION,
    json: { type: 'boolean', help: 'print { findings: [...] } as JSON' },
    markdown: MARKDOWN_OPTION,
  },
  positionals: ['DIR'],
  exclusive: [['json', 'markdown']],
};

export const REPORT_SPEC: CommandSpec = {
  name: 'report',
  summary: 'Print the weekly status issue built from the roadmap files alone: progress per goal, targets, what needs attention.',
  synopsis: 'report [DIR] [--path GLOB]... [--now DATE] [--previous FILE] [--json|--markdown]',
  options: {
    path: PATH_OPTION,
    now: NOW_OPTION,
    previous: {
      type: 'string',
      valueName: 'FILE',
      help: 'last week\'s status issue body (Markdown) or "report --json" output, to report changes since then',
    },
    json: { type: 'boolean', help: 'print the report as JSON: week, title, body, continuation, snapshot' },
    markdown: MARKDOWN_OPTION,
  },
  positionals: ['DIR'],
  exclusive: [['json', 'markdown']],
};

export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  summary:
    'Run the real bot against a simulated GitHub on the example roadmap (labels, issue replies, PR review, weekly status); no GitHub account needed. Writes demo-output/.',
  synopsis: 'demo [--base DIR] [--head DIR] [--now DATE] [--json]',
  options: {
    base: { type: 'string', valueName: 'DIR', help: 'the repository on the default branch (default: examples/roadmap/base)' },
    head: { type: 'string', valueName: 'DIR', help: 'the repository on the pull-request branch (default: examples/roadmap/head)' },
    now: NOW_OPTION,
    json: { ...JSON_OPTION, help: 'print { requests, labels, issues, pulls } as JSON instead of text' },
  },
  positionals: [],
};

export const SERVE_SPEC: CommandSpec = {
  name: 'serve',
  summary:
    'Run the GitHub App server. Reads APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, LOG_FORMAT, ' +
    'GHE_HOST, GHE_PROTOCOL, REDIS_URL, ROADMAP_BOT_SCHEDULER (on|off), ROADMAP_BOT_JOB_CONCURRENCY, ROADMAP_BOT_JOB_LOCK_MS ' +
    'and ROADMAP_BOT_SHUTDOWN_MS from the environment and ./.env. ' +
    "Without APP_ID it runs Probot's setup page to register the App.",
  synopsis: 'serve',
  options: {},
  positionals: [],
};

/** `--path` on a command that reads the roadmap from GitHub: globs at the repository root, instead of `roadmap.paths`. */
export const REMOTE_PATH_OPTION = {
  type: 'string',
  multiple: true,
  valueName: 'GLOB',
  help: 'a glob of roadmap files at the repository root, instead of roadmap.paths of its .github/roadmap-bot.yml or the defaults',
} as const;

export const WEEKLY_SPEC: CommandSpec = {
  name: 'weekly',
  summary:
    "Post or update this week's roadmap status issue on GitHub. Authenticates with GITHUB_TOKEN, or APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH.",
  synopsis: 'weekly --repo OWNER/NAME [--path GLOB]... [--now DATE] [--dry-run]',
  options: {
    repo: { type: 'string', valueName: 'OWNER/NAME', help: 'the repository to report on (required)' },
    path: REMOTE_PATH_OPTION,
    now: {
      ...NOW_OPTION,
      help: 'report as of this day, YYYY-MM-DD, read in weekly.timezone (default: the current time)',
    },
    'dry-run': { type: 'boolean', help: 'print the issue body and write nothing' },
  },
  positionals: [],
};

export const REVIEW_SPEC: CommandSpec = {
  name: 'review',
  summary:
    "Review a pull request's roadmap changes on GitHub: the App's comment and check run. Authenticates with GITHUB_TOKEN, or APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH.",
  synopsis: 'review --repo OWNER/NAME --pr N [--path GLOB]... [--now DATE] [--dry-run]',
  options: {
    repo: { type: 'string', valueName: 'OWNER/NAME', help: 'the repository of the pull request (required)' },
    pr: { type: 'string', valueName: 'N', help: 'the pull request number (required)' },
    path: REMOTE_PATH_OPTION,
    now: { ...NOW_OPTION, help: 'check dates as of this day, YYYY-MM-DD (default: today, UTC)' },
    'dry-run': { type: 'boolean', help: 'print the comment and write nothing' },
  },
  positionals: [],
};
