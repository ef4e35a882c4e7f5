/**
 * API calls of the pull-request review (SPEC §12: at most 5 per event when
 * the roadmap is touched, at most 2 when not), counted on the GitHub
 * simulator with the real app server and signed webhooks: a pull request
 * from the example roadmap's head is opened, pushed to again, then pushed to
 * with a change that no longer touches the roadmap; a second pull request
 * never touches it. The one-time installation-token exchange is not counted.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../app/server.js';
import { REVIEW_MARKER } from '../core/review/comment.js';
import { changesBetween, readDirectory, type FileTree } from '../demo/files.js';
import { WebhookSender, examplePayload } from '../demo/webhooks.js';
import { createSimulator, type RecordedRequest, type Simulator } from '../simulator/index.js';
import { generateAppKeyPair } from '../simulator/keys.js';

export interface ReviewEventCalls {
  /** What happened, e.g. `opened`. */
  event: string;
  /** Requests the app made for the event (installation token exchange excluded). */
  calls: number;
  /** `METHOD path`, in order (GraphQL as `POST /graphql`). */
  requests: string[];
  /** The app's review comments on the pull request afterwards. */
  reviewComments: string[];
  /** Every `roadmap-bot` check run in the repository afterwards, oldest first. */
  checkRuns: { headSha: string; conclusion: string | null; title: string | null }[];
}

export interface ReviewCallsMeasurement {
  /** The example pull request opened (base and head read, comment created, check run written). */
  opened: ReviewEventCalls;
  /** A second push to it that edits the roadmap again (the base comes from the cache). */
  pushedAgain: ReviewEventCalls;
  /** A push that reverts the roadmap edits: the comment says the PR no longer changes the roadmap. */
  noLongerTouching: ReviewEventCalls;
  /** Another pull request that never touches the roadmap: no write. */
  untouched: ReviewEventCalls;
  /** A third that deletes a goal page while open issues carry its label: their count is one more call. */
  removedNode: ReviewEventCalls;
}

export interface ReviewCallsOptions {
  /** Default: the bundled example roadmap. */
  baseDir?: string;
  headDir?: string;
  /** The app's clock (default 2026-11-26, the example's "today"). */
  now?: Date;
}

const APP_ID = 4711;
const APP_SLUG = 'roadmap-bot';
const INSTALLATION_ID = 99;
const OWNER = 'quill';
const REPOSITORY = `${OWNER}/quill`;
const SEEDER_TOKEN = 'ghp_review-bench-seeder';
const CONTRIBUTOR = 'ada';

type Json = Record<string, any>;

function exampleDir(side: 'base' | 'head'): string {
  return fileURLToPath(new URL(`../../examples/roadmap/${side}`, import.meta.url));
}

function isTokenExchange(request: RecordedRequest): boolean {
  return request.path.endsWith('/access_tokens');
}

class ReviewScenario {
  /** What the app logged as errors (a failed review job among them). */
  private readonly errors: string[] = [];

  constructor(
    private readonly simulator: Simulator,
    private readonly server: RunningServer,
    private readonly webhooks: WebhookSender,
  ) {
    const log = server.probot.log as unknown as { error: (...args: unknown[]) => void };
    log.error = (...args: unknown[]) => {
      const message = args.find((arg): arg is string => typeof arg === 'string') ?? 'the app logged an error';
      const detail = args.find((arg): arg is { err?: unknown } => typeof arg === 'object' && arg !== null);
      this.errors.push(detail?.err instanceof Error ? `${message}: ${detail.err.message}` : message);
    };
  }

