/**
 * Figures as an astronomer reads them: axis names and units per figure kind (difference
 * magnitudes of alerts, reduced magnitudes of asteroid phase curves, flux of forced photometry
 * with its microlensing fit, phase of folded curves), and legends naming upper limits and
 * bad-quality points. Checked on the static SVG, which the live view draws with the same code.
 */
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { axisLabels, LightCurveWidget, SkyWidget, WidgetDataError } from "../../widgets/mod.ts";
import { fitPSPL } from "../../fit/mod.ts";
import { lightCurveTable } from "./widgets_fixture.ts";

/** Text of the axis labels (Plot's `aria-label="x-axis label"` groups). */
function axisText(svg: string, axis: "x" | "y"): string {
  const m = svg.match(new RegExp(`aria-label="${axis}-axis label"[^>]*>(.*?)</g>`));
  return (m?.[1] ?? "").replace(/<[^>]+>/g, "").trim();
}

Deno.test("axis names: alerts in difference magnitude against time (MJD)", async () => {
  const svg = new LightCurveWidget(await lightCurveTable("ZTF25aaqvqvd")).toSVG();
  assert(axisText(svg, "y").includes("Difference magnitude (mag)"), axisText(svg, "y"));
  assert(axisText(svg, "x").includes("Time (MJD)"), axisText(svg, "x"));
});

Deno.test("axis names: a folded curve reads phase with its period", async () => {
  const svg = new LightCurveWidget(await lightCurveTable("ZTF25aaqvqvd"), { period: 2.5 })
    .toSVG();
  assert(axisText(svg, "x").includes("Phase (P = 2.5 d)"), axisText(svg, "x"));
});

Deno.test("axis names: asteroid phase curves read reduced magnitude against phase angle", () => {
  const phase = [2, 5, 9, 14, 20];
  const w = new LightCurveWidget(
    {
      jd: [1, 2, 3, 4, 5],
      mag: [15, 15.2, 15.4, 15.6, 15.8],
      err: [0.05, 0.05, 0.05, 0.05, 0.05],
      fid: [1, 1, 2, 2, 1],
      phase,
    },
    { xAxis: "phase-angle" },
  );
  const svg = w.toSVG();
  assert(axisText(svg, "y").includes("Reduced magnitude (mag)"), axisText(svg, "y"));
  assert(axisText(svg, "x").includes("Phase angle α (°)"), axisText(svg, "x"));
  assert(!svg.includes("Difference magnitude"));
});

Deno.test("axis names: forced photometry in flux space reads flux, with the PSPL model drawn", () => {
  const t: number[] = [], mag: number[] = [], err: number[] = [], fid: number[] = [];
  for (let i = 0; i < 120; i++) {
    const jd = 2459000 + i * 0.5;
    const u0 = 0.2, tE = 10, t0 = 2459030;
    const u = Math.hypot(u0, (jd - t0) / tE);
    const a = (u * u + 2) / (u * Math.sqrt(u * u + 4));
    t.push(jd);
    mag.push(18 - 2.5 * Math.log10(a) + (i % 2) * 0.3);
    err.push(0.02);
    fid.push(1 + (i % 2));
  }
  const fit = fitPSPL({ t, mag, magErr: err, band: fid });
  const w = new LightCurveWidget({ jd: t, mag, err, fid }, {
    magnitude: "apparent",
    mode: "difference-flux",
    models: [fit],
  });
  const svg = w.toSVG();
  assert(axisText(svg, "y").includes("Flux (mJy)"), axisText(svg, "y"));
  assert(!axisText(svg, "y").includes("Difference"), axisText(svg, "y"));
  assertEquals((svg.match(/aria-description="model/g) ?? []).length, 2, "model drawn in flux");
  assert(axisLabels({ mode: "difference-mag", magnitude: "apparent" }).y === "Magnitude (mag)");
  assertThrows(
    () => new LightCurveWidget({ jd: t, mag, err, fid }, { magnitude: "total" as "apparent" }),
    WidgetDataError,
    'magnitude "total" is not one of difference, apparent, reduced',
  );
});

Deno.test("legends name upper limits and bad-quality points when they are drawn", () => {
  const w = new LightCurveWidget({
    jd: [2459000.5, 2459001.5, 2459002.5, 2459003.5],
    mag: [18, null, 18.4, 18.2],
    err: [0.1, null, 0.1, 0.1],
    fid: [1, 2, 1, 2],
    diffmaglim: [20, 19.8, 20, 20],
    tag: ["valid", "upperlim", "valid", "badquality"],
  });
  const svg = w.toSVG();
  assert(svg.includes("▽ 5σ upper limit"), "limit legend");
  assert(svg.includes("× bad quality"), "bad-quality legend");
  const flux = new LightCurveWidget({
    jd: [2459000.5, 2459001.5],
    mag: [18, null],
    err: [0.1, null],
    fid: [1, 2],
    diffmaglim: [20, 19.8],
  }, { mode: "difference-flux" }).toSVG();
  assert(!flux.includes("upper limit"), "no limit legend where limits are not drawn");
});

Deno.test("sky maps name their coordinates and key their lines and areas", () => {
  const svg = new SkyWidget({ ra: [10, 200], dec: [20, -40] }, {
    cone: { ra: 200, dec: -40, radius: 5 },
    skymap: { nside: 1, pixels: [0, 1], label: "S200219ac 90 %" },
  }).toSVG();
  assert(svg.includes("RA (h) increasing to the left, Dec (°), equatorial J2000"));
  for (const label of ["0h", "4h", "+30°", "−60°"]) assert(svg.includes(`>${label}<`), label);
  for (const key of ["Galactic plane", "S200219ac 90 %", "cone 5°"]) {
    assert(svg.includes(key), `key ${key}`);
  }
  assertEquals((svg.match(/class="sky-key"/g) ?? []).length, 3, "wide: the key at the top right");
  // A phone's width: the sky fills it, so the key joins the legend under the map.
  const narrow = new SkyWidget({ ra: [10, 200], dec: [20, -40] }, {
    cone: { ra: 200, dec: -40, radius: 5 },
    skymap: { nside: 1, pixels: [0, 1], label: "S200219ac 90 %" },
    width: 340,
  }).toSVG();
  assert(!narrow.includes('class="sky-key"'));
  const legend = [...narrow.matchAll(/class="legend-item legend-key"[^>]*>.*?<\/g>/g)]
    .map((m) => m[0]);
  for (const key of ["Galactic plane", "S200219ac 90 %", "cone 5°"]) {
    assert(legend.some((item) => item.includes(`>${key}</text>`)), `legend ${key}`);
  }
});
