/**
 * The fast fitter paths of issue 15 (block-sparse LM core, inlined PSPL kernels,
 * windowed grid, multi-start with loose runs, basin pruning and a resumed polish)
 * reach the same optimum as the previous paths on every fixture light curve.
 * The previous optima were recorded at commit 0d89b90 by make_previous_optima.ts.
 * "Same" means: the same χ² (relative 1e-9; both < 1e-18 for noise-free data) and
 * parameters within 1e-3 σ for PSPL; for phase curves the same rms (relative 1e-8)
 * and every parameter within 1e-3 of its reported error (noise-free: 1e-8
 * absolute), the spin axis up to its exact antipodal degeneracy (α0 + 180°, −δ0).
 */
import { assert } from "../assert.ts";
import { phaseOptima, psplOptima } from "./optima_cases.ts";

const previous = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/fit_previous_optima.json", import.meta.url)),
);

Deno.test("fitPSPL reaches the previous optimum on every fixture light curve", () => {
  const now = psplOptima();
  for (const [name, was] of Object.entries(previous.pspl) as [string, Record<string, number>][]) {
    const is = now[name];
    assert(is, `${name}: case missing`);
    assert(Math.sign(is.status) === Math.sign(was.status), `${name}: status ${is.status}`);
    // JSON keeps NaN as null (a magnitude χ² with a model flux ≤ 0).
    if (was.chi2 === null) assert(Number.isNaN(is.chi2), `${name}: χ² ${is.chi2}`);
    else if (was.chi2 < 1e-18) assert(is.chi2 < 1e-18, `${name}: χ² ${is.chi2}`);
    else {assert(
        Math.abs(is.chi2 - was.chi2) <= 1e-9 * was.chi2,
        `${name}: χ² ${is.chi2} vs ${was.chi2}`,
      );}
    if (name === "flat") continue; // no signal: (t0, u0, tE) undetermined, only χ² is defined
    for (const k of ["t0", "u0", "tE"]) {
      const tol = 1e-3 * was[`sigma_${k}`];
      assert(
        Math.abs(is[k] - was[k]) <= tol,
        `${name}: ${k} ${is[k]} vs ${was[k]} (1e-3σ = ${tol})`,
      );
    }
    for (const k of Object.keys(was).filter((k) => /^f[sb]_/.test(k))) {
      assert(Math.abs(is[k] - was[k]) <= 1e-5 * Math.abs(was[k]) + 1e-9, `${name}: ${k}`);
    }
  }
});

Deno.test("fitPhaseCurve reaches the previous optimum on every fixture light curve", () => {
  const now = phaseOptima();
  const skip = /^(err_|rms|chi2red|n_obs|min_|max_|mean_|median_|a_b|a_c|status|fit|n_rejected)/;
  for (const [name, was] of Object.entries(previous.phase) as [string, Record<string, number>][]) {
    const is = now[name];
    assert(is, `${name}: case missing`);
    assert(is.fit === was.fit && Math.sign(is.status) === Math.sign(was.status), `${name}: status`);
    const noiseFree = was.rms < 1e-6;
    if (noiseFree) assert(is.rms < 1e-6, `${name}: rms ${is.rms}`);
    else {assert(
        Math.abs(is.rms - was.rms) <= 1e-8 * was.rms,
        `${name}: rms ${is.rms} vs ${was.rms}`,
      );}
    // The pole (α0, δ0) and its antipode fit identically: compare with the nearer one.
    const pole = { ...was };
    if ("alpha0" in was) {
      const d = Math.abs(((is.alpha0 - was.alpha0 + 540) % 360) - 180);
      if (d > 90) pole.alpha0 = (was.alpha0 + 180) % 360, pole.delta0 = -was.delta0;
    }
    for (const k of Object.keys(was).filter((k) => !skip.test(k))) {
      const diff = k === "alpha0"
        ? Math.abs(((is[k] - pole[k] + 540) % 360) - 180)
        : Math.abs(is[k] - pole[k]);
      const tol = noiseFree ? 1e-8 : 1e-3 * was[`err_${k}`];
      assert(diff <= tol, `${name}: ${k} ${is[k]} vs ${pole[k]} (tolerance ${tol})`);
    }
  }
});
