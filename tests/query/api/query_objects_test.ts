/**
 * objects, conesearch, latests, classes on the real sample, with expectations
 * derived from the sample files (hyparquet reads, INVENTORY.json), not from
 * the code under test.
 */
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "../../assert.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import {
  expectedPoints,
  filesOf,
  goodQuality,
  haversineDeg,
  INVENTORY,
  readRawAlerts,
  readSampleParquet,
  withFink,
} from "../query_sample.ts";

/** Objects whose alerts all sit in Parquet files (readable here with hyparquet). */
const OBJECTS = ["ZTF20abfcszi", "ZTF25abxvhmk", "ZTF25aaqvqvd", "ZTF25abitcpd", "ZTF25abeepjx"];

async function rawOf(objectId: string) {
  const files = filesOf(objectId);
  assert(files.length > 0 && files.every((f) => f.file.endsWith(".parquet")), objectId);
  return (await Promise.all(files.map((f) => readRawAlerts(f.file)))).flat();
}

Deno.test("objects returns one row per distinct valid detection jd (alerts + history passing rb ≥ 0.55, nbad = 0)", async () => {
  await withFink(async (fink) => {
    for (const oid of OBJECTS) {
      const expected = expectedPoints(await rawOf(oid), oid);
      const lc = await fink.objects(oid);
      assertEquals(lc.numRows, expected.valid.size, oid);
      const jds = new Set(lc.getChild("i:jd")!.toArray() as Float64Array);
      assertEquals([...jds].sort(), [...expected.valid].sort(), oid);
    }
  });
});

Deno.test("objects: every row's d:lc_features_g/r reads as JSON; history rows' are [] (Fink casts a missing one)", async () => {
  await withFink(async (fink) => {
    for (const oid of OBJECTS) {
      const lc = await fink.objects(oid);
      const origin = [...lc.getChild("a:origin")!.toArray()];
      assert(origin.includes("history"), oid);
      for (const band of ["g", "r"]) {
        const f = [...lc.getChild(`d:lc_features_${band}`)!.toArray()] as string[];
        f.forEach((v, i) => {
          assert(Array.isArray(JSON.parse(v)), `${oid} row ${i}: ${v}`);
          if (origin[i] === "history") assertEquals(v, "[]");
        });
      }
    }
  });
});

Deno.test("objects withUpperLim adds the upper limits and the bad-quality points not at a valid jd", async () => {
  await withFink(async (fink) => {
    for (const oid of OBJECTS) {
      const e = expectedPoints(await rawOf(oid), oid);
      const lc = await fink.objects({ objectId: oid, withUpperLim: true });
      const tag = [...lc.getChild("d:tag")!.toArray()] as string[];
      const count = (t: string) => tag.filter((x) => x === t).length;
      assertEquals([count("valid"), count("upperlim"), count("badquality")], [
        e.valid.size,
        e.upper.size,
        e.bad.size,
      ], oid);
    }
  });
});

Deno.test("objects withUpperLim: the alerts are formatted, the upper limits and bad-quality points keep only their stored cells (as Fink concatenates them)", async () => {
  await withFink(async (fink) => {
    const oid = "ZTF25abxvhmk";
    const plain = await fink.objects(oid);
    const lc = await fink.objects({ objectId: oid, withUpperLim: true });
    const rows = lc.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const valid = rows.filter((r) => r["d:tag"] === "valid");
    // The valid rows are the plain answer's, derived columns included.
    const plainRows = plain.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    for (const c of ["v:classification", "v:lastdate", "v:g-r", "d:blazar_stats_robustness_low"]) {
      assertEquals(valid.map((r) => r[c]), plainRows.map((r) => r[c]), c);
    }
    // ztf.upper holds i:objectId, i:jd, i:fid, i:diffmaglim (fink-data-model.md); Fink sets
    // i:candid to -1 and d:tag; every other column of those rows is null (NaN in pandas).
    const upper = rows.filter((r) => r["d:tag"] === "upperlim");
    assert(upper.length > 0);
    const stored = new Set(["i:objectId", "i:jd", "i:fid", "i:diffmaglim", "i:candid", "d:tag"]);
    for (const r of upper) {
      const set = Object.keys(r).filter((k) => r[k] !== null && !Number.isNaN(r[k]));
      assertEquals(set.filter((k) => !stored.has(k)), [], String(r["i:jd"]));
      assertEquals(r["i:candid"], -1n);
    }
    const bad = rows.filter((r) => r["d:tag"] === "badquality");
    for (const r of bad) assertEquals([r["v:classification"], r["v:lastdate"]], [null, null]);
    const jd = rows.map((r) => r["i:jd"] as number);
    assertEquals(jd, [...jd].sort((a, b) => b - a));
  });
});

Deno.test({
  name: "objects counts a history jd as valid when any of its duplicate entries passes the cut",
  fn: async () => {
    const oid = "ZTF18aavqlva";
    const e = expectedPoints(await rawOf(oid), oid);
    await withFink(async (fink) => assertEquals((await fink.objects(oid)).numRows, e.valid.size));
  },
});

