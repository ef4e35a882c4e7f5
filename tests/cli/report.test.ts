import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotFromText } from '../../src/cli/commands/report.js';
import { runCli } from '../../src/cli/run.js';
import { captureIo, EXAMPLE_BASE, EXAMPLE_HEAD, NOW, tempDir } from './helpers.js';

interface ReportJson {
  week: string;
  title: string;
  body: string;
  continuation: string[];
  snapshot: { version: number; week: string; now: string; nodes: Record<string, { progress: number }> };
}

describe('roadmap-bot report', () => {
  const scratch = tempDir('report');
  afterAll(() => scratch.remove());

  it('prints the weekly body with its marker and snapshot', async () => {
    const io = captureIo();
    expect(await runCli(['report', EXAMPLE_BASE, '--now', NOW], io)).toBe(0);
    expect(io.out()).toContain('<!-- roadmap-bot:weekly 2026-W48 -->');
    expect(io.out()).toContain('<!-- roadmap-bot:snapshot ');
    expect(io.out()).toContain('```mermaid');
    expect(snapshotFromText(io.out())?.week).toBe('2026-W48');
  });

  it('prints week, title, body and snapshot as JSON', async () => {
    const io = captureIo();
    expect(await runCli(['report', EXAMPLE_BASE, '--json', '--now', NOW], io)).toBe(0);
    const report = JSON.parse(io.out()) as ReportJson;
    expect(report.week).toBe('2026-W48');
    expect(report.title).toBe('Roadmap status — 2026-W48');
    expect(report.snapshot.now).toBe(NOW);
    expect(Object.keys(report.snapshot.nodes)).toHaveLength(13);
    expect(snapshotFromText(io.out())).toEqual(report.snapshot);
  });

  it('reads last week from --previous, as Markdown or JSON', async () => {
    const lastWeek = captureIo();
    await runCli(['report', EXAMPLE_BASE, '--now', '2026-11-19'], lastWeek);
    const markdownFile = path.join(scratch.dir, 'last-week.md');
    writeFileSync(markdownFile, lastWeek.out());
    const withPrevious = captureIo();
    expect(await runCli(['report', EXAMPLE_HEAD, '--now', NOW, '--previous', markdownFile], withPrevious)).toBe(0);
    const without = captureIo();
    await runCli(['report', EXAMPLE_HEAD, '--now', NOW], without);
    // Last week's Q1 2027 target of fast-builds is now Q3 2027: only a report that knows last week can say so.
    expect(withPrevious.out()).not.toBe(without.out());
    expect(withPrevious.out()).toContain('Q3 2027');

    const json = captureIo();
    await runCli(['report', EXAMPLE_BASE, '--json', '--now', '2026-11-19'], json);
    const jsonFile = path.join(scratch.dir, 'last-week.json');
    writeFileSync(jsonFile, json.out());
    const fromJson = captureIo();
    expect(await runCli(['report', EXAMPLE_HEAD, '--now', NOW, '--previous', jsonFile], fromJson)).toBe(0);
    expect(fromJson.out()).toBe(withPrevious.out());
  });

  it('exits 2 when --previous is missing or holds no snapshot', async () => {
    const missing = captureIo(scratch.dir);
    expect(await runCli(['report', EXAMPLE_BASE, '--previous', 'nope.md'], missing)).toBe(2);
    expect(missing.err()).toContain('cannot read --previous nope.md: no such file');
    writeFileSync(path.join(scratch.dir, 'plain.md'), '# Just notes\n');
    const plain = captureIo(scratch.dir);
    expect(await runCli(['report', EXAMPLE_BASE, '--previous', 'plain.md'], plain)).toBe(2);
    expect(plain.err()).toContain('--previous plain.md holds no roadmap-bot snapshot');
  });
});
