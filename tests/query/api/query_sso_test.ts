/**
 * sso, ssobulk and resolver on the real sample; expectations from
 * INVENTORY.json and direct hyparquet reads of the aggregated SSO file.
 */
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "../../assert.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { INVENTORY, readSampleParquet, withFink } from "../query_sample.ts";
import { ResultColumns } from "../../../query/table/format.ts";
import { addShg1g2Residuals } from "../../../query/api/sso.ts";
import { float32String } from "../../../query/table/float32.ts";

const AGGREGATED =
  "fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet";

const aggregatedRows = () => readSampleParquet(AGGREGATED);

/** Alerts of 8467 (Benoitcarry) in the sample: the three benoit_julien_2025 files, one alert each. */
const ALERTS_8467 = INVENTORY.filter((f) => f.file.includes("benoit_julien_2025") && f.perObject)
  .reduce((s, f) => s + Object.values(f.perObject!).reduce((t, o) => t + o.alerts, 0), 0);

Deno.test("sso by number and by name returns the asteroid's alerts (roid 3) with sso_name and sso_number", async () => {
  assertEquals(ALERTS_8467, 3);
  await withFink(async (fink) => {
    const byNumber = await fink.sso("8467");
    assertEquals(byNumber.numRows, ALERTS_8467);
    assert([...byNumber.getChild("i:ssnamenr")!.toArray()].every((s) => s === "8467"));
    assert([...byNumber.getChild("d:roid")!.toArray()].every((r) => r === 3));
    assertEquals([...byNumber.getChild("sso_name")!.toArray()], [
      "Benoitcarry",
      "Benoitcarry",
      "Benoitcarry",
    ]);
    // An integer, as Fink's (rocks.identify's number).
    assertEquals(String(byNumber.getChild("sso_number")!.type), "Int64");
    assertEquals([...byNumber.getChild("sso_number")!.toArray()], [8467n, 8467n, 8467n]);
    const byName = await fink.sso({ nOrD: "Benoitcarry" });
    assertEquals([...byName.getChild("i:candid")!.toArray()], [
      ...byNumber.getChild("i:candid")!.toArray(),
    ]);
    const lower = await fink.sso({ nOrD: "benoitcarry", columns: "i:jd" });
    assertEquals(lower.schema.fields.map((f) => f.name).filter((n) => n.startsWith("i:")).sort(), [
      "i:jd",
      "i:ssnamenr",
    ]);
  });
});

Deno.test("sso withEphem joins Phase, Dobs, Dhelio from the aggregated file by jd and computes i:magpsf_red (1e-9 mag)", async () => {
  const agg = (await aggregatedRows()).find((r) => String(r.ssnamenr) === "8467")!;
  const cjd = agg.cjd as number[];
  await withFink(async (fink) => {
    const t = await fink.sso({ nOrD: "8467", withEphem: true });
    for (let i = 0; i < t.numRows; i++) {
      const jd = t.getChild("i:jd")!.get(i) as number;
      const k = cjd.findIndex((x) => Math.abs(x - jd) < 1e-6);
      assert(k >= 0, `jd ${jd} in the aggregated file`);
      const phase = Number((agg.Phase as number[])[k]), dobs = Number((agg.Dobs as number[])[k]);
      const dhelio = Number((agg.Dhelio as number[])[k]);
      assertAlmostEquals(t.getChild("Phase")!.get(i), phase, 1e-12);
      assertAlmostEquals(t.getChild("Dobs")!.get(i), dobs, 1e-12);
      // Fink computes with the magnitude's decimal text (its HBase cell), not its float32 bits.
      const mag = Number(float32String(t.getChild("i:magpsf")!.get(i) as number));
      assertAlmostEquals(
        t.getChild("i:magpsf_red")!.get(i),
        mag - 5 * Math.log10(dobs * dhelio),
        1e-9,
      );
    }
  });
});

Deno.test("sso: unresolvable names are a BadRequestError; known objects without alerts give an empty table", async () => {
  await withFink(async (fink) => {
    await assertRejects(() => fink.sso("kdflsjffld"), BadRequestError, "kdflsjffld");
    assertEquals((await fink.sso("33803")).numRows, 0); // Julienpeloton: bundled name, no alert in the sample
    assertEquals((await fink.sso("2010 JO69")).numRows, 0); // a designation
  });
});

Deno.test("sso withEphem without ephemerides for the alerts is a BadRequestError naming Miriade", async () => {
  await withFink(async (fink) => {
    await assertRejects(
      () => fink.sso({ nOrD: "4371", withEphem: true }),
      BadRequestError,
      "Miriade",
    );
  });
});

Deno.test("sso withResiduals: one object only; 8467's three sample alerts are too few for sHG1G2 (null residuals, Fink's NaN)", async () => {
  await withFink(async (fink) => {
    await assertRejects(
      () => fink.sso({ nOrD: "33803,8467", withResiduals: true }),
      BadRequestError,
      "list",
    );
    const t = await fink.sso({ nOrD: "8467", withResiduals: true, columns: "i:objectId" });
    assertEquals(t.numRows, 3);
    assert(t.getChild("Phase"), "withResiduals implies withEphem");
    const res = t.getChild("residuals_shg1g2")!;
    assertEquals([0, 1, 2].map((i) => res.get(i)), [null, null, null]);
  });
});

