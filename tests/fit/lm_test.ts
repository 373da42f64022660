import { assert, assertAlmostEquals, assertEquals } from "../assert.ts";
import { leastSquares, type ResidualFunction } from "../../fit/lm.ts";
import { invertSPD } from "../../fit/lm/linalg.ts";

// y = a·exp(−b x) + c, noise-free at (2, 0.5, 0.3).
const X = Array.from({ length: 20 }, (_, i) => i * 0.5);
const Y = X.map((x) => 2 * Math.exp(-0.5 * x) + 0.3);
const expModel = (y: number[]): ResidualFunction => (p, r, J) => {
  for (let i = 0; i < X.length; i++) {
    const e = Math.exp(-p[1] * X[i]);
    r[i] = p[0] * e + p[2] - y[i];
    if (J) {
      J[3 * i] = e;
      J[3 * i + 1] = -p[0] * X[i] * e;
      J[3 * i + 2] = 1;
    }
  }
};

Deno.test("leastSquares recovers a noise-free exponential to 1e-10 from a distant start", () => {
  const res = leastSquares(expModel(Y), [1, 2, 0], X.length);
  assert(res.success, res.message);
  assertAlmostEquals(res.p[0], 2, 1e-10);
  assertAlmostEquals(res.p[1], 0.5, 1e-10);
  assertAlmostEquals(res.p[2], 0.3, 1e-10);
  assert(res.chi2 < 1e-20);
});

Deno.test("leastSquares gives the same optimum with analytic and 2-point Jacobians (1e-7)", () => {
  const y = Y.map((v, i) => v + 0.01 * Math.sin(7.3 * i));
  const a = leastSquares(expModel(y), [1, 1, 0], X.length);
  const b = leastSquares(expModel(y), [1, 1, 0], X.length, { jacobian: "2-point" });
  for (let j = 0; j < 3; j++) assertAlmostEquals(a.p[j], b.p[j], 1e-7);
  assert(a.evaluations <= b.evaluations + 5);
});

Deno.test("leastSquares covariance equals (XᵀWX)⁻¹ for a weighted straight line (rel 1e-10)", () => {
  const x = [0, 1, 2, 3, 4, 5],
    y = [1.1, 2.9, 5.2, 7.1, 8.8, 11.2],
    s = [0.1, 0.2, 0.1, 0.3, 0.2, 0.1];
  const res = leastSquares(
    (p, r, J) => {
      for (let i = 0; i < 6; i++) {
        r[i] = p[0] + p[1] * x[i] - y[i];
        if (J) J[2 * i] = 1, J[2 * i + 1] = x[i];
      }
    },
    [0, 0],
    6,
    { weights: s.map((v) => 1 / v) },
  );
  let S = 0, Sx = 0, Sxx = 0;
  for (let i = 0; i < 6; i++) {
    const w = 1 / s[i] ** 2;
    S += w, Sx += w * x[i], Sxx += w * x[i] * x[i];
  }
  const det = S * Sxx - Sx * Sx;
  const expected = [Sxx / det, -Sx / det, -Sx / det, S / det];
  for (let k = 0; k < 4; k++) {
    assertAlmostEquals(res.covariance![k] / expected[k], 1, 1e-10);
  }
  // Weighted residuals: χ² uses r/σ.
  let chi2 = 0;
  for (let i = 0; i < 6; i++) chi2 += ((res.p[0] + res.p[1] * x[i] - y[i]) / s[i]) ** 2;
  assertAlmostEquals(res.chi2, chi2, 1e-10 * chi2);
});

Deno.test("soft_l1 solution is a stationary point of scipy's cost ½Σ2(√(1+r²)−1) (|∇| < 1e-8)", () => {
  const y = Y.map((v, i) => v + (i === 7 ? 3 : 0.01 * Math.sin(3.1 * i))); // one 3-mag outlier
  const fn = expModel(y);
  const tight = { ftol: 1e-15, xtol: 1e-15, gtol: 1e-15 };
  const res = leastSquares(fn, [1, 1, 0], X.length, { loss: "soft_l1", ...tight });
  assert(res.success, res.message);
  const cost = (p: number[]) => {
    const r = new Float64Array(X.length);
    fn(Float64Array.from(p), r, null);
    return r.reduce((s, v) => s + (Math.sqrt(1 + v * v) - 1), 0);
  };
  for (let j = 0; j < 3; j++) {
    const h = 1e-6, pp = Array.from(res.p), pm = Array.from(res.p);
    pp[j] += h, pm[j] -= h;
    const grad = (cost(pp) - cost(pm)) / (2 * h);
    assert(Math.abs(grad) < 1e-8, `gradient ${grad} (${res.message})`);
  }
  assertAlmostEquals(res.cost, cost(Array.from(res.p)), 1e-12);
  // The outlier pulls the linear fit more than the robust one.
  const lin = leastSquares(fn, [1, 1, 0], X.length);
  assert(Math.abs(res.p[2] - 0.3) < Math.abs(lin.p[2] - 0.3));
});

Deno.test("bounds: a parameter whose optimum lies outside stays on its bound", () => {
  const res = leastSquares(expModel(Y), [1, 1, 0], X.length, { upper: [10, 10, 0.1] });
  assert(res.success, res.message);
  assertEquals(res.p[2], 0.1);
  assert(res.p[0] > 0 && res.p[1] > 0);
});

Deno.test("non-finite residuals at the start give status −1 and a message, not an exception", () => {
  const res = leastSquares((_p, r) => r.fill(NaN), [1], 3);
  assertEquals(res.status, -1);
  assert(res.message.includes("not finite"));
  assert(!res.success);
});

Deno.test("steps into a region where the model is undefined are rejected, not accepted", () => {
  // r = log(p) − 5 is undefined for p ≤ 0; a start at 0.01 invites a negative step.
  const res = leastSquares(
    (p, r, J) => {
      r[0] = Math.log(p[0]) - 5;
      if (J) J[0] = 1 / p[0];
    },
    [0.01],
    1,
  );
  assert(res.success, res.message);
  assertAlmostEquals(res.p[0], Math.exp(5), 1e-6);
});

Deno.test("invertSPD inverts a badly scaled SPD matrix (t0 ≈ 2.46e6 next to u0 ≈ 0.1) to 1e-10", () => {
  const a = [4e12, 2e5, 2e5, 0.02];
  const inv = invertSPD(a, 2)!;
  const det = a[0] * a[3] - a[1] * a[2];
  assertAlmostEquals(inv[0] * det / a[3], 1, 1e-10);
  assertAlmostEquals(inv[3] * det / a[0], 1, 1e-10);
  assertEquals(invertSPD([1, 1, 1, 1], 2), null);
});
