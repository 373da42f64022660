/**
 * Inputs of the SSoFT reference (tests/fixtures/ssoft_reference.json): for
 * each asteroid of the bundled aggregated SSO file and each flavor, the
 * light-time corrected JDs, phase-curve residuals, errors and bands that
 * `ssoft` gives its period search, as JSON on stdout. Piped into
 * scripts/make_ssoft_reference.py, which adds astropy's answers:
 *
 *   deno run -A scripts/ssoft_residuals.ts | .cache/venv/bin/python \
 *     scripts/make_ssoft_reference.py > tests/fixtures/ssoft_reference.json
 *
 * @module
 */
import { aggregatedLightCurves } from "../query/api/ssobulk.ts";
import { SSOFT_FLAVORS, ssoftObservations } from "../query/api/ssoft.ts";
import { fitPhaseCurve } from "../fit/phasecurve.ts";

/** Every observation (the reference's table is the one of 2026.01). */
const JD_STOP = 2461041.5;
const out: Record<string, { t: number[]; y: number[]; dy: number[]; band: number[] }> = {};
for (const lc of await aggregatedLightCurves()) {
  const obs = ssoftObservations(lc, JD_STOP);
  if (obs === undefined || obs === "no ephemerides") continue;
  for (const model of SSOFT_FLAVORS) {
    const { phase, mag, err, band, ra, dec } = obs;
    const fit = fitPhaseCurve({ phase, mag, err, band, ra, dec }, { model });
    out[`${lc.ssnamenr} ${model}`] = {
      t: Array.from(obs.jdLight),
      y: Array.from(
        mag,
        (m, k) =>
          fit.bands.includes(String(band[k]))
            ? m - fit.model(phase[k], band[k], ra[k], dec[k])
            : NaN,
      ),
      dy: Array.from(err),
      band: Array.from(band),
    };
  }
}
console.log(JSON.stringify(out));
