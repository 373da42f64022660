/**
 * `ssoft` (the Solar System Object Fink Table) on the sample store and the
 * bundled aggregated SSO file, against tests/fixtures/ssoft_reference.json
 * (scripts/make_ssoft_reference.py: astropy 8.0.2's LombScargleMultiband on
 * the same residuals; astropy separations and numpy moments from the Parquet
 * file itself), against the phase-curve fitter on the same points, and
 * Fink's parameter rules.
 */
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "../../assert.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { isoToJd } from "../../../astro/time.ts";
import { fitPhaseCurve } from "../../../fit/phasecurve.ts";
import { aggregatedLightCurves, SAMPLE_SSO_AGGREGATED_PATH } from "../../../query/api/ssobulk.ts";
import {
  currentSsoftVersion,
  periodOfResiduals,
  ssoftObservations,
  ssoftRow,
} from "../../../query/api/ssoft.ts";
import { SSOFT_FLAVORS, ssoftSchema } from "../../../query/mod.ts";
import { withFink } from "../query_sample.ts";
import { connect, FinkClient } from "../../../query/client.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { encodeString } from "../../../query/store/codec.ts";

interface Reference {
  about: string;
  periods: Record<
    string,
    {
      t: number[];
      y: number[];
      dy: number[];
      band: number[];
      period: number;
      period_chi2red: number;
      period_chi2red_astropy_model: number;
    }
  >;
  observations: Record<string, Record<string, number>>;
}
const REF: Reference = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/ssoft_reference.json", import.meta.url)),
);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

Deno.test("the period of the residuals is astropy's LombScargleMultiband best period, to 1e-9", () => {
  assertEquals(Object.keys(REF.periods).length, 6);
  for (const [key, r] of Object.entries(REF.periods)) {
    const got = periodOfResiduals(r.t, r.y, r.dy, r.band);
    assert(rel(got.period, r.period) < 1e-9, `${key}: ${got.period} h vs astropy ${r.period} h`);
    // The periodic model's χ² is the exact weighted least-squares one (numpy lstsq), never above
    // what astropy's `model()` gives (it fits the band offsets slightly worse: 0.2–2.5 % more).
    assert(rel(got.period_chi2red, r.period_chi2red) < 1e-9, `${key}: ${got.period_chi2red}`);
    assert(got.period_chi2red <= r.period_chi2red_astropy_model, key);
  }
});

Deno.test("ssoft rows: Fink's columns, the fitter's parameters, astropy's astrometry and periods", async () => {
  await withFink(async (fink) => {
    const curves = await aggregatedLightCurves();
    for (const flavor of SSOFT_FLAVORS) {
      const t = await fink.ssoft({ flavor });
      assertEquals(t.schema.fields.map((f) => f.name), Object.keys(ssoftSchema(flavor)));
      assertEquals(t.numRows, 2, flavor); // 2005XM12 has 9 points, fewer than Fink's 50
      for (const row of t.toArray().map((r) => r.toJSON())) {
        const id = String(row.ssnamenr);
        const obs = REF.observations[id];
        for (const [k, v] of Object.entries(obs)) {
          assert(rel(Number(row[k]), v) < 1e-9, `${flavor} ${id} ${k}: ${row[k]} vs ${v}`);
        }
        assert(rel(row.period, REF.periods[`${id} ${flavor}`].period) < 1e-9, `${id} period`);
        // The phase-curve parameters are the fitter's on the same points (tested against
        // fink-utils in tests/fit/phasecurve_test.ts).
        const o = ssoftObservations(curves.find((c) => c.ssnamenr === id)!, 1e9);
        assert(o && o !== "no ephemerides");
        const fit = fitPhaseCurve(o, { model: flavor }) as unknown as Record<string, number>;
        for (const k of ["H_1", "H_2", "err_H_2", "chi2red", "rms_1", "median_error_phot"]) {
          assertEquals(row[k], fit[k], `${flavor} ${id} ${k}`);
        }
        assertEquals([row.fit, row.status > 0, row.flag], [0n, true, 0n]);
        assertEquals(row.version, currentSsoftVersion());
        if (flavor === "SHG1G2") {
          assertEquals([row.R, row.alpha0, row.delta0], [fit.R, fit.alpha0, fit.delta0]);
          assertAlmostEquals(row.alpha0_alt, (row.alpha0 + 180) % 360, 1e-12);
          assertEquals(row.delta0_alt, -row.delta0);
          assertEquals(row.obliquity, null); // needs the orbit's pole (SsODNet): not offline
        }
      }
      // sso_name and sso_number from ztf.sso_resolver; 33803 is not in the sample's alerts,
      // so it keeps its number (its ssnamenr) and no name.
      const ids = t.toArray().map((r) => [r.ssnamenr, r.sso_name, r.sso_number]);
      assertEquals(ids, [["33803", null, 33803n], ["8467", "Benoitcarry", 8467n]]);
    }
    // HG1G2 of 8467 as fink-utils gives it (docs/fitters.md): H 13.68 (g), 13.02 (r).
    const hg1g2 = (await fink.ssoft({ flavor: "HG1G2", ssoName: "Benoitcarry" })).toArray()[0];
    assertAlmostEquals(hg1g2.H_1, 13.68, 0.01);
    assertAlmostEquals(hg1g2.H_2, 13.02, 0.01);
  });
});

