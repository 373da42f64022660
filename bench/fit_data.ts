/**
 * The light curves the fitter benchmarks share (bench/fit_bench.ts,
 * bench/fit_medians.ts): ZTF18abktckv's forced photometry (g, r, i) with the
 * scipy anchor's start and bounds, asteroid 8467's ZTF phase curve and the
 * SYN_sHG1G2 reference set.
 *
 * @module
 */
import { phaseCurveData } from "../fit/phasecurve.ts";
import { prepareLightCurve } from "../fit/microlensing_problem.ts";
import { magBlocks, magResidual } from "../fit/microlensing_residual.ts";

const read = (path: string) => Deno.readTextFileSync(new URL(path, import.meta.url));
const anchor = JSON.parse(read("../scripts/anchors/pspl_start.json"));
/** ZTF18abktckv, bands in the order of scripts/anchors/pspl_start.json. */
export const event = {
  t: [] as number[],
  mag: [] as number[],
  magErr: [] as number[],
  band: [] as string[],
};
for (const b of anchor.bands as string[]) {
  for (
    const line of read(`../data/sample/fink-tutorials/galactic/Data/ZTF18abktckv_${b}.dat`).split(
      "\n",
    )
  ) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [x, m, e] = line.trim().split(/\s+/).map(Number);
    event.t.push(x), event.mag.push(m), event.magErr.push(e), event.band.push(b);
  }
}
const preparedOrError = prepareLightCurve(event, 22, false);
if (typeof preparedOrError === "string") throw new Error(preparedOrError);
/** ZTF18abktckv prepared as fitPSPL prepares it. */
export const prepared = preparedOrError;
/** The magnitude-space residuals and Jacobian blocks of ZTF18abktckv. */
export const magFit = magResidual(prepared, false), blocks = magBlocks(prepared, false);
/** The scipy anchor's start. */
export const q0: number[] = anchor.q0;
/** fitPSPL's refinement options (bounds, λ0), as the anchor uses them. */
export const magOptions = {
  lower: [-Infinity, 1e-9, 1e-3, ...q0.slice(3).map(() => -Infinity)],
  upper: [Infinity, 10, 1e5, ...q0.slice(3).map(() => Infinity)],
  lambda0: 1e-5,
};
const o = JSON.parse(read("../tests/fixtures/sso_phasecurves.json")).objects["8467"];
/** Asteroid 8467 (Benoitcarry): reduced magnitudes, phase angles, positions. */
export const a8467 = phaseCurveData(o);
const s = JSON.parse(read("../tests/fixtures/fitters.json")).phase_curves.SYN_sHG1G2.data;
/** The SYN_sHG1G2 reference set. */
export const syn = {
  phase: s.phase_deg,
  mag: s.mag,
  err: s.err,
  band: s.fid,
  ra: s.ra_deg,
  dec: s.dec_deg,
};
