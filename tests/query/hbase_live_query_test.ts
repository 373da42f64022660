/**
 * Every query method on a real Apache HBase against the embedded store: the
 * bundled sample is ingested once per run with the CLI
 * (`deno task ingest data/sample --store hbase://…/<namespace>` and
 * `--store file:…`), then each method runs with the parameter sets of the
 * SQLite query tests on both stores, and the Arrow tables must be identical
 * (same IPC bytes: same schema, types, rows, order and values). A second
 * ingest into HBase must leave every table identical (idempotent puts).
 *
 * Needs `HBASE_REST_URL` (set by `.ci/run`, or
 * `bash scripts/hbase/hbase.sh run deno test -A tests/query/hbase_live_query_test.ts`);
 * without it the tests are reported as ignored.
 */
import { tableToIPC } from "apache-arrow";
import { assert, assertEquals } from "../assert.ts";
import { connect, type FinkClient } from "../../query/client.ts";
import { SAMPLE_SSO_AGGREGATED_PATH } from "../../query/api/ssobulk.ts";
import { everyRow } from "./every_row.ts";
import {
  dropNamespace,
  HBASE_REST_URL,
  ingestSample as ingest,
  liveName,
  namespaceUrl,
} from "./store/hbase_live.ts";

const NAME = liveName(", every query vs the embedded store");
const TIMING = Deno.env.get("FINKIT_LIVE_TIMING") === "1";

interface Live {
  hbase: FinkClient;
  sqlite: FinkClient;
  namespace: string;
  dir: string;
  /** Light-curve points (id, ra, dec, jd) read from the reference store. */
  points: { id: string; ra: number; dec: number; jd: number }[];
}

let live: Promise<Live> | undefined;

function setup(): Promise<Live> {
  live ??= (async () => {
    const namespace = `finkit_live_${crypto.randomUUID().slice(0, 8)}`;
    const dir = await Deno.makeTempDir({ prefix: "finkit-live-" });
    const url = namespaceUrl(namespace);
    const [h, s] = await Promise.all([ingest(url), ingest(`file:${dir}/reference.db`)]);
    const summary = (t: string) =>
      t.slice(t.indexOf("Ingested")).replace(/in [\d.]+ s \(\d+ alerts\/s\)/, "");
    assertEquals(summary(h), summary(s), "same ingest summary");
    // Both hold the sample's asteroids: both read its aggregated SSO file.
    const ssoFile = SAMPLE_SSO_AGGREGATED_PATH;
    const hbase = await connect(url, { ssoFile });
    const sqlite = await connect(`file:${dir}/reference.db`, { ssoFile });
    const points: Live["points"] = [];
    const f64 = (v: Uint8Array) => new DataView(v.buffer, v.byteOffset, v.byteLength).getFloat64(0);
    const columns = ["i:objectId", "i:ra", "i:dec", "i:jd", "a:origin"];
    for await (const r of sqlite.store.scan("ztf", { columns })) {
      const at = (c: string) => r.values[r.columns.indexOf(c)];
      if (
        r.columns.indexOf("a:origin") < 0 || new TextDecoder().decode(at("a:origin")) !== "alert"
      ) continue;
      const id = new TextDecoder().decode(at("i:objectId"));
      points.push({ id, ra: f64(at("i:ra")), dec: f64(at("i:dec")), jd: f64(at("i:jd")) });
    }
    return { hbase, sqlite, namespace, dir, points };
  })();
  return live;
}

/** Run `call` on both stores; the answers must be identical (Arrow tables: same IPC bytes). */
async function same(label: string, call: (f: FinkClient) => Promise<unknown>): Promise<unknown> {
  const { hbase, sqlite } = await setup();
  const outcome = async (f: FinkClient) => {
    try {
      return { value: await call(f) };
    } catch (e) {
      return { error: `${(e as Error).name}: ${(e as Error).message}` };
    }
  };
  const t0 = performance.now();
  const a = await outcome(sqlite);
  const t1 = performance.now();
  const b = await outcome(hbase);
  if (TIMING) {
    console.log(
      `${label}: sqlite ${(t1 - t0).toFixed(0)} ms, hbase ${
        (performance.now() - t1).toFixed(0)
      } ms`,
    );
  }
  if ("error" in a || "error" in b) {
    assertEquals(b, a, `${label}: same outcome`);
    return undefined;
  }
  if (isTable(a.value) && isTable(b.value)) {
    const ta = a.value, tb = b.value;
    if (!equalBytes(tableToIPC(ta), tableToIPC(tb))) {
      assertEquals(describe(tb), describe(ta), `${label}: schema`);
      for (const f of ta.schema.fields) {
        const x = columnJson(ta, f.name), y = columnJson(tb, f.name);
        assertEquals(y, x, `${label}: column ${f.name}`);
      }
      assertEquals(tb.numRows, ta.numRows, `${label}: rows`);
      assert(false, `${label}: Arrow IPC bytes differ (metadata?)`);
    }
    return ta;
  }
  assertEquals(b.value, a.value, label);
  return a.value;
}

