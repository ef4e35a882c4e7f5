/**
 * `npm run bench` (`node --expose-gc --import tsx src/bench/run.ts [--json]`): the
 * figures of SPEC §12 measured in one run — analysis time and peak memory
 * against their budgets, API calls per event counted on the GitHub
 * simulator, and the webhook throughput of the real server next to a no-op
 * Probot app. Prints a table (or JSON with `--json`). Budgets are reported
 * as PASS/FAIL, never asserted: timings depend on the machine.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBoundedWork, renderBoundedWork, STARTUP_RATIO_BUDGET, type BoundedWork } from './bounded.js';
import { ANALYSIS_CASES, measureMemory, timeAnalysis, type AnalysisTiming, type MemoryMeasurement } from './analysis.js';
import { measureReviewCalls, type ReviewEventCalls } from './review-calls.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';
import { measureEngines, renderEngines, type EnginesResult } from './engines.js';
import { measureWeeklyCalls } from './weekly-calls.js';

const BUDGET = {
  analysisMs: 1000,
  growth: 12,
  peakMemoryMb: 250,
  reviewTouched: 5,
  reviewUntouched: 2,
  weekly: 25,
} as const;

export interface BudgetCheck {
  name: string;
  value: number;
  unit: string;
  /** `≤ 12`, `< 250 MB`… */
  budget: string;
  pass: boolean;
}

export interface ApiCallRow {
  event: string;
  calls: number;
  budget: number;
  pass: boolean;
  requests?: string[];
}

export interface BenchReport {
  environment: { node: string; platform: string; cpu: string; cpus: number; gcExposed: boolean; date: string };
  analysis: AnalysisTiming[];
  memory: MemoryMeasurement[];
  /** Rows per event, or why the measurement failed. */
  api: { review: ApiCallRow[] | string; weekly: ApiCallRow[] | string };
  throughput: ThroughputResult;
  engines: EnginesResult | string;
  bounded: BoundedWork;
  checks: BudgetCheck[];
}

function progress(json: boolean): (message: string) => void {
  if (json || !process.stderr.isTTY) return () => undefined;
  return (message) => process.stderr.write(`bench: ${message}\n`);
}

async function measureReview(): Promise<ApiCallRow[]> {
  const measured = await measureReviewCalls();
  const row = (event: string, calls: ReviewEventCalls, budget: number): ApiCallRow => ({
    event,
    calls: calls.calls,
    budget,
    pass: calls.calls <= budget,
    requests: calls.requests,
  });
  return [
    row('PR review: opened, roadmap touched', measured.opened, BUDGET.reviewTouched),
    row('PR review: second push, roadmap touched', measured.pushedAgain, BUDGET.reviewTouched),
    row('PR review: push that un-touches the roadmap', measured.noLongerTouching, BUDGET.reviewUntouched),
    row('PR review: PR not touching the roadmap', measured.untouched, BUDGET.reviewUntouched),
    row('PR review: goal page deleted, its label on open issues', measured.removedNode, BUDGET.reviewTouched),
  ];
}

async function measureWeekly(): Promise<ApiCallRow[]> {
  const measured = await measureWeeklyCalls({ linkedIssues: 2_000 });
  const requests = Object.entries(measured.byRoute)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, count]) => `${count} × ${route}`);
  return [
    {
      event: `weekly report: ${measured.linkedIssues.toLocaleString('en-US')} linked issues, ${measured.nodes} nodes`,
      calls: measured.requests,
      budget: BUDGET.weekly,
      pass: measured.requests <= BUDGET.weekly,
      requests,
    },
  ];
}

/** A measurement that fails is reported as such in its row; the others still run. */
async function failureAsText(measure: () => Promise<ApiCallRow[]>): Promise<ApiCallRow[] | string> {
  try {
    return await measure();
  } catch (error) {
    return `failed: ${(error instanceof Error ? error.message : String(error))
      .split('\n')
      .map((line) => line.trim())
      .join(' ')}`;
  }
}

