/**
 * Command-line argument parsing on node:util's parseArgs, strict in spirit:
 * an unknown flag, a missing value or a stray positional is a usage error
 * (exit 2) naming the offending argument, printed with the command's usage.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoDay } from '../core/model/dates.js';
import { UsageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given several times (values collect in order). */
  multiple?: boolean;
  /** Placeholder for the value in the help text, e.g. `GLOB`. */
  valueName?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** One line: what the command does. */
  summary: string;
  /** The synopsis after `roadmap-bot`, e.g. `check [DIR] [--path GLOB]... [--json]`. */
  synopsis: string;
  options: Record<string, OptionSpec>;
  /** Names of the optional positionals, in order (e.g. `['DIR']`); more is a usage error. */
  positionals: string[];
  /** Groups of options that cannot be combined (e.g. `--json` and `--markdown`). */
  exclusive?: string[][];
}

export type OptionValue = string | boolean | string[];

export interface ParsedArgs {
  values: Record<string, OptionValue | undefined>;
  positionals: string[];
  /** `--help` / `-h` was given: print the usage and do nothing else. */
  help: boolean;
}

export function formatUsage(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const flag = option.type === 'string' ? `--${name} ${option.valueName ?? 'VALUE'}` : `--${name}`;
    return [flag, option.help + (option.multiple ? ' (repeatable)' : '')] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const lines = rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`);
  return [`Usage: roadmap-bot ${spec.synopsis}`, '', spec.summary, '', 'Options:', ...lines, ''].join('\n');
}

function usageError(spec: CommandSpec, message: string): UsageError {
  return new UsageError(`roadmap-bot ${spec.name}: ${message}`, formatUsage(spec));
}

type ArgToken = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];
type OptionToken = Extract<ArgToken, { kind: 'option' }>;

export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const values: Record<string, OptionValue | undefined> = {};
  const positionals: string[] = [];
  let help = false;
  for (const token of argTokens(spec, argv)) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    if (token.name === 'help') {
      help = true;
      continue;
    }
    readOption(spec, token, values);
  }
  if (!help) checkPositionalCount(spec, positionals);
  checkExclusiveOptions(spec, values);
  return { values, positionals, help };
}

function argTokens(spec: CommandSpec, argv: string[]): ArgToken[] {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, option]) => [name, { type: option.type, multiple: option.multiple === true }]),
  );
  // Non-strict parsing keeps every token, so each mistake can be reported in our own words.
  const { tokens } = parseArgs({
    args: argv,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens;
}

/** Stores one option's value in `values`, or throws the usage error it deserves. */
function readOption(spec: CommandSpec, token: OptionToken, values: Record<string, OptionValue | undefined>): void {
  const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
  if (!option) {
    throw usageError(spec, `unknown option ${token.rawName}`);
  }
  if (option.type === 'boolean') {
    if (token.value !== undefined) throw usageError(spec, `option ${token.rawName} takes no value`);
    values[token.name] = true;
    return;
  }
  const placeholder = option.valueName ?? 'VALUE';
  // Like parseArgs' strict mode: `--now --json` is a forgotten value, not the date "--json".
  if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
    throw usageError(spec, `option ${token.rawName} needs a value (${token.rawName} ${placeholder})`);
  }
  if (token.value.trim() === '')
    throw usageError(spec, `option ${token.rawName} needs a non-empty value (${token.rawName} ${placeholder})`);
  if (option.multiple) {
    const list = (values[token.name] as string[] | undefined) ?? [];
    values[token.name] = [...list, token.value];
  } else {
    values[token.name] = token.value;
  }
}

function checkPositionalCount(spec: CommandSpec, positionals: string[]): void {
  if (positionals.length <= spec.positionals.length) return;
  const extra = positionals[spec.positionals.length];
  throw usageError(
    spec,
    spec.positionals.length === 0
      ? `unexpected argument "${extra}" (this command takes no positional arguments)`
      : `unexpected argument "${extra}" (expected at most ${spec.positionals.join(' ')})`,
  );
}

function checkExclusiveOptions(spec: CommandSpec, values: Record<string, OptionValue | undefined>): void {
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((name) => values[name] !== undefined);
    if (given.length > 1) {
      throw usageError(spec, `options ${given.map((name) => `--${name}`).join(' and ')} cannot be combined`);
    }
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : [];
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** `--now` as an ISO day, or today when absent. */
export function resolveNow(spec: CommandSpec, value: string | undefined, today: string): string {
  if (value === undefined) return today;
  const day = parseIsoDay(value);
  if (day === null) {
    throw usageError(spec, `--now expects an ISO day YYYY-MM-DD (e.g. 2026-11-26), got "${value}"`);
  }
  return day;
}

/** An absolute path to an existing directory named on the command line (`what`: how to call it in errors). */
export async function resolveDirectory(spec: CommandSpec, value: string | undefined, cwd: string, what = 'DIR'): Promise<string> {
  const dir = path.resolve(cwd, value ?? '.');
  const info = await stat(dir).catch(() => null);
  if (!info) throw usageError(spec, `${what} does not exist: ${value ?? dir}`);
  if (!info.isDirectory()) throw usageError(spec, `${what} is not a directory: ${value ?? dir}`);
  return dir;
}

/** Today's ISO day in UTC: the default for `--now`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
