/**
 * Records the optima of the fitters as they were before the speed work of
 * issue 15 into `tests/fixtures/fit_previous_optima.json`; `same_optimum_test.ts`
 * checks that the fast paths reach the same optima. It must run against the
 * fit/ of commit 0d89b90 (the last commit with the previous paths), e.g.:
 *   mkdir /tmp/old && git archive 0d89b90 fit tests/assert.ts tests/fixtures deno.json | tar -x -C /tmp/old
 *   ln -s "$PWD/data" /tmp/old/data && mkdir -p /tmp/old/tests/fit
 *   cp tests/fit/optima_cases.ts tests/fit/make_previous_optima.ts /tmp/old/tests/fit/
 *   (cd /tmp/old && deno run -A tests/fit/make_previous_optima.ts)
 *   cp /tmp/old/tests/fixtures/fit_previous_optima.json tests/fixtures/
 *
 * @module
 */
import { phaseOptima, psplOptima } from "./optima_cases.ts";

const out = {
  provenance:
    "fitPSPL / fitPhaseCurve at finkit commit 0d89b90 (before the issue-15 speed work), " +
    "recorded by tests/fit/make_previous_optima.ts",
  pspl: psplOptima(),
  phase: phaseOptima(),
};
Deno.writeTextFileSync(
  new URL("../fixtures/fit_previous_optima.json", import.meta.url),
  JSON.stringify(out, null, 1) + "\n",
);
console.log(
  `${Object.keys(out.pspl).length} PSPL and ${Object.keys(out.phase).length} phase-curve optima`,
);
