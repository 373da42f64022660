/**
 * Lomb-Scargle speed: single band and multiband (1 base + 1 band term, 2 bands), N = 300 and
 * 3000 points, 1e5 frequencies (a Fink-portal-like period range 0.1–1.2 d over a long baseline),
 * exact vs fast. Run: deno bench -A bench/periodogram_bench.ts
 */
import { lombScargle, lombScargleMultiband } from "../fit/periodogram.ts";

function lightCurve(n: number) {
  const t = new Float64Array(n), y = new Float64Array(n), dy = new Float64Array(n);
  const band = new Int32Array(n);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < n; k++) {
    t[k] = 2458200 + Math.floor(2000 * ((k * phi) % 1)) + 0.1 * ((k * Math.SQRT2) % 1);
    band[k] = k % 3 === 0 ? 2 : 1;
    const ph = (2 * Math.PI * t[k]) / 0.5617;
    y[k] = (band[k] === 1 ? 15 : 14.6) + 0.3 * Math.sin(ph) + 0.02 * Math.sin(78.233 * k);
    dy[k] = 0.02 + 0.03 * ((k * Math.sqrt(3)) % 1);
  }
  return { t, y, dy, band };
}

// 1e5 frequencies on 0.1–1.2 d: df chosen so that Nf = 1e5 exactly.
const fmin = 1 / 1.2, fmax = 10;
const frequency = Float64Array.from(
  { length: 100000 },
  (_, k) => fmin + (k * (fmax - fmin)) / 99999,
);

for (const n of [300, 3000]) {
  const lc = lightCurve(n);
  for (const method of ["exact", "fast"] as const) {
    Deno.bench({
      name: `single nterms=1 N=${n} Nf=1e5 ${method}`,
      group: `single N=${n}`,
      baseline: method === "fast",
      fn: () => {
        lombScargle(lc, { frequency, method });
      },
    });
    Deno.bench({
      name: `multiband (1,1) 2 bands N=${n} Nf=1e5 ${method}`,
      group: `multiband N=${n}`,
      baseline: method === "fast",
      fn: () => {
        lombScargleMultiband(lc, { frequency, method, ntermsBase: 1, ntermsBand: 1 });
      },
    });
  }
}

// Other model shapes, fast method, N = 300 (shared shape; two base harmonics).
const lc300 = lightCurve(300);
for (const [ntermsBase, ntermsBand] of [[1, 0], [2, 1]]) {
  Deno.bench({
    name: `multiband (${ntermsBase},${ntermsBand}) 2 bands N=300 Nf=1e5 fast`,
    group: "multiband shapes N=300",
    fn: () => {
      lombScargleMultiband(lc300, { frequency, method: "fast", ntermsBase, ntermsBand });
    },
  });
}
Deno.bench({
  name: "single nterms=2 N=300 Nf=1e5 fast",
  group: "multiband shapes N=300",
  fn: () => {
    lombScargle(lc300, { frequency, method: "fast", nterms: 2 });
  },
});
