/**
 * `src/core/config/` owns the repository config: its schema and defaults.
 *
 * `.github/roadmap-bot.yml` (SPEC §8). A bad config never stops the bot: each
 * invalid key is reported with how to fix it and falls back to its default,
 * while the valid keys are kept.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { array, boolean, enum as oneOf, number, object, string, union, type output, type ZodType } from 'zod';
import { closestMatches } from '../model/labels.js';
import { CONFIG_FILE, DEFAULT_CONFIG } from './defaults.js';
import type { Diagnostic } from '../model/model.js';

export { CONFIG_FILE, DEFAULT_CONFIG } from './defaults.js';

/** Where a problem with the whole file (not one key) is reported. */
export const TOP_LEVEL_KEY = '(top level)';

/** Larger config text is refused rather than parsed. */
const MAX_CONFIG_TEXT = 1_000_000;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const bool = boolean({ error: 'must be true or false' });

/** A list of non-empty strings; a single string is taken as a list of one. */
function stringList(fix: string) {
  const entry = string({ error: fix }).trim().min(1, { error: fix });
  return union([entry.transform((one) => [one]), array(entry, { error: fix }).min(1, { error: fix })], { error: fix });
}

const GLOBS_FIX = 'must be a list of glob patterns, e.g. ["roadmap/**/*.md"]';
const PREFIX_FIX = 'must be non-empty text of at most 40 characters, e.g. "goal:"';
const COLOR_FIX = 'must be a 6-digit hex colour in quotes, e.g. "0e8a16"; an unquoted # starts a YAML comment';
const STALE_FIX = 'must be a whole number of days above 0, e.g. 180';
const DUE_SOON_FIX = 'must be a whole number of days, 0 or more, e.g. 30';
const DAY_FIX = 'must be a weekday name, monday to sunday';
const TIME_FIX = 'must be a 24-hour time "HH:MM" in quotes, e.g. "09:00"';
const ZONE_FIX = 'must be an IANA time zone, e.g. "UTC" or "Europe/Berlin"';
const LABELS_FIX = 'must be a list of label names, e.g. ["roadmap-status"]';

