import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  CONFIG_FILE,
  configDiagnostics,
  configSchema,
  DEFAULT_CONFIG,
  parseConfig,
  parseConfigText,
  TOP_LEVEL_KEY,
} from '../../src/core/config/config.js';

describe('defaults', () => {
  test.each([
    ['roadmap.paths', ['roadmap/**/*.md', 'roadmap/**/*.yml', 'roadmap/**/*.yaml', 'skill-trees/**/*.toml']],
    ['labels.prefix', 'goal:'],
    ['labels.color', '0e8a16'],
    ['labels.sync', true],
    ['drift.staleAfterDays', 180],
    ['drift.dueSoonDays', 30],
    ['review.enabled', true],
    ['review.checkRun', true],
    ['issues.linkComment', false],
    ['issues.unknownLabelReply', true],
    ['issues.command', true],
    ['weekly.enabled', true],
    ['weekly.day', 'monday'],
    ['weekly.time', '09:00'],
    ['weekly.timezone', 'UTC'],
    ['weekly.labels', ['roadmap-status']],
    ['weekly.closePrevious', true],
    ['weekly.mentionOwners', false],
  ])('%s defaults to %j', (key, value) => {
    const [section, name] = key.split('.');
    const pick = (config: unknown) => (config as Record<string, Record<string, unknown>>)[section][name];
    expect(pick(DEFAULT_CONFIG)).toEqual(value);
    for (const raw of [undefined, null, {}, { [section]: null }, { [section]: {} }]) {
      const { config, problems } = parseConfig(raw);
      expect(pick(config)).toEqual(value);
      expect(problems).toEqual([]);
    }
  });

  test('the defaults satisfy the schema', () => {
    expect(configSchema.parse(DEFAULT_CONFIG)).toEqual(DEFAULT_CONFIG);
  });

  test('DEFAULT_CONFIG cannot be changed through a parsed config', () => {
    const { config } = parseConfig({});
    config.weekly.labels.push('extra');
    config.labels.prefix = 'x:';
    expect(DEFAULT_CONFIG.weekly.labels).toEqual(['roadmap-status']);
    expect(DEFAULT_CONFIG.labels.prefix).toBe('goal:');
    expect(Object.isFrozen(DEFAULT_CONFIG.weekly.labels)).toBe(true);
  });
});

describe('valid values are kept and normalised', () => {
  test('every key at once', () => {
    const { config, problems } = parseConfig({
      _extends: '.github',
      roadmap: { paths: ['docs/roadmap/*.md'] },
      labels: { prefix: 'area/', color: '#ABCDEF', sync: false },
      drift: { staleAfterDays: 90, dueSoonDays: 0 },
      review: { enabled: false, checkRun: false },
      issues: { linkComment: true, unknownLabelReply: false, command: false },
      weekly: {
        enabled: false,
        day: ' Friday ',
        time: '7:30',
        timezone: 'Europe/Berlin',
        labels: ['status', 'roadmap'],
        closePrevious: false,
        mentionOwners: true,
      },
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      roadmap: { paths: ['docs/roadmap/*.md'] },
      labels: { prefix: 'area/', color: 'abcdef', sync: false },
      drift: { staleAfterDays: 90, dueSoonDays: 0 },
      review: { enabled: false, checkRun: false },
      issues: { linkComment: true, unknownLabelReply: false, command: false },
      weekly: {
        enabled: false,
        day: 'friday',
        time: '07:30',
        timezone: 'Europe/Berlin',
        labels: ['status', 'roadmap'],
        closePrevious: false,
        mentionOwners: true,
      },
    });
  });

  test('a single string is a list of one', () => {
    const { config, problems } = parseConfig({ roadmap: { paths: 'plan/*.md' }, weekly: { labels: 'status' } });
    expect(problems).toEqual([]);
    expect(config.roadmap.paths).toEqual(['plan/*.md']);
    expect(config.weekly.labels).toEqual(['status']);
  });

  test.each(['00:00', '23:59', '12:05'])('time %s is valid', (time) => {
    expect(parseConfig({ weekly: { time } }).config.weekly.time).toBe(time);
  });

  test.each(['UTC', 'America/New_York', 'Asia/Kolkata'])('timezone %s is valid', (timezone) => {
    expect(parseConfig({ weekly: { timezone } }).problems).toEqual([]);
  });
});

