/**
 * Ingestion of the real sample: rows per table against counts derived
 * from tests/fixtures/INVENTORY.json (computed independently of finkit),
 * known rowkeys byte-identical to Fink's, idempotence, bad files.
 */
import { assert, assertEquals } from "../../assert.ts";
import { DatabaseSync } from "node:sqlite";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { findAlertFiles } from "../../../query/ingest/read.ts";
import {
  avroContainer,
  avroRecordType,
  readAvroRecords,
} from "../../../query/ingest/avro_container.ts";
import { javaDoubleToString } from "../../../astro/time.ts";
import { decodeCell } from "../../../query/store/codec.ts";
import { SCHEMA_ROWKEY } from "../../../query/store/layout.ts";
import type { Store } from "../../../query/store/store.ts";
import { withTempDir } from "../../temp_dir.ts";

interface InventoryObject {
  alerts: number;
  maxDetections: number;
  maxUpperLimits: number;
  classes: string[];
  firstJd: number;
  lastJd: number;
  ssnamenr?: string;
  tnsclass?: string;
}
interface InventoryFile {
  file: string;
  kind?: string;
  rows?: number;
  perObject?: Record<string, InventoryObject>;
}

const inventory: InventoryFile[] = JSON.parse(
  await Deno.readTextFile(new URL("../../fixtures/INVENTORY.json", import.meta.url)),
);
const exists = (p: string) => {
  try {
    Deno.statSync(p);
    return true;
  } catch {
    return false;
  }
};
const alertFiles = inventory.filter((e) => e.kind === "alerts" && exists(`data/sample/${e.file}`));

let shared:
  | { store: Store; dir: string; summary: Awaited<ReturnType<typeof ingestFiles>> }
  | undefined;
async function sampleStore() {
  if (!shared) {
    const dir = await Deno.makeTempDir();
    const store = SqliteStore.open(`${dir}/sample.db`);
    const summary = await ingestFiles(store, await findAlertFiles(["data/sample"]));
    shared = { store, dir, summary };
  }
  return shared;
}

async function keys(store: Store, table: string, prefix?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.scan(table, { prefix, columns: [] })) {
    if (!r.key.startsWith("schema")) out.push(r.key);
  }
  return out;
}

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "ingest reads every alert of the sample, as counted in INVENTORY.json",
  ...opts,
  fn: async () => {
    const { summary } = await sampleStore();
    const expected = alertFiles.reduce((n, e) => n + (e.rows ?? 0), 0);
    assertEquals(summary.alerts, expected);
    assertEquals(summary.errors, []);
    // Aggregated light-curve files are recognised and skipped, not errors.
    assert(summary.skipped.every((s) => s.reason.startsWith("not alert data")));
  },
});

Deno.test({
  name: "rowkeys come out byte-identical to Fink's examples",
  ...opts,
  fn: async () => {
    const { store } = await sampleStore();
    assert(await store.get("ztf", "ZTF22aayqeuc_2459795.8062153"));
    assert(await store.get("ztf.cutouts", "ZTF22aayqeuc_2459795.8062153"));
    assert(await store.get("ztf.class", "Solar System MPC_2459795.8062153_ZTF22aayqeuc"));
    assert(await store.get("ztf.ssnamenr", "409439_2459795.8062153"));
  },
});

Deno.test({
  name: "every single-alert object has its main, class and cutout rows under Fink's keys",
  ...opts,
  fn: async () => {
    const { store } = await sampleStore();
    let checked = 0;
    for (const f of alertFiles) {
      for (const [oid, o] of Object.entries(f.perObject ?? {})) {
        if (o.alerts !== 1 || o.classes.length !== 1) continue;
        const jd = javaDoubleToString(o.firstJd);
        const main = await store.get("ztf", `${oid}_${jd}`, { columns: ["i:rb", "i:nbad"] });
        if (!main) {
          // Only alerts failing the quality cut (rb < 0.55 or nbad > 0) may be absent.
          continue;
        }
        assert(await store.get("ztf.class", `${o.classes[0]}_${jd}_${oid}`), `${oid} class row`);
        assert(await store.get("ztf.cutouts", `${oid}_${jd}`), `${oid} cutouts`);
        checked++;
      }
    }
    assert(checked > 150, `checked ${checked} objects`);
  },
});

Deno.test({
  name: "asteroids, TNS labels and upper limits land in their index tables",
  ...opts,
  fn: async () => {
    const { store } = await sampleStore();
    for (const f of alertFiles) {
      for (const [oid, o] of Object.entries(f.perObject ?? {})) {
        if (o.ssnamenr && o.classes.includes("Solar System MPC")) {
          const rows = await keys(store, "ztf.ssnamenr", `${o.ssnamenr}_`);
          assert(rows.length >= 1, `ztf.ssnamenr rows for ${o.ssnamenr}`);
        }
        if (o.tnsclass) {
          const tns = o.tnsclass.replace(/^\(TNS\) /, "");
          const rows = (await keys(store, "ztf.tns", `${tns}_`)).filter((k) =>
            k.endsWith(`_${oid}`)
          );
          assert(rows.length >= 1, `ztf.tns row for ${oid} (${tns})`);
        }
        // ZTF packets sometimes repeat a point at the same jd (ZTF26aakkrjv at 2461116.032338):
        // one rowkey holds one row, so allow two repeats per object.
        const upper = await keys(store, "ztf.upper", `${oid}_`);
        assert(
          upper.length >= o.maxUpperLimits - 2,
          `${oid}: ${upper.length} < ${o.maxUpperLimits} upper limits`,
        );
      }
    }
  },
});

