/**
 * Every fitter's `model()` takes an array of times or phases, as Lomb-Scargle's does: the values
 * are exactly those of the scalar calls, the band (and sHG1G2's position) one for all points or
 * one per point, and a per-point argument of the wrong length is a `RangeError` naming it.
 */
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { fitPSPL } from "../../fit/microlensing.ts";
import { fitPhaseCurve, phaseCurveData } from "../../fit/phasecurve.ts";

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/fitters.json", import.meta.url)),
).pspl.SYN2B;
const SYN = { t: fx.data.t, mag: fx.data.mag, magErr: fx.data.err, band: fx.data.band };
const sso = phaseCurveData(
  JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/sso_phasecurves.json", import.meta.url)),
  ).objects["8467"],
);

Deno.test("fitPSPL: model() of an array of times equals the scalar calls (exact), band per time or for all", () => {
  const r = fitPSPL(SYN);
  const t: number[] = SYN.t, band: number[] = SYN.band;
  const perPoint = r.model(t, band);
  assert(perPoint instanceof Float64Array && perPoint.length === t.length);
  assertEquals(Array.from(perPoint), t.map((ti, i) => r.model(ti, band[i])));
  assertEquals(Array.from(r.model(t, "2")), t.map((ti) => r.model(ti, 2)));
  assertEquals(Array.from(r.model(new Float64Array(t))), t.map((ti) => r.model(ti)));
  assertEquals(r.model([]).length, 0);
  assertThrows(
    () => r.model(t, band.slice(1)),
    RangeError,
    `band has ${t.length - 1} values but t has ${t.length}`,
  );
  // The types refuse it; a JavaScript caller gets the error.
  const untyped = r.model as unknown as (t: number, band: number[]) => number;
  assertThrows(() => untyped(t[0], [1, 2]), RangeError, "band has 2 values but t is one number");
  assertThrows(() => r.model(t, [...band.slice(1), 7]), RangeError, "band 7 was not fitted");
  const failed = fitPSPL({ t: [1, 2, 3, 4], mag: [17, 16, 17, 17], magErr: [0.1, 0.1, 0.1, 0.1] });
  assertEquals(Array.from(failed.model([1, 2])), [NaN, NaN]);
});

Deno.test("fitPhaseCurve: model() of an array of phases equals the scalar calls (exact); sHG1G2 takes ra and dec per phase", () => {
  const phase = Array.from(sso.phase), band = Array.from(sso.band!);
  const hg = fitPhaseCurve(sso, { model: "HG1G2" });
  assertEquals(Array.from(hg.model(phase, band)), phase.map((p, i) => hg.model(p, band[i])));
  assertEquals(Array.from(hg.model(sso.phase, 2)), phase.map((p) => hg.model(p, 2)));
  const sh = fitPhaseCurve(sso, { model: "SHG1G2", poleStarts: [[180, 0]] });
  const ra = Array.from(sso.ra!), dec = Array.from(sso.dec!);
  const many = sh.model(phase, band, ra, dec);
  assertEquals(Array.from(many), phase.map((p, i) => sh.model(p, band[i], ra[i], dec[i])));
  assertEquals(Array.from(sh.model(phase, 1, 150, 20)), phase.map((p) => sh.model(p, 1, 150, 20)));
  assertThrows(() => sh.model(phase, band), RangeError, "needs the observation's ra and dec");
  assertThrows(
    () => sh.model(phase, band, ra, dec.slice(2)),
    RangeError,
    `dec has ${dec.length - 2} values but phase has ${phase.length}`,
  );
  const none = fitPhaseCurve({ phase: [1], mag: [15] }, { model: "HG" });
  assert(none.fit !== 0);
  assertEquals(Array.from(none.model([1, 2], 1)), [NaN, NaN]);
});
