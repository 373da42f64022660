/**
 * Sky-map credible regions against healpy 1.16.1 + NumPy 1.24 as run by Fink's
 * /api/v1/skymap (tests/fixtures/healpix.json, entry skymap_S200219ac).
 */
import { deepStrictEqual as assertEquals, equal, ok, throws } from "node:assert/strict";
import {
  argsortNumpy,
  credibleLevels,
  pixelsWithin,
  readCredibleLevels,
  SAMPLE_SKYMAP_PATH,
  skymapPixels,
} from "../../astro/skymap.ts";
import { BadRequestError } from "../../astro/errors.ts";

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/healpix.json", import.meta.url)),
).skymap_S200219ac;
const bytes = Deno.readFileSync(SAMPLE_SKYMAP_PATH);

const map = readCredibleLevels(bytes);

Deno.test("skymapPixels equals Fink's nside-128 pixels for S200219ac at credible level 0.1 (exact)", () => {
  const result = skymapPixels(bytes, 0.1);
  assertEquals(result.pixels, fixture["pixels_credible_0.1"]);
  equal(result.dateObs, fixture.date_obs);
});

Deno.test("pixelsWithin equals Fink's pixels at credible levels 0.1 and 0.9 (exact)", () => {
  for (const level of [0.1, 0.9]) {
    assertEquals(pixelsWithin(map, level), fixture[`pixels_credible_${level}`]);
  }
});

Deno.test("the sky map's DATE-OBS JD equals astropy Time(DATE-OBS).jd (±1e-9 day)", () => {
  equal(map.dateObs, fixture.date_obs);
  ok(Math.abs(map.jdObs - fixture.jd_date_obs) < 1e-9, `${map.jdObs}`);
  equal(map.object, "G364600");
  equal(map.header.get("NSIDE"), 512);
});

Deno.test("credible regions grow with the level: 0.1 ⊂ 0.5 ⊂ 0.9 and level 1 is the whole sky", () => {
  const r10 = pixelsWithin(map, 0.1), r50 = new Set(pixelsWithin(map, 0.5));
  const r90 = new Set(pixelsWithin(map, 0.9));
  for (const p of r10) ok(r50.has(p));
  for (const p of r50) ok(r90.has(p));
  equal(pixelsWithin(map, 1).length, 12 * 128 * 128);
});

Deno.test("credibleLevels is the cumulative probability in decreasing order", () => {
  const got = credibleLevels(new Float64Array([0.1, 0.6, 0.3]));
  [1, 0.6, 0.9].forEach((want, i) => ok(Math.abs(got[i] - want) < 1e-15, `${got[i]}`));
});

Deno.test("argsortNumpy sorts ascending (NaN last) and keeps NumPy's introsort tie order", () => {
  const v = Float64Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 101) / 7);
  v[17] = NaN;
  const idx = argsortNumpy(v);
  for (let k = 1; k < idx.length - 1; k++) ok(v[idx[k - 1]] <= v[idx[k]]);
  equal(idx[idx.length - 1], 17);
  equal(new Set(idx).size, v.length);
  // Small arrays use insertion sort, which is stable: ties stay in index order.
  assertEquals(Array.from(argsortNumpy(new Float64Array([2, 1, 2, 1, 0]))), [4, 1, 3, 0, 2]);
});

Deno.test("a credible level outside [0, 1] is a BadRequestError", () => {
  throws(() => skymapPixels(bytes, 1.5), BadRequestError);
  throws(() => pixelsWithin(map, -0.1), BadRequestError);
});
