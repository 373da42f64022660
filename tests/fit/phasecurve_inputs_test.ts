/**
 * Phase-curve inputs that are not degrees of phase angle, positions that are
 * not on the sky, and options that cannot be right: dropped with a note or
 * refused, never fitted silently (a new user's walkthrough found each of them
 * fitted to wrong parameters with `fit` 0).
 */
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { fitPhaseCurve, phaseCurveData, PhaseCurveOptionError } from "../../fit/phasecurve.ts";

const a8467 = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/sso_phasecurves.json", import.meta.url)),
).objects["8467"];
const data = phaseCurveData(a8467);
const n = data.phase.length;

Deno.test("phase curve: a phase outside [0°, 180°] is dropped and named, not fitted", () => {
  const clean = fitPhaseCurve(data, { model: "HG1G2" });
  for (const bad of [-5, 200]) {
    const phase = Array.from(data.phase);
    phase[0] = bad;
    const r = fitPhaseCurve({ ...data, phase }, { model: "HG1G2" });
    assertEquals(r.n_rejected, 1);
    assertEquals(r.n_obs, clean.n_obs - 1);
    assert(
      r.message.includes("outside [0°, 180°]") && r.message.includes(`e.g. ${bad}`),
      r.message,
    );
  }
});

Deno.test("phase curve: phases given in radians are fitted but the message asks about it", () => {
  const phase = Array.from(data.phase, (p) => p * Math.PI / 180);
  const r = fitPhaseCurve({ ...data, phase }, { model: "HG1G2" });
  assert(r.message.includes("radians given?"), r.message);
  assert(!fitPhaseCurve(data, { model: "HG1G2" }).message.includes("radians"));
});

Deno.test("phase curve: SHG1G2 drops a Dec outside [−90°, 90°] and refuses bad pole starts", () => {
  const dec = Array.from(data.dec!);
  dec[1] = 120;
  const r = fitPhaseCurve({ ...data, dec }, { model: "SHG1G2", poleStarts: [[180, 0]] });
  assertEquals(r.n_rejected, 1);
  assert(r.message.includes("Dec outside [−90°, 90°] dropped (e.g. 120)"), r.message);
  for (const poleStarts of [[], [[400, 100]], [[NaN, 0]]] as [number, number][][]) {
    assertThrows(
      () => fitPhaseCurve(data, { model: "SHG1G2", poleStarts }),
      PhaseCurveOptionError,
      "poleStarts",
    );
  }
  assertThrows(
    () => fitPhaseCurve(data, { model: "HG", maxEvaluations: 0 }),
    PhaseCurveOptionError,
    "maxEvaluations must be a positive integer; got 0",
  );
});

Deno.test("phase curve: a run out of evaluations says 'not converged' once; model() refuses a band not fitted", () => {
  const r = fitPhaseCurve(data, { model: "SHG1G2", poleStarts: [[180, 0]], maxEvaluations: 3 });
  assertEquals(r.status, 0);
  assert(r.message.startsWith("not converged ("), r.message);
  const first = r.message.indexOf("maximum number of evaluations");
  assert(
    first >= 0 && r.message.indexOf("maximum number of evaluations", first + 1) < 0,
    r.message,
  );
  const hg = fitPhaseCurve(data, { model: "HG" });
  assert(hg.message.startsWith("converged ("), hg.message);
  assertThrows(() => hg.model(10, 3), RangeError, "band 3 was not fitted; bands: 1, 2");
  assert(Number.isFinite(hg.model(10, 2)) && Number.isFinite(hg.model(10, "1")));
  const sh = fitPhaseCurve(data, { model: "SHG1G2", poleStarts: [[180, 0]] });
  assertThrows(() => sh.model(10, 1), RangeError, "needs the observation's ra and dec");
  assert(Number.isFinite(sh.model(10, 1, data.ra![0], data.dec![0])));
  assertEquals(n, data.mag.length);
});
