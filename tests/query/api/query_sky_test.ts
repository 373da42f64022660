/**
 * skymap and xmatch on the real sample, against brute-force scans of the
 * main table written here.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { decodeCell, decodeString } from "../../../query/store/codec.ts";
import { ang2pix } from "../../../astro/healpix.ts";
import { credibleRegion } from "../../../query/api/skymap.ts";
import { haversineDeg, withFink } from "../query_sample.ts";
import type { FinkClient } from "../../../query/client.ts";

const BAYESTAR = new URL(
  "../../../data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz",
  import.meta.url,
);

interface Alert {
  objectId: string;
  jd: number;
  jdstarthist: number;
  ra: number;
  dec: number;
}

async function alerts(fink: FinkClient): Promise<Alert[]> {
  const out: Alert[] = [];
  const cols = ["i:objectId", "i:jd", "i:jdstarthist", "i:ra", "i:dec", "a:origin"];
  for await (const row of fink.store.scan("ztf", { columns: cols })) {
    if (row.key.startsWith("schema")) continue;
    const get = (c: string) => row.values[row.columns.indexOf(c)];
    if (decodeString(get("a:origin")) !== "alert") continue;
    const d = (c: string) => Number(decodeCell("double", get(c)));
    out.push({
      objectId: decodeString(get("i:objectId")),
      jd: d("i:jd"),
      jdstarthist: d("i:jdstarthist"),
      ra: d("i:ra"),
      dec: d("i:dec"),
    });
  }
  return out;
}

Deno.test("skymap returns the objects first seen in the credible region and window, with v:jdstartgw", async () => {
  const bytes = await Deno.readFile(BAYESTAR);
  const level = 0.9, before = 2000, after = 2500;
  // Pixel selection itself is tested in skymap_test.ts; here the scan, grouping and window.
  const { pixels, jdObs } = await credibleRegion(bytes, level);
  const region = new Set(pixels);
  const start = jdObs - before, end = start + after;
  await withFink(async (fink) => {
    // Brute force: latest alert per object among alerts whose pixel is in the region and
    // whose first detection falls in the window, then the cut jd − jdstarthist ≤ after.
    const latest = new Map<string, Alert>();
    for (const a of await alerts(fink)) {
      if (!region.has(ang2pix(128, a.ra, a.dec)) || a.jdstarthist < start || a.jdstarthist > end) {
        continue;
      }
      const p = latest.get(a.objectId);
      if (!p || a.jd > p.jd) latest.set(a.objectId, a);
    }
    const expected = [...latest.values()].filter((a) => a.jd - a.jdstarthist <= after).map((a) =>
      a.objectId
    ).sort();
    assert(expected.length > 0);
    const t = await fink.skymap({
      bayestar: bytes,
      credibleLevel: level,
      nDayBefore: before,
      nDayAfter: after,
    });
    assertEquals([...t.getChild("i:objectId")!.toArray()].sort(), expected);
    assert([...t.getChild("v:jdstartgw")!.toArray()].every((x) => x === jdObs));
    const byName = await fink.skymap({
      eventName: "S200219ac",
      credibleLevel: level,
      nDayBefore: before,
      nDayAfter: after,
    });
    assertEquals(byName.numRows, t.numRows);
    // Fink's defaults (1 day before, 6 after): nothing of the sample is that close to the event.
    assertEquals((await fink.skymap({ eventName: "S200219ac", credibleLevel: 0.1 })).numRows, 0);
  });
});

Deno.test("skymap rejects a missing credible level and unknown events with BadRequestError", async () => {
  await withFink(async (fink) => {
    await assertRejects(
      () => fink.skymap({ eventName: "S200219ac" } as never),
      BadRequestError,
      "credible",
    );
    await assertRejects(
      () => fink.skymap({ eventName: "S999999zz", credibleLevel: 0.5 }),
      BadRequestError,
      "S999999zz",
    );
  });
});

Deno.test("xmatch of Fink's mycatalog.csv finds what a brute-force 1.5″ scan finds (nothing in the sample)", async () => {
  const csv = await Deno.readTextFile(
    new URL("../../../data/sample/fink-science-portal/tests/mycatalog.csv", import.meta.url),
  );
  await withFink(async (fink) => {
    const positions = await alerts(fink);
    const rows = csv.trim().split("\n").slice(1).map((l) => l.split(","));
    const expected = rows.filter((r) =>
      positions.some((a) =>
        haversineDeg(Number(r[2]), Number(r[3]), a.ra, a.dec) <= 1.5 / 3600
      )
    ).length;
    const t = await fink.xmatch({ catalog: csv, header: "RA,Dec,ID,Time", radius: 1.5 });
    assertEquals(t.numRows, expected);
  });
});

Deno.test("xmatch joins a catalogue built from sample positions to those objects, honouring the time window", async () => {
  await withFink(async (fink) => {
    const all = await alerts(fink);
    const pick = [all[3], all[40], all[120]];
    const catalog = [
      ...pick.map((a, k) => ({
        name: `src${k}`,
        ra: a.ra,
        dec: a.dec + 0.5 / 3600,
        t: a.jdstarthist - 1,
      })),
      { name: "far", ra: 0.001, dec: -89.9, t: 2459000 },
    ];
    const t = await fink.xmatch({ catalog, header: ["ra", "dec", "name"], radius: 2 });
    const got = new Map<string, string[]>();
    for (let i = 0; i < t.numRows; i++) {
      const k = t.getChild("name")!.get(i) as string;
      got.set(k, [...(got.get(k) ?? []), t.getChild("i:objectId")!.get(i) as string]);
    }
    assert(!got.has("far"));
    pick.forEach((a, k) =>
      assert(got.get(`src${k}`)?.includes(a.objectId), `src${k} → ${a.objectId}`)
    );
    assertEquals(t.schema.fields.slice(0, 4).map((f) => f.name), ["name", "ra", "dec", "t"]);
    // As CSV text, columns are typed as pandas' read_csv types them (Fink reads it so).
    const csv = [
      "name,ra,dec,t,n,note",
      ...catalog.map((c, k) => `${c.name},${c.ra},${c.dec},${c.t},${k},`),
    ]
      .join("\n");
    const fromCsv = await fink.xmatch({ catalog: csv, header: "ra,dec,name", radius: 2 });
    assertEquals(fromCsv.numRows, t.numRows);
    const typeOf = (c: string) => String(fromCsv.schema.fields.find((f) => f.name === c)!.type);
    assertEquals(["name", "ra", "dec", "t", "n", "note"].map(typeOf), [
      "Utf8",
      "Float64",
      "Float64",
      "Float64",
      "Int64",
      "Float64", // an empty column is all NaN in pandas
    ]);
    assertEquals(fromCsv.getChild("ra")!.get(0), t.getChild("ra")!.get(0));
    assertEquals(fromCsv.getChild("note")!.get(0), null);
    // A window [t, t + 7] around each first detection keeps the match; one ending before it does not.
    const dated = await fink.xmatch({ catalog, header: "ra,dec,name,t", radius: 2, window: 7 });
    pick.forEach((_a, k) =>
      assert(dated.numRows > 0 && [...dated.getChild("name")!.toArray()].includes(`src${k}`))
    );
    const early = catalog.map((c) => ({ ...c, t: c.t - 100 }));
    assertEquals(
      (await fink.xmatch({ catalog: early, header: "ra,dec,name,t", radius: 2, window: 7 }))
        .numRows,
      0,
    );
  });
});

Deno.test("xmatch rejects a header of 2 entries, unknown columns and a radius over 18,000″", async () => {
  await withFink(async (fink) => {
    const csv = "ID,RA,Dec\na,10,10\n";
    await assertRejects(
      () => fink.xmatch({ catalog: csv, header: "RA,Dec", radius: 1 }),
      BadRequestError,
      "3 or 4",
    );
    await assertRejects(
      () => fink.xmatch({ catalog: csv, header: "RA,Dec,Name", radius: 1 }),
      BadRequestError,
      "Name",
    );
    await assertRejects(
      () => fink.xmatch({ catalog: csv, radius: 20000 }),
      BadRequestError,
      "18,000",
    );
    await assertRejects(
      () => fink.xmatch({ catalog: "ID,RA,Dec\na,xx,10\n", radius: 1 }),
      BadRequestError,
      "xx",
    );
  });
});
