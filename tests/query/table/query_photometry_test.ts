/**
 * Photometry helpers (fink-utils' formulas, ZTF Explanatory Supplement p. 107)
 * and colour/rates (Fink's extract_rate_and_color) on hand-computed cases.
 */
import { assert, assertAlmostEquals, assertEquals } from "../../assert.ts";
import {
  apparentFlux,
  apparentFluxOne,
  dcMag,
  dcMagOne,
  isSourceBehind,
  isSourceBehindOne,
  mag2fluxcalSnana,
} from "../../../astro/photometry.ts";
import { addColourAndRates, colourAndRates } from "../../../query/table/colour.ts";
import { ResultColumns } from "../../../query/table/format.ts";
import { float32String } from "../../../query/table/float32.ts";
import { withFink } from "../query_sample.ts";

Deno.test("apparentFlux adds (isdiffpos t/1) or subtracts the difference flux from the reference flux, in Jy (rel 1e-12)", () => {
  const fRef = 10 ** (-0.4 * 17), fDiff = 10 ** (-0.4 * 18);
  const sRef = 0.05 / 1.0857 * fRef, sDiff = 0.1 / 1.0857 * fDiff;
  const pos = apparentFluxOne(18, 0.1, 17, 0.05, "t");
  assertAlmostEquals(pos.value / (3631 * (fRef + fDiff)), 1, 1e-12);
  assertAlmostEquals(pos.sigma / (3631 * Math.hypot(sRef, sDiff)), 1, 1e-12);
  const neg = apparentFluxOne(18, 0.1, 17, 0.05, "0", { jansky: false });
  assertAlmostEquals(neg.value / (fRef - fDiff), 1, 1e-12);
  assert(Number.isNaN(apparentFluxOne(null, 0.1, 17, 0.05, "t").value));
  assert(Number.isNaN(apparentFluxOne(18, 0.1, -1, 0.05, "t").value));
  const v = apparentFlux([18, 18], [0.1, 0.1], [17, 17], [0.05, 0.05], ["1", "f"]);
  assertAlmostEquals(v.value[0], pos.value, 1e-20);
  assertAlmostEquals(v.value[1] / (3631 * (fRef - fDiff)), 1, 1e-12);
});

Deno.test("dcMag is −2.5 log10 of the DC flux with error σ_dc/F_dc·1.0857 (1e-12 mag)", () => {
  const fRef = 10 ** (-0.4 * 17), fDiff = 10 ** (-0.4 * 18);
  const f = fRef + fDiff, s = Math.hypot(0.05 / 1.0857 * fRef, 0.1 / 1.0857 * fDiff);
  const one = dcMagOne(18, 0.1, 17, 0.05, "t");
  assertAlmostEquals(one.value, -2.5 * Math.log10(f), 1e-12);
  assertAlmostEquals(one.sigma, s / f * 1.0857, 1e-12);
  const many = dcMag([18, 19], [0.1, 0.2], [17, 17], [0.05, 0.05], ["t", "t"]);
  assertAlmostEquals(many.value[0], one.value, 1e-12);
  assert(many.value[1] < 17 && many.value[1] > 16.5);
});

Deno.test("isSourceBehind needs distnr in [0, 1.5] and chinr in [0.5, 1.5] or |sharpnr| ≤ 0.5 (missing → true)", () => {
  assertEquals(isSourceBehindOne(0.3), true);
  assertEquals(isSourceBehindOne(1.6), false);
  assertEquals(isSourceBehindOne(0.3, 3, 2), false);
  assertEquals(isSourceBehindOne(0.3, 3, 0.2), true);
  assertEquals(isSourceBehindOne(0.3, 1.0, 2), true);
  assertEquals(isSourceBehind([0.3, 2, -0.1]), [true, false, false]);
  const snana = mag2fluxcalSnana(20, 0.1);
  assertAlmostEquals(snana.value, 1000, 1e-9);
  assertAlmostEquals(snana.sigma, 9.21034e10 * Math.exp(-0.921034 * 20) * 0.1, 1e-9);
});

