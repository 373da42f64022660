/**
 * Tables Fink derives from a whole night rather than from one alert:
 * `statistics_class` (counts per night), `ztf.anomaly` (the night's most
 * anomalous alerts), `ztf.slsn` (superluminous candidates, see `slsn.ts`),
 * and `ztf.sso_resolver` (asteroid names ↔ ZTF
 * `ssnamenr`). Recomputed for the nights an ingest touched, from finkit's
 * bookkeeping table `finkit.nightly`, so that re-ingesting is idempotent.
 *
 * @module
 */
import type { PutRow, Row, Store } from "../store/store.ts";
import { decodeCell, decodeString } from "../store/codec.ts";
import { EXTRAGALACTIC_HOSTS, isSimbadClass } from "../table/classification.ts";
import { RowBuilder, schemaRow, type SchemaTypes, STATISTICS_TIME } from "../store/layout.ts";
import { jdToUnixMs } from "../../astro/time.ts";
import { DEFAULT_SLSN_THRESHOLD, updateSlsn } from "./slsn.ts";
import { replaceNightSelection } from "./night_selection.ts";
import { inLanes, PARALLEL_REQUESTS } from "./lanes.ts";
import type { Run } from "./run.ts";

/** How many alerts per night `ztf.anomaly` keeps (Fink's `threshold=10`). */
export const ANOMALIES_PER_NIGHT = 10;

interface NightAlert {
  objectId: string;
  jd: number;
  fid: number;
  field: number;
  science: boolean;
  classification: string;
  cdsxmatch: string;
  anomalyScore?: number;
  slsnScore?: number;
}

function nightAlert(row: Row): NightAlert {
  const a: NightAlert = {
    objectId: "",
    jd: NaN,
    fid: 0,
    field: 0,
    science: false,
    classification: "",
    cdsxmatch: "Unknown",
  };
  const values = row.values;
  row.columns.forEach((c, i) => {
    const v = values[i];
    switch (c) {
      case "n:objectId":
        return void (a.objectId = decodeString(v));
      case "n:jd":
        return void (a.jd = Number(decodeCell("double", v)));
      case "n:fid":
        return void (a.fid = Number(decodeCell("integer", v)));
      case "n:field":
        return void (a.field = Number(decodeCell("integer", v)));
      case "n:science":
        return void (a.science = decodeString(v) === "true");
      case "n:classification":
        return void (a.classification = decodeString(v));
      case "n:cdsxmatch":
        return void (a.cdsxmatch = decodeString(v));
      case "n:anomaly_score":
        return void (a.anomalyScore = Number(decodeCell("double", v)));
      case "n:slsn_score":
        return void (a.slsnScore = Number(decodeCell("float", v)));
    }
  });
  return a;
}

function table(types: SchemaTypes, name: string): Map<string, string> {
  let t = types.get(name);
  if (!t) types.set(name, t = new Map());
  return t;
}

/**
 * Recompute `statistics_class` rows (`ztf_YYYYMMDD`) and the `ztf.anomaly`
 * and `ztf.slsn` selections of the given nights. Returns rows written per table.
 */
export async function finalizeNights(
  store: Store,
  nights: string[],
  types: SchemaTypes,
  options: { slsnThreshold?: number } = {},
): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  const sorted = [...nights].sort();
  const stats: PutRow[] = new Array(sorted.length);
  const slsnVerdicts = new Map<string, boolean>();
  const add = (t: string, n: number) => (written[t] = (written[t] ?? 0) + n);
  // Nights touch disjoint rows (their own jd range, their own statistics
  // row), so a remote store works on several at once.
  await inLanes(
    sorted.map((night, i) => ({ night, i })),
    store.transactional ? 1 : PARALLEL_REQUESTS,
    async ({ night, i }) => {
      const alerts: NightAlert[] = [];
      for await (const row of store.scan("finkit.nightly", { prefix: `${night}_` })) {
        alerts.push(nightAlert(row));
      }
      stats[i] = statisticsRow(night, alerts, table(types, "statistics_class"));
      add("ztf.anomaly", await updateAnomalies(store, alerts, types));
      add(
        "ztf.slsn",
        await updateSlsn(
          store,
          alerts,
          types,
          options.slsnThreshold ?? DEFAULT_SLSN_THRESHOLD,
          slsnVerdicts,
        ),
      );
    },
  );
  if (stats.length) {
    await store.put("statistics_class", stats);
    written["statistics_class"] = stats.length;
  }
  for (const t of ["statistics_class", "ztf.anomaly", "ztf.slsn"]) {
    if (written[t]) await store.put(t, [schemaRow(table(types, t))]);
  }
  return written;
}

function statisticsRow(night: string, alerts: NightAlert[], types: Map<string, string>): PutRow {
  const sci = alerts.filter((a) => a.science);
  const b = new RowBuilder(`ztf_${night}`, types)
    .set("basic:raw", BigInt(alerts.length), "long")
    .set("basic:sci", BigInt(sci.length), "long")
    .set("basic:n_g", BigInt(sci.filter((a) => a.fid === 1).length), "long")
    .set("basic:n_r", BigInt(sci.filter((a) => a.fid === 2).length), "long")
    .set("basic:exposures", BigInt(new Set(sci.map((a) => a.jd)).size), "long")
    .set("basic:fields", BigInt(new Set(sci.map((a) => a.field)).size), "long");
  const classes = new Map<string, number>();
  for (const a of sci) classes.set(a.classification, (classes.get(a.classification) ?? 0) + 1);
  for (const [c, n] of classes) b.set(`class:${c}`, BigInt(n), "long");
  b.set("class:simbad_tot", BigInt(sci.filter((a) => isSimbadClass(a.cdsxmatch)).length), "long");
  b.set(
    "class:simbad_gal",
    BigInt(sci.filter((a) => EXTRAGALACTIC_HOSTS.has(a.cdsxmatch)).length),
    "long",
  );
  const last = alerts.reduce((m, a) => (a.jd > m ? a.jd : m), -Infinity);
  if (Number.isFinite(last)) b.set(STATISTICS_TIME, BigInt(jdToUnixMs(last)), "long");
  return b.row();
}

