import { lombScargle, lombScargleMultiband } from "../fit/periodogram.ts";
function ztfLike(n: number) {
  const t = new Float64Array(n), y = new Float64Array(n), dy = new Float64Array(n), band = new Int32Array(n);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < n; k++) { t[k] = 2458200 + Math.floor(2000 * ((k * phi) % 1)) + 0.1 * ((k * Math.SQRT2) % 1); band[k] = k % 3 === 0 ? 2 : 1; const ph = 2 * Math.PI * t[k] / 0.5617; y[k] = (band[k] === 1 ? 15 : 14.6) + 0.3 * Math.sin(ph) + 0.1 * Math.sin(2 * ph + 0.7) + 0.02 * Math.sin(78.233 * k); dy[k] = 0.02 + 0.03 * ((k * Math.sqrt(3)) % 1); }
  return { t, y, dy, band };
}
const d = (a: Float64Array, b: Float64Array) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };
for (const n of [300, 3000]) {
  const lc = ztfLike(n);
  const opts = { minimumPeriod: 0.1, maximumPeriod: 1.2 };
  for (const nterms of [1, 2]) {
    const e = lombScargle(lc, { ...opts, nterms, method: "exact" }), f = lombScargle(lc, { ...opts, nterms, method: "fast" });
    console.log(`N=${n} single nterms=${nterms} Nf=${e.frequency.length}`, d(e.power, f.power));
  }
  for (const [a, b] of [[1, 1], [1, 0], [2, 1]]) {
    const e = lombScargleMultiband(lc, { ...opts, ntermsBase: a, ntermsBand: b, method: "exact" }), f = lombScargleMultiband(lc, { ...opts, ntermsBase: a, ntermsBand: b, method: "fast" });
    console.log(`N=${n} multiband (${a},${b})`, d(e.power, f.power));
  }
}
