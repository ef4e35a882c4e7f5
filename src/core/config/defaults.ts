/**
 * The config's defaults without its schema: what every roadmap read needs
 * (the label prefix, the default paths) loads without zod or a YAML parser,
 * so a command without a config file starts fast.
 */
import type { Config } from './config.js';

export const CONFIG_FILE = '.github/roadmap-bot.yml';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_CONFIG: Config = deepFreeze({
  roadmap: {
    paths: ['roadmap/**/*.md', 'roadmap/**/*.yml', 'roadmap/**/*.yaml', 'skill-trees/**/*.toml'],
  },
  labels: { prefix: 'goal:', color: '0e8a16', sync: true },
  drift: { staleAfterDays: 180, dueSoonDays: 30 },
  review: { enabled: true, checkRun: true },
  issues: { linkComment: false, unknownLabelReply: true, command: true },
  weekly: {
    enabled: true,
    day: 'monday',
    time: '09:00',
    timezone: 'UTC',
    labels: ['roadmap-status'],
    closePrevious: true,
    mentionOwners: false,
  },
});
