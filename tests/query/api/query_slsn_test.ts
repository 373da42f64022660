/**
 * `ztf.slsn` (Fink's nightly superluminous candidates) and
 * `latests("SLSN candidate")`: the light-curve cuts on synthetic curves, and
 * the sample's candidates against a direct hyparquet read of the alert files;
 * blazar extreme-state tables from real alerts given blazar statistics (the
 * sample's files predate them).
 */
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { passesSlsnCuts, trendChanges } from "../../../query/ingest/slsn.ts";
import { ingestAlerts, IngestSession } from "../../../query/ingest/ingest.ts";
import { readAlertFile } from "../../../query/ingest/read.ts";
import type { AlertRecord } from "../../../query/ingest/alert.ts";
import { FinkClient } from "../../../query/client.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { goodQuality, INVENTORY, withFink } from "../query_sample.ts";

const point = (jd: number, magpsf: number, fid = 1, sigmapsf = 0.02) => ({
  jd,
  magpsf,
  sigmapsf,
  fid,
});

Deno.test("trendChanges counts sign changes of the flux steps larger than 3σ, averaged over bands", () => {
  const rise = [19, 18.5, 18, 17.6, 17.3].map((m, i) => point(i, m));
  assertEquals(trendChanges(rise), 0);
  // up, down, up, down in band 1 (3 turns); flat within the errors in band 2 (0 turns)
  const zigzag = [19, 18, 19, 18, 19].map((m, i) => point(i, m));
  const flat = [18, 18.001, 17.999, 18].map((m, i) => point(i + 0.5, m, 2));
  assertEquals(trendChanges(zigzag), 3);
  assertEquals(trendChanges([...zigzag, ...flat]), 1.5);
  // order does not matter (points are sorted by time first)
  assertEquals(trendChanges([...zigzag].reverse()), 3);
  assert(Number.isNaN(trendChanges([])));
});

Deno.test("passesSlsnCuts: at most 2 trend changes on average and a span under 500 days", () => {
  const rise = [19, 18.5, 18, 17.6].map((m, i) => point(i * 10, m));
  assert(passesSlsnCuts(rise));
  assert(!passesSlsnCuts([19, 18, 19, 18, 19].map((m, i) => point(i, m))));
  assert(!passesSlsnCuts([...rise, point(600, 19)]));
  assert(!passesSlsnCuts([]));
});

Deno.test("an slsnThreshold outside [0, 1] is rejected before anything is written", async () => {
  const store = SqliteStore.open(":memory:");
  try {
    await assertRejects(
      () => IngestSession.begin(store, { slsnThreshold: 2 }),
      RangeError,
      "slsnThreshold",
    );
    assertEquals(await store.listTables(), []);
  } finally {
    await store.close();
  }
});

/** Science alerts carrying `slsn_score`, read from every sample Parquet alert file. */
async function scoredAlerts(): Promise<
  { objectId: string; candid: bigint; jd: number; score: number }[]
> {
  const out = new Map<bigint, { objectId: string; candid: bigint; jd: number; score: number }>();
  for (const f of INVENTORY.filter((f) => f.format === "parquet")) {
    const url = new URL(`../../../data/sample/${f.file}`, import.meta.url);
    const bytes = await Deno.readFile(url).catch(() => undefined); // not all are bundled
    if (!bytes) continue;
    const file = bytes.slice().buffer as ArrayBuffer;
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({
        file,
        columns: ["objectId", "candidate", "slsn_score"],
        compressors,
      });
    } catch {
      continue; // no such columns (aggregated or older files)
    }
    for (const r of rows) {
      const c = r.candidate as Record<string, unknown> | undefined;
      if (!c || typeof r.slsn_score !== "number" || !goodQuality(c)) continue;
      const candid = BigInt(c.candid as bigint);
      out.set(candid, {
        objectId: String(r.objectId),
        candid,
        jd: Number(c.jd),
        score: r.slsn_score,
      });
    }
  }
  return [...out.values()];
}

