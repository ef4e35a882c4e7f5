/**
 * How long one of Octokit's seconds lasts in the tests (throttling between
 * writes, retry back-off, `retry-after`), as a fraction of a real second:
 * `ROADMAP_BOT_TEST_TIME_SCALE`, default 0.02. The same requests in the same
 * order; set it to 1 to run with production's timing.
 */
export const TEST_TIME_SCALE = timeScaleFromEnvironment(process.env.ROADMAP_BOT_TEST_TIME_SCALE);

function timeScaleFromEnvironment(value: string | undefined): number {
  if (value === undefined || value === '') return 0.02;
  const scale = Number(value);
  if (!(scale > 0 && scale <= 1)) throw new Error(`ROADMAP_BOT_TEST_TIME_SCALE must be a number in (0, 1], not ${JSON.stringify(value)}`);
  return scale;
}

/** The environment a CLI command under test reads: its own settings, with the tests' time scale. */
export function scaledEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ROADMAP_BOT_TEST_TIME_SCALE: String(TEST_TIME_SCALE), ...env };
}
