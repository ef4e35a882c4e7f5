/**
 * `roadmap-bot demo` (SPEC §11): the real app server, over HTTP, against the
 * in-process GitHub simulator — no GitHub account, no network beyond
 * loopback. A fresh RSA key pair signs the App's JWTs; the simulator checks
 * them with the public key. Webhooks are real example payloads carrying the
 * simulator's own repository, issue and pull-request objects, signed with
 * the webhook secret. Four steps:
 *
 *   1. installation created → the goal labels are synced;
 *   2. an issue with a goal label, one with a misspelled goal label;
 *   3. a pull request from the head roadmap, then a second push to it;
 *   4. the weekly job at `now` → the status issue.
 *
 * Every call the bot makes is recorded by the simulator; the transcript says
 * which step made it.
 */
import { randomBytes } from 'node:crypto';
import type { AppOctokit } from '../github/client.js';
import { startServer, type RunningServer } from '../app/server.js';
import { runWeeklyNow } from '../app/weekly-now.js';
import { REVIEW_MARKER } from '../core/review/comment.js';
import { createSimulator, type IssueRecord, type LabelRecord, type PullRequestRecord, type Simulator } from '../simulator/index.js';
import { changesBetween, readDirectory, type FileTree } from './files.js';
import { apiCall, type ApiCall } from './requests.js';
import { chooseIssueLabels, issueSeeds, plainTitle, readSide, secondPushEdit } from './scenario.js';
import { examplePayload, WebhookSender, type Delivery } from './webhooks.js';
import { generateAppKeyPair } from '../simulator/keys.js';

export const DEMO_OWNER = 'quill-docs';
export const DEMO_REPO = 'quill';
export const DEMO_REPOSITORY = `${DEMO_OWNER}/${DEMO_REPO}`;
export const DEMO_APP_ID = 424242;
export const DEMO_APP_SLUG = 'roadmap-bot';
export const DEMO_INSTALLATION_ID = 5150001;
export const PR_BRANCH = 'roadmap-update';
const DEFAULT_BRANCH = 'main';
/** Who opens the issues and the pull request. */
const CONTRIBUTOR = 'mona-contributor';
/** A plain token the demo itself uses to read GitHub's objects for the payloads; its calls are not the bot's. */
const SEEDER_TOKEN = 'ghp_demoSeederToken000000000000000000000';

export interface DemoOptions {
  baseDir: string;
  headDir: string;
  /** ISO day: the app's clock and the weekly job's date. */
  now: string;
  /** Called with a short line as each step starts. */
  progress?: (message: string) => void;
}

export interface DemoStep {
  number: number;
  title: string;
  deliveries: Delivery[];
  /** What happened, in plain sentences. */
  notes: string[];
  calls: ApiCall[];
}

export interface StatusIssue {
  number: number;
  title: string;
  /** The issue body, then the comments that continue it when it is too long for one issue. */
  body: string;
  continuation: string[];
  week: string;
  action: string;
}

export interface DemoTranscript {
  now: string;
  repository: string;
  steps: DemoStep[];
  /** Every call the bot made, in order. */
  calls: ApiCall[];
  labels: LabelRecord[];
  issues: IssueRecord[];
  pulls: PullRequestRecord[];
  /** The review comment on the pull request (null when the app posted none). */
  prComment: string | null;
  /** How many review comments the pull request has (one, if the bot updates in place). */
  prCommentCount: number;
  statusIssue: StatusIssue | null;
  /** Errors the bot logged, and failed deliveries. */
  errors: string[];
}

/** The clock of step `step`: noon of `now`, a minute per step, so the records show the order. */
function stepTime(now: string, step: number): string {
  return `${now}T12:${String(step).padStart(2, '0')}:00Z`;
}

