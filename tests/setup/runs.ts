/**
 * How hard the property tests try. `ROADMAP_BOT_TEST_RUNS` multiplies every
 * property's run count (default 1; `npm run test:deep` sets 20). A failing
 * property prints its seed and path: replay it with fast-check's `seed` and
 * `path` parameters.
 */
const factor = Number(process.env.ROADMAP_BOT_TEST_RUNS ?? '1');
if (!(factor > 0))
  throw new Error(`ROADMAP_BOT_TEST_RUNS must be a positive number, not ${JSON.stringify(process.env.ROADMAP_BOT_TEST_RUNS)}`);

/** fast-check parameters: `base` runs, times ROADMAP_BOT_TEST_RUNS. */
export function runs(base: number): { numRuns: number } {
  return { numRuns: Math.max(1, Math.round(base * factor)) };
}
