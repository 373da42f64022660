/**
 * `conesearchMany` (what `xmatch` runs: its catalogue's cones read together, one pass over the
 * store per 1,000 cones) answers each cone exactly as `conesearch` alone does (which reads a
 * wide cone's pixels together too, but stops at a pixel's `n` rows and starts again), on the real
 * sample: radii from 1.5″ to 1°, Fink's per-pixel cap `n`, date windows, columns, cones
 * sharing pixels, empty sky, and more cones than one pass holds.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { conesearch, conesearchMany } from "../../../query/api/conesearch.ts";
import type { ConesearchParams } from "../../../query/api/conesearch.ts";
import { toJSON } from "../../../query/mod.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { withFink } from "../query_sample.ts";
import { scanColumns } from "../../../query/table/decode.ts";

Deno.test("conesearchMany answers every cone exactly as conesearch does (radii, n, dates, shared pixels, 1,050 cones)", async () => {
  await withFink(async (fink) => {
    const store = fink.store;
    // Every alert position of the sample's sky index.
    const sky = await scanColumns(store, "ztf.pixel128", { columns: ["i:ra", "i:dec"] });
    const ras = sky.values.get("i:ra")!, decs = sky.values.get("i:dec")!;
    const objects = Array.from({ length: sky.length }, (_, i) => ({
      ra: Number(ras[i]),
      dec: Number(decs[i]),
    }));
    assert(objects.length > 200, `${objects.length} objects`);
    const cones: ConesearchParams[] = [];
    objects.filter((_, i) => i % 4 === 0).slice(0, 60).forEach((o, k) => {
      cones.push({ ra: o.ra, dec: o.dec + 0.5 / 3600, radius: 1.5 });
      cones.push({ ra: o.ra, dec: o.dec, radius: [5, 60, 3600][k % 3], n: k % 2 ? 1 : undefined });
      cones.push({ ra: o.ra, dec: o.dec, radius: 3600, startdate: 2459000, window: 400 + k * 30 });
      cones.push({ ra: o.ra, dec: o.dec, radius: 60, startdate: "2020-01-01", stopdate: 2460000 });
    });
    cones.push({ ra: 0.001, dec: -89.9, radius: 5 }, {
      ra: "12h55m17.218s",
      dec: "+02d53m50.35s",
      radius: 5,
    });
    // Past one pass (1,000 cones), mostly on blank sky, then the first cones again.
    for (let k = 0; cones.length < 1050; k++) {
      cones.push({ ra: (k * 37.1) % 360, dec: ((k * 13.7) % 170) - 85, radius: 2 });
    }
    cones.push(...cones.slice(0, 8));
    const many = await conesearchMany(store, cones);
    assertEquals(many.length, cones.length);
    let hits = 0;
    for (const [k, c] of cones.entries()) {
      const one = await conesearch(store, c);
      assertEquals(toJSON(many[k]), toJSON(one), `cone ${k}: ${JSON.stringify(c)}`);
      hits += one.numRows;
    }
    assert(hits > 100, `${hits} rows in all`);
    // Fink's cap binds in some wide cones (a pixel holding more than n rows): conesearch then
    // stops reading that pixel and starts again past it; conesearchMany cuts its rows.
    let capped = 0;
    for (const [k, c] of cones.entries()) {
      if (c.n !== 1) continue;
      const all = await conesearch(store, { ...c, n: undefined });
      if (many[k].numRows < all.numRows) capped++;
    }
    assert(capped > 0, "no cone where n = 1 binds");
    // Cones without dates read whole pixels, each once, up to the largest n (here 1 for all).
    for (const subset of [cones.filter((c) => !c.startdate), cones.map((c) => ({ ...c, n: 1 }))]) {
      const undated = subset.filter((c) => !c.startdate);
      const answers = await conesearchMany(store, undated);
      for (const [k, c] of undated.entries()) {
        assertEquals(toJSON(answers[k]), toJSON(await conesearch(store, c)), JSON.stringify(c));
      }
    }
    // Columns, shared by every cone.
    const some = cones.slice(0, 20).map((c) => ({ ...c, columns: "i:objectId,i:magpsf" }));
    const withColumns = await conesearchMany(store, some);
    for (const [k, c] of some.entries()) {
      assertEquals(toJSON(withColumns[k]), toJSON(await conesearch(store, c)));
    }
    await assertRejects(
      () => conesearchMany(store, [cones[0], { ...cones[1], columns: "i:objectId" }]),
      RangeError,
      "the same columns",
    );
    // A bad cone is conesearch's error, before anything is read.
    await assertRejects(
      () => conesearchMany(store, [cones[0], { ra: "kfdlkj", dec: 0, radius: 5 }]),
      BadRequestError,
    );
    assertEquals(await conesearchMany(store, []), []);
  });
});
