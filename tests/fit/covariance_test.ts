/**
 * The fitters' covariance matrices against an independent computation: (JᵀJ)⁻¹ · s² with J the
 * central finite differences of the residuals at the fitted optimum (the fitters use analytic
 * Jacobians), and their consistency with the 1σ errors they report.
 */
import { assert, assertEquals } from "../assert.ts";
import { fitPSPL, psplMagnification } from "../../fit/microlensing.ts";
import { fitPhaseCurve, funcHg1g2, type PhaseCurveResult } from "../../fit/phasecurve.ts";

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/fitters.json", import.meta.url)),
);
const S = fx.pspl.SYN2B;
const SYN = { t: S.data.t, mag: S.data.mag, magErr: S.data.err, band: S.data.band };
const P = fx.phase_curves.SYN_sHG1G2.data;
const D = Math.PI / 180;

/** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan, partial pivoting). */
function inverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}

/** (JᵀJ)⁻¹ · scale, J = central differences of `residuals` at `q` with steps `h`. */
function covarianceAt(
  residuals: (q: number[]) => number[],
  q: number[],
  h: number[],
  scale: number,
): number[][] {
  const cols = q.map((_, j) => {
    const up = residuals(q.map((v, k) => (k === j ? v + h[j] : v)));
    const down = residuals(q.map((v, k) => (k === j ? v - h[j] : v)));
    return up.map((u, i) => (u - down[i]) / (2 * h[j]));
  });
  const jtj = cols.map((a) => cols.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
  return inverse(jtj).map((row) => row.map((v) => v * scale));
}

/** Every entry within `tol` of the reference, relative to √(C_ii C_jj). */
function assertCovariance(got: number[][], ref: number[][], tol: number, what: string) {
  ref.forEach((row, i) =>
    row.forEach((v, j) => {
      const unit = Math.sqrt(ref[i][i] * ref[j][j]);
      assert(Math.abs(got[i][j] - v) <= tol * unit, `${what} [${i}][${j}]: ${got[i][j]} vs ${v}`);
    })
  );
}

Deno.test("PSPL covariance of (t0, u0, tE) = the flux-marginalised block of (JᵀJ)⁻¹ by finite differences (1e-4)", () => {
  for (const space of ["mag", "flux"] as const) {
    const r = fitPSPL(SYN, { space });
    assert(r.status > 0, r.message);
    const bands = r.bands.map(Number);
    // All parameters: t0, u0, tE, then fs, fb per band; residuals in the space fitted.
    const q = [r.t0, r.u0, r.tE, ...r.bands.flatMap((b) => [r.fluxes[b].fs, r.fluxes[b].fb])];
    const residuals = (x: number[]) =>
      SYN.t.map((t: number, i: number) => {
        const b = bands.indexOf(SYN.band[i]);
        const A = psplMagnification(t, { t0: x[0], u0: x[1], tE: x[2] });
        const F = x[3 + 2 * b] * A + x[4 + 2 * b];
        const Fobs = 10 ** (0.4 * (22 - SYN.mag[i]));
        return space === "mag"
          ? (22 - 2.5 * Math.log10(F) - SYN.mag[i]) / SYN.magErr[i]
          : (F - Fobs) / (SYN.magErr[i] * Fobs * Math.LN10 / 2.5);
      });
    const h = [1e-4, 1e-6, 1e-4, ...q.slice(3).map((v) => 1e-6 * Math.abs(v))];
    const full = covarianceAt(residuals, q, h, 1); // errors given: σ not rescaled
    const ref = full.slice(0, 3).map((row) => row.slice(0, 3));
    assertCovariance(r.covariance, ref, 1e-4, space);
    (["t0", "u0", "tE"] as const).forEach((k, i) =>
      assert(Math.abs(Math.sqrt(r.covariance[i][i]) / r.sigma[k] - 1) < 1e-12, k)
    );
    // t0 and tE are nearly independent for a well-sampled event; u0 and tE strongly anti-correlated.
    const corr = (i: number, j: number) =>
      r.covariance[i][j] / Math.sqrt(r.covariance[i][i] * r.covariance[j][j]);
    assert(corr(1, 2) < -0.5, `corr(u0, tE) ${corr(1, 2)}`);
  }
});

Deno.test("HG1G2 covariance (linear loss) = (JᵀJ)⁻¹ · Σr²/(N − p) by finite differences (1e-5), named", () => {
  const r = fitPhaseCurve({ phase: P.phase_deg, mag: P.mag, err: P.err, band: P.fid }, {
    model: "HG1G2",
    loss: "linear",
  });
  assert(r.status > 0, r.message);
  assertEquals(r.covariance.names, ["H_1", "G1_1", "G2_1", "H_2", "G1_2", "G2_2"]);
  const get = (k: string) => (r as unknown as Record<string, number>)[k];
  const q = r.covariance.names.map(get);
  const residuals = (x: number[]) =>
    P.phase_deg.map((a: number, i: number) => {
      const o = P.fid[i] === 1 ? 0 : 3;
      return funcHg1g2(a * D, { H: x[o], G1: x[o + 1], G2: x[o + 2] }) - P.mag[i];
    });
  const N = P.mag.length;
  const s2 = residuals(q).reduce((s: number, v: number) => s + v * v, 0) / (N - q.length);
  const ref = covarianceAt(residuals, q, q.map(() => 1e-6), s2);
  assertCovariance(r.covariance.matrix, ref, 1e-5, "HG1G2");
  checkErrors(r);
});

Deno.test("SHG1G2 covariance: √diagonal = the err_ keys (pole angles in degrees), symmetric, positive definite", () => {
  const r = fitPhaseCurve({
    phase: P.phase_deg,
    mag: P.mag,
    err: P.err,
    band: P.fid,
    ra: P.ra_deg,
    dec: P.dec_deg,
  }, { model: "SHG1G2" });
  assert(r.status > 0, r.message);
  assertEquals(r.covariance.names.slice(0, 4), ["R", "alpha0", "delta0", "H_1"]);
  checkErrors(r);
  const m = r.covariance.matrix;
  m.forEach((row, i) => row.forEach((v, j) => assert(v === m[j][i], `[${i}][${j}]`)));
  // Positive definite: its inverse's diagonal is positive.
  assert(inverse(m).every((row, i) => row[i] > 0));
});

Deno.test("a fit that cannot run has an empty covariance; PSPL's is NaN", () => {
  const r = fitPhaseCurve({ phase: [1, 2], mag: [15, 15.1] }, { model: "HG1G2" });
  assertEquals(r.covariance, { names: [], matrix: [] });
  const p = fitPSPL({ t: [1, 2, 3], mag: [18, 18, 18], magErr: [0.1, 0.1, 0.1] });
  assert(p.covariance.flat().every(Number.isNaN) && p.covariance.length === 3);
});

function checkErrors(r: PhaseCurveResult) {
  const get = (k: string) => (r as unknown as Record<string, number>)[k];
  r.covariance.names.forEach((name, i) => {
    const err = get(`err_${name}`);
    assert(Math.abs(Math.sqrt(r.covariance.matrix[i][i]) / err - 1) < 1e-12, name);
  });
}