Deno.test({
  name: "light curves hold at least the valid detections of the richest alert",
  ...opts,
  fn: async () => {
    const { store } = await sampleStore();
    // ZTF18abtrvkm: 25 detections in its alert history (INVENTORY), a well-sampled SN.
    for (const f of alertFiles) {
      for (const [oid, o] of Object.entries(f.perObject ?? {})) {
        if (o.maxDetections < 20) continue;
        const main = await keys(store, "ztf", `${oid}_`);
        const bad = await keys(store, "ztf.uppervalid", `${oid}_`);
        // Two detections may share a jd (ZTF17aabvssn at 2459517.9237153, one good, one bad):
        // a rowkey holds one row, so allow two such repeats per object.
        assert(
          main.length + bad.length >= o.maxDetections - 2,
          `${oid}: ${main.length} valid + ${bad.length} bad < ${o.maxDetections}`,
        );
      }
    }
  },
});

Deno.test({
  name: "statistics_class counts every alert read, by night",
  ...opts,
  fn: async () => {
    const { store, summary } = await sampleStore();
    let raw = 0n, sci = 0n;
    for await (const r of store.scan("statistics_class")) {
      if (r.key.startsWith("schema")) continue;
      assert(/^ztf_\d{8}$/.test(r.key), r.key);
      raw += decodeCell("long", r.values[r.columns.indexOf("basic:raw")]) as bigint;
      sci += decodeCell("long", r.values[r.columns.indexOf("basic:sci")]) as bigint;
    }
    // Alerts present in two files count once (same candid).
    assert(raw <= BigInt(summary.alerts) && raw > 300n, `raw ${raw}`);
    assert(sci <= raw);
  },
});

Deno.test({
  name: "fink-fat candidates fill ztf.orb_cand and ztf.sso_cand",
  ...opts,
  fn: async () => {
    const { store } = await sampleStore();
    assertEquals((await keys(store, "ztf.orb_cand", "cand_")).length, 605);
    assert(await store.get("ztf.orb_cand", "cand_FF2022aaaaaaa"));
    const sso = await keys(store, "ztf.sso_cand");
    assert(sso.length > 3000 && sso.length <= 3728, `${sso.length}`);
  },
});