describe('invalid values fall back to their default, with a problem naming the key and the fix', () => {
  test.each([
    ['roadmap', 'paths', [], /list of glob patterns/],
    ['roadmap', 'paths', [''], /list of glob patterns/],
    ['roadmap', 'paths', [1, 2], /list of glob patterns/],
    ['roadmap', 'paths', { a: 1 }, /got a mapping/],
    ['labels', 'prefix', '', /non-empty text/],
    ['labels', 'prefix', 'p'.repeat(41), /at most 40 characters/],
    ['labels', 'prefix', 5, /got 5/],
    ['labels', 'color', 'green', /6-digit hex colour.*got "green"/],
    ['labels', 'color', '0e8a1', /6-digit hex colour/],
    ['labels', 'color', '##0e8a16', /6-digit hex colour/],
    ['labels', 'color', 123456, /in quotes/],
    ['labels', 'color', null, /unquoted # starts a YAML comment.*got nothing/],
    ['labels', 'sync', 'yes', /true or false/],
    ['drift', 'staleAfterDays', 0, /whole number of days above 0/],
    ['drift', 'staleAfterDays', -5, /above 0/],
    ['drift', 'staleAfterDays', 1.5, /whole number/],
    ['drift', 'staleAfterDays', '180', /got "180"/],
    ['drift', 'dueSoonDays', -1, /0 or more/],
    ['review', 'enabled', 1, /true or false/],
    ['review', 'checkRun', 'false', /true or false/],
    ['issues', 'linkComment', [], /got a list/],
    ['issues', 'unknownLabelReply', 'no', /true or false/],
    ['issues', 'command', null, /true or false/],
    ['weekly', 'enabled', 'on', /true or false/],
    ['weekly', 'day', 'mondy', /weekday name.*did you mean "monday"/],
    ['weekly', 'day', 'someday', /weekday name/],
    ['weekly', 'day', 3, /weekday name/],
    ['weekly', 'time', '25:00', /24-hour time "HH:MM"/],
    ['weekly', 'time', '9am', /HH:MM/],
    ['weekly', 'time', 540, /in quotes/],
    ['weekly', 'timezone', 'Mars/Olympus_Mons', /IANA time zone/],
    ['weekly', 'timezone', '', /IANA time zone/],
    ['weekly', 'labels', [], /list of label names/],
    ['weekly', 'labels', ['ok', '  '], /list of label names/],
    ['weekly', 'closePrevious', 'true', /true or false/],
    ['weekly', 'mentionOwners', 0, /true or false/],
  ])('%s.%s = %j', (section, key, value, reason) => {
    const raw: Record<string, Record<string, unknown>> = { labels: { prefix: 'kept:' } };
    raw[section] = { ...raw[section], [key]: value };
    const { config, problems } = parseConfig(raw);
    const dotted = `${section}.${key}`;
    const defaults = DEFAULT_CONFIG as unknown as Record<string, Record<string, unknown>>;
    const got = config as unknown as Record<string, Record<string, unknown>>;
    expect(got[section][key]).toEqual(defaults[section][key]);
    if (dotted !== 'labels.prefix') expect(config.labels.prefix).toBe('kept:');
    expect(problems).toHaveLength(1);
    const problem = problems.find((p) => p.key === dotted);
    expect(problem?.message).toMatch(reason);
    expect(problem?.message).toMatch(/the default applies$/);
  });

  test('valid keys next to an invalid one are kept', () => {
    const { config, problems } = parseConfig({ labels: { prefix: 'area:', color: 'nope', sync: false } });
    expect(config.labels).toEqual({ prefix: 'area:', color: '0e8a16', sync: false });
    expect(problems.map((p) => p.key)).toEqual(['labels.color']);
  });

  test('a section that is not a mapping is one problem and its defaults', () => {
    const { config, problems } = parseConfig({ drift: 5, weekly: { day: 'tuesday' } });
    expect(config.drift).toEqual(DEFAULT_CONFIG.drift);
    expect(config.weekly.day).toBe('tuesday');
    expect(problems).toEqual([{ key: 'drift', message: expect.stringMatching(/must be a mapping of keys such as staleAfterDays/) }]);
  });

  test.each([[42], ['text'], [['a', 'b']], [true]])('a top level of %j is one problem and full defaults', (raw) => {
    const { config, problems } = parseConfig(raw);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toHaveLength(1);
    expect(problems[0].key).toBe(TOP_LEVEL_KEY);
    expect(problems[0].message).toMatch(/must be a mapping of sections/);
  });
});

describe('unknown keys are reported and ignored', () => {
  test('a misspelt key in a section', () => {
    const { config, problems } = parseConfig({ labels: { colour: 'ff0000', prefix: 'x:' } });
    expect(config.labels).toEqual({ ...DEFAULT_CONFIG.labels, prefix: 'x:' });
    expect(problems).toEqual([{ key: 'labels.colour', message: 'unknown key, ignored; did you mean "labels.color"?' }]);
  });

  test('a key in the wrong section points to the right one', () => {
    const { problems } = parseConfig({ labels: { staleAfterDays: 10 } });
    expect(problems[0]).toEqual({
      key: 'labels.staleAfterDays',
      message: 'unknown key, ignored; did you mean "drift.staleAfterDays"?',
    });
  });

  test('a leaf key at the top level points to its section', () => {
    const { problems } = parseConfig({ staleAfterDays: 10 });
    expect(problems[0]).toEqual({ key: 'staleAfterDays', message: 'unknown key, ignored; did you mean "drift.staleAfterDays"?' });
  });

  test('a misspelt section', () => {
    const { problems } = parseConfig({ weekley: { day: 'monday' } });
    expect(problems[0].message).toMatch(/did you mean "weekly"/);
  });

  test('with nothing close, the known keys are listed', () => {
    expect(parseConfig({ zzzzzz: 1 }).problems[0].message).toMatch(/known sections: roadmap, labels, drift, review, issues, weekly/);
    expect(parseConfig({ review: { qqqqqq: 1 } }).problems[0].message).toMatch(/known keys here: enabled, checkRun/);
  });

  test('_extends is left to Probot', () => {
    expect(parseConfig({ _extends: 'other-repo' }).problems).toEqual([]);
  });

  test('prototype-ish keys are just unknown keys', () => {
    const raw = JSON.parse('{"__proto__": {"labels": 1}, "labels": {"constructor": 1, "toString": 2}}');
    const { config, problems } = parseConfig(raw);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems.map((p) => p.key)).toEqual(['__proto__', 'labels.constructor', 'labels.toString']);
  });
});