Deno.test("objects keeps int64 candid exact, sorts by i:jd descending, types fid as int32 and magpsf as float", async () => {
  await withFink(async (fink) => {
    const oid = "ZTF20abfcszi";
    const raw = (await rawOf(oid)).filter((a) => a.objectId === oid);
    const latest = raw.reduce((a, b) => (Number(b.candidate.jd) > Number(a.candidate.jd) ? b : a));
    const lc = await fink.objects(oid);
    assertEquals(lc.getChild("i:candid")!.get(0), latest.candid);
    const jd = [...lc.getChild("i:jd")!.toArray() as Float64Array];
    assertEquals(jd, [...jd].sort((a, b) => b - a));
    assertEquals(String(lc.schema.fields.find((f) => f.name === "i:fid")!.type), "Int32");
    assertEquals(String(lc.schema.fields.find((f) => f.name === "i:magpsf")!.type), "Float32");
    for (
      const c of [
        "v:classification",
        "v:lastdate",
        "v:firstdate",
        "v:lapse",
        "v:constellation",
        "v:g-r",
        "v:rate",
      ]
    ) {
      assert(lc.getChild(c), c);
    }
  });
});

Deno.test("objects with columns returns exactly those columns; several ids add up; unknown ids give an empty table", async () => {
  await withFink(async (fink) => {
    const two = await fink.objects({ objectId: "ZTF20abfcszi", columns: "i:jd,i:magpsf" });
    assertEquals(two.schema.fields.map((f) => f.name).sort(), ["i:jd", "i:magpsf"]);
    const a = await fink.objects("ZTF25abxvhmk"), b = await fink.objects("ZTF25abitcpd");
    const both = await fink.objects({ objectId: "ZTF25abxvhmk,ZTF25abitcpd" });
    assertEquals(both.numRows, a.numRows + b.numRows);
    // A list of full ids is read in one pass (scanRanges): the same rows as id by id, whatever
    // the order of the list, upper limits included.
    const candids = (t: typeof a) => [...t.getChild("i:candid")!.toArray()].map(String).sort();
    assertEquals(candids(both), [...candids(a), ...candids(b)].sort());
    const up = (id: string) => fink.objects({ objectId: id, withUpperLim: true });
    const upBoth = await up("ZTF25abitcpd,ZTF25abxvhmk");
    assertEquals(
      upBoth.numRows,
      (await up("ZTF25abxvhmk")).numRows + (await up("ZTF25abitcpd")).numRows,
    );
    assertEquals((await fink.objects("ldfksjflkdsjf")).numRows, 0);
    // Fink merges the scans by rowkey: a repeated id, or one another id of the list
    // prefixes, adds no row twice (with upper limits too).
    for (
      const ids of [
        "ZTF25abxvhmk,ZTF25abxvhmk",
        "ZTF25abxvhmk, ZTF25abxvh",
        "ZTF25abxvh,ZTF25abxvhmk",
      ]
    ) {
      assertEquals((await fink.objects({ objectId: ids })).numRows, a.numRows, ids);
      assertEquals(
        (await fink.objects({ objectId: ids, withUpperLim: true })).numRows,
        (await fink.objects({ objectId: "ZTF25abxvhmk", withUpperLim: true })).numRows,
      );
    }
  });
});

Deno.test("latests keeps one alert per object only when i:objectId and i:jd are both among the columns (Fink's rule)", async () => {
  await withFink(async (fink) => {
    const rows = (columns: string) => fink.latests({ class: "SLSN candidate", n: 1000, columns });
    const ids = [...(await rows("i:objectId")).getChild("i:objectId")!.toArray()];
    const grouped = await rows("i:objectId,i:jd");
    assert(ids.length > new Set(ids).size, "some objects have several alerts in the class table");
    assertEquals(grouped.numRows, new Set(ids).size);
    assertEquals((await rows("i:jd")).numRows, ids.length);
    const jd = [...(await rows("i:jd,i:magpsf")).getChild("i:jd")!.toArray()] as number[];
    assertEquals(jd, [...jd].sort((x, y) => y - x));
  });
});

Deno.test("conesearch at a sample object's position finds it, separation within the radius (1e-9 deg)", async () => {
  await withFink(async (fink) => {
    const oid = "ZTF25abxvhmk";
    const raw = (await rawOf(oid)).find((a) => a.objectId === oid)!;
    const ra = Number(raw.candidate.ra), dec = Number(raw.candidate.dec);
    const hits = await fink.conesearch({ ra, dec, radius: 5 });
    const ids = [...hits.getChild("i:objectId")!.toArray()];
    assert(ids.includes(oid));
    const i = ids.indexOf(oid);
    const sep = hits.getChild("v:separation_degree")!.get(i) as number;
    assertAlmostEquals(
      sep,
      haversineDeg(ra, dec, hits.getChild("i:ra")!.get(i), hits.getChild("i:dec")!.get(i)),
      1e-9,
    );
    assert(sep <= 5 / 3600);
    const narrow = await fink.conesearch({ ra, dec, radius: 5, columns: "i:objectId" });
    assertEquals(narrow.schema.fields.map((f) => f.name).sort(), [
      "i:dec",
      "i:objectId",
      "i:ra",
      "v:separation_degree",
    ]);
    assertEquals((await fink.conesearch({ ra: 0, dec: 0, radius: 1 })).numRows, 0);
  });
});