  async github<T = Json>(path: string): Promise<T> {
    const response = await fetch(`${this.simulator.url}${path}`, {
      headers: { authorization: `token ${SEEDER_TOKEN}`, accept: 'application/vnd.github+json' },
    });
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  reviewComments(number: number): string[] {
    const pull = this.simulator.snapshot().pulls[REPOSITORY]?.find((entry) => entry.number === number);
    return (pull?.comments ?? [])
      .filter((comment) => comment.viaApp === APP_SLUG && comment.body.includes(REVIEW_MARKER))
      .map((comment) => comment.body);
  }

  /** Delivers a signed pull_request webhook built from the simulator's own objects, and counts the app's requests. */
  async deliver(
    event: string,
    action: 'opened' | 'synchronize',
    number: number,
    push?: { before: string; after: string },
  ): Promise<ReviewEventCalls> {
    const payload: Json = examplePayload('pull_request', action);
    payload.number = number;
    payload.pull_request = await this.github(`/repos/${REPOSITORY}/pulls/${number}`);
    payload.repository = await this.github(`/repos/${REPOSITORY}`);
    payload.sender = payload.pull_request.user;
    payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uOTk=' };
    if (push) Object.assign(payload, push);

    this.simulator.resetRequests();
    const delivery = await this.webhooks.deliver('pull_request', payload);
    if (delivery.status !== 200) throw new Error(`the app server answered ${delivery.status} to pull_request.${action}`);
    await this.server.idle();
    if (this.errors.length > 0) throw new Error(`the review of "${event}" failed: ${this.errors.splice(0).join('; ')}`);
    const made = this.simulator.requests.filter((request) => !isTokenExchange(request));
    return {
      event,
      calls: made.length,
      requests: made.map((request) => `${request.method} ${request.path}`),
      reviewComments: this.reviewComments(number),
      checkRuns: (this.simulator.snapshot().checkRuns[REPOSITORY] ?? [])
        .filter((run) => run.name === 'roadmap-bot')
        .map((run) => ({ headSha: run.headSha, conclusion: run.conclusion, title: run.output.title })),
    };
  }
}

/** Runs the scenario on a fresh simulator and app server, and returns the calls per event. */
export async function measureReviewCalls(options: ReviewCallsOptions = {}): Promise<ReviewCallsMeasurement> {
  const [base, head] = await Promise.all([
    readDirectory(options.baseDir ?? exampleDir('base')),
    readDirectory(options.headDir ?? exampleDir('head')),
  ]);
  const keys = generateAppKeyPair();
  const secret = randomBytes(20).toString('hex');
  const now = options.now ?? new Date('2026-11-26T12:00:00Z');

  const simulator = createSimulator({
    appId: APP_ID,
    appSlug: APP_SLUG,
    publicKey: keys.publicKey,
    staticTokens: { [SEEDER_TOKEN]: { login: CONTRIBUTOR } },
  });
  simulator.createRepository(REPOSITORY, { files: { ...base.files, 'README.md': '# Quill\n' } });
  simulator.addInstallation(INSTALLATION_ID, OWNER, [REPOSITORY]);
  await simulator.start();
  let server: RunningServer | null = null;
  try {
    server = await startServer({
      appId: APP_ID,
      privateKey: keys.privateKey,
      webhookSecret: secret,
      port: 0,
      host: '127.0.0.1',
      baseUrl: simulator.url,
      logLevel: 'silent',
      throttle: false,
      app: { clock: () => now, appSlug: APP_SLUG },
    });
    const scenario = new ReviewScenario(simulator, server, new WebhookSender(server.webhookUrl, secret));

    const branch = 'roadmap-update';
    const first = simulator.commit(REPOSITORY, branch, changesBetween(base.files, head.files), 'Update the roadmap');
    const pull = simulator.openPullRequest(REPOSITORY, { head: branch, title: 'Update the roadmap', user: CONTRIBUTOR });
    const opened = await scenario.deliver('opened', 'opened', pull.number);

    const second = simulator.commit(REPOSITORY, branch, secondEdit(head.files), 'Re-date a status quo');
    const pushedAgain = await scenario.deliver('pushed again', 'synchronize', pull.number, { before: first, after: second });

    const revert: FileTree = { ...base.files, 'README.md': '# Quill\n\nA static-site generator for documentation.\n' };
    const third = simulator.commit(
      REPOSITORY,
      branch,
      changesBetween({ ...head.files, ...secondEdit(head.files) }, revert),
      'Only the README',
    );
    const noLongerTouching = await scenario.deliver('no longer touching the roadmap', 'synchronize', pull.number, {
      before: second,
      after: third,
    });

    simulator.commit(REPOSITORY, 'typo', { 'README.md': '# Quill, the documentation generator\n' }, 'Fix a typo');
    const other = simulator.openPullRequest(REPOSITORY, { head: 'typo', title: 'Fix a typo', user: CONTRIBUTOR });
    const untouched = await scenario.deliver('never touching the roadmap', 'opened', other.number);

    const removedNode = await removeNode(simulator, scenario, base.files);
    return { opened, pushedAgain, noLongerTouching, untouched, removedNode };
  } finally {
    await server?.close();
    await simulator.close();
  }
}

/**
 * A pull request that deletes the first goal page (in path order) while two
 * open issues and a closed one carry its goal label.
 */
async function removeNode(simulator: Simulator, scenario: ReviewScenario, base: FileTree): Promise<ReviewEventCalls> {
  const page = Object.keys(base)
    .sort()
    .find((file) => file.startsWith('roadmap/') && file.endsWith('.md') && /^## /m.test(base[file]));
  if (!page) throw new Error('the base roadmap has no goal page to delete');
  const label = `goal:${page.replace(/^.*\//, '').replace(/\.md$/, '')}`;
  simulator.createIssue(REPOSITORY, { title: 'First piece of work', labels: [label], user: CONTRIBUTOR });
  simulator.createIssue(REPOSITORY, { title: 'Second piece of work', labels: [label], user: CONTRIBUTOR });
  simulator.createIssue(REPOSITORY, { title: 'Done long ago', labels: [label], user: CONTRIBUTOR, state: 'closed' });
  simulator.commit(REPOSITORY, 'drop-node', { [page]: null }, `Remove ${page}`);
  const pull = simulator.openPullRequest(REPOSITORY, { head: 'drop-node', title: `Remove ${page}`, user: CONTRIBUTOR });
  return scenario.deliver('a node removed', 'opened', pull.number);
}

/**
 * A second push that edits the roadmap again: the first goal page's first
 * `Where we want to be by` heading is pulled in to "Q1 2027" (any roadmap
 * file changes the review; this one changes what it says).
 */
function secondEdit(head: FileTree): Record<string, string> {
  const page = Object.keys(head)
    .sort()
    .find((file) => /\.md$/.test(file) && /^## Where we want to be by /m.test(head[file]));
  if (!page) return { 'roadmap/second-push.md': '# Second push\n\n## Where we want to be by Q1 2027\n\nMore.\n' };
  return { [page]: head[page].replace(/^## Where we want to be by .*$/m, '## Where we want to be by Q1 2027') };
}