describe('parseConfigText', () => {
  test('an empty file is all defaults', () => {
    expect(parseConfigText('')).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(parseConfigText('# just a comment\n')).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  test('reads values and gives each problem the line of its key', () => {
    const text = [
      'labels:',
      '  prefix: "area:"',
      '  color: #0e8a16',
      'weekly:',
      '  day: Friday',
      '  time: "25:00"',
      '  colour: red',
      'unknown: 1',
    ].join('\n');
    const { config, problems } = parseConfigText(text);
    expect(config.labels.prefix).toBe('area:');
    expect(config.weekly.day).toBe('friday');
    expect(problems.map(({ key, line }) => ({ key, line }))).toEqual([
      { key: 'labels.color', line: 3 },
      { key: 'weekly.time', line: 6 },
      { key: 'weekly.colour', line: 7 },
      { key: 'unknown', line: 8 },
    ]);
  });

  test('a section that is not a mapping points at its key', () => {
    const { problems } = parseConfigText('review: {}\ndrift: 5\n');
    expect(problems).toEqual([expect.objectContaining({ key: 'drift', line: 2 })]);
  });

  test('a YAML syntax error is one problem with its line, and full defaults', () => {
    const { config, problems } = parseConfigText('labels:\n  prefix: "x:"\nweekly: [monday\n  time: 1\n', 'config.yml');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toHaveLength(1);
    expect(problems[0].key).toBe(TOP_LEVEL_KEY);
    expect(problems[0].message).toMatch(/^config.yml is not valid YAML: .+; fix the syntax/);
    expect(problems[0].line).toBeGreaterThanOrEqual(3);
  });

  test('duplicate keys are a syntax error at the second one', () => {
    const { problems } = parseConfigText('labels:\n  sync: true\nlabels:\n  sync: false\n');
    expect(problems).toEqual([expect.objectContaining({ key: TOP_LEVEL_KEY, line: 3 })]);
    expect(problems[0].message).toMatch(/unique/);
  });

  test('a top level that is not a mapping', () => {
    const { config, problems } = parseConfigText('\n- a\n- b\n');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toEqual([expect.objectContaining({ key: TOP_LEVEL_KEY, line: 2 })]);
  });

  test('an alias bomb is refused, not expanded', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const { config, problems } = parseConfigText(lines.join('\n'));
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/could not be read/);
  });

  test('oversize text is refused', () => {
    const { problems } = parseConfigText(`# ${'x'.repeat(1_000_001)}`);
    expect(problems).toEqual([expect.objectContaining({ key: TOP_LEVEL_KEY, line: 1 })]);
    expect(problems[0].message).toMatch(/larger than 1 MB/);
  });

  test('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const { config, problems } = parseConfigText(text);
        expect(configSchema.safeParse(config).success).toBe(true);
        for (const problem of problems) expect(problem.line).toBeGreaterThanOrEqual(1);
      }),
      runs(1000),
    );
  });

  test('never throws on arbitrary parsed values, and always returns a valid config', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const { config } = parseConfig(raw);
        expect(configSchema.safeParse(config).success).toBe(true);
      }),
      runs(1000),
    );
  });
});

describe('configDiagnostics', () => {
  test('turns problems into invalid-config warnings on the config file', () => {
    const { problems } = parseConfigText('labels:\n  color: nope\n');
    expect(configDiagnostics(problems)).toEqual([
      {
        severity: 'warning',
        code: 'invalid-config',
        file: CONFIG_FILE,
        line: 2,
        message: expect.stringMatching(/^labels\.color: must be a 6-digit hex colour/),
      },
    ]);
    expect(configDiagnostics([{ key: TOP_LEVEL_KEY, message: 'broken' }], 'x.yml')).toEqual([
      { severity: 'warning', code: 'invalid-config', file: 'x.yml', line: 1, message: 'broken' },
    ]);
  });
});
