/**
 * Property tests (seeded PRNG): cone search equals a brute-force scan of the
 * latest alert of every object with an independent separation formula;
 * objectId prefix search equals filtering every row.
 */
import { assertEquals } from "../../assert.ts";
import { decodeCell, decodeString } from "../../../query/store/codec.ts";
import { haversineDeg, prng, withFink } from "../query_sample.ts";
import type { FinkClient } from "../../../query/client.ts";

/** Latest real alert of every object in the main table (brute force over all rows). */
async function latestPositions(
  fink: FinkClient,
): Promise<Map<string, { jd: number; ra: number; dec: number }>> {
  const out = new Map<string, { jd: number; ra: number; dec: number }>();
  for await (
    const row of fink.store.scan("ztf", {
      columns: ["i:objectId", "i:jd", "i:ra", "i:dec", "a:origin"],
    })
  ) {
    if (row.key.startsWith("schema")) continue;
    const get = (c: string) => row.values[row.columns.indexOf(c)];
    if (decodeString(get("a:origin")) !== "alert") continue;
    const oid = decodeString(get("i:objectId"));
    const jd = Number(decodeCell("double", get("i:jd")));
    const prev = out.get(oid);
    if (!prev || jd > prev.jd) {
      out.set(oid, {
        jd,
        ra: Number(decodeCell("double", get("i:ra"))),
        dec: Number(decodeCell("double", get("i:dec"))),
      });
    }
  }
  return out;
}

Deno.test("conesearch equals a brute-force scan for 60 random centres near sample objects and radii 1″…5° (seed 42)", async () => {
  await withFink(async (fink) => {
    const latest = await latestPositions(fink);
    const objects = [...latest.values()];
    const rand = prng(42);
    for (let k = 0; k < 60; k++) {
      const radius = 10 ** (rand() * Math.log10(18000)); // arcsec, log-uniform in [1, 18000]
      const near = objects[Math.floor(rand() * objects.length)];
      const offset = rand() * radius / 3600, angle = rand() * 2 * Math.PI;
      const dec = Math.max(-90, Math.min(90, near.dec + offset * Math.sin(angle)));
      const ra =
        (near.ra + offset * Math.cos(angle) / Math.max(0.01, Math.cos(dec * Math.PI / 180)) + 360) %
        360;
      const expected = [...latest].filter(([, p]) =>
        haversineDeg(ra, dec, p.ra, p.dec) <= radius / 3600
      )
        .map(([oid]) => oid).sort();
      const hits = await fink.conesearch({ ra, dec, radius, n: 100000 });
      const got = hits.numRows ? [...hits.getChild("i:objectId")!.toArray()].sort() : [];
      // Objects within 1e-9 deg of the edge may fall either way (two separation formulas).
      const edge = new Set(
        [...latest].filter(([, p]) =>
          Math.abs(haversineDeg(ra, dec, p.ra, p.dec) - radius / 3600) < 1e-9
        ).map(([o]) => o),
      );
      assertEquals(
        got.filter((o) => !edge.has(o)),
        expected.filter((o) => !edge.has(o)),
        `centre ${ra},${dec} r=${radius}″`,
      );
    }
  });
});

Deno.test("objectId prefix search equals filtering every main-table row by prefix (40 random prefixes, seed 7)", async () => {
  await withFink(async (fink) => {
    const all: [string, number][] = [];
    for await (const row of fink.store.scan("ztf", { columns: ["i:objectId", "i:jd"] })) {
      if (row.key.startsWith("schema")) continue;
      const get = (c: string) => row.values[row.columns.indexOf(c)];
      all.push([decodeString(get("i:objectId")), Number(decodeCell("double", get("i:jd")))]);
    }
    const ids = [...new Set(all.map(([o]) => o))];
    const rand = prng(7);
    for (let k = 0; k < 40; k++) {
      const id = ids[Math.floor(rand() * ids.length)];
      const prefix = id.slice(0, 5 + Math.floor(rand() * (id.length - 4)));
      const expected = all.filter(([o]) => o.startsWith(prefix)).map(([o, jd]) => `${o} ${jd}`)
        .sort();
      const t = await fink.objects({ objectId: prefix, columns: "i:objectId,i:jd" });
      const oid = t.getChild("i:objectId")!.toArray(), jd = t.getChild("i:jd")!.toArray();
      const got = Array.from({ length: t.numRows }, (_, i) => `${oid[i]} ${jd[i]}`).sort();
      assertEquals(got, expected, prefix);
    }
  });
});
