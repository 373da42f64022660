/**
 * Static (no browser) rendering speed of the widgets: the SVG written into every display
 * bundle and returned by toSVG(). Target: a 2,000-point light curve in < 100 ms.
 * Browser render times are measured by bench/widgets_browser.ts (a script, see docs/widgets.md).
 *
 *   deno bench -A bench/widgets_bench.ts
 */
import { CutoutWidget, LightCurveWidget, PeriodogramWidget, SkyWidget } from "../widgets/mod.ts";
import { mulberry32 } from "../fit/periodogram/fap.ts";

const rng = mulberry32;

/** A synthetic light curve of n points (3 bands, 5 % upper limits). */
export function syntheticLightCurve(n: number, seed = 1) {
  const r = rng(seed);
  const jd = Float64Array.from({ length: n }, (_, i) => 2458200 + i * 1200 / n + r() * 0.1);
  const fid = Int32Array.from({ length: n }, () => 1 + Math.floor(r() * 3));
  const mag = Array.from(
    jd,
    (t, i) => (r() < 0.05 ? null : 17 + 0.5 * Math.sin(t / 3.3) + 0.1 * fid[i]),
  );
  const err = mag.map((m) => (m === null ? null : 0.02 + 0.05 * r()));
  const diffmaglim = Array.from(jd, () => 20 + r());
  return { jd, fid, mag, err, diffmaglim };
}

/** n synthetic alerts spread over the sky in 12 classes. */
export function syntheticAlerts(n: number, seed = 2) {
  const r = rng(seed);
  const classes = [
    "SN candidate",
    "QSO",
    "RRLyr",
    "EB*",
    "Unknown",
    "Solar System MPC",
    "YSO",
    "AGN",
    "Mira",
    "Kilonova candidate",
    "BLLac",
    "CV*",
  ];
  return {
    ra: Float64Array.from({ length: n }, () => r() * 360),
    dec: Float64Array.from({ length: n }, () => Math.asin(2 * r() - 1) * 180 / Math.PI),
    classification: Array.from(
      { length: n },
      () => classes[Math.floor(r() * r() * classes.length)],
    ),
  };
}

const lc2000 = syntheticLightCurve(2000);
const lc10000 = syntheticLightCurve(10000);
const sky20000 = syntheticAlerts(20000);
const stamp = Array.from(
  { length: 63 },
  (_, y) => Array.from({ length: 63 }, (_, x) => Math.hypot(x - 31, y - 31)),
);
const frequency = Float64Array.from({ length: 10000 }, (_, i) => 0.8 + i * 0.001);
const power = frequency.map((f) => Math.exp(-((f - 5) ** 2) * 100));

Deno.bench("light curve 2,000 points: constructor + static SVG", { group: "static" }, () => {
  new LightCurveWidget(lc2000).toSVG();
});
Deno.bench("light curve 2,000 points folded: static SVG", { group: "static" }, () => {
  new LightCurveWidget(lc2000, { period: 3.3 }).toSVG();
});
Deno.bench("light curve 10,000 points: static SVG", { group: "static" }, () => {
  new LightCurveWidget(lc10000).toSVG();
});
Deno.bench("sky map 20,000 alerts: static SVG", { group: "static" }, () => {
  new SkyWidget(sky20000).toSVG();
});
Deno.bench("cutouts 3 × 63×63: static SVG (PNG)", { group: "static" }, () => {
  new CutoutWidget({ science: stamp, template: stamp, difference: stamp }).toSVG();
});
Deno.bench("periodogram 10,000 frequencies: static SVG", { group: "static" }, () => {
  new PeriodogramWidget({ frequency, power, bestPeriod: 0.2 }).toSVG();
});
