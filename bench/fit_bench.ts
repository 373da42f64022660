/**
 * Speed of the least-squares fitters: PSPL on 400 points (2 bands), sHG1G2
 * and HG1G2 on the 200-point SYN_sHG1G2 reference set.
 * Run: deno bench -A bench/fit_bench.ts
 *
 * @module
 */
import { fitPSPL, psplMagnification } from "../fit/microlensing.ts";
import { fitPhaseCurve } from "../fit/phasecurve.ts";

const fixtures = JSON.parse(
  Deno.readTextFileSync(new URL("../tests/fixtures/fitters.json", import.meta.url)),
);

// PSPL: the SYN2B recipe (spec §2.2) extended to 400 points.
const PHI = (Math.sqrt(5) - 1) / 2, frac = (x: number) => x - Math.floor(x);
const truth = { t0: 2459100.3, u0: 0.12, tE: 18.5 };
const t: number[] = [], mag: number[] = [], magErr: number[] = [], band: number[] = [];
for (let k = 1; k <= 400; k++) {
  const tk = 2459000 + Math.floor(200 * frac(k * PHI)) + 0.15 * frac(k * Math.SQRT2);
  const b = frac(k * Math.sqrt(3)) < 0.5 ? 1 : 2;
  const fs = 10 ** (0.4 * (22 - (b === 1 ? 19.2 : 18.7))), fb = fs * (b === 1 ? 0.3 : 0.5);
  const err = 0.02 + 0.03 * frac(k * PHI * 7);
  t.push(tk);
  band.push(b);
  magErr.push(err);
  mag.push(
    22 - 2.5 * Math.log10(fs * psplMagnification(tk, truth) + fb) + err * Math.sin(91.7 * k),
  );
}
const pspl = { t, mag, magErr, band };

const s = fixtures.phase_curves.SYN_sHG1G2.data;
const sso = {
  phase: s.phase_deg,
  mag: s.mag,
  err: s.err,
  band: s.fid,
  ra: s.ra_deg,
  dec: s.dec_deg,
};

Deno.bench("PSPL fit, 400 points, 2 bands, mag χ² (grid + LM)", () => {
  fitPSPL(pspl);
});
Deno.bench("PSPL fit, 400 points, 2 bands, flux χ² (grid + LM)", () => {
  fitPSPL(pspl, { space: "flux" });
});
Deno.bench("sHG1G2 fit, 200 points, 2 bands (soft_l1)", () => {
  fitPhaseCurve(sso, { model: "SHG1G2" });
});
Deno.bench("HG1G2 fit, 200 points, 2 bands (soft_l1)", () => {
  fitPhaseCurve(sso, { model: "HG1G2" });
});
Deno.bench("HG fit, 200 points, 2 bands (soft_l1)", () => {
  fitPhaseCurve(sso, { model: "HG" });
});