Deno.test("ssoft: Fink's filters and versions (observations before the version's month)", async () => {
  await withFink(async (fink) => {
    const one = await fink.ssoft({ ssoNumber: "33803" });
    assertEquals([one.numRows, one.getChild("ssnamenr")!.get(0)], [1, "33803"]);
    assertEquals((await fink.ssoft({ ssoName: "Benoitcarry" })).numRows, 1);
    assertEquals((await fink.ssoft({ ssoName: "benoitcarry" })).numRows, 0); // exact, as Fink
    assertEquals((await fink.ssoft({ ssoNumber: 1 })).numRows, 0);
    const old = await fink.ssoft({ version: "2023.07" });
    const stop = isoToJd("2023-07-01");
    assertEquals(Array.from(old.getChild("n_obs")!.toArray(), Number), [92, 135]);
    for (const jd of old.getChild("last_jd")!.toArray()) assert(jd < stop, String(jd));
    assertEquals(old.getChild("version")!.get(0), "2023.07");
    assertEquals((await fink.ssoft({ nmin: 200 })).numRows, 1); // only 8467's 216 points
    const rules: [Record<string, unknown>, string][] = [
      [{ flavor: "SSHG1G2" }, "flavor needs to be in ['SOCCA', 'SHG1G2', 'HG1G2', 'HG']\n"],
      [{ version: "2023" }, "version needs to be YYYY.MM\n"],
      [{ version: "2023.13" }, "version needs to be YYYY.MM\n"],
      [{ version: "2023.06" }, "version starts on 2023.07\n"],
    ];
    for (const [params, fink_] of rules) {
      const e = await assertRejects(() => fink.ssoft(params), BadRequestError);
      assertEquals((e as BadRequestError).fink, fink_);
    }
    for (
      const [params, says] of [
        [{ flavor: "SOCCA" }, "does not compute the SOCCA flavor"],
        [{ version: "2999.01" }, "at most the current month"],
        [{ ssoNumber: "abc" }, "`sso_number`"],
        [{ nmin: 0 }, "`nmin`"],
      ] as const
    ) {
      await assertRejects(() => fink.ssoft(params), BadRequestError, says);
    }
  });
});

Deno.test("ssoft: an asteroid without ephemerides gets Fink's fit = 2, status = -2 and nulls", async () => {
  const curves = await aggregatedLightCurves();
  const xm12 = curves.find((c) => c.ssnamenr === "2005XM12")!;
  assertEquals(ssoftRow(xm12, "SHG1G2", 1e9), undefined); // 9 points < 50
  assertEquals(ssoftRow(xm12, "SHG1G2", 1e9, 5), {
    ssnamenr: "2005XM12",
    flag: 0,
    fit: 2,
    status: -2,
  });
});

Deno.test("ssoft: names come from the store's ztf.sso_resolver; refresh() recomputes after an ingest", async () => {
  const fink = new FinkClient(SqliteStore.open(":memory:"), {
    ssoFile: SAMPLE_SSO_AGGREGATED_PATH,
  });
  try {
    const names = async () =>
      (await fink.ssoft({ flavor: "HG" })).toArray().map((r) => [r.sso_name, r.sso_number]);
    assertEquals(await names(), [[null, 33803n], [null, 8467n]]); // no resolver table
    await fink.store.createTable("ztf.sso_resolver", ["i"]);
    const cells = { "i:ssnamenr": "8467", "i:name": "Benoitcarry", "i:number": "8467" };
    await fink.store.put("ztf.sso_resolver", [{
      key: "benoitcarry@8467",
      cells: Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, encodeString(v)])),
    }]);
    assertEquals(await names(), [[null, 33803n], [null, 8467n]]); // the table computed before
    fink.refresh();
    assertEquals(await names(), [[null, 33803n], ["Benoitcarry", 8467n]]);
  } finally {
    await fink.close();
  }
});

Deno.test("a store other than the sample reads no aggregated SSO file unless given one", async () => {
  const fink = new FinkClient(SqliteStore.open(":memory:"));
  try {
    assertEquals(fink.ssoFile, null);
    const table = await fink.ssoft({ flavor: "HG" });
    assertEquals(table.numRows, 0);
    assert(table.schema.fields.some((f) => f.name === "H_1"), "Fink's columns, no rows");
    assertEquals((await fink.ssobulk()).numRows, 0);
    const rows = await fink.ssobulkObjects();
    assertEquals(rows.numRows, 0);
    assert(rows.schema.fields.some((f) => f.name === "Phase"), "the aggregated file's columns");
    // A call may still name a file.
    assertEquals((await fink.ssobulk({ path: SAMPLE_SSO_AGGREGATED_PATH })).numRows > 0, true);
  } finally {
    await fink.close();
  }
  const missing = "/nonexistent/aggregated.parquet";
  const e = await assertRejects(() => connect(":memory:", { ssoFile: missing }), BadRequestError);
  assert(e.message.includes(missing), e.message);
});
