/**
 * LightCurveWidget data handling and static SVG, on a real ZTF light curve (ZTF25aaqvqvd from
 * data/sample/fink-filters/.../few_SLSN_alerts.parquet: 88 points, 4 upper limits) turned into
 * an Arrow table with Fink column names by tests/widgets/widgets_fixture.ts.
 */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import {
  COMPACT_THRESHOLD,
  evaluateModels,
  lightCurveColumns,
  lightCurvePoints,
  LightCurveWidget,
  MJD0,
  TAG_BADQUALITY,
  TAG_UPPERLIM,
  TAG_VALID,
  WidgetDataError,
} from "../../widgets/mod.ts";
import { lightCurveTable } from "./widgets_fixture.ts";

const table = await lightCurveTable("ZTF25aaqvqvd");

function count(svg: string, re: RegExp): number {
  return (svg.match(re) ?? []).length;
}

Deno.test("an Arrow query result becomes jd-sorted columns with tags, exact candid and objectId", () => {
  const c = lightCurveColumns(table);
  assertEquals(c.jd.length, 88);
  assertEquals(c.objectId, "ZTF25aaqvqvd");
  for (let i = 1; i < c.jd.length; i++) assert(c.jd[i] >= c.jd[i - 1], "sorted by jd");
  assertEquals(c.tag.filter((t) => t === TAG_UPPERLIM).length, 4);
  assertEquals([1, 2, 3].map((f) => c.fid.filter((x) => x === f).length), [33, 32, 23]);
  const i = c.tag.findIndex((t) => t === TAG_VALID);
  assert(/^\d{18,19}$/.test(c.candid[i]), `candid ${c.candid[i]} keeps all digits`);
  assertEquals(c.sourceBehind, true);
});

Deno.test("plain arrays: null magnitudes are upper limits; bad-quality points at a valid jd are dropped", () => {
  const c = lightCurveColumns({
    jd: [3, 1, 2, 2],
    mag: [18, null, 18.5, 18.6],
    err: [0.1, null, 0.1, 0.1],
    fid: [1, 1, 2, 2],
    diffmaglim: [20, 19.9, 20, 20],
    tag: ["valid", "upperlim", "valid", "badquality"],
  });
  assertEquals(Array.from(c.jd), [1, 2, 3]);
  assertEquals(Array.from(c.tag), [TAG_UPPERLIM, TAG_VALID, TAG_VALID]);
  const b = lightCurveColumns({
    jd: [1, 2],
    mag: [18, 18],
    err: [0.1, 0.1],
    fid: [1, 1],
    tag: ["badquality", "valid"],
  });
  assertEquals(Array.from(b.tag), [TAG_BADQUALITY, TAG_VALID]);
});

Deno.test("mismatched or missing columns raise WidgetDataError naming the column", () => {
  assertThrows(
    () => lightCurveColumns({ jd: [1, 2], mag: [1], fid: [1, 1] }),
    WidgetDataError,
    "mag has 1",
  );
  assertThrows(() => lightCurveColumns({ jd: [1], mag: [1] } as never), WidgetDataError, "fid");
});

Deno.test("difference-mag points keep limits at diffmaglim; flux modes drop them", () => {
  const c = lightCurveColumns(table);
  const p = lightCurvePoints(c);
  assertEquals(p.x.length, 88);
  const k = p.tag.findIndex((t) => t === TAG_UPPERLIM);
  assertEquals(p.y[k], c.diffmaglim[p.index[k]]);
  assertAlmostEquals(p.x[0], c.jd[0] - MJD0, 1e-9);
  assertEquals(lightCurvePoints(c, { mode: "difference-flux" }).x.length, 84);
  const dc = lightCurvePoints(c, { mode: "dc-mag" });
  assert(dc.x.length <= 84 && dc.x.length > 0 && dc.magnitudes);
});

Deno.test("folding maps x to phase in [0, 1) (or [0, 2) with two cycles) and band filter applies", () => {
  const c = lightCurveColumns(table);
  const p = lightCurvePoints(c, { period: 3.7 });
  assert(p.x.every((x) => x >= 0 && x < 1));
  const i = p.index[5];
  const expected = ((c.jd[i] / 3.7) % 1 + 1) % 1;
  assertAlmostEquals(p.x[5], expected, 1e-12);
  assertEquals(lightCurvePoints(c, { period: 3.7, cycles: 2 }).x.length, 176);
  assertEquals(lightCurvePoints(c, { bands: [3] }).x.length, 23);
});

Deno.test("static SVG: one circle per detection, down triangles for limits, band colours, xmlns", () => {
  const w = new LightCurveWidget(table);
  const svg = w.toSVG();
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assertEquals(count(svg, /<circle/g), 84);
  assertEquals(count(svg, /fill="#15284F"/g) >= 33 - 1, true); // g points (minus the limit)
  assert(svg.includes('aria-description="upper limit"'));
  assert(svg.includes("rotate(180"), "limits are rotated triangles");
  assert(svg.includes("MJD"));
  assert(w.toSVG() === svg, "rendering is deterministic");
});

