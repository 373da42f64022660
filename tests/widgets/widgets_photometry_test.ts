/**
 * Difference → DC photometry (widgets/photometry.ts) against values computed with a literal
 * Python transcription of fink-utils `apparent_flux` / `dc_mag` (spec/fink-data-model.md §3.3;
 * numpy float64, run once with Debian's python3). Tolerance 1e-12 relative.
 */
import { assert, assertAlmostEquals } from "../assert.ts";
import {
  apparentFlux,
  dcFlux,
  dcMag,
  differenceFlux,
  isSourceBehind,
} from "../../widgets/photometry.ts";

const CASES = {
  magpsf: [18.2, 19.5, 17.0],
  sigmapsf: [0.05, 0.12, 0.02],
  magnr: [16.9, 17.3, 20.1],
  sigmagnr: [0.02, 0.03, 0.2],
  isdiffpos: [1, -1, 1],
};
const FLUX_JY = [
  [0.0008215530697355909, 1.4564553325014666e-05],
  [0.00037899474439131883, 1.3636762312599958e-05],
  [0.0006085898317596424, 1.2230855220868095e-05],
];
const DC_MAG = [
  [16.613476565456793, 0.019247369558314235],
  [17.453482653415314, 0.039065008319753645],
  [16.939253892415692, 0.021819358162626912],
];
const DIFF_FLUX_MJY = [
  [0.19055758881669232, 0.008775793903320084],
  [-0.05754747181826294, 0.006360593735093996],
  [0.5754747181826293, 0.010600989558489994],
];

const rel = (x: number) => Math.abs(x) * 1e-12;

Deno.test("apparentFlux matches fink-utils apparent_flux in Jy (positive and negative subtractions)", () => {
  const f = apparentFlux(CASES);
  FLUX_JY.forEach(([v, e], i) => {
    assertAlmostEquals(f.value[i], v, rel(v));
    assertAlmostEquals(f.error[i], e, rel(e));
  });
});

Deno.test("dcMag matches fink-utils dc_mag", () => {
  const m = dcMag(CASES);
  DC_MAG.forEach(([v, e], i) => {
    assertAlmostEquals(m.value[i], v, rel(v));
    assertAlmostEquals(m.error[i], e, rel(e));
  });
});

Deno.test("differenceFlux is the portal's difference flux in mJy with the isdiffpos sign", () => {
  const f = differenceFlux(CASES);
  DIFF_FLUX_MJY.forEach(([v, e], i) => {
    assertAlmostEquals(f.value[i], v, rel(v));
    assertAlmostEquals(f.error[i], e, rel(e));
  });
});

Deno.test("dcFlux uses magnr only when the source is behind", () => {
  const behind = dcFlux(CASES, true);
  const alone = dcFlux(CASES, false);
  assertAlmostEquals(behind.value[0], FLUX_JY[0][0] * 1e3, rel(FLUX_JY[0][0] * 1e3));
  assertAlmostEquals(alone.value[0], Math.abs(DIFF_FLUX_MJY[0][0]), 1e-12);
});

Deno.test("upper limits (NaN magpsf) and negative magnr give NaN", () => {
  const f = apparentFlux({
    magpsf: [NaN, 18],
    sigmapsf: [0.1, 0.1],
    magnr: [17, -999],
    sigmagnr: [0.1, 0.1],
    isdiffpos: [1, 1],
  });
  assert(Number.isNaN(f.value[0]) && Number.isNaN(f.value[1]));
});

Deno.test("isSourceBehind follows distnr ≤ 1.5 px and the chinr/sharpnr rule", () => {
  assert(isSourceBehind(0.3) && isSourceBehind(1.5) && !isSourceBehind(1.6) && !isSourceBehind(-1));
  assert(isSourceBehind(0.3, 1.0, 2) && isSourceBehind(0.3, 3, 0.1) && !isSourceBehind(0.3, 3, 2));
});
