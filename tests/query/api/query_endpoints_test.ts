/**
 * tracklet, anomaly, statistics, schema, ssocand, cutouts, skymap and xmatch
 * on the real sample; expectations from direct hyparquet reads of the files
 * and from brute-force scans written here.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { jdToUnixMs } from "../../../astro/time.ts";
import { trackletPrefix } from "../../../query/api/tracklet.ts";
import {
  goodQuality,
  INVENTORY,
  readRawAlerts,
  readSampleParquet,
  withFink,
} from "../query_sample.ts";

const readParquet = (relative: string, columns?: string[]) =>
  readSampleParquet(relative, columns, { utf8: false });

const utcNight = (jd: number) => new Date((jd - 2440587.5) * 86400000).toISOString().slice(0, 10);

Deno.test("tracklet turns a date into Fink's TRCK_ prefix, takes any id or date, rejects neither", async () => {
  assertEquals(trackletPrefix("2021-10-22 09:19:49 00"), "TRCK_20211022_091949_00");
  assertEquals(trackletPrefix("2021-08-10"), "TRCK_20210810");
  await withFink(async (fink) => {
    // The sample's tracklet file predates the `tracklet` column: no tracklet is known.
    assertEquals((await fink.tracklet({ date: "2021-10-22 09:19:49" })).numRows, 0);
    await assertRejects(() => fink.tracklet({}), BadRequestError, "YYYY-MM-DD");
    // An empty id is named as the bad value (a date, when given too, is used).
    await assertRejects(() => fink.tracklet({ id: " " }), BadRequestError, "Bad value for `id`");
    assertEquals(
      (await fink.tracklet({ id: "", date: "2021-10-22" })).numRows,
      (await fink.tracklet({ date: "2021-10-22" })).numRows,
    );
    // Any other id or date is a key prefix, as in Fink: one no tracklet has finds nothing.
    assertEquals((await fink.tracklet({ date: "22/10/2021" })).numRows, 0);
    assertEquals((await fink.tracklet({ id: "ZTF21abc" })).numRows, 0);
  });
});

Deno.test("anomaly over April 2024 returns each night's ≤10 most anomalous objects (negative scores), from the file", async () => {
  const file = INVENTORY.find((f) => f.file.includes("symbiotic"))!.file;
  const rows = await readParquet(file, ["objectId", "candidate", "anomaly_score"]);
  const byNight = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const c = r.candidate as Record<string, unknown>, s = Number(r.anomaly_score);
    if (!goodQuality(c) || !(s < 0)) continue;
    const night = utcNight(Number(c.jd));
    const m = byNight.get(night) ?? new Map<string, number>();
    m.set(String(r.objectId), Math.min(m.get(String(r.objectId)) ?? Infinity, s));
    byNight.set(night, m);
  }
  const expected = [...byNight.values()].reduce((s, m) => s + Math.min(10, m.size), 0);
  assert(expected > 0);
  await withFink(async (fink) => {
    const t = await fink.anomaly({ n: 1000, startDate: "2024-04-01", stopDate: "2024-04-30" });
    assertEquals(t.numRows, expected);
    assert([...t.getChild("d:anomaly_score")!.toArray()].every((s) => s < 0));
    const jd = [...t.getChild("i:jd")!.toArray() as Float64Array];
    assertEquals(jd, [...jd].sort((a, b) => b - a));
    assertEquals((await fink.anomaly({ n: 3 })).numRows, 3);
    await assertRejects(() => fink.anomaly({ n: -2 }), BadRequestError, "-2");
    await assertRejects(
      () => fink.anomaly({ startDate: "not a date" }),
      BadRequestError,
      "not a date",
    );
  });
});

Deno.test("statistics for August 2020 count raw, science, g and r alerts per night as the TDE file holds them", async () => {
  const file = INVENTORY.find((f) => f.file.includes("tde_ZTF20abfcszi"))!.file;
  const alerts = await readRawAlerts(file);
  const nights = new Map<string, { raw: number; sci: number; g: number; r: number; jd: number }>();
  for (const a of alerts) {
    const n = utcNight(Number(a.candidate.jd)).replaceAll("-", "");
    const e = nights.get(n) ?? { raw: 0, sci: 0, g: 0, r: 0, jd: -Infinity };
    e.raw++;
    e.jd = Math.max(e.jd, Number(a.candidate.jd));
    if (goodQuality(a.candidate)) {
      e.sci++;
      if (a.candidate.fid === 1) e.g++;
      if (a.candidate.fid === 2) e.r++;
    }
    nights.set(n, e);
  }
  await withFink(async (fink) => {
    const t = await fink.statistics({ date: "202008" });
    assertEquals(t.numRows, nights.size);
    for (let i = 0; i < t.numRows; i++) {
      const e = nights.get(String(t.getChild("key:key")!.get(i)).slice(4))!;
      const got = ["raw", "sci", "n_g", "n_r"].map((c) =>
        Number(t.getChild(`basic:${c}`)!.get(i) ?? 0)
      );
      assertEquals(got, [e.raw, e.sci, e.g, e.r]);
      // key:time: the millisecond of the night's last alert (Fink: when HBase wrote the row).
      assertEquals(t.getChild("key:time")!.get(i), BigInt(jdToUnixMs(e.jd)));
    }
    const sci = await fink.statistics({ date: "202008", columns: "basic:sci" });
    assertEquals(sci.schema.fields.map((f) => f.name), ["key:key", "key:time", "basic:sci"]);
    // Class columns keep their spaces (Fink's test asks `class:Solar System MPC`).
    const sso = await fink.statistics({
      date: "20211122",
      columns: "basic:exposures, class:Solar System MPC",
    });
    assertEquals(sso.schema.fields.map((f) => f.name), [
      "key:key",
      "key:time",
      "basic:exposures",
      "class:Solar System MPC",
    ]);
    assertEquals(Number(sso.getChild("class:Solar System MPC")!.get(0)), 1);
    // As HBase, nights without a cell in the columns asked are no rows.
    const all = await fink.statistics({ date: "" });
    const rare = await fink.statistics({ date: "", columns: "class:RRLyr" });
    const rr = all.getChild("class:RRLyr")!;
    const has = Array.from({ length: all.numRows }, (_, i) => rr.get(i)).filter((v) => v !== null)
      .length;
    assert(has > 0 && has < all.numRows);
    assertEquals(rare.numRows, has);
    const schema = await fink.statistics({ schema: true });
    const listed = [...schema.getChild("schema")!.toArray()];
    assert(listed.includes("basic:raw") && !listed.some((c) => String(c).includes("_time")));
    // The date is a key prefix, as in Fink: another form finds no night.
    assertEquals((await fink.statistics({ date: "2021-11" })).numRows, 0);
  });
});

Deno.test("schema lists every i:, d:, v: column that objects returns, with types", async () => {
  await withFink(async (fink) => {
    const s = await fink.schema();
    const names = [...s.getChild("column")!.toArray()] as string[];
    const type = (c: string) => s.getChild("type")!.get(names.indexOf(c));
    assertEquals(type("i:candid"), "long");
    assertEquals(type("i:jd"), "double");
    assert(names.includes("b:cutoutScience_stampData"));
    const lc = await fink.objects("ZTF25abxvhmk");
    for (const f of lc.schema.fields) {
      if (/^[idv]:/.test(f.name)) assert(names.includes(f.name), f.name);
    }
  });
});

Deno.test("ssocand: orbParams and lightcurves match the fink-fat files (rows, id filter, maxnumber, date window)", async () => {
  const orbits = INVENTORY.find((f) => f.file.endsWith("orbital.parquet"))!;
  const traj = await readParquet("fink-broker/datasim/fink_fat_example/trajectory_orb.parquet", [
    "jd",
    "ssoCandId",
  ]);
  const str = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v));
  const id = str(traj[0].ssoCandId);
  const ofId = traj.filter((r) => str(r.ssoCandId) === id).length;
  await withFink(async (fink) => {
    assertEquals((await fink.ssocand({ kind: "orbParams" })).numRows, orbits.rows);
    // As in Fink, maxnumber limits the light curves only.
    assertEquals((await fink.ssocand({ kind: "orbParams", maxnumber: 3 })).numRows, orbits.rows);
    const all = await fink.ssocand({ kind: "lightcurves", startDate: 2458000 });
    assertEquals(all.numRows, traj.length);
    const one = await fink.ssocand({ kind: "lightcurves", ssoCandId: id, startDate: 2458000 });
    assertEquals(one.numRows, ofId);
    assert([...one.getChild("d:ssoCandId")!.toArray()].every((x) => x === id));
    assertEquals(
      (await fink.ssocand({ kind: "lightcurves", maxnumber: 20, startDate: 2458000 })).numRows,
      20,
    );
    const jd0 = Math.min(...traj.map((r) => Number(r.jd)));
    const window = await fink.ssocand({ kind: "lightcurves", startDate: jd0, stopDate: jd0 + 1 });
    const expected = traj.filter((r) => Number(r.jd) >= jd0 && Number(r.jd) <= jd0 + 1).length;
    assertEquals(window.numRows, expected);
    // The file's integer columns stay integers (nid int32, fid int8 in the file; Fink's schema
    // row names them `integer`, its API gives Int64): fid is 1 or 2, not 1.0.
    const type = (c: string) => String(all.schema.fields.find((f) => f.name === c)?.type);
    assertEquals([type("d:nid"), type("d:fid"), type("d:candid")], ["Int32", "Int32", "Int64"]);
    const fids = await readParquet("fink-broker/datasim/fink_fat_example/trajectory_orb.parquet", [
      "fid",
    ]);
    assertEquals(
      [...new Set(all.getChild("d:fid")!.toArray())].sort(),
      [...new Set(fids.map((r) => r.fid))].sort(),
    );
    await assertRejects(() => fink.ssocand({ kind: "orbits" as never }), BadRequestError, "orbits");
  });
});

Deno.test("cutouts give the alert's gzipped FITS stamp un-gzipped, and 63×63 arrays for the latest or a given candid", async () => {
  const file = INVENTORY.find((f) => f.file.includes("tde_ZTF20abfcszi"))!.file;
  const rows = await readParquet(file, ["candid", "candidate", "cutoutScience"]);
  const byJd = [...rows].sort((a, b) =>
    Number((b.candidate as Record<string, unknown>).jd) -
    Number((a.candidate as Record<string, unknown>).jd)
  );
  const stampOf = async (r: Record<string, unknown>) => {
    const gz = (r.cutoutScience as Record<string, unknown>).stampData as Uint8Array;
    return new Uint8Array(
      await new Response(
        new Blob([gz.slice()]).stream().pipeThrough(new DecompressionStream("gzip")),
      ).arrayBuffer(),
    );
  };
  await withFink(async (fink) => {
    const fits = await fink.cutouts({ objectId: "ZTF20abfcszi", format: "FITS" }) as Uint8Array;
    assertEquals(fits, await stampOf(byJd[0]));
    const all = await fink.cutouts({ objectId: "ZTF20abfcszi", kind: "All" }) as Record<
      string,
      number[][]
    >;
    assertEquals(Object.keys(all).sort(), [
      "b:cutoutDifference_stampData",
      "b:cutoutScience_stampData",
      "b:cutoutTemplate_stampData",
    ]);
    assertEquals([
      all["b:cutoutScience_stampData"].length,
      all["b:cutoutScience_stampData"][0].length,
    ], [63, 63]);
    const older = byJd[5];
    const candid = BigInt(older.candid as bigint);
    const fitsOld = await fink.cutouts({
      objectId: "ZTF20abfcszi",
      candid,
      format: "FITS",
    }) as Uint8Array;
    assertEquals(fitsOld, await stampOf(older));
    assertEquals(await fink.cutouts({ objectId: "ZTF00nothing" }), {});
    // As Fink (`key:key:{objectId}`), a partial id is a rowkey prefix: the latest alert of the
    // objects it starts (here one).
    const byPrefix = await fink.cutouts({ objectId: "ZTF20abfcs", format: "FITS" });
    assertEquals(byPrefix, await stampOf(byJd[0]));
    await assertRejects(
      () => fink.cutouts({ objectId: "ZTF20abfcszi", candid: 12n }),
      BadRequestError,
      "candid",
    );
    // A history detection's candid (an `objects` row of origin "history"): no stamps, and says so.
    const lc = await fink.objects({ objectId: "ZTF20abfcszi", columns: "i:candid,a:origin" });
    const origin = [...lc.getChild("a:origin")!.toArray()];
    const historyCandid = lc.getChild("i:candid")!.get(origin.indexOf("history")) as bigint;
    await assertRejects(
      () => fink.cutouts({ objectId: "ZTF20abfcszi", candid: historyCandid }),
      BadRequestError,
      "`a:origin` history, has no cutouts); its alerts' candids: ",
    );
    await assertRejects(
      () => fink.cutouts({ objectId: "ZTF20abfcszi", kind: "All", format: "FITS" }),
      BadRequestError,
    );
  });
});