interface ArrowTable {
  numRows: number;
  schema: { fields: { name: string; type: { toString(): string }; nullable: boolean }[] };
  getChild(name: string): { toArray(): ArrayLike<unknown> } | null;
}

function isTable(v: unknown): v is ArrowTable & Parameters<typeof tableToIPC>[0] {
  return typeof v === "object" && v !== null && "schema" in v && "numRows" in v;
}

function describe(t: ArrowTable): string[] {
  return t.schema.fields.map((f) => `${f.name}: ${f.type}${f.nullable ? "?" : ""}`);
}

function columnJson(t: ArrowTable, name: string): string {
  return JSON.stringify(
    Array.from(t.getChild(name)?.toArray() ?? []),
    (_, v) => typeof v === "bigint" ? `${v}n` : v,
  );
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function test(title: string, fn: (l: Live) => Promise<void>): void {
  Deno.test({
    name: `${NAME}: ${title}`,
    ignore: !HBASE_REST_URL,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => await fn(await setup()),
  });
}

const rows = (t: unknown) => (t as ArrowTable).numRows;

test("objects: every object of the sample, upper limits, lists, prefixes, columns", async (l) => {
  const ids = [...new Set(l.points.map((p) => p.id))];
  assert(ids.length > 100, `${ids.length} objects`);
  // One object in three (≈ 80 light curves), to keep the run short.
  for (const id of ids.filter((_, i) => i % 3 === 0)) {
    await same(`objects ${id}`, (f) => f.objects(id));
  }
  for (const id of ["ZTF25abxvhmk", "ZTF20abfcszi", ids[0]]) {
    await same(
      `objects ${id} withUpperLim`,
      (f) => f.objects({ objectId: id, withUpperLim: true }),
    );
  }
  await same("objects list", (f) => f.objects({ objectId: "ZTF25abxvhmk,ZTF25abitcpd" }));
  await same(
    "objects columns",
    (f) => f.objects({ objectId: "ZTF20abfcszi", columns: "i:jd,i:magpsf" }),
  );
  await same("objects prefix", (f) => f.objects({ objectId: "ZTF25", columns: "i:objectId,i:jd" }));
  await same("objects cutouts", (f) => f.objects({ objectId: "ZTF20abfcszi", withCutouts: true }));
  for (const id of ["ZTF25aaqvqvd", "ZTF99blzhigh", "ldfksjflkdsjf"]) {
    await same(`objects ${id}`, (f) => f.objects(id));
  }
});

test("conesearch: 5″, 60″, 1°, n, dates, columns, empty sky, bad input", async (l) => {
  const picks = l.points.filter((_, i) => i % 25 === 0).slice(0, 12);
  for (const { id, ra, dec, jd } of picks) {
    for (const radius of [5, 60, 3600]) {
      const t = await same(`cone ${id} ${radius}″`, (f) => f.conesearch({ ra, dec, radius }));
      if (radius === 5) assert(rows(t) > 0, `cone around ${id}`);
    }
    await same(`cone ${id} n=1`, (f) => f.conesearch({ ra, dec, radius: 3600, n: 1 }));
    await same(
      `cone ${id} window`,
      (f) => f.conesearch({ ra, dec, radius: 3600, startdate: jd - 30, stopdate: jd + 1 }),
    );
    await same(
      `cone ${id} columns`,
      (f) => f.conesearch({ ra, dec, radius: 5, columns: "i:objectId" }),
    );
  }
  await same(
    "cone sexagesimal",
    (f) => f.conesearch({ ra: "01h46m55.4s", dec: "-15d22m16s", radius: 30 }),
  );
  await same("cone empty", (f) => f.conesearch({ ra: 0, dec: 0, radius: 1 }));
  await same("cone bad ra", (f) => f.conesearch({ ra: "kfdlkj", dec: 10, radius: 5 }));
  await same("cone too wide", (f) => f.conesearch({ ra: 10, dec: 10, radius: 36000 }));
});

test("classes and latests: every class, n, dates, trends, colours", async (l) => {
  const classes = await same("classes", (f) => f.classes()) as Record<string, string[]>;
  const names = Object.values(classes).flat();
  assert(names.length > 0, "classes");
  for (const cls of [...names, "SN candidate", "SLSN candidate", "Solar System MPC"]) {
    await same(`latests ${cls}`, (f) => f.latests({ class: cls }));
    await same(`latests ${cls} n=1000`, (f) => f.latests({ class: cls, n: 1000 }));
  }
  for (const trend of ["rising", "fading", "low_state", "new_low_state"] as const) {
    await same(
      `latests trend ${trend}`,
      (f) => f.latests({ class: "SN candidate", n: 10, trend, startdate: "2019-01-01" }),
    );
  }
  await same("latests color", (f) => f.latests({ class: "SN candidate", n: 100, color: true }));
  await same(
    "latests dates",
    (f) =>
      f.latests({
        class: "Solar System MPC",
        n: 100,
        startdate: "2019-01-01",
        stopdate: "2021-01-01",
      }),
  );
  await same("latests bad class", (f) => f.latests({ class: "Not a class" }));
  assert(l.points.length > 0);
});

test("sso, ssobulk, ssocand, tracklet and resolver", async () => {
  for (const n of ["8467", "33803", "2010 JO69", "kdflsjffld"]) {
    await same(`sso ${n}`, (f) => f.sso(n));
  }
  await same("sso ephem", (f) => f.sso({ nOrD: "8467", withEphem: true }));
  await same("sso ephem 4371", (f) => f.sso({ nOrD: "4371", withEphem: true }));
  await same("sso residuals", (f) => f.sso({ nOrD: "33803,8467", withResiduals: true }));
  await same("sso name", (f) => f.sso({ nOrD: "Benoitcarry" }));
  await same("sso columns", (f) => f.sso({ nOrD: "benoitcarry", columns: "i:jd" }));
  await same("ssobulk", (f) => f.ssobulk());
  await same("ssobulk 33803", (f) => f.ssobulk({ ssnamenr: "33803" }));
  await same("ssocand orbParams", (f) => f.ssocand({ kind: "orbParams" }));
  const lcs = await same(
    "ssocand lightcurves",
    (f) => f.ssocand({ kind: "lightcurves", startDate: 2458000 }),
  ) as ArrowTable;
  await same(
    "ssocand maxnumber",
    (f) => f.ssocand({ kind: "lightcurves", maxnumber: 20, startDate: 2458000 }),
  );
  const cand = lcs.getChild("d:ssoCandId")?.toArray()[0];
  if (cand !== undefined) {
    await same(
      "ssocand one",
      (f) => f.ssocand({ kind: "lightcurves", ssoCandId: String(cand), startDate: 2458000 }),
    );
  }
  // The sample's ztf.tracklet is empty (its tracklet alerts carry no TRCK_ label): empty answers.
  await same("tracklet id", (f) => f.tracklet({ id: "TRCK_20211022_091949_00" }));
  await same("tracklet day", (f) => f.tracklet({ date: "2021-10-22" }));
  await same("tracklet empty date", (f) => f.tracklet({ date: "2021-10-22 09:19:49" }));
  await same("resolver ssodnet", (f) => f.resolver({ resolver: "ssodnet", name: "8467", nmax: 1 }));
  await same(
    "resolver ssodnet name",
    (f) => f.resolver({ resolver: "ssodnet", name: "Benoitcarry", nmax: 1 }),
  );
  await same(
    "resolver simbad reverse",
    (f) => f.resolver({ resolver: "simbad", name: "ZTF18abvcdqu", reverse: true }),
  );
  await same("resolver tns", (f) => f.resolver({ resolver: "tns", name: "", nmax: 10 }));
  await same(
    "resolver tns reverse",
    (f) => f.resolver({ resolver: "tns", name: "ZTF25abxvhmk", reverse: true }),
  );
});

test("anomaly, statistics, schema, cutouts, skymap and xmatch", async (l) => {
  await same("anomaly", (f) => f.anomaly());
  await same("anomaly 3", (f) => f.anomaly({ n: 3 }));
  await same(
    "anomaly dates",
    (f) => f.anomaly({ n: 1000, startDate: "2019-01-01", stopDate: "2026-01-01" }),
  );
  for (const date of ["", "2020", "202008", "20200101"]) {
    await same(`statistics ${date}`, (f) => f.statistics({ date }));
  }
  await same("statistics column", (f) => f.statistics({ date: "202008", columns: "basic:sci" }));
  await same(
    "statistics class column (a space in its name)",
    (f) => f.statistics({ date: "20211122", columns: "basic:exposures,class:Solar System MPC" }),
  );
  await same("statistics schema", (f) => f.statistics({ schema: true }));
  await same("schema", (f) => f.schema());
  await same("cutouts", (f) => f.cutouts({ objectId: "ZTF20abfcszi" }));
  await same("cutouts all", (f) => f.cutouts({ objectId: "ZTF20abfcszi", kind: "All" }));
  await same("cutouts FITS", (f) => f.cutouts({ objectId: "ZTF20abfcszi", format: "FITS" }));
  await same("cutouts none", (f) => f.cutouts({ objectId: "ZTF00nothing" }));
  await same(
    "skymap",
    (f) => f.skymap({ eventName: "S200219ac", credibleLevel: 0.3, nDayBefore: 10, nDayAfter: 10 }),
  );
  // 12,568 pixels (13 HBase scanners of 1,000 ranges), the sample's alerts years later: 2 rows.
  const wide = await same(
    "skymap 99 %, 3,000 days",
    (f) => f.skymap({ eventName: "S200219ac", credibleLevel: 0.99, nDayAfter: 3000 }),
  ) as { numRows: number };
  assert(wide.numRows > 0, "no alert in the 99 % region");
  const picks = l.points.filter((_, i) => i % 40 === 0);
  const csv = "RA,Dec,ID,Time\n" +
    picks.map((p, i) => `${p.ra},${p.dec},src${i},${p.jd - 2400000.5}`).join("\n") + "\n";
  await same("xmatch", (f) => f.xmatch({ catalog: csv, header: "RA,Dec,ID", radius: 2 }));
  await same(
    "xmatch window",
    (f) => f.xmatch({ catalog: csv, header: "RA,Dec,ID,Time", radius: 2, window: 7 }),
  );
});

test("ssoft: the same table on both stores (names from ztf.sso_resolver)", async () => {
  await same("ssoft", (f) => f.ssoft());
  await same("ssoft HG 2023.07", (f) => f.ssoft({ flavor: "HG", version: "2023.07" }));
  await same("ssoft name", (f) => f.ssoft({ ssoName: "Benoitcarry" }));
});

test("metadata: the same annotations written and read on both stores", async () => {
  await same("metadata none yet", (f) => f.metadata({ objectId: "all" }));
  for (
    const [objectId, internalName, username, comments] of [
      ["ZTF25abxvhmk", "Fink J014655.39-152215.9", "me", "a test"],
      ["ZTF20abfcszi", "Fink J2", "you", undefined],
      ["ZTF25abxvhmk", "Fink J014655.39-152215.9 b", "me", "replaced"],
    ] as const
  ) {
    await same(
      `metadata post ${objectId}`,
      (f) => f.postMetadata({ objectId, internalName, username, comments }),
    );
  }
  const all = await same("metadata all", (f) => f.metadata({ objectId: "all" }));
  assertEquals(rows(all), 2);
  await same("metadata id", (f) => f.metadata({ objectId: "ZTF25abxvhmk" }));
  await same("metadata name", (f) => f.metadata({ internalName: "Fink J2" }));
  await same("metadata encoded", (f) => f.metadata({ internalNameEncoded: "FinkJ2" }));
  await same("metadata bad id", (f) => f.metadata({ objectId: "M31" }));
});

test("re-ingest into HBase leaves every table identical (idempotent puts)", async (l) => {
  const before = await everyRow(l.hbase.store);
  assertEquals(
    before,
    await everyRow(l.sqlite.store),
    "HBase tables = SQLite tables, byte for byte",
  );
  await ingest(namespaceUrl(l.namespace));
  l.hbase.refresh();
  assertEquals(await everyRow(l.hbase.store), before);
  await same("objects after re-ingest", (f) => f.objects("ZTF25abxvhmk"));
});

Deno.test({
  name: `${NAME}: clean up (drop the test namespace)`,
  ignore: !HBASE_REST_URL,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    if (!live) return;
    const l = await live;
    await l.hbase.close();
    await l.sqlite.close();
    await dropNamespace(l.namespace);
    await Deno.remove(l.dir, { recursive: true });
  },
});
