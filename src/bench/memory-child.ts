/**
 * Child process of the bench's memory measurement: `memory-child.js CASE`
 * analyses one roadmap in a fresh process and prints its peak memory as JSON.
 */
import { ANALYSIS_CASES, reportMemory, type AnalysisCaseName } from './analysis.js';

const name = process.argv[2];
const known = ANALYSIS_CASES.find((entry) => entry.name === name);
if (known) {
  await reportMemory(known.name satisfies AnalysisCaseName);
} else {
  process.stderr.write(`memory-child: unknown case "${name ?? ''}" (one of ${ANALYSIS_CASES.map((entry) => entry.name).join(', ')})\n`);
  process.exitCode = 2;
}