/**
 * Fink's anomaly selection for one night: the alerts with the lowest
 * `anomaly_score` (negative scores only), one per object, at most ten;
 * stored in `ztf.anomaly` under `jd_objectId` with the main table's cells.
 */
async function updateAnomalies(
  store: Store,
  alerts: NightAlert[],
  types: SchemaTypes,
): Promise<number> {
  if (alerts.length === 0) return 0;
  const scored = alerts
    .filter((a) => a.science && a.anomalyScore !== undefined && a.anomalyScore < 0)
    .sort((x, y) => x.anomalyScore! - y.anomalyScore! || x.jd - y.jd);
  const chosen: NightAlert[] = [];
  const seen = new Set<string>();
  for (const a of scored) {
    if (seen.has(a.objectId)) continue;
    seen.add(a.objectId);
    chosen.push(a);
    if (chosen.length === ANOMALIES_PER_NIGHT) break;
  }
  return await replaceNightSelection(store, "ztf.anomaly", alerts, chosen, types);
}

/**
 * Add the ZTF `ssnamenr` spellings seen to `ztf.sso_resolver`: one row per
 * lower-cased key (the ssnamenr itself, and the asteroid's number and name
 * when known) and spelling, keyed `<key>@<n>` (`n` counts the spellings that
 * share a key, as Fink's `mark_as_duplicate`). The keys' stored spellings
 * are read together ({@linkcode storedSpellings}): a night's tens of
 * thousands of asteroids cost linear time and, on HBase, a few multi-gets.
 * Returns rows written.
 */
export async function updateSsoResolver(
  store: Store,
  ssnamenrs: string[],
  names: Record<string, string>,
  types: SchemaTypes,
): Promise<number> {
  const byName = new Map(Object.entries(names).map(([num, name]) => [name.toLowerCase(), num]));
  const wanted = [...ssnamenrs].sort().map((ss) => {
    const number = /^\d+$/.test(ss) ? ss : byName.get(ss.toLowerCase());
    const name = number ? names[number] : undefined;
    const keys = new Set(
      [ss.toLowerCase(), number, name?.toLowerCase()].filter(Boolean) as string[],
    );
    return { ss, number, name, keys };
  });
  const spellings = await storedSpellings(store, [...new Set(wanted.flatMap((w) => [...w.keys]))]);
  const t = table(types, "ztf.sso_resolver");
  const rows: PutRow[] = [];
  for (const { ss, number, name, keys } of wanted) {
    for (const key of keys) {
      const known = spellings.get(key)!; // stored, then added by this call
      if (known.includes(ss)) continue;
      rows.push(
        new RowBuilder(`${key}@${known.length}`, t)
          .set("i:ssnamenr", ss, "string")
          .set("i:name", name ?? "", "string")
          .set("i:number", number ?? "", "string")
          .row(),
      );
      known.push(ss);
    }
  }
  if (rows.length) {
    await store.put("ztf.sso_resolver", rows);
    await store.put("ztf.sso_resolver", [schemaRow(t)]);
  }
  return rows.length;
}

/**
 * The spellings stored under each key of `ztf.sso_resolver`. They are
 * numbered from `@0` without gaps, so reading `key@0` of every key, then
 * `key@1` of the keys that had one, and so on, finds them all, in a few
 * multi-gets rather than a scan per key.
 */
async function storedSpellings(store: Store, keys: string[]): Promise<Map<string, string[]>> {
  const out = new Map(keys.map((k) => [k, [] as string[]]));
  let open = keys;
  for (let n = 0; open.length; n++) {
    const rows = await store.getMany("ztf.sso_resolver", open.map((k) => `${k}@${n}`), {
      columns: ["i:ssnamenr"],
    });
    open = [];
    for (const r of rows) {
      const key = r.key.slice(0, r.key.lastIndexOf("@"));
      const i = r.columns.indexOf("i:ssnamenr");
      if (i >= 0) out.get(key)!.push(decodeString(r.values[i]));
      open.push(key);
    }
  }
  return out;
}

/** Bundled asteroid names (number → name) for the sample's asteroids. */
export const DEFAULT_SSO_NAMES: Record<string, string> = {
  "8467": "Benoitcarry",
  "33803": "Julienpeloton",
};

/**
 * The end of an ingest run: recompute the night-level tables of its nights
 * (statistics, selections, SLSN, anomalies), update `ztf.sso_resolver` with
 * its asteroids, and complete its summary.
 */
export async function finishRun(run: Run): Promise<void> {
  await run.store.transaction(async () => {
    const derived = await finalizeNights(run.store, [...run.nights], run.types, {
      slsnThreshold: run.options.slsnThreshold,
    });
    for (const [t, n] of Object.entries(derived)) {
      run.summary.rows[t] = (run.summary.rows[t] ?? 0) + n;
    }
    const sso = await updateSsoResolver(
      run.store,
      [...run.ssnamenr],
      run.options.ssoNames ?? DEFAULT_SSO_NAMES,
      run.types,
    );
    if (sso) {
      run.summary.rows["ztf.sso_resolver"] = (run.summary.rows["ztf.sso_resolver"] ?? 0) + sso;
    }
  });
  run.summary.objects = run.objects.size;
  run.summary.seconds = (performance.now() - run.t0) / 1000;
}