function budgetChecks(analysis: AnalysisTiming[], memory: MemoryMeasurement[]): BudgetCheck[] {
  const timing = (name: string): AnalysisTiming => analysis.find((entry) => entry.name === name)!;
  const checks: BudgetCheck[] = [];
  for (const name of ['yaml-10k', 'yaml-flow-10k', 'chain-10k']) {
    const entry = timing(name);
    checks.push({
      name: `analysis of ${entry.description} under 1 s`,
      value: entry.medianMs,
      unit: 'ms',
      budget: `< ${BUDGET.analysisMs} ms`,
      pass: entry.medianMs < BUDGET.analysisMs,
    });
  }
  const growth = timing('yaml-10k').medianMs / timing('yaml-1k').medianMs;
  checks.push({
    name: 'growth: 10,000 / 1,000 nodes (YAML files of 100)',
    value: growth,
    unit: '×',
    budget: `≤ ${BUDGET.growth}`,
    pass: growth <= BUDGET.growth,
  });
  for (const entry of memory.filter((measurement) => measurement.name === 'yaml-10k' || measurement.name === 'chain-10k')) {
    checks.push({
      name: `peak memory, ${timing(entry.name).description}`,
      value: entry.peakRssMb,
      unit: 'MB',
      budget: `< ${BUDGET.peakMemoryMb} MB`,
      pass: entry.peakRssMb < BUDGET.peakMemoryMb,
    });
  }
  return checks;
}

