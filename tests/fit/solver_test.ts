import { assert, assertAlmostEquals, assertEquals } from "../assert.ts";
import { leastSquares, type ResidualFunction } from "../../fit/lm.ts";
import { solve, type SolverState } from "../../fit/lm/solver.ts";
import { multiStart } from "../../fit/multistart.ts";

// Two "bands" sharing a decay rate b: y = a_k·exp(−b x) + c_k, 15 points each.
const X = Array.from({ length: 30 }, (_, i) => (i % 15) * 0.4);
const BAND = X.map((_, i) => (i < 15 ? 0 : 1));
const TRUE = [0.7, 2, 0.3, 1.5, -0.2]; // b, a_0, c_0, a_1, c_1
const Y = X.map((x, i) =>
  TRUE[1 + 2 * BAND[i]] * Math.exp(-TRUE[0] * x) + TRUE[2 + 2 * BAND[i]] + 0.01 * Math.sin(3.7 * i)
);
const m = X.length, n = 5;

const rowMajor: ResidualFunction = (p, r, J) => {
  for (let i = 0; i < m; i++) {
    const o = 1 + 2 * BAND[i], e = Math.exp(-p[0] * X[i]);
    r[i] = p[o] * e + p[o + 1] - Y[i];
    if (J) {
      J.fill(0, i * n, i * n + n);
      J[i * n] = -p[o] * X[i] * e;
      J[i * n + o] = e;
      J[i * n + o + 1] = 1;
    }
  }
};
// The same residuals writing only the non-zero entries, column-major.
const columnMajor: ResidualFunction = (p, r, J) => {
  for (let i = 0; i < m; i++) {
    const o = 1 + 2 * BAND[i], e = Math.exp(-p[0] * X[i]);
    r[i] = p[o] * e + p[o + 1] - Y[i];
    if (J) {
      J[i] = -p[o] * X[i] * e;
      J[o * m + i] = e;
      J[(o + 1) * m + i] = 1;
    }
  }
};
const blocks = {
  rowStart: Int32Array.of(0, 15, 30),
  cols: [Int32Array.of(0, 1, 2), Int32Array.of(0, 3, 4)],
};

Deno.test("solve() with a block-sparse column-major Jacobian matches the dense row-major run", () => {
  for (const loss of ["linear", "soft_l1"] as const) {
    const dense = leastSquares(rowMajor, [1, 1, 0, 1, 0], m, { loss });
    const sparse = solve(columnMajor, [1, 1, 0, 1, 0], m, { loss }, {
      blocks,
      layout: "column",
      finiteJacobian: true,
    });
    assert(dense.success && sparse.success, `${dense.message} / ${sparse.message}`);
    assertAlmostEquals(sparse.cost, dense.cost, 1e-14 * dense.cost);
    for (let j = 0; j < n; j++) {
      assertAlmostEquals(sparse.p[j], dense.p[j], 1e-10);
      assertAlmostEquals(sparse.sigma[j], dense.sigma[j], 1e-8 * dense.sigma[j]);
    }
  }
});

Deno.test("solve() resumed with its damping state takes the iterates of a full-tolerance run", () => {
  const full = solve(rowMajor, [3, 1, 0, 1, 0], m, { loss: "soft_l1" });
  const state: SolverState = { lambda: 0, D: null };
  const loose = solve(rowMajor, [3, 1, 0, 1, 0], m, { loss: "soft_l1", ftol: 1e-4 }, { state });
  const resumed = solve(rowMajor, loose.p, m, { loss: "soft_l1" }, { state });
  assert(loose.iterations < full.iterations);
  assertEquals(loose.iterations + resumed.iterations, full.iterations);
  assertEquals(Array.from(resumed.p), Array.from(full.p));
});

Deno.test("multiStart() keeps the lowest optimum and stops starts that join a basin already found", () => {
  // r = (x² − 4)(x − 3) ⇒ zeros at −2, 2, 3: three basins of a one-parameter problem.
  const fn: ResidualFunction = (p, r, J) => {
    const x = p[0];
    r[0] = (x * x - 4) * (x - 3) + 0.5;
    if (J) J[0] = 3 * x * x - 6 * x - 4;
  };
  const starts = [[5], [4], [-3], [2.2]];
  const separate = starts.map((s) => leastSquares(fn, s, 1));
  const best = separate.reduce((a, b) => (b.cost < a.cost ? b : a));
  const { best: shared, pruned } = multiStart(fn, starts, 1, {}, {}, {
    sameBasin: (x, f) => Math.abs(x[0] - f.p[0]) < 0.05,
  });
  assert(shared !== null);
  assertAlmostEquals(shared.cost, best.cost, 1e-20);
  assertAlmostEquals(shared.p[0], best.p[0], 1e-9);
  assert(pruned >= 1, `pruned ${pruned}`); // the start at 4 joins the basin found from 5
});