const sections = {
  roadmap: object({
    paths: stringList(GLOBS_FIX),
  }),
  labels: object({
    prefix: string({ error: PREFIX_FIX }).min(1, { error: PREFIX_FIX }).max(40, { error: PREFIX_FIX }),
    color: string({ error: COLOR_FIX })
      .trim()
      .regex(/^#?[0-9a-fA-F]{6}$/, { error: COLOR_FIX })
      .transform((color) => color.replace(/^#/, '').toLowerCase()),
    sync: bool,
  }),
  drift: object({
    staleAfterDays: number({ error: STALE_FIX }).int({ error: STALE_FIX }).positive({ error: STALE_FIX }),
    dueSoonDays: number({ error: DUE_SOON_FIX }).int({ error: DUE_SOON_FIX }).nonnegative({ error: DUE_SOON_FIX }),
  }),
  review: object({
    enabled: bool,
    checkRun: bool,
  }),
  issues: object({
    linkComment: bool,
    unknownLabelReply: bool,
    command: bool,
  }),
  weekly: object({
    enabled: bool,
    day: string({ error: DAY_FIX })
      .transform((day) => day.trim().toLowerCase())
      .pipe(oneOf(WEEKDAYS, { error: DAY_FIX })),
    time: string({ error: TIME_FIX })
      .trim()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, { error: TIME_FIX })
      .transform((time) => time.padStart(5, '0')),
    timezone: string({ error: ZONE_FIX }).trim().refine(isTimeZone, { error: ZONE_FIX }),
    labels: stringList(LABELS_FIX),
    closePrevious: bool,
    mentionOwners: bool,
  }),
};

/** The whole file, every key required: what `parseConfig` always returns. */
export const configSchema = object(sections);

export type Config = output<typeof configSchema>;

type SectionName = keyof typeof sections;

export interface ConfigProblem {
  /** Dotted key path (`weekly.time`), or `(top level)`. */
  key: string;
  /** What is wrong and how to fix it. */
  message: string;
  /** 1-based line in the config file, when known. */
  line?: number;
}

/** Keys Probot's `context.config` resolves itself. */
const PROBOT_KEYS = new Set(['_extends']);

/** Keys whose value comes from a small set: a wrong value gets "did you mean". */
const VALUE_CHOICES: Record<string, readonly string[]> = { 'weekly.day': WEEKDAYS };

const SECTION_NAMES = Object.keys(sections) as SectionName[];

function sectionKeys(section: SectionName): string[] {
  return Object.keys(sections[section].shape);
}

const ALL_KEYS = SECTION_NAMES.flatMap((section) => sectionKeys(section).map((key) => `${section}.${key}`));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A short, escaped excerpt of the first line only: a config is echoed to CI logs and PR comments.
  const text = String(value);
  const firstLine = text.split(/[\n\r\0]/)[0];
  const excerpt = firstLine.length > 24 || firstLine !== text ? `${firstLine.slice(0, 24)}…` : firstLine;
  return typeof value === 'string' ? JSON.stringify(excerpt) : excerpt;
}

const quoteList = (keys: string[]): string => keys.map((key) => `"${key}"`).join(' or ');

function unknownTopLevelKey(key: string): ConfigProblem {
  const leaves = ALL_KEYS.map((dotted) => dotted.split('.')[1]);
  const guesses = closestMatches(key, [...SECTION_NAMES, ...leaves]).flatMap((guess) =>
    (SECTION_NAMES as string[]).includes(guess) ? [guess] : ALL_KEYS.filter((dotted) => dotted.endsWith(`.${guess}`)),
  );
  const hint = guesses.length > 0 ? `did you mean ${quoteList(guesses)}?` : `known sections: ${SECTION_NAMES.join(', ')}`;
  return { key, message: `unknown key, ignored; ${hint}` };
}

function unknownSectionKey(section: SectionName, key: string): ConfigProblem {
  const local = closestMatches(key, sectionKeys(section)).map((guess) => `${section}.${guess}`);
  const elsewhere = ALL_KEYS.filter(
    (dotted) => !dotted.startsWith(`${section}.`) && dotted.split('.')[1].toLowerCase() === key.toLowerCase(),
  );
  const guesses = [...local, ...elsewhere];
  const hint = guesses.length > 0 ? `did you mean ${quoteList(guesses)}?` : `known keys here: ${sectionKeys(section).join(', ')}`;
  return { key: `${section}.${key}`, message: `unknown key, ignored; ${hint}` };
}

function invalidValue(key: string, value: unknown, reason: string): ConfigProblem {
  const choices = VALUE_CHOICES[key];
  const guesses = choices && typeof value === 'string' ? closestMatches(value, [...choices], 1) : [];
  const guess = guesses.length > 0 ? `; did you mean "${guesses[0]}"?` : '';
  return { key, message: `${reason} (got ${describe(value)}${guess}); the default applies` };
}

function freshDefaults(): Record<SectionName, Record<string, unknown>> {
  return structuredClone(DEFAULT_CONFIG) as Record<SectionName, Record<string, unknown>>;
}

/**
 * Validates an already-parsed config (as Probot's `context.config` returns it).
 * Missing keys take their defaults, invalid ones too (with a problem each),
 * unknown keys are reported and ignored. Never throws.
 */
export function parseConfig(raw: unknown): { config: Config; problems: ConfigProblem[] } {
  const config = freshDefaults();
  const problems: ConfigProblem[] = [];
  if (raw === null || raw === undefined) return { config: config as Config, problems };
  if (!isPlainObject(raw)) {
    problems.push({
      key: TOP_LEVEL_KEY,
      message: `the file must be a mapping of sections such as "labels:" and "weekly:" (got ${describe(raw)}); all defaults apply`,
    });
    return { config: config as Config, problems };
  }
  for (const [name, value] of Object.entries(raw)) {
    if (PROBOT_KEYS.has(name)) continue;
    if (!(SECTION_NAMES as string[]).includes(name)) {
      problems.push(unknownTopLevelKey(name));
      continue;
    }
    const section = name as SectionName;
    if (value === null || value === undefined) continue;
    if (!isPlainObject(value)) {
      problems.push({
        key: section,
        message: `must be a mapping of keys such as ${sectionKeys(section).join(', ')} (got ${describe(value)}); its defaults apply`,
      });
      continue;
    }
    const shape: Record<string, ZodType> = sections[section].shape;
    for (const [key, keyValue] of Object.entries(value)) {
      const schema = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (!schema) {
        problems.push(unknownSectionKey(section, key));
        continue;
      }
      const result = schema.safeParse(keyValue);
      if (result.success) config[section][key] = result.data;
      else problems.push(invalidValue(`${section}.${key}`, keyValue, result.error.issues[0]?.message ?? 'is invalid'));
    }
  }
  return { config: config as Config, problems };
}

/** The YAML node of the deepest existing key on a dotted path (the key itself, not its value). */
function keyNode(contents: unknown, path: string[]): YamlNode | null {
  let current = contents;
  let found: YamlNode | null = null;
  for (const segment of path) {
    if (!isMap(current)) break;
    const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
    if (!pair) break;
    found = pair.key as YamlNode;
    current = pair.value;
  }
  return found;
}

/**
 * Parses the config file's text: YAML syntax errors become one problem with
 * its line (and full defaults); otherwise as `parseConfig`, with each problem
 * carrying the line of its key when the key is in the file.
 */
export function parseConfigText(text: string, file = CONFIG_FILE): { config: Config; problems: ConfigProblem[] } {
  if (text.length > MAX_CONFIG_TEXT) {
    return {
      config: freshDefaults() as Config,
      problems: [{ key: TOP_LEVEL_KEY, message: `${file} is larger than 1 MB and was not read; all defaults apply`, line: 1 }],
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const reason = syntaxError.message.split('\n')[0];
    return {
      config: freshDefaults() as Config,
      problems: [
        {
          key: TOP_LEVEL_KEY,
          message: `${file} is not valid YAML: ${reason}; fix the syntax (all defaults apply until then)`,
          line: lineCounter.linePos(syntaxError.pos[0]).line,
        },
      ],
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      config: freshDefaults() as Config,
      problems: [
        {
          key: TOP_LEVEL_KEY,
          message: `${file} could not be read: ${(error as Error).message}; all defaults apply`,
          line: 1,
        },
      ],
    };
  }
  const { config, problems } = parseConfig(raw);
  return {
    config,
    problems: problems.map((problem) => {
      const node = problem.key === TOP_LEVEL_KEY ? null : keyNode(document.contents, problem.key.split('.'));
      const offset = node?.range?.[0] ?? document.contents?.range?.[0] ?? 0;
      return { ...problem, line: lineCounter.linePos(offset).line };
    }),
  };
}

/** Config problems as `invalid-config` warnings on the config file. */
export function configDiagnostics(problems: ConfigProblem[], file = CONFIG_FILE): Diagnostic[] {
  return problems.map((problem) => ({
    severity: 'warning',
    code: 'invalid-config',
    file,
    line: problem.line ?? 1,
    message: problem.key === TOP_LEVEL_KEY ? problem.message : `${problem.key}: ${problem.message}`,
  }));
}

/** The config with other roadmap globs (a command's `--path`, the Action's `path` input); none keeps `roadmap.paths`. */
export function withRoadmapPaths(config: Config, globs: readonly string[]): Config {
  return globs.length === 0 ? config : { ...config, roadmap: { ...config.roadmap, paths: [...globs] } };
}