Deno.test("latests('SLSN candidate') returns the sample's objects with an alert scored ≥ 0.5, and ztf.slsn holds their nights' alerts", async () => {
  const alerts = await scoredAlerts();
  const night = (jd: number) => Math.floor(jd - 0.5); // UTC date as a JD day number
  const candidateNights = new Set(
    alerts.filter((a) => a.score >= 0.5).map((a) => `${a.objectId}@${night(a.jd)}`),
  );
  const expectedObjects = new Set(alerts.filter((a) => a.score >= 0.5).map((a) => a.objectId));
  const expectedRows = alerts.filter((a) => candidateNights.has(`${a.objectId}@${night(a.jd)}`));
  assert(expectedObjects.size >= 10, `only ${expectedObjects.size} candidates in the sample`);
  await withFink(async (fink) => {
    const t = await fink.latests({ class: "SLSN candidate", n: 1000 });
    const got = [...t.getChild("i:objectId")!.toArray()] as string[];
    assertEquals(new Set(got), expectedObjects);
    assertEquals(got.length, expectedObjects.size, "one row per object (Fink groups alerts)");
    for (let i = 0; i < t.numRows; i++) {
      // the latest alert of the object that night; its score need not pass (Fink keeps the night)
      assert(typeof t.getChild("d:slsn_score")!.get(i) === "number");
    }
    const keys: string[] = [];
    for await (const r of fink.store.scan("ztf.slsn", { columns: ["i:jd"] })) {
      if (!r.key.startsWith("schema")) keys.push(r.key);
    }
    assertEquals(keys.length, expectedRows.length);
    for (const k of keys) assert(/^\d{7}\.\d+_ZTF\w+$/.test(k), `rowkey ${k} is jd_objectId`);
  });
});

Deno.test("blazar extreme states: alerts whose instantness and robustness are both in [0, 1) fill ztf.low/high_state_blazars and latests", async () => {
  const path = "fink-client/datatest/ZTF19acihgng.avro";
  const base: AlertRecord[] = [];
  for await (
    const a of readAlertFile(new URL(`../../../data/sample/${path}`, import.meta.url).pathname)
  ) {
    base.push(a);
  }
  const c0 = base.find((a) => goodQuality(a.candidate))!;
  const variant = (oid: string, dj: number, stats: Record<string, number>): AlertRecord => ({
    ...c0,
    objectId: oid,
    candid: c0.candid + BigInt(Math.round(dj * 1000)),
    candidate: { ...c0.candidate, jd: Number(c0.candidate.jd) + dj },
    prvCandidates: [],
    fink: { ...c0.fink, ...stats },
  });
  const alerts = [
    variant("ZTF99blzlow", 0, {
      blazar_stats_instantness_low: 0.4,
      blazar_stats_robustness_low: 0.9,
    }),
    variant("ZTF99blzhigh", 0.01, {
      blazar_stats_instantness_high: 0.2,
      blazar_stats_robustness_high: 0,
    }),
    variant("ZTF99blznone", 0.02, { // robustness 1 is not a low state; -1 = not computed
      blazar_stats_instantness_low: 0.5,
      blazar_stats_robustness_low: 1,
      blazar_stats_instantness_high: -1,
      blazar_stats_robustness_high: -1,
    }),
  ];
  const store = SqliteStore.open(":memory:");
  try {
    await ingestAlerts(store, alerts);
    const fink = new FinkClient(store);
    const ids = async (cls: string, trend?: "low_state" | "new_low_state") => {
      const t = await fink.latests({ class: cls, n: 10, trend, startdate: "2019-01-01" });
      return [...(t.getChild("i:objectId")?.toArray() ?? [])];
    };
    assertEquals(await ids("(CTA) Blazar low state"), ["ZTF99blzlow"]);
    assertEquals(await ids("(CTA) Blazar high state"), ["ZTF99blzhigh"]);
    assertEquals(await ids("(CTA) Blazar low state", "low_state"), ["ZTF99blzlow"]);
    assertEquals(await ids("(CTA) Blazar low state", "new_low_state"), []); // Fink's rule: ≥ 1
    const lc = await fink.objects("ZTF99blzhigh");
    assertEquals(lc.getChild("d:blazar_stats_instantness_low")!.get(0), -1); // Fink's default
  } finally {
    await store.close();
  }
});
