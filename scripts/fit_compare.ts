/**
 * Compare the fitters with another version of `fit/` on random light curves:
 * every output of `fitPSPL` and `fitPhaseCurve` (parameters, errors, χ², status,
 * messages, statistics), bit for bit, and for the fits that differ whether the
 * optimum is the same (χ² to 1e-9, rms to 1e-8), better or worse. PSPL: 30–1,530
 * points in 1–3 bands, magnitudes with and without errors or fluxes, 4 option
 * sets each; phase curves: sHG1G2 on random geometries (1–3 bands, 20–420
 * points), every fourth set also weighted, linear, HG1G2, HG, HG12, HG12*.
 *
 * Run: git archive <commit> fit | tar -x -C /tmp/old &&
 *      deno run -A scripts/fit_compare.ts /tmp/old/fit [light curves, default 200] [seed]
 *
 * @module
 */
import { fitPSPL, psplMagnification } from "../fit/microlensing.ts";
import { fitPhaseCurve, funcShg1g2 } from "../fit/phasecurve.ts";

const dir = Deno.args[0];
if (!dir) {
  console.error("usage: deno run -A scripts/fit_compare.ts <other fit/ folder> [n] [seed]");
  Deno.exit(2);
}
const base = new URL(`file://${await Deno.realPath(dir)}/`);
const old = {
  fitPSPL: (await import(new URL("microlensing.ts", base).href)).fitPSPL as typeof fitPSPL,
  fitPhaseCurve: (await import(new URL("phasecurve.ts", base).href))
    .fitPhaseCurve as typeof fitPhaseCurve,
};
const n = Number(Deno.args[1] ?? 200);
let seed = Number(Deno.args[2] ?? 4242);
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
const key = (r: unknown) =>
  JSON.stringify(
    r,
    (_, v) =>
      typeof v === "function"
        ? undefined
        : typeof v === "number"
        ? Object.is(v, -0) ? "-0" : `${v}`
        : v,
  );
const count = { identical: 0, sameOptimum: 0, better: 0, worse: 0 };
function compare(what: string, now: number, was: number, same: boolean, tol: number) {
  if (same) return count.identical++;
  const rel = (now - was) / was;
  if (Math.abs(rel) <= tol || (Number.isNaN(now) && Number.isNaN(was))) count.sameOptimum++;
  else if (rel < 0) count.better++;
  else count.worse++;
  console.log(`${what}: ${now} vs ${was}`);
}

for (let k = 0; k < n; k++) {
  const N = 30 + Math.floor(rnd() * 1500), nb = 1 + Math.floor(rnd() * 3), span = 50 + rnd() * 2000;
  const th = {
    t0: 2459000 + span * (1.2 * rnd() - 0.1),
    u0: 0.005 + 1.5 * rnd(),
    tE: 0.5 + 300 * rnd(),
  };
  const fs = Array.from({ length: nb }, () => 10 ** (0.4 * (7 - 6 * rnd())));
  const fb = fs.map((f) => f * (3 * rnd() - 0.3));
  let t = Array.from({ length: N }, () => 2459000 + rnd() * span);
  if (rnd() < 0.5) t = t.sort((a, b) => a - b);
  const band = t.map(() => "gri"[Math.floor(rnd() * nb)]), err = t.map(() => 0.005 + 0.2 * rnd());
  const F = t.map((x, i) =>
    fs["gri".indexOf(band[i])] * psplMagnification(x, th) + fb["gri".indexOf(band[i])]
  );
  const mag = F.map((f, i) => 22 - 2.5 * Math.log10(Math.max(f, 1e-3)) + err[i] * gauss());
  const kind = rnd(), fe = F.map((f, i) => f * err[i] / 1.0857);
  const d = kind < 0.3
    ? { t, flux: F.map((f, i) => f + fe[i] * gauss()), fluxErr: fe, band }
    : kind < 0.4
    ? { t, mag, band }
    : { t, mag, magErr: err, band };
  for (
    const o of [{}, { space: "flux" }, { space: "mag", blend: "zero" }, {
      rescaleErrors: true,
      zeroPoint: 27.4,
    }] as const
  ) {
    const a = fitPSPL(d, o), b = old.fitPSPL(d, o);
    compare(`PSPL ${k} ${JSON.stringify(o)} χ²`, a.chi2, b.chi2, key(a) === key(b), 1e-9);
  }
}
const D = Math.PI / 180;
for (let k = 0; k < n; k++) {
  const N = 20 + Math.floor(rnd() * 400), nb = 1 + Math.floor(rnd() * 3);
  const R = 0.3 + 0.7 * rnd(), a0 = 360 * rnd() * D, d0 = (180 * rnd() - 90) * D;
  const H = Array.from({ length: nb }, () => 10 + 8 * rnd()), G1 = H.map(() => 0.8 * rnd());
  const G2 = H.map(() => 0.4 * rnd());
  const ra0 = 360 * rnd(),
    dec0 = 120 * rnd() - 60,
    arc = 5 + 150 * rnd(),
    noise = 0.005 + 0.15 * rnd();
  const d = {
    phase: [] as number[],
    mag: [] as number[],
    err: [] as number[],
    band: [] as number[],
    ra: [] as number[],
    dec: [] as number[],
  };
  for (let i = 0; i < N; i++) {
    const s = rnd(), b = Math.floor(rnd() * nb), ph = 0.5 + 30 * rnd();
    const ra = (ra0 + s * arc) % 360,
      dec = Math.max(-89, Math.min(89, dec0 + (s - 0.5) * arc * 0.3));
    d.phase.push(ph),
      d.ra.push(ra),
      d.dec.push(dec),
      d.band.push(b + 1),
      d.err.push(0.01 + 0.1 * rnd());
    const p = { H: H[b], G1: G1[b], G2: G2[b], R, alpha0: a0, delta0: d0 };
    d.mag.push(funcShg1g2(ph * D, ra * D, dec * D, p) + noise * gauss());
  }
  const opts: Record<string, unknown>[] = [{ model: "SHG1G2" }];
  if (k % 4 === 0) {
    opts.push({ model: "SHG1G2", weighted: true }, { model: "SHG1G2", loss: "linear" });
    for (const model of ["HG1G2", "HG", "HG12", "HG12star"]) opts.push({ model });
  }
  for (const o of opts) {
    const a = fitPhaseCurve(d, o), b = old.fitPhaseCurve(d, o);
    compare(
      `phase curve ${k} ${JSON.stringify(o)} rms`,
      a.rms as number,
      b.rms as number,
      key(a) === key(b),
      1e-8,
    );
  }
}
console.log(JSON.stringify(count));
