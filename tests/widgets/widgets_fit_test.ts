/**
 * Widgets fed with finkit's own fit results (fit/): a Lomb-Scargle periodogram of a real δ Scuti
 * light curve (ZTF19abxdvsa, PulsV*delSct, from the portal sample) drives the periodogram
 * widget (FAP levels from the result's falseAlarmLevel) and folds/overlays the light curve; a
 * PSPL fit (scalar `model(t, band)`) of a synthetic event overlays one curve per fitted band.
 */
import { assert, assertAlmostEquals, assertEquals } from "../assert.ts";
import {
  evaluateModels,
  lightCurveColumns,
  LightCurveWidget,
  PeriodogramWidget,
} from "../../widgets/mod.ts";
import { lombScargle } from "../../fit/periodogram.ts";
import { fitPSPL, psplMagnification } from "../../fit/microlensing.ts";
import { fitPhaseCurve, funcHg } from "../../fit/phasecurve.ts";
import { lightCurveTable } from "./widgets_fixture.ts";

const table = await lightCurveTable("ZTF19abxdvsa", "portal");

Deno.test("a Lomb-Scargle result feeds the periodogram widget and folds the light curve", () => {
  const c = lightCurveColumns(table);
  const keep = Array.from(c.tag.keys()).filter((i) => c.tag[i] === 0 && c.fid[i] === 2);
  const ls = lombScargle(
    {
      t: keep.map((i) => c.jd[i]),
      y: keep.map((i) => c.magpsf[i]),
      dy: keep.map((i) => c.sigmapsf[i]),
    },
    { minimumFrequency: 1 / 1.2, maximumFrequency: 1 / 0.02 },
  );
  assert(ls.bestPeriod > 0);
  const pg = new PeriodogramWidget(ls);
  assertEquals(pg.data.levels.length, 3);
  for (const l of pg.data.levels) {
    assertAlmostEquals(ls.falseAlarmProbability(l.power), l.probability, l.probability * 1e-3);
  }
  assert(pg.toSVG().includes(`P = ${+ls.bestPeriod.toPrecision(7)} d`));
  const lc = new LightCurveWidget(table, { periodogram: ls, models: [ls] });
  assertEquals(lc.view.period, ls.bestPeriod);
  const svg = lc.toSVG();
  assert(svg.includes("Phase (P = "));
  assert(svg.includes('aria-description="model'), "LS model drawn");
});

Deno.test("a PSPL fit (scalar model) gives one overlay per fitted band", () => {
  const t = Array.from({ length: 120 }, (_, i) => 2459000 + i * 0.5);
  const fid = t.map((_, i) => 1 + (i % 2));
  const mag = t.map((x, i) =>
    (fid[i] === 1 ? 19 : 18.5) -
    2.5 * Math.log10(psplMagnification(x, { t0: 2459030, u0: 0.3, tE: 8 }))
  );
  const err = t.map(() => 0.02);
  const fit = fitPSPL({ t, mag, magErr: err, band: fid });
  const curves = evaluateModels([fit], Float64Array.from(t), Int8Array.from(fid), {
    modelPoints: 50,
  });
  assertEquals(curves.map((m) => m.fid), [1, 2]);
  const peak = Math.min(...Array.from(curves[0].mag));
  assertAlmostEquals(
    peak,
    19 - 2.5 * Math.log10(psplMagnification(2459030, { t0: 2459030, u0: 0.3, tE: 8 })),
    0.05,
  );
  const svg = new LightCurveWidget({ jd: t, mag, err, fid }, { models: [fit] }).toSVG();
  assertEquals((svg.match(/aria-description="model/g) ?? []).length, 2);
});

Deno.test("an HG phase-curve fit is drawn against phase angle (x in degrees, one curve per band)", () => {
  const phase = Array.from({ length: 60 }, (_, i) => 1 + i * 0.4);
  const fid = phase.map((_, i) => 1 + (i % 2));
  const mag = phase.map((a, i) =>
    funcHg(a * Math.PI / 180, { H: fid[i] === 1 ? 15.4 : 15.0, G: 0.15 })
  );
  const fit = fitPhaseCurve({ phase, mag, err: phase.map(() => 0.03), band: fid }, { model: "HG" });
  const jd = phase.map((_, i) => 2459000 + i);
  const w = new LightCurveWidget(
    { jd, mag, err: phase.map(() => 0.03), fid, phase },
    { xAxis: "phase-angle", models: [fit] },
  );
  const svg = w.toSVG();
  assert(svg.includes("Phase angle α (°)"));
  assert(svg.includes("Reduced magnitude (mag)") && !svg.includes("Difference magnitude"));
  assertEquals((svg.match(/aria-description="model/g) ?? []).length, 2);
  const curves = evaluateModels([fit], Float64Array.from(phase), Int8Array.from(fid), {
    modelPoints: 20,
  });
  assertAlmostEquals(curves[0].mag[10], fit.model(curves[0].t[10], "1"), 1e-12);
});
