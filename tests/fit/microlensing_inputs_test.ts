/**
 * PSPL inputs a script writer gets wrong: unequal arrays in `psplChi2`, a
 * start or parameters that are not numbers, a band the fit never saw, fluxes
 * passed as magnitudes. Each is an error or a message naming it (a new user's
 * walkthrough got NaN, or "residuals not finite at any start", for each).
 */
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { fitPSPL, psplChi2, psplMagnification, PSPLOptionError } from "../../fit/microlensing.ts";

const truth = { t0: 2459100, u0: 0.2, tE: 15 };
const t = Array.from({ length: 120 }, (_, i) => 2459040 + i);
const band = t.map((_, i) => (i % 2 ? 1 : 2));
const flux = t.map((x) => 10 * psplMagnification(x, truth) + 5);
const mag = flux.map((f) => 22 - 2.5 * Math.log10(f));
const magErr = t.map(() => 0.02);

Deno.test("psplChi2: unequal arrays and impossible parameters are errors, not NaN", () => {
  assertThrows(
    () => psplChi2({ t, mag: mag.slice(1), magErr }, truth),
    RangeError,
    "equal lengths",
  );
  assertThrows(
    () => psplChi2({ t, mag, magErr }, { ...truth, tE: 0 }),
    PSPLOptionError,
    "params must have finite t0 and u0 and a tE > 0 [days]; got { t0: 2459100, u0: 0.2, tE: 0 }",
  );
  assert(psplChi2({ t, mag, magErr }, truth).chi2 < 1e-12);
});

Deno.test("fitPSPL: a start that is not numbers and a zero budget are option errors", () => {
  assertThrows(
    () => fitPSPL({ t, mag, magErr }, { start: { ...truth, t0: NaN } }),
    PSPLOptionError,
    "start must have finite t0",
  );
  assertThrows(
    () => fitPSPL({ t, mag, magErr }, { maxEvaluations: 0 }),
    PSPLOptionError,
    "maxEvaluations must be a positive integer; got 0",
  );
});

Deno.test("fitPSPL: model() refuses a band not fitted; fluxes passed as mag are named", () => {
  const r = fitPSPL({ t, mag, magErr, band });
  assert(r.status > 0, r.message);
  assertEquals(r.bands, ["1", "2"]);
  assertThrows(() => r.model(truth.t0, 3), RangeError, "band 3 was not fitted; bands: 1, 2");
  assertThrows(() => r.model(truth.t0, "g"), RangeError, 'band "g" was not fitted');
  assert(Math.abs(r.model(truth.t0, "1") - mag[60]) < 1e-6);
  for (const k of [1, 30]) {
    const asMag = fitPSPL({ t, mag: flux.map((f) => f * k), magErr });
    assert(asMag.message.includes("fluxes given as mag? (pass flux and fluxErr)"), asMag.message);
  }
  assert(!r.message.includes("fluxes given as mag"));
});
