import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatUsage,
  listOption,
  parseCommandArgs,
  resolveDirectory,
  resolveNow,
  stringOption,
  type CommandSpec,
} from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';

const spec: CommandSpec = {
  name: 'sample',
  summary: 'A command for the tests.',
  synopsis: 'sample [DIR] [--path GLOB]... [--now DATE] [--json|--markdown]',
  options: {
    path: { type: 'string', multiple: true, valueName: 'GLOB', help: 'files' },
    now: { type: 'string', valueName: 'DATE', help: 'the day' },
    json: { type: 'boolean', help: 'json' },
    markdown: { type: 'boolean', help: 'markdown' },
  },
  positionals: ['DIR'],
  exclusive: [['json', 'markdown']],
};

function usageErrorOf(argv: string[]): UsageError {
  try {
    parseCommandArgs(spec, argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandArgs', () => {
  it('collects a repeatable --path in order, with positionals and flags', () => {
    const args = parseCommandArgs(spec, ['--path', 'a/*.md', 'some/dir', '--path=b/**/*.toml', '--json']);
    expect(listOption(args, 'path')).toEqual(['a/*.md', 'b/**/*.toml']);
    expect(args.positionals).toEqual(['some/dir']);
    expect(args.values.json).toBe(true);
    expect(args.help).toBe(false);
  });

  it('treats everything after -- as positional', () => {
    const args = parseCommandArgs(spec, ['--', '--json']);
    expect(args.positionals).toEqual(['--json']);
    expect(args.values.json).toBeUndefined();
  });

  it('names an unknown long or short flag and carries the usage (exit 2)', () => {
    const long = usageErrorOf(['--bogus']);
    expect(long.exitCode).toBe(2);
    expect(long.message).toBe('roadmap-bot sample: unknown option --bogus');
    expect(long.usage).toContain('Usage: roadmap-bot sample [DIR]');
    expect(usageErrorOf(['-x']).message).toContain('unknown option -x');
  });

  it('reports a missing value, including a flag swallowed as the value', () => {
    expect(usageErrorOf(['--now']).message).toBe('roadmap-bot sample: option --now needs a value (--now DATE)');
    expect(usageErrorOf(['--now', '--json']).message).toContain('option --now needs a value');
    expect(usageErrorOf(['--path']).message).toContain('option --path needs a value (--path GLOB)');
  });

  it('accepts a dash-leading value only in --flag=value form', () => {
    expect(stringOption(parseCommandArgs(spec, ['--now=-1']), 'now')).toBe('-1');
  });

  it('rejects a value given to a boolean flag', () => {
    expect(usageErrorOf(['--json=yes']).message).toContain('option --json takes no value');
  });

  it('rejects extra positionals and exclusive combinations', () => {
    expect(usageErrorOf(['one', 'two']).message).toContain('unexpected argument "two" (expected at most DIR)');
    expect(usageErrorOf(['--json', '--markdown']).message).toContain('options --json and --markdown cannot be combined');
  });

  it('recognises --help and -h', () => {
    expect(parseCommandArgs(spec, ['--help']).help).toBe(true);
    expect(parseCommandArgs(spec, ['-h', 'extra', 'more']).help).toBe(true);
  });
});

describe('formatUsage', () => {
  it('lists every option with its value name and marks repeatable ones', () => {
    const usage = formatUsage(spec);
    expect(usage).toMatch(/--path GLOB\s+files \(repeatable\)/);
    expect(usage).toMatch(/--now DATE\s+the day/);
    expect(usage).toContain('-h, --help');
  });
});

describe('resolveNow', () => {
  it('defaults to today and accepts an ISO day', () => {
    expect(resolveNow(spec, undefined, '2026-11-26')).toBe('2026-11-26');
    expect(resolveNow(spec, '2027-02-28', '2026-11-26')).toBe('2027-02-28');
  });

  it.each(['2026-13-01', '2026-02-30', '26-11-2026', 'next week'])('rejects %s naming --now', (value) => {
    let caught: unknown;
    try {
      resolveNow(spec, value, '2026-11-26');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).exitCode).toBe(2);
    expect((caught as UsageError).message).toContain(`--now expects an ISO day YYYY-MM-DD (e.g. 2026-11-26), got "${value}"`);
  });
});

describe('resolveDirectory', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'roadmap-bot-args-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('resolves a relative directory against cwd', async () => {
    expect(await resolveDirectory(spec, '.', scratch)).toBe(scratch);
  });

  it('says which directory is missing or not a directory', async () => {
    await expect(resolveDirectory(spec, 'nope', scratch)).rejects.toThrow('DIR does not exist: nope');
    writeFileSync(path.join(scratch, 'file.txt'), 'x');
    await expect(resolveDirectory(spec, 'file.txt', scratch)).rejects.toThrow('DIR is not a directory: file.txt');
  });
});