export async function runBench(options: { json: boolean }): Promise<BenchReport> {
  const say = progress(options.json);
  const analysis: AnalysisTiming[] = [];
  const memory: MemoryMeasurement[] = [];
  for (const entry of ANALYSIS_CASES) {
    say(`analysing ${entry.description} (${entry.runs} runs)…`);
    analysis.push(await timeAnalysis(entry.name, entry.runs));
    say(`peak memory of ${entry.description} in a fresh process…`);
    memory.push(await measureMemory(entry.name));
  }
  say('counting the API calls of the PR review…');
  const review = await failureAsText(measureReview);
  say('counting the API calls of the weekly report (2,000 linked issues)…');
  const weekly = await failureAsText(measureWeekly);
  say('webhook throughput: real server and no-op Probot app…');
  const throughput = await measureThroughput();
  say("job engines: in process and on Redis, and a killed worker's job taken over…");
  const engines = await measureEngines().catch((error: unknown) => `not measured: ${(error as Error).message}`);
  say('command-line start-up and cache memory…');
  const bounded = await measureBoundedWork();

  const checks = budgetChecks(analysis, memory);
  for (const row of bounded.startup.slice(1)) {
    checks.push({
      name: `start-up, ${row.command} ÷ node`,
      value: row.ratio,
      unit: '×',
      budget: `≤ ${STARTUP_RATIO_BUDGET}`,
      pass: row.ratio <= STARTUP_RATIO_BUDGET,
    });
  }
  for (const rows of [review, weekly]) {
    if (typeof rows === 'string') continue;
    for (const row of rows) {
      checks.push({
        name: `API calls, ${row.event}`,
        value: row.calls,
        unit: row.calls === 1 ? 'call' : 'calls',
        budget: `≤ ${row.budget}`,
        pass: row.pass,
      });
    }
  }
  const cpus = os.cpus();
  return {
    environment: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cpus: cpus.length,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      date: new Date().toISOString().slice(0, 10),
    },
    analysis,
    memory,
    api: { review, weekly },
    throughput,
    engines,
    bounded,
    checks,
  };
}

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function table(headers: string[], rows: string[][], align: ('left' | 'right')[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    `  ${cells.map((cell, column) => pad(cell, widths[column], align[column])).join('  ')}`.trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

export function renderReport(report: BenchReport): string {
  const { environment } = report;
  const sections: string[] = [
    `roadmap-bot bench — Node ${environment.node}, ${environment.platform}, ${environment.cpus} × ${environment.cpu}, ${environment.date}` +
      (environment.gcExposed ? '' : '\n(run with node --expose-gc for a GC between timed runs)'),
  ];

  const memoryOf = (name: string): MemoryMeasurement | undefined => report.memory.find((entry) => entry.name === name);
  sections.push(
    'Analysis: parseRoadmap + checkRoadmap (median of the runs; peak RSS of a fresh process per case)',
    table(
      ['roadmap', 'files', 'nodes', 'runs', 'median', 'fastest', 'peak RSS', 'heap after'],
      report.analysis.map((entry) => [
        entry.description,
        String(entry.files),
        entry.nodes.toLocaleString('en-US'),
        String(entry.runs),
        ms(entry.medianMs),
        ms(entry.minMs),
        `${memoryOf(entry.name)?.peakRssMb.toFixed(0) ?? '?'} MB`,
        `${memoryOf(entry.name)?.heapUsedMb.toFixed(0) ?? '?'} MB`,
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );

  const apiRows: string[][] = [];
  const apiNotes: string[] = [];
  for (const [what, rows, budget] of [
    ['PR review', report.api.review, `≤ ${BUDGET.reviewTouched} / ≤ ${BUDGET.reviewUntouched}`],
    ['weekly report', report.api.weekly, `≤ ${BUDGET.weekly}`],
  ] as const) {
    if (typeof rows === 'string') {
      apiRows.push([what, '—', budget, 'not measured']);
      apiNotes.push(`  ${what}: ${rows}`);
    } else {
      for (const row of rows) apiRows.push([row.event, String(row.calls), `≤ ${row.budget}`, verdict(row.pass)]);
    }
  }
  sections.push(
    'API calls per event, counted on the GitHub simulator',
    [table(['event', 'calls', 'budget', ''], apiRows, ['left', 'right', 'right', 'left']), ...apiNotes].join('\n'),
  );

  const { throughput } = report;
  const payloads = [...new Set(throughput.rows.map((row) => row.payload))];
  sections.push(
    `Webhook throughput: signed deliveries over HTTP on loopback, ${throughput.concurrency} in flight, median of ${throughput.rounds} rounds`,
    table(
      ['payload', 'server', 'deliveries', 'req/s', 'API calls each', 'failures'],
      payloads.flatMap((payload) =>
        throughput.rows
          .filter((row) => row.payload === payload)
          .map((row) => [
            payload,
            row.server,
            row.deliveries.toLocaleString('en-US'),
            row.requestsPerSecond.toFixed(0),
            row.apiCallsPerDelivery.toFixed(1),
            String(row.failures),
          ]),
      ),
      ['left', 'left', 'right', 'right', 'right', 'right'],
    ),
    throughput.ratios.map((entry) => `  real ÷ no-op, ${entry.payload}: ${entry.ratio.toFixed(2)}`).join('\n'),
  );

  sections.push(...(typeof report.engines === 'string' ? ['Job engines', `  ${report.engines}`] : renderEngines(report.engines, table)));
  sections.push(...renderBoundedWork(report.bounded));

  sections.push(
    'Budgets (SPEC §12)',
    table(
      ['check', 'measured', 'budget', ''],
      report.checks.map((check) => [
        check.name,
        check.unit === 'ms'
          ? ms(check.value)
          : check.unit === '×'
            ? `${check.value.toFixed(2)} ×`
            : `${check.value.toFixed(0)} ${check.unit}`,
        check.budget,
        verdict(check.pass),
      ]),
      ['left', 'right', 'right', 'left'],
    ),
  );
  const failed = report.checks.filter((check) => !check.pass).length;
  const unmeasured = [
    ...(typeof report.api.review === 'string' ? ['the PR review'] : []),
    ...(typeof report.api.weekly === 'string' ? ['the weekly report'] : []),
  ];
  sections.push(
    `${failed === 0 ? 'All budgets measured were met.' : `${failed} budget(s) missed.`}` +
      (unmeasured.length > 0 ? ` Not measured: API calls of ${unmeasured.join(' and ')}.` : ''),
  );
  return `${sections.join('\n\n')}\n`;
}

const USAGE = 'Usage: node --expose-gc --import tsx src/bench/run.ts [--json]   (npm run bench [-- --json])\n';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--json' && arg !== '--help' && arg !== '-h');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const json = argv.includes('--json');
  const report = await runBench({ json });
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
  // Probot's Redis connection for shared rate limits (the Redis engine's server) cannot be closed:
  // once the report is flushed, nothing else is worth waiting for.
  process.stdout.write('', () => setTimeout(() => process.exit(), 200).unref());
}
