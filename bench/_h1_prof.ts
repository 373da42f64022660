import { lombScargleMultiband } from "../fit/periodogram.ts";
const n = 300;
const t = new Float64Array(n), y = new Float64Array(n), dy = new Float64Array(n), band = new Int32Array(n);
const phi = (Math.sqrt(5) - 1) / 2;
for (let k = 0; k < n; k++) { t[k] = 2458200 + Math.floor(2000 * ((k * phi) % 1)) + 0.1 * ((k * Math.SQRT2) % 1); band[k] = k % 3 === 0 ? 2 : 1; y[k] = 15 + 0.3 * Math.sin(2 * Math.PI * t[k] / 0.5617) + 0.02 * Math.sin(78.233 * k); dy[k] = 0.02 + 0.03 * ((k * Math.sqrt(3)) % 1); }
const frequency = Float64Array.from({ length: 100000 }, (_, k) => 1 / 1.2 + (k * (10 - 1 / 1.2)) / 99999);
const ts = [];
for (let r = 0; r < 40; r++) { const t0 = performance.now(); lombScargleMultiband({ t, y, dy, band }, { frequency, method: "fast" }); ts.push(performance.now() - t0); }
ts.sort((a, b) => a - b); console.log("min", ts[0].toFixed(1), "median", ts[20].toFixed(1));
for (const [a, b] of [[1, 0], [2, 1], [2, 2]]) {
  const ts2 = [];
  for (let r = 0; r < 10; r++) { const t0 = performance.now(); lombScargleMultiband({ t, y, dy, band }, { frequency, method: "fast", ntermsBase: a, ntermsBand: b }); ts2.push(performance.now() - t0); }
  ts2.sort((x, z) => x - z); console.log(a, b, "min", ts2[0].toFixed(1), "median", ts2[5].toFixed(1));
}