Deno.test("conesearch rejects radius over 18,000″, unparseable coordinates and negative n with BadRequestError", async () => {
  await withFink(async (fink) => {
    await assertRejects(
      () => fink.conesearch({ ra: 10, dec: 10, radius: 36000 }),
      BadRequestError,
      "18,000",
    );
    await assertRejects(
      () => fink.conesearch({ ra: "kfdlkj", dec: 10, radius: 5 }),
      BadRequestError,
      "kfdlkj",
    );
    await assertRejects(
      () => fink.conesearch({ ra: 10, dec: 10, radius: 5, n: -1 }),
      BadRequestError,
      "-1",
    );
  });
});

/** Classes whose alerts appear in one file each (no overlap between sample files). */
const CLASS_COUNTS = [
  "SN candidate",
  "Ambiguous",
  "Solar System candidate",
  "Supernova",
  "Solar System MPC",
];

Deno.test("latests per class returns as many alerts as INVENTORY's derived classes count, all of that class", async () => {
  await withFink(async (fink) => {
    for (const cls of CLASS_COUNTS) {
      const expected = INVENTORY.reduce((s, f) => s + (f.derivedClasses?.[cls] ?? 0), 0);
      const t = await fink.latests({ class: cls, n: 1000 });
      assertEquals(t.numRows, expected, cls);
      assert([...t.getChild("v:classification")!.toArray()].every((c) => c === cls), cls);
    }
    const ten = await fink.latests({ class: "SN candidate", n: 10 });
    assertEquals(ten.numRows, 10);
  });
});

Deno.test("latests: classes outside Fink's lists are looked up as given (Fink's rule)", async () => {
  await withFink(async (fink) => {
    // Made-up classes (also an unknown TNS type) give nothing, not an error, as in Fink.
    for (const cls of ["Not a class", "(TNS) Blah", "(SIMBAD) Not a type"]) {
      assertEquals((await fink.latests({ class: cls })).numRows, 0, cls);
    }
    // An old SIMBAD label of the sample's 2021-11-22 night, missing from today's lists.
    const stats = await fink.statistics({ date: "20211122" });
    const mir = Number(stats.getChild("class:MIR")?.get(0));
    assert(mir > 0, "the sample counts MIR alerts");
    const rows = await fink.latests({ class: "MIR", n: 100 });
    assertEquals(rows.numRows, mir);
    assertEquals(rows.toArray(), (await fink.latests({ class: "(SIMBAD) MIR", n: 100 })).toArray());
  });
});

Deno.test("latests rejects unknown trends and bad dates with BadRequestError", async () => {
  await withFink(async (fink) => {
    await assertRejects(
      () => fink.latests({ class: "SN candidate", trend: "upwards" as never }),
      BadRequestError,
      "upwards",
    );
    await assertRejects(
      () => fink.latests({ class: "SN candidate", startdate: "yesterday" }),
      BadRequestError,
    );
  });
});

Deno.test("objects rows hold the file's Fink values as Fink's writer stores them: null stays null, NaN is a value, other Fink values are not columns", async () => {
  const file =
    "fink-filters/datatest/regular/part-00000-836b2d5e-4f86-423e-8093-c16225c1fb1f-c000.snappy.parquet";
  const raw = await readSampleParquet(file, [
    "objectId",
    "candidate",
    "mag_rate",
    "Plx",
    "anomaly_score_beta",
  ]);
  const science = raw.filter((r) => goodQuality(r.candidate as Record<string, unknown>));
  // The file holds one null mag_rate, NaN parallaxes (pyarrow) and Fink values outside Fink's table.
  assert(science.some((r) => r.mag_rate === null) && science.some((r) => r.mag_rate !== null));
  assert(science.every((r) => Number.isNaN(r.Plx)) && "anomaly_score_beta" in science[0]);
  await withFink(async (fink) => {
    for (const r of science) {
      const jd = Number((r.candidate as Record<string, unknown>).jd);
      const lc = await fink.objects(String(r.objectId));
      const i = [...lc.getChild("i:jd")!.toArray() as Float64Array].indexOf(jd);
      assert(i >= 0, `${r.objectId} ${jd}`);
      const rate = lc.getChild("d:mag_rate")?.get(i) ?? null;
      if (r.mag_rate === null) assertEquals(rate, null, String(r.objectId));
      else assertAlmostEquals(rate as number, r.mag_rate as number, 1e-9);
      // A NaN cell gives the column (null in the table, as NaN is in Fink's JSON).
      const plx = lc.getChild("d:Plx");
      assert(plx !== null && (plx.get(i) === null || Number.isNaN(plx.get(i))), String(r.objectId));
      assertEquals(lc.schema.fields.filter((f) => f.name.startsWith("d:anomaly_score_")).length, 0);
    }
  });
});