Deno.test("folded static SVG changes the x axis to phase", () => {
  const w = new LightCurveWidget(table, { period: 2.5 });
  const svg = w.toSVG();
  assert(svg.includes("Phase (P = 2.5 d)"));
  assertEquals(count(svg, /<circle/g), 84);
});

Deno.test("model overlays: explicit curves, fits (one curve per fitted band), periodic results", () => {
  const c = lightCurveColumns(table);
  const pspl = {
    model: (t: Float64Array, band?: number) => t.map(() => 19 + (band ?? 0) * 0.1),
    name: "PSPL",
  };
  const ls = {
    bestPeriod: 2,
    model: (t: Float64Array, f: number) => t.map((x) => 19 + 0.1 * Math.sin(2 * Math.PI * f * x)),
  };
  const curves = evaluateModels(
    [{ t: [c.jd[0], c.jd[1]], mag: [19, 19.2], label: "line" }, pspl, ls],
    c.jd,
    c.fid,
  );
  assertEquals(curves.length, 3, "fits without `bands` give one band-less curve");
  assertEquals(curves[1].fid, null);
  const banded = evaluateModels([{ ...pspl, bands: ["1", "3"] }], c.jd, c.fid);
  assertEquals(banded.map((m) => [m.fid, m.mag[0]]), [[1, 19.1], [3, 19.3]]);
  const svg = new LightCurveWidget(table, { models: [{ ...pspl, bands: [1, 2, 3] }] }).toSVG();
  assertEquals(count(svg, /aria-description="model PSPL"/g), 3);
  assertThrows(
    () => evaluateModels([{ t: [1, 2], mag: [1] }], c.jd, c.fid),
    WidgetDataError,
    "2 times",
  );
});

Deno.test("flux mode SVG has no inverted axis and no limits", () => {
  const svg = new LightCurveWidget(table, { mode: "difference-flux" }).toSVG();
  assert(svg.includes("Difference flux (mJy)"));
  assert(!svg.includes("rotate(180"), "no upper-limit triangles in flux mode");
});

Deno.test("above COMPACT_THRESHOLD detections are drawn as one path per band with data-count", () => {
  const n = COMPACT_THRESHOLD + 500;
  const jd = Float64Array.from({ length: n }, (_, i) => 2459000.5 + i * 0.3);
  const fid = Int8Array.from({ length: n }, (_, i) => 1 + (i % 3));
  const mag = Float64Array.from(jd, (t) => 18 + 0.3 * Math.sin(t));
  const err = new Float64Array(n).fill(0.05);
  const svg = new LightCurveWidget({ jd, fid, mag, err }).toSVG();
  const counts = [...svg.matchAll(/<path [^>]*data-count="\d+"[^>]*>/g)].map((m) => [
    m[0].match(/fill="(#[0-9A-F]+)"/)![1],
    Number(m[0].match(/data-count="(\d+)"/)![1]),
  ]);
  assertEquals(counts.reduce((s, [, c]) => s + (c as number), 0), n);
  assertEquals(counts.find(([c]) => c === "#15284F")?.[1], Math.ceil(n / 3));
  assertEquals(count(svg, /<circle/g), 0);
});

Deno.test("a narrow plot drops the title rather than overlap the legend of point kinds", () => {
  const wide = new LightCurveWidget(table).toSVG();
  assert(wide.includes(">ZTF25aaqvqvd<"), "the title at the default width");
  assert(wide.includes("▽ 5σ upper limit"));
  // Title ≈ 74 px and "▽ 5σ upper limit" ≈ 109 px: both fit a 228 px frame, not a 168 px one.
  assert(new LightCurveWidget(table, { width: 300 }).toSVG().includes(">ZTF25aaqvqvd<"));
  const phone = new LightCurveWidget(table, { width: 240 }).toSVG();
  assert(!phone.includes(">ZTF25aaqvqvd<"), "no title beside the legend at 240 px");
  assert(phone.includes("▽ 5σ upper limit"));
});

Deno.test("DC modes need a reference source under the object, as the menu; setters return nothing", () => {
  const lone = { jd: [1, 2], mag: [18, 18.2], err: [0.1, 0.1], fid: [1, 1], distnr: [4, 4] };
  const w = new LightCurveWidget(lone);
  assertThrows(() => w.setMode("dc-mag"), WidgetDataError, "needs a reference source");
  assertThrows(() => new LightCurveWidget(lone, { mode: "dc-flux" }), WidgetDataError);
  assertEquals(w.view.mode, "difference-mag");
  const behind = new LightCurveWidget({ ...lone, distnr: [0.4, 0.4], magnr: [15, 15] });
  behind.setMode("dc-mag");
  assertEquals(behind.view.mode, "dc-mag");
  // Nothing returned: a notebook cell ending with a setter shows no second copy of the widget.
  assertEquals([w.fold(0.5), w.setMode("difference-flux"), w.set({ title: "x" })], [
    undefined,
    undefined,
    undefined,
  ]);
});
