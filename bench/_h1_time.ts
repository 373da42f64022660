import { lombScargle, lombScargleMultiband } from "../fit/periodogram.ts";
const n = Number(Deno.args[0] ?? 300);
const t = new Float64Array(n), y = new Float64Array(n), dy = new Float64Array(n), band = new Int32Array(n);
const phi = (Math.sqrt(5) - 1) / 2;
for (let k = 0; k < n; k++) { t[k] = 2458200 + Math.floor(2000 * ((k * phi) % 1)) + 0.1 * ((k * Math.SQRT2) % 1); band[k] = k % 3 === 0 ? 2 : 1; y[k] = 15 + 0.3 * Math.sin(2 * Math.PI * t[k] / 0.5617) + 0.02 * Math.sin(78.233 * k); dy[k] = 0.02 + 0.03 * ((k * Math.sqrt(3)) % 1); }
const frequency = Float64Array.from({ length: 100000 }, (_, k) => 1 / 1.2 + (k * (10 - 1 / 1.2)) / 99999);
function time(name: string, fn: () => void, reps = 15) {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  console.log(name, "min", ts[0].toFixed(1), "median", ts[reps >> 1].toFixed(1));
}
const lc = { t, y, dy, band };
for (const what of (Deno.args[1] ?? "sf,mf,se").split(",")) {
  if (what === "sf") time("single fast", () => lombScargle(lc, { frequency, method: "fast" }));
  if (what === "mf") time("multi fast", () => lombScargleMultiband(lc, { frequency, method: "fast" }));
  if (what === "se") time("single exact", () => lombScargle(lc, { frequency, method: "exact" }), 5);
  if (what === "me") time("multi exact", () => lombScargleMultiband(lc, { frequency, method: "exact" }), 5);
}