Deno.test("colourAndRates: per-band rates, g−r of pairs within 0.3 d, colour rate, spread to the nearest pair (1e-12)", () => {
  // g at 1.0, 2.0, 3.0; r at 1.1, 2.25, 3.5; one i-band point at 2.1.
  const c = colourAndRates({
    objectId: ["a", "a", "a", "a", "a", "a", "a"],
    jd: new Float64Array([1.0, 1.1, 2.0, 2.1, 2.25, 3.0, 3.5]),
    fid: new Int32Array([1, 2, 1, 3, 2, 1, 2]),
    magpsf: new Float64Array([18, 17.5, 18.4, 16, 17.7, 18.1, 17.6]),
    sigmapsf: new Float64Array([0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.1]),
  });
  const at = (col: keyof typeof c, i: number) => c[col][i];
  assert(Number.isNaN(at("v:rate", 0)));
  assertAlmostEquals(at("v:rate", 2), 0.4, 1e-12);
  assertAlmostEquals(at("v:sigma(rate)", 2), Math.hypot(0.2, 0.1), 1e-12);
  assertAlmostEquals(at("v:rate", 5), -0.3, 1e-12);
  assertAlmostEquals(at("v:rate", 4), (17.7 - 17.5) / 1.15, 1e-12);
  assert(Number.isNaN(at("v:rate", 3))); // i band: no rate
  assertAlmostEquals(at("v:g-r", 0), 0.5, 1e-12);
  assertAlmostEquals(at("v:g-r", 1), 0.5, 1e-12);
  assertAlmostEquals(at("v:g-r", 2), 0.7, 1e-12);
  assertAlmostEquals(at("v:g-r", 3), 0.7, 1e-12); // i point at 2.1 takes the pair at 2.0
  assertAlmostEquals(at("v:g-r", 4), 0.7, 1e-12);
  assertAlmostEquals(at("v:sigma(g-r)", 2), Math.hypot(0.2, 0.1), 1e-12);
  assertAlmostEquals(at("v:rate(g-r)", 2), 0.2, 1e-12);
  assertAlmostEquals(
    at("v:sigma(rate(g-r))", 2),
    Math.hypot(Math.hypot(0.2, 0.1), Math.hypot(0.1, 0.1)),
    1e-12,
  );
  assert(Number.isNaN(at("v:g-r", 5)) && Number.isNaN(at("v:g-r", 6))); // 3.0 ↔ 3.5 is 0.5 d apart
});

Deno.test("colourAndRates keeps objects apart and takes the earlier pair on equidistant ties", () => {
  const c = colourAndRates({
    objectId: ["a", "a", "b", "b", "a", "a", "a"],
    jd: new Float64Array([1.0, 1.0, 1.0, 1.25, 1.5, 1.5, 1.25]), // exact binary fractions
    fid: new Int32Array([1, 2, 1, 2, 1, 2, 3]),
    magpsf: new Float64Array([18, 17, 15, 14.5, 18.5, 17.0, 16]),
    sigmapsf: new Float64Array(7).fill(0.1),
  });
  assertAlmostEquals(c["v:g-r"][2], 0.5, 1e-12); // b pairs with b only
  assertAlmostEquals(c["v:g-r"][6], 1.0, 1e-12); // i point at 1.25: pairs at 1.0 and 1.5, tie → 1.0
});

Deno.test("addColourAndRates skips upper limits and bad-quality rows (d:tag) and leaves them missing (NaN → Arrow null)", () => {
  const r = new ResultColumns(3);
  r.set("i:objectId", ["a", "a", "a"], "string");
  r.set("i:jd", [1, 1.1, 1.2], "double");
  r.set("i:fid", [1, 2, 1], "integer");
  r.set("i:magpsf", [18, 17.6, 19], "float");
  r.set("i:sigmapsf", [0.1, 0.1, 0.1], "float");
  r.set("d:tag", ["valid", "valid", "upperlim"], "string");
  addColourAndRates(r);
  assert(Number.isNaN(r.get("v:g-r")![2] as number));
  assert(Number.isNaN(r.get("v:rate")![2] as number));
  assertEquals(r.toTable().getChild("v:g-r")!.get(2), null);
  assertAlmostEquals(r.get("v:g-r")![0] as number, 0.4, 1e-6);
});

Deno.test("objects' v:g-r on a real light curve equals g − r of its points paired within 0.3 d, as Fink reads the magnitudes", async () => {
  await withFink(async (fink) => {
    const lc = await fink.objects({ objectId: "ZTF25aaqvqvd" });
    const jd = lc.getChild("i:jd")!.toArray() as Float64Array,
      fid = lc.getChild("i:fid")!.toArray();
    const mag = lc.getChild("i:magpsf")!.toArray(), gr = lc.getChild("v:g-r")!;
    let checked = 0;
    for (let i = 0; i < lc.numRows; i++) {
      if (fid[i] !== 1 || gr.get(i) === null) continue;
      let best = -1;
      for (let j = 0; j < lc.numRows; j++) {
        if (
          fid[j] === 2 && Math.abs(jd[j] - jd[i]) <= 0.3 &&
          (best < 0 || Math.abs(jd[j] - jd[i]) < Math.abs(jd[best] - jd[i]))
        ) best = j;
      }
      assert(best >= 0);
      // Fink computes with the magnitudes' decimal text (HBase cells), not their float32 bits.
      const m = (k: number) => Number(float32String(mag[k]));
      assertAlmostEquals(gr.get(i), m(i) - m(best), 1e-12);
      checked++;
    }
    assert(checked > 5, `checked ${checked}`);
  });
});