Deno.test({
  name: "ingesting the same files twice leaves the same rows",
  ...opts,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const files = [
        "data/sample/fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet",
        "data/sample/fink-client/datatest/ZTF19acihgng.avro",
      ];
      const store = SqliteStore.open(`${dir}/twice.db`);
      await ingestFiles(store, files);
      const first = await digest(store);
      await ingestFiles(store, files);
      assertEquals(await digest(store), first);
      await store.close();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

async function digest(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await store.listTables()) {
    const h = new Uint8Array(32);
    let n = 0;
    for await (const r of store.scan(t)) {
      n++;
      const bytes = new TextEncoder().encode(r.key + r.columns.join(","));
      bytes.forEach((b, i) => (h[i % 32] = (h[i % 32] * 31 + b) & 0xff));
      for (const v of r.values) v.forEach((b, i) => (h[i % 32] = (h[i % 32] * 17 + b) & 0xff));
    }
    out[t] = `${n}:${[...h].join(".")}`;
  }
  return out;
}

Deno.test({
  name: "a malformed file is reported with its name and writes nothing; the others go in",
  ...opts,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const good = "data/sample/fink-client/datatest/ZTF19acihgng.avro";
      const tde = await Deno.readFile(
        "data/sample/fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet",
      );
      const avro = await Deno.readFile("data/sample/fink-client/datatest/ztf/part-3-305711.avro");
      await Deno.writeFile(`${dir}/truncated.parquet`, tde.slice(0, tde.length - 5000));
      await Deno.writeFile(`${dir}/truncated.avro`, avro.slice(0, Math.floor(avro.length * 0.6)));
      await Deno.writeFile(`${dir}/random.avro`, crypto.getRandomValues(new Uint8Array(4096)));
      await Deno.writeFile(`${dir}/empty.parquet`, new Uint8Array());
      const store = SqliteStore.open(`${dir}/bad.db`);
      const summary = await ingestFiles(store, [
        `${dir}/truncated.avro`,
        `${dir}/random.avro`,
        good,
        `${dir}/truncated.parquet`,
        `${dir}/empty.parquet`,
      ]);
      assertEquals(summary.errors.map((e) => e.file), [
        `${dir}/truncated.avro`,
        `${dir}/random.avro`,
        `${dir}/truncated.parquet`,
        `${dir}/empty.parquet`,
      ]);
      for (const e of summary.errors) assert(e.message.includes(e.file), e.message);
      // The truncated avro had readable records before the cut: none of them was written.
      const truncatedAvro = summary.errors[0];
      assert(
        truncatedAvro.recordIndex !== undefined && truncatedAvro.recordIndex > 0,
        truncatedAvro.message,
      );
      assertEquals(
        await keys(store, "ztf.class"),
        (await keys(store, "ztf.class")).filter((k) => k.endsWith("ZTF19acihgng")),
      );
      assertEquals(summary.alerts, 1);
      assertEquals((await keys(store, "ztf.cutouts")).length, 1);
      await store.close();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a file that fails part-way leaves the schema rows as if it had not been read",
  ...opts,
  fn: () =>
    withTempDir(async (dir) => {
      // An older schema first, then the first alerts of a newer one with more columns (their
      // types noted) before that file fails, then the newer file whole.
      const older = "data/sample/fink-client/datatest/ZTF19acihgng.avro";
      const good = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";
      // More alerts than are built at a time (200), so that some are built before it fails.
      const { header, records } = readAvroRecords(await Deno.readFile(good), good);
      const type = avroRecordType(header.schema);
      const many = Array.from(
        { length: 300 },
        (_, i) => type.toBuffer(records[i % records.length]),
      );
      const avro = avroContainer(header.schema, many, 10, 64_000);
      await Deno.writeFile(`${dir}/truncated.avro`, avro.slice(0, Math.floor(avro.length * 0.9)));
      const schemas = async (files: string[], decodeWorker: boolean) => {
        const store = SqliteStore.open(`${dir}/${files.length}-${decodeWorker}.db`);
        await ingestFiles(store, files, { decodeWorker });
        const out: Record<string, string[]> = {};
        for (const table of await store.listTables()) {
          out[table] = (await store.get(table, SCHEMA_ROWKEY))?.columns ?? [];
        }
        await store.close();
        return out;
      };
      for (const decodeWorker of [false, true]) {
        const alone = await schemas([older, good], decodeWorker);
        assert((alone.ztf?.length ?? 0) > 100, JSON.stringify(alone.ztf));
        assertEquals(await schemas([older, `${dir}/truncated.avro`, good], decodeWorker), alone);
      }
    }),
});

/** Rows of `ztf.class` committed in the SQLite file `db` (0 while it has none or no such table). */
function committedClassRows(db: string): number {
  try {
    const conn = new DatabaseSync(db, { readOnly: true });
    try {
      conn.exec("PRAGMA busy_timeout=1000");
      const r = conn.prepare('SELECT count(*) AS n FROM "t_ztf.class"').get() as { n: number };
      return Number(r.n);
    } finally {
      conn.close();
    }
  } catch {
    return 0;
  }
}

Deno.test({
  name: "an ingest killed with SIGKILL leaves a consistent store that a rerun completes",
  ...opts,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const db = `${dir}/killed.db`;
      // One commit per file: the sample takes well under a second now, so grouped commits could
      // make the first commit the last one and leave nothing to kill.
      const args = [
        "run",
        "-A",
        "scripts/ingest.ts",
        "data/sample",
        "--store",
        `file:${db}`,
        "--commit-seconds",
        "0",
      ];
      const child = new Deno.Command(Deno.execPath(), { args, stdout: "null", stderr: "piped" })
        .spawn();
      const stderr = new Response(child.stderr).text(); // read as it comes: the pipe never fills
      let exited = false;
      child.status.then(() => exited = true);
      // Kill the ingest as soon as a reader sees the first committed rows, before the last file.
      let killed = false;
      const deadline = Date.now() + 60_000;
      while (!killed && !exited && Date.now() < deadline) {
        if (committedClassRows(db) > 0) {
          try {
            child.kill("SIGKILL");
            killed = true;
          } catch {
            break; // already finished: the assertion below reports it
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      const status = await child.status;
      assert(
        killed && status.signal === "SIGKILL",
        `the ingest was killed mid-way (killed: ${killed}, exit: ${status.code}, signal: ${status.signal}, stderr: ${
          (await stderr).slice(-2000)
        })`,
      );
      // Consistent: every class-index row has its main-table row (files are atomic).
      const store = SqliteStore.open(db);
      const partial = await keys(store, "ztf.class");
      assert(partial.length > 0, "the first files were committed");
      for (const k of partial) {
        const [oid] = k.split("_").slice(-1);
        const jd = k.split("_").slice(-2, -1)[0];
        assert(await store.get("ztf", `${oid}_${jd}`), `main row of ${k}`);
      }
      // A rerun completes it: same rows as a clean ingest.
      await ingestFiles(store, await findAlertFiles(["data/sample"]));
      const { store: clean } = await sampleStore();
      for (
        const t of [
          "ztf",
          "ztf.class",
          "ztf.pixel128",
          "ztf.upper",
          "ztf.cutouts",
          "statistics_class",
        ]
      ) {
        assertEquals(await store.count(t), await clean.count(t), t);
      }
      await store.close();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "cleanup shared sample store",
  ...opts,
  fn: async () => {
    if (shared) {
      await shared.store.close();
      await Deno.remove(shared.dir, { recursive: true });
    }
  },
});
