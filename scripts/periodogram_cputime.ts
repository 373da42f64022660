/**
 * CPU time (user + system, robust to other jobs on the shared VM) of the periodogram bench cases:
 * median and min over repeated calls. Wall-clock numbers come from bench/periodogram_bench.ts.
 * Run: deno run -A scripts/periodogram_cputime.ts
 */
import process from "node:process";
import { lombScargle, lombScargleMultiband } from "../fit/periodogram.ts";
function lightCurve(n: number) {
  const t = new Float64Array(n),
    y = new Float64Array(n),
    dy = new Float64Array(n),
    band = new Int32Array(n);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < n; k++) {
    t[k] = 2458200 + Math.floor(2000 * ((k * phi) % 1)) + 0.1 * ((k * Math.SQRT2) % 1);
    band[k] = k % 3 === 0 ? 2 : 1;
    y[k] = (band[k] === 1 ? 15 : 14.6) + 0.3 * Math.sin(2 * Math.PI * t[k] / 0.5617) +
      0.02 * Math.sin(78.233 * k);
    dy[k] = 0.02 + 0.03 * ((k * Math.sqrt(3)) % 1);
  }
  return { t, y, dy, band };
}
const frequency = Float64Array.from(
  { length: 100000 },
  (_, k) => 1 / 1.2 + (k * (10 - 1 / 1.2)) / 99999,
);
function cpu(name: string, fn: () => void, reps: number) {
  fn();
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ts.push((c.user + c.system) / 1000);
  }
  ts.sort((a, b) => a - b);
  console.log(`| ${name} | ${ts[reps >> 1].toFixed(1)} ms | ${ts[0].toFixed(1)} ms |`);
}
for (const n of [300, 3000]) {
  const lc = lightCurve(n);
  cpu(
    `single nterms=1 N=${n} exact`,
    () => lombScargle(lc, { frequency, method: "exact" }),
    n === 300 ? 7 : 3,
  );
  cpu(`single nterms=1 N=${n} fast`, () => lombScargle(lc, { frequency, method: "fast" }), 15);
  cpu(
    `multiband (1,1) N=${n} exact`,
    () => lombScargleMultiband(lc, { frequency, method: "exact" }),
    n === 300 ? 7 : 3,
  );
  cpu(
    `multiband (1,1) N=${n} fast`,
    () => lombScargleMultiband(lc, { frequency, method: "fast" }),
    15,
  );
}
const lc = lightCurve(300);
cpu(
  "multiband (1,0) N=300 fast",
  () => lombScargleMultiband(lc, { frequency, method: "fast", ntermsBand: 0 }),
  9,
);
cpu(
  "multiband (2,1) N=300 fast",
  () => lombScargleMultiband(lc, { frequency, method: "fast", ntermsBase: 2 }),
  9,
);
cpu(
  "single nterms=2 N=300 fast",
  () => lombScargle(lc, { frequency, method: "fast", nterms: 2 }),
  9,
);
cpu(
  "single nterms=2 N=300 exact",
  () => lombScargle(lc, { frequency, method: "exact", nterms: 2 }),
  3,
);