function daysBefore(now: string, days: number): string {
  return new Date(Date.parse(`${now}T09:00:00Z`) - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class Demo {
  readonly steps: DemoStep[] = [];
  readonly errors: string[] = [];
  private readonly calls: ApiCall[] = [];
  private recorded = 0;

  constructor(
    private readonly simulator: Simulator,
    private readonly server: RunningServer,
    private readonly webhooks: WebhookSender,
    private readonly options: DemoOptions,
  ) {}

  /** GitHub's JSON for an object, read with the demo's own token (not counted as the bot's). */
  async github<T>(path: string): Promise<T> {
    const response = await fetch(`${this.simulator.url}${path}`, {
      headers: { authorization: `token ${SEEDER_TOKEN}`, accept: 'application/vnd.github+json' },
    });
    const body = (await response.json()) as T;
    if (!response.ok) throw new Error(`the simulator answered GET ${path} with ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }

  async step(number: number, title: string, run: (step: DemoStep) => Promise<void>): Promise<DemoStep> {
    this.options.progress?.(`${number}. ${title}`);
    this.simulator.setClock(stepTime(this.options.now, number));
    const step: DemoStep = { number, title, deliveries: [], notes: [], calls: [] };
    this.steps.push(step);
    try {
      await run(step);
      await this.server.idle();
    } catch (error) {
      const message = `step ${number} (${title}) failed: ${error instanceof Error ? error.message : String(error)}`;
      this.errors.push(message);
      step.notes.push(message);
    }
    const requests = this.simulator.requests;
    for (const request of requests.slice(this.recorded)) {
      if (request.tokenKind === 'static') continue;
      const call = apiCall(request, number);
      step.calls.push(call);
      this.calls.push(call);
    }
    this.recorded = requests.length;
    return step;
  }

  async deliver(step: DemoStep, event: string, payload: Record<string, unknown>): Promise<void> {
    const delivery = await this.webhooks.deliver(event, payload);
    step.deliveries.push(delivery);
    if (delivery.status >= 300) this.errors.push(`webhook ${event}.${delivery.action} was answered with HTTP ${delivery.status}`);
    await this.server.idle();
  }

  allCalls(): ApiCall[] {
    return this.calls;
  }
}

function installationRef(): { id: number; node_id: string } {
  return { id: DEMO_INSTALLATION_ID, node_id: Buffer.from(`03:Installation${DEMO_INSTALLATION_ID}`).toString('base64') };
}

type Json = Record<string, any>;

function issueWebhook(action: string, issue: Json, repository: Json, label?: Json): Record<string, unknown> {
  const payload = examplePayload('issues', action);
  payload.issue = issue;
  payload.repository = repository;
  payload.sender = issue.user;
  payload.installation = installationRef();
  if (label) payload.label = label;
  return payload;
}

function pullRequestWebhook(
  action: string,
  pull: Json,
  repository: Json,
  push?: { before: string; after: string },
): Record<string, unknown> {
  const payload = examplePayload('pull_request', action);
  payload.number = pull.number;
  payload.pull_request = pull;
  payload.repository = repository;
  payload.sender = pull.user;
  payload.installation = installationRef();
  if (push) Object.assign(payload, push);
  return payload;
}

function reviewComments(pull: PullRequestRecord | undefined): { body: string }[] {
  return (pull?.comments ?? []).filter((comment) => comment.viaApp === DEMO_APP_SLUG && comment.body.includes(REVIEW_MARKER));
}

function countCalls(calls: ApiCall[], summaryStart: string): number {
  return calls.filter((call) => call.kind === 'write' && call.summary.startsWith(summaryStart)).length;
}

export async function runDemo(options: DemoOptions): Promise<DemoTranscript> {
  const [base, head] = await Promise.all([readDirectory(options.baseDir), readDirectory(options.headDir)]);
  const baseSide = readSide(base.files);
  const keys = generateAppKeyPair();
  const webhookSecret = randomBytes(20).toString('hex');
  const clock = new Date(`${options.now}T12:00:00Z`);

  const simulator = createSimulator({
    appId: DEMO_APP_ID,
    appSlug: DEMO_APP_SLUG,
    publicKey: keys.publicKey,
    staticTokens: { [SEEDER_TOKEN]: { login: CONTRIBUTOR } },
  });
  simulator.setClock(stepTime(options.now, 0));
  seedRepository(simulator, base.files, baseSide.roadmap, options.now);
  await simulator.start();

  let server: RunningServer | null = null;
  try {
    server = await startDemoServer(simulator.url, keys.privateKey, webhookSecret, clock);
    const demo = new Demo(simulator, server, new WebhookSender(server.webhookUrl, webhookSecret), options);
    captureLoggedErrors(server, demo.errors);
    const skipped = [...base.skipped, ...head.skipped];
    if (skipped.length > 0) demo.errors.push(`not text, left out of the repository: ${[...new Set(skipped)].join(', ')}`);

    const scene: Scene = { demo, simulator, repository: await demo.github<Json>(`/repos/${DEMO_REPOSITORY}`) };
    await installationStep(scene, baseSide.roadmap.nodes.length);
    await issueLabelsStep(scene, chooseIssueLabels(baseSide.roadmap, baseSide.config.labels.prefix));
    const reviews = await pullRequestStep(scene, base.files, head.files, options.now);
    const statusIssue = await weeklyStep(scene, server, clock, options.now);
    return demoTranscript(scene, options.now, reviews, statusIssue);
  } finally {
    await server?.close();
    await simulator.close();
  }
}

/** What every step works with: the run, GitHub's side, and the repository's JSON for the payloads. */
interface Scene {
  demo: Demo;
  simulator: Simulator;
  repository: Json;
}

function startDemoServer(baseUrl: string, privateKey: string, webhookSecret: string, clock: Date): Promise<RunningServer> {
  return startServer({
    appId: DEMO_APP_ID,
    privateKey,
    webhookSecret,
    port: 0,
    host: '127.0.0.1',
    baseUrl,
    logLevel: 'silent',
    // Each call goes out at once; the simulator never rate-limits the demo.
    throttle: false,
    app: { clock: () => clock },
  });
}

/** Step 1: the App is installed on the repository; the app syncs the goal labels. */
async function installationStep({ demo, simulator, repository }: Scene, nodeCount: number): Promise<void> {
  const sync = await demo.step(1, 'installation created → goal labels synced', async (step) => {
    simulator.addInstallation(DEMO_INSTALLATION_ID, DEMO_OWNER, [DEMO_REPOSITORY]);
    await demo.deliver(step, 'installation', installationWebhook(repository));
  });
  sync.notes.push(
    `${countCalls(sync.calls, 'create label')} goal label(s) created for ${nodeCount} roadmap node(s), ` +
      `${countCalls(sync.calls, 'update label')} updated; ${countCalls(sync.calls, 'add ')} issue(s) referenced by roadmap items labelled`,
  );
}

function installationWebhook(repository: Json): Record<string, unknown> {
  const payload = examplePayload('installation', 'created');
  payload.installation = {
    ...(payload.installation as Json),
    ...installationRef(),
    account: repository.owner,
    app_id: DEMO_APP_ID,
    app_slug: DEMO_APP_SLUG,
    target_id: repository.owner.id,
    target_type: repository.owner.type,
    repository_selection: 'selected',
  };
  payload.repositories = [
    {
      id: repository.id,
      node_id: repository.node_id,
      name: repository.name,
      full_name: repository.full_name,
      private: repository.private,
    },
  ];
  payload.sender = repository.owner;
  return payload;
}

/** Step 2: an issue opened with a known goal label, another labelled with a misspelled one. */
async function issueLabelsStep({ demo, simulator, repository }: Scene, labels: ReturnType<typeof chooseIssueLabels>): Promise<void> {
  await demo.step(2, 'issues labelled with a goal label and with a misspelled one', async (step) => {
    if (!labels) {
      step.notes.push('the base roadmap has no nodes, so there is no goal label to use');
      return;
    }
    const known = simulator.createIssue(DEMO_REPOSITORY, {
      title: `Track progress on “${plainTitle(labels.known.node)}”`,
      body: 'Opened from the demo with the goal label already set.',
      labels: [labels.known.label],
      user: CONTRIBUTOR,
    });
    await demo.deliver(
      step,
      'issues',
      issueWebhook('opened', await demo.github(`/repos/${DEMO_REPOSITORY}/issues/${known.number}`), repository),
    );

    const typo = simulator.createIssue(DEMO_REPOSITORY, {
      title: `Question about “${plainTitle(labels.misspelled.node)}”`,
      body: 'Labelled from the demo, with a typo in the goal label.',
      labels: [labels.misspelled.label],
      user: CONTRIBUTOR,
    });
    const typoIssue = await demo.github<Json>(`/repos/${DEMO_REPOSITORY}/issues/${typo.number}`);
    const typoLabel = (typoIssue.labels as Json[]).find((label) => label.name === labels.misspelled.label);
    await demo.deliver(step, 'issues', issueWebhook('labeled', typoIssue, repository, typoLabel));

    const after = simulator.snapshot().issues[DEMO_REPOSITORY];
    const replies = (number: number): number =>
      after.find((issue) => issue.number === number)?.comments.filter((comment) => comment.viaApp === DEMO_APP_SLUG).length ?? 0;
    step.notes.push(
      `#${known.number} carries ${labels.known.label}: a known goal label, ${replies(known.number) > 0 ? 'linked in a comment' : 'no reply needed'}`,
      `#${typo.number} carries ${labels.misspelled.label}: no such goal, ${replies(typo.number)} reply suggesting ${labels.misspelled.meant}`,
    );
  });
}

/** Step 3: a pull request from the head roadmap, then a second push; the bot's review comments on it. */
async function pullRequestStep(
  { demo, simulator, repository }: Scene,
  base: FileTree,
  head: FileTree,
  now: string,
): Promise<{ body: string }[]> {
  const changes = changesBetween(base, head);
  const edit = secondPushEdit(base, head, now);
  let pullNumber: number | null = null;
  const pushes = await demo.step(3, 'a pull request from the head roadmap, then a second push', async (step) => {
    const firstSha = simulator.commit(DEMO_REPOSITORY, PR_BRANCH, changes, 'Update the roadmap');
    const opened = simulator.openPullRequest(DEMO_REPOSITORY, {
      head: PR_BRANCH,
      title: 'Update the roadmap',
      body: `Roadmap edits: ${Object.keys(changes).length} file(s) changed.`,
      user: CONTRIBUTOR,
    });
    pullNumber = opened.number;
    const pullPath = `/repos/${DEMO_REPOSITORY}/pulls/${opened.number}`;
    await demo.deliver(step, 'pull_request', pullRequestWebhook('opened', await demo.github(pullPath), repository));
    step.notes.push(`PR #${opened.number} opened from ${PR_BRANCH}: ${Object.keys(changes).length} file(s) changed`);
    if (!edit) return;
    const secondSha = simulator.commit(DEMO_REPOSITORY, PR_BRANCH, edit.changes, 'Answer the roadmap review');
    await demo.deliver(
      step,
      'pull_request',
      pullRequestWebhook('synchronize', await demo.github(pullPath), repository, { before: firstSha, after: secondSha }),
    );
    step.notes.push(`second push: ${edit.description}`);
  });
  const pullAfter = simulator.snapshot().pulls[DEMO_REPOSITORY].find((pull) => pull.number === pullNumber);
  const reviews = reviewComments(pullAfter);
  pushes.notes.push(
    reviews.length === 0
      ? 'the app posted no review comment on the pull request'
      : `${reviews.length} review comment on the PR after ${pushes.deliveries.length} push(es): ` +
          `${countCalls(pushes.calls, 'comment on')} created, ${countCalls(pushes.calls, 'update comment')} updated in place`,
  );
  return reviews;
}

/** Step 4: the weekly job, run as the scheduler would at `now`; the status issue it wrote. */
async function weeklyStep({ demo, simulator }: Scene, server: RunningServer, clock: Date, now: string): Promise<StatusIssue | null> {
  let statusIssue: StatusIssue | null = null;
  await demo.step(4, `the weekly job at ${now} → the status issue`, async (step) => {
    const octokit = (await server.probot.auth(DEMO_INSTALLATION_ID)) as unknown as AppOctokit;
    const result = await runWeeklyNow(octokit, server.bot.services(), { owner: DEMO_OWNER, repo: DEMO_REPO, now: clock });
    const number = result.issueNumber;
    const record = simulator.snapshot().issues[DEMO_REPOSITORY].find((issue) => issue.number === number);
    step.notes.push(
      `week ${result.week}: ${result.action}${number ? ` issue #${number}` : ''}${result.reason ? ` (${result.reason})` : ''}`,
    );
    if (record && number !== undefined) {
      statusIssue = {
        number,
        title: record.title,
        body: record.body ?? '',
        continuation: result.continuation,
        week: result.week,
        action: result.action,
      };
    }
  });
  return statusIssue;
}

function demoTranscript(
  { demo, simulator }: Scene,
  now: string,
  reviews: { body: string }[],
  statusIssue: StatusIssue | null,
): DemoTranscript {
  const snapshot = simulator.snapshot();
  return {
    now,
    repository: DEMO_REPOSITORY,
    steps: demo.steps,
    calls: demo.allCalls(),
    labels: snapshot.labels[DEMO_REPOSITORY],
    issues: snapshot.issues[DEMO_REPOSITORY],
    pulls: snapshot.pulls[DEMO_REPOSITORY],
    prComment: reviews.at(-1)?.body ?? null,
    prCommentCount: reviews.length,
    statusIssue,
    errors: demo.errors,
  };
}

/** The main branch with the base files, and the issues the base roadmap's items reference. */
function seedRepository(simulator: Simulator, files: FileTree, roadmap: ReturnType<typeof readSide>['roadmap'], now: string): void {
  simulator.createRepository(DEMO_REPOSITORY, { defaultBranch: DEFAULT_BRANCH, files });
  for (const seed of issueSeeds(roadmap, DEMO_REPOSITORY)) {
    if (seed.filler) {
      simulator.createIssue(DEMO_REPOSITORY, {
        title: seed.title,
        user: CONTRIBUTOR,
        state: 'closed',
        createdAt: daysBefore(now, 400),
        closedAt: daysBefore(now, 380),
      });
    } else {
      // Done items' issues were closed this week, so the weekly status has activity to show.
      simulator.createIssue(DEMO_REPOSITORY, {
        title: seed.title,
        user: CONTRIBUTOR,
        createdAt: daysBefore(now, 90),
        ...(seed.closed ? { state: 'closed' as const, closedAt: daysBefore(now, 2) } : {}),
      });
    }
  }
}

/** The server logs at level `silent` (stdout stays clean for `--json`); its errors are kept for the transcript. */
function captureLoggedErrors(server: RunningServer, errors: string[]): void {
  const log = server.probot.log as unknown as { error: (...args: unknown[]) => void };
  log.error = (...args: unknown[]) => {
    const message = args.find((arg): arg is string => typeof arg === 'string');
    const detail = args.find((arg): arg is { err?: unknown } => typeof arg === 'object' && arg !== null);
    const cause = detail?.err instanceof Error ? `: ${detail.err.message}` : '';
    errors.push(`${message ?? 'the app logged an error'}${cause}`);
  };
}
