/**
 * Cutout display kernels (widgets/image.ts, widgets/png.ts) and CutoutWidget on the real
 * ZTF22aayqeuc stamps in tests/fixtures/cutouts (decoded with astro/fits.ts). Percentiles follow
 * numpy's linear interpolation; stretches follow astropy.visualization's definitions.
 */
import { inflateSync } from "node:zlib";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import {
  colormapEntry,
  colormapRGB,
  CutoutWidget,
  encodePNG,
  imageLimits,
  percentile,
  renderRGBA,
  STRETCHES,
  stretchValue,
  toStamp,
  WidgetDataError,
} from "../../widgets/mod.ts";
import { flipRows } from "../../widgets/image.ts";
import { readFits } from "../../astro/fits.ts";

function stamp(name: string): number[][] {
  const bytes = Deno.readFileSync(
    new URL(`../fixtures/cutouts/ZTF22aayqeuc_${name}.fits.gz`, import.meta.url),
  );
  return readFits(bytes)[0].image!.toRows();
}

Deno.test("percentile interpolates linearly between order statistics and ignores NaN", () => {
  assertEquals(percentile([4, 1, 3, 2, NaN], 50), 2.5);
  assertEquals(percentile([1, 2, 3, 4, 5], 25), 2);
  assertAlmostEquals(percentile([0, 10], 99.5), 9.95, 1e-12);
});

Deno.test("stretches map 0→0 and 1→1, are monotonic, and match astropy's formulas", () => {
  for (const s of STRETCHES) {
    assertAlmostEquals(stretchValue(s, 0), 0, 1e-12);
    assertAlmostEquals(stretchValue(s, 1), 1, 1e-12);
    for (let v = 0.05; v < 1; v += 0.05) assert(stretchValue(s, v) > stretchValue(s, v - 0.05), s);
  }
  assertAlmostEquals(stretchValue("log", 0.5), Math.log(501) / Math.log(1001), 1e-12);
  assertAlmostEquals(stretchValue("asinh", 0.5), Math.asinh(5) / Math.asinh(10), 1e-12);
  assertEquals(stretchValue("linear", 2), 1, "values are clipped");
});

Deno.test("colour maps are matplotlib's tables: entry ⌊256 t⌋, bytes truncated as Fink's np.uint8", () => {
  assertEquals(colormapRGB("gray", 0), [0, 0, 0]);
  // matplotlib 3.11.2: np.uint8(cm.viridis([0, 0.5, 1, 1/256]) * 255), cm.coolwarm(0.5), cm.Greys(0).
  assertEquals(colormapRGB("viridis", 1), [253, 231, 36]);
  assertEquals(colormapRGB("viridis", 0.5), [32, 144, 140]);
  assertEquals(colormapRGB("viridis", 1 / 256), [68, 2, 85]);
  assertEquals(colormapRGB("coolwarm", 0.5), [221, 220, 219]);
  assertEquals(colormapEntry("Greys", 0), [255, 255, 255]);
  assertEquals(colormapRGB("magma", 0), [0, 0, 3]);
});

Deno.test("renderRGBA maps limits to the colour-map ends and NaN to transparent", () => {
  const rgba = renderRGBA([0, 5, 10, NaN], { stretch: "linear", vmin: 0, vmax: 10 });
  assertEquals(Array.from(rgba.slice(0, 4)), [0, 0, 0, 255]);
  assertEquals(Array.from(rgba.slice(8, 12)), [255, 255, 255, 255]);
  assertEquals(rgba[15], 0);
  assertEquals(imageLimits([1, 2, 3], { vmin: -1, upper: 100 }), [-1, 3]);
});

Deno.test("encodePNG writes a valid PNG whose pixels inflate back to the input", () => {
  const rgba = new Uint8ClampedArray(3 * 2 * 4).map((_, i) => i * 7);
  const png = encodePNG(rgba, 3, 2);
  assertEquals(Array.from(png.slice(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer);
  assertEquals([view.getUint32(16), view.getUint32(20)], [3, 2]);
  const idatLen = view.getUint32(33);
  const raw = new Uint8Array(inflateSync(png.slice(41, 41 + idatLen)));
  assertEquals(raw.length, 2 * (3 * 4 + 1));
  assertEquals(Array.from(raw.slice(1, 13)), Array.from(rgba.slice(0, 12)));
  assertThrows(() => encodePNG(rgba, 4, 2), RangeError, "expected 4×2×4");
  // One channel: a grayscale PNG (colour type 0), one byte per pixel.
  const gray = new Uint8Array([0, 50, 100, 150, 200, 250]);
  const g = encodePNG(gray, 3, 2, 1);
  assertEquals(g[25], 0);
  const gLen = new DataView(g.buffer).getUint32(33);
  const gRaw = new Uint8Array(inflateSync(g.slice(41, 41 + gLen)));
  assertEquals(Array.from(gRaw), [0, 0, 50, 100, 0, 150, 200, 250]);
  assertThrows(() => encodePNG(gray, 3, 3, 1), RangeError, "expected 3×3 = 9");
});

Deno.test("stamps: 2-D arrays and flat data normalise the same; bad shapes are rejected", () => {
  const a = toStamp([[1, 2, 3], [4, 5, 6]]);
  const b = toStamp({ data: new Float32Array([1, 2, 3, 4, 5, 6]), width: 3, height: 2 });
  assertEquals(a, b);
  assertEquals(Array.from(flipRows(a.data, 3, 2)), [4, 5, 6, 1, 2, 3]);
  assertThrows(() => toStamp([[1, 2], [3]], "science"), WidgetDataError, "science row 1");
  assertThrows(() => toStamp({ data: [1, 2, 3], width: 2, height: 2 }), WidgetDataError, "2×2");
});

Deno.test("CutoutWidget on the real 63×63 stamps: three PNG images in the static SVG", () => {
  const w = new CutoutWidget(
    { science: stamp("science"), template: stamp("template"), difference: stamp("difference") },
    { stretch: "asinh", colormap: "gray", title: "ZTF22aayqeuc" },
  );
  assertEquals(w.stamps.science?.width, 63);
  const svg = w.toSVG();
  assertEquals((svg.match(/<image class="stamp"/g) ?? []).length, 3);
  assert(svg.includes('width="189"'), "zoom 3 → 189 px");
  assert(w.describe().includes("science 63×63"));
  assertThrows(() => new CutoutWidget({}), WidgetDataError, "at least one");
  assertThrows(
    () => new CutoutWidget({ science: [[1]] }, { stretch: "cube" as never }),
    WidgetDataError,
    "cube",
  );
});

Deno.test("an iterable of rows (Arrow List<List<Float32>> value) is accepted as a stamp", () => {
  const rows = new Set([new Float32Array([1, 2]), new Float32Array([3, 4])]);
  const s = toStamp(rows, "science");
  assertEquals([s.width, s.height, Array.from(s.data)], [2, 2, [1, 2, 3, 4]]);
});