Deno.test("sso residuals on 8467's 216 aggregated points: i:magpsf_red − sHG1G2 model, rms equals the fit's (1e-9)", async () => {
  const fixture = JSON.parse(
    await Deno.readTextFile(new URL("../../fixtures/sso_phasecurves.json", import.meta.url)),
  );
  const o = fixture.objects["8467"] as Record<string, number[]>;
  const n = o.cjd.length;
  const red = o.cmagpsf.map((m, i) => m - 5 * Math.log10(o.Dobs[i] * o.Dhelio[i]));
  const r = new ResultColumns(n + 1); // one extra row without ephemerides
  const pad = (a: number[]) => [...a, null];
  r.set("Phase", pad(o.Phase), "double");
  r.set("i:magpsf_red", pad(red), "double");
  r.set("i:sigmapsf", pad(o.csigmapsf), "double");
  r.set("i:fid", pad(o.cfid), "integer");
  r.set("i:ra", pad(o.RA), "double");
  r.set("i:dec", pad(o.DEC), "double");
  const fit = addShg1g2Residuals(r);
  assertEquals(fit.fit, 0, fit.message);
  const res = r.get("residuals_shg1g2")!;
  assertEquals(res[n], null);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const expected = red[i] - fit.model(o.Phase[i], o.cfid[i], o.RA[i], o.DEC[i]);
    assertAlmostEquals(res[i] as number, expected, 1e-12);
    ss += expected ** 2;
  }
  assertAlmostEquals(Math.sqrt(ss / n), fit.rms, 1e-9);
  assert(fit.rms < 0.3, `rms ${fit.rms} mag`);
});

Deno.test("ssobulk returns one row per aggregated observation (108 + 216 + 9) with phase-curve columns", async () => {
  const rows = await aggregatedRows();
  const total = rows.reduce((s, r) => s + (r.cjd as unknown[]).length, 0);
  assertEquals(total, 333);
  await withFink(async (fink) => {
    const all = await fink.ssobulk();
    assertEquals(all.numRows, total);
    for (const c of ["Phase", "Dobs", "Dhelio", "magpsf_red"]) assert(all.getChild(c), c);
    const one = await fink.ssobulk({ ssnamenr: "33803" });
    assertEquals(one.numRows, 108);
    const agg = rows.find((r) => String(r.ssnamenr) === "33803")!;
    const k = 17;
    const red = Number((agg.cmagpsf as number[])[k]) -
      5 * Math.log10(Number((agg.Dobs as number[])[k]) * Number((agg.Dhelio as number[])[k]));
    assertAlmostEquals(one.getChild("magpsf_red")!.get(k), red, 1e-9);
  });
});

Deno.test("resolver ssodnet: name → ZTF spellings, number → same; reverse objectId → names", async () => {
  await withFink(async (fink) => {
    const byName = await fink.resolver({ resolver: "ssodnet", name: "Benoitcarry", nmax: 1 });
    assertEquals([...byName.getChild("i:ssnamenr")!.toArray()], ["8467"]);
    assertEquals(byName.getChild("i:number")!.get(0), "8467");
    const byNumber = await fink.resolver({ resolver: "ssodnet", name: "8467", nmax: 1 });
    assertEquals(byNumber.getChild("i:name")!.get(0), "Benoitcarry");
    const reverse = await fink.resolver({
      resolver: "ssodnet",
      name: "ZTF25aabvany",
      reverse: true,
    });
    assert(reverse.numRows >= 1);
    assert([...reverse.getChild("i:number")!.toArray()].every((n) => n === "8467"));
  });
});

Deno.test("resolver simbad reverse returns the object's alerts with d:cdsxmatch; forward simbad and tns are clear errors", async () => {
  const inv = INVENTORY.find((f) => f.perObject && "ZTF18abvcdqu" in f.perObject)!;
  await withFink(async (fink) => {
    const t = await fink.resolver({ resolver: "simbad", name: "ZTF18abvcdqu", reverse: true });
    assertEquals(t.numRows, inv.perObject!.ZTF18abvcdqu.alerts);
    assertEquals(t.getChild("d:cdsxmatch")!.get(0), "RRLyr");
    // Fink returns this scan's cells untyped: text, the candid's digits exact.
    const alerts = await fink.objects({ objectId: "ZTF18abvcdqu", columns: "i:candid,i:ra" });
    const text = (name: string) => [...alerts.getChild(name)!.toArray()].map(String);
    assert(text("i:candid").includes(t.getChild("i:candid")!.get(0)));
    assert(text("i:ra").includes(t.getChild("i:ra")!.get(0)));
    await assertRejects(
      () => fink.resolver({ resolver: "simbad", name: "Markarian 2" }),
      BadRequestError,
      "Sesame",
    );
    await assertRejects(
      () => fink.resolver({ resolver: "tns", name: "SN 2023" }),
      BadRequestError,
      "tns_resolver",
    );
    await assertRejects(
      () => fink.resolver({ resolver: "ned" as never, name: "x" }),
      BadRequestError,
      "ned",
    );
  });
});
