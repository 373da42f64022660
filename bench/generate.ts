/**
 * The scale-up generator for benchmarks: synthetic alerts derived from the
 * real sample alerts by shifting position, time and objectId, and a cached
 * SQLite store of N of them.
 *
 * Each synthetic object (`ZTF99…`, a year ZTF never had) copies one real
 * alert's columns and cutouts, is placed uniformly on the sphere, and gets
 * `alertsPerObject` alerts one day apart; each alert carries the previous
 * ten as detections in its history plus two upper limits, as real alerts do.
 *
 * @module
 */
import type { AlertRecord } from "../query/ingest/alert.ts";
import { findAlertFiles, readAlertFile } from "../query/ingest/read.ts";
import { classifyFile } from "../query/ingest/files.ts";
import { IngestSession, type IngestSummary } from "../query/ingest/ingest.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import { LAYOUT_VERSION } from "../query/ingest/sample.ts";
import { mulberry32 } from "../fit/periodogram/fap.ts";

/** Options of {@linkcode generateAlerts}. */
export interface GenerateOptions {
  /** Number of synthetic objects. */
  objects: number;
  /** Alerts per object. Default 100. */
  alertsPerObject?: number;
  /** First object index (to generate in chunks). Default 0. */
  firstObject?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Keep the cutouts (default true). */
  cutouts?: boolean;
}

/**
 * deno bench options for steady-state reads and queries: deno bench's default
 * warm-up (10 ms) and budget (500 ms, ~150 calls) leave much of the decoding
 * and query code unoptimised by V8, so these benches warm up over 200 calls
 * and measure at least 2,000 (a different object each call).
 */
export const STEADY_STATE: { warmup: number; n: number } = { warmup: 200, n: 2000 };

/** The real alerts of the bundled sample (science alerts only). */
export async function sampleAlerts(): Promise<AlertRecord[]> {
  const dir = decodeURIComponent(new URL("../data/sample/", import.meta.url).pathname);
  const out: AlertRecord[] = [];
  for (const f of await findAlertFiles([dir])) {
    if ((await classifyFile(f)).kind !== "alerts") continue;
    for await (const a of readAlertFile(f)) {
      const c = a.candidate;
      if (typeof c.rb === "number" && c.rb >= 0.55 && Number(c.nbad) === 0) out.push(a);
    }
  }
  return out;
}

/** `ZTF99` + 7 letters: the synthetic id of object `k`. */
export function syntheticObjectId(k: number): string {
  let s = "";
  for (let i = 0; i < 7; i++) {
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26);
  }
  return `ZTF99${s}`;
}

/** Synthetic alerts, object by object. */
export function* generateAlerts(
  base: AlertRecord[],
  options: GenerateOptions,
): Generator<AlertRecord> {
  const per = options.alertsPerObject ?? 100;
  const first = options.firstObject ?? 0;
  const keepCutouts = options.cutouts ?? true;
  for (let k = first; k < first + options.objects; k++) {
    const rand = mulberry32((options.seed ?? 1) * 1_000_003 + k);
    const b = base[k % base.length];
    const ra = 360 * rand();
    const dec = (Math.asin(2 * rand() - 1) * 180) / Math.PI;
    const jd0 = 2458800.5 + (k % 1500) + 0.1 + 0.3 * rand();
    const oid = syntheticObjectId(k);
    const detections: Record<string, unknown>[] = [];
    for (let j = 0; j < per; j++) {
      const jd = jd0 + j;
      const mag = Number(b.candidate.magpsf ?? 18) + 0.3 * Math.sin(j / 5) + 0.05 * (rand() - 0.5);
      const candidate = {
        ...b.candidate,
        candid: BigInt(1_000_000_000_000_000_000) + BigInt(k) * 1000n + BigInt(j),
        jd,
        jdstarthist: jd0,
        jdendhist: jd,
        ndethist: j + 1,
        ra: ra + (rand() - 0.5) * 1e-5,
        dec: dec + (rand() - 0.5) * 1e-5,
        magpsf: mag,
        fid: (j % 2) + 1,
        rb: 0.9,
        nbad: 0,
      };
      // The previous detections themselves (ingest never mutates an alert): no copy each.
      const history = detections.slice(-10);
      history.push(
        {
          ...b.candidate,
          jd: jd - 0.5,
          magpsf: null,
          sigmapsf: null,
          candid: null,
          diffmaglim: 20.5,
        },
        {
          ...b.candidate,
          jd: jd - 0.7,
          magpsf: null,
          sigmapsf: null,
          candid: null,
          diffmaglim: 20.3,
        },
      );
      yield {
        objectId: oid,
        candid: candidate.candid,
        root: b.root,
        candidate,
        prvCandidates: history as AlertRecord["prvCandidates"],
        fink: b.fink,
        cutouts: keepCutouts ? b.cutouts : {},
      };
      detections.push(candidate);
    }
  }
}

/** The generator's worker (`generate_worker.ts`), for `IngestSession.addFromWorker`. */
export const GENERATOR_WORKER: URL = new URL("./generate_worker.ts", import.meta.url);

/**
 * A source of the generator's worker: the alerts of objects `first` to
 * `first + count - 1`, whose cutouts rows name "generated" (as `addAlerts` here).
 */
export function generatorSource(first: number, count: number): { name: string; uri: string } {
  return { name: `objects:${first}:${count}`, uri: "generated" };
}

/** The objects a source of {@linkcode generatorSource} names. */
export function generatorObjects(name: string): { firstObject: number; objects: number } {
  const [, first, count] = name.split(":").map(Number);
  return { firstObject: first, objects: count };
}

/** Options of {@linkcode benchStore}. */
export interface BenchStoreOptions {
  /** Number of alerts (a multiple of 100). */
  alerts: number;
  /** Keep cutouts in the store (default false: 1M alerts with cutouts is ~12 GB). */
  cutouts?: boolean;
  /** Folder of the cached stores. Default `.cache/bench` in the project. */
  dir?: string;
  /** Progress messages. */
  log?: (msg: string) => void;
  /**
   * Generate and build the rows in this thread and write them with
   * `IngestSession.addAlerts` (default false: a worker generates the alerts
   * and builds their rows while this thread writes them, as file ingest does).
   */
  inThread?: boolean;
}

/** The cached store's file: named by its size and the table layout's version (a new layout builds anew). */
function benchStorePath(dir: string, alerts: number, cutouts: boolean): string {
  return `${dir}/alerts-${alerts}${cutouts ? "-cutouts" : ""}-layout${LAYOUT_VERSION}.db`;
}

/**
 * A SQLite store of `alerts` synthetic alerts, built once and cached; returns
 * its path and, when it was built now, the ingest summary.
 */
export async function benchStore(
  options: BenchStoreOptions,
): Promise<{ path: string; summary?: IngestSummary; timing?: BuildTiming }> {
  const dir = options.dir ??
    decodeURIComponent(new URL("../.cache/bench/", import.meta.url).pathname);
  const path = benchStorePath(dir, options.alerts, options.cutouts ?? false);
  try {
    await Deno.stat(path);
    return { path };
  } catch {
    // build it
  }
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${path}.tmp`;
  await Deno.remove(tmp).catch(() => {});
  const objects = Math.ceil(options.alerts / 100);
  const chunk = 100; // objects per transaction (per source of the worker)
  const base = options.inThread ? await sampleAlerts() : [];
  const t0 = performance.now();
  const log = (done: number) =>
    options.log?.(
      `${done} alerts, ${Math.round(done / ((performance.now() - t0) / 1000))} alerts/s`,
    );
  const store = SqliteStore.open(tmp);
  let generating = 0;
  let session: IngestSession;
  if (options.inThread) {
    session = await IngestSession.begin(store);
    for (let k = 0; k < objects; k += chunk) {
      const g0 = performance.now();
      const alerts = [...generateAlerts(base, {
        objects: Math.min(chunk, objects - k),
        firstObject: k,
        cutouts: options.cutouts ?? false,
      })];
      generating += performance.now() - g0;
      await session.addAlerts(alerts, "generated");
      if ((k / chunk) % 20 === 0) log((k + chunk) * 100);
    }
  } else {
    // The generator's worker makes each source's alerts and rows while this thread writes.
    const sources = [];
    for (let k = 0; k < objects; k += chunk) {
      sources.push(generatorSource(k, Math.min(chunk, objects - k)));
    }
    let shown = 0;
    session = await IngestSession.begin(store, {
      onProgress: (p) => {
        if (p.alerts - shown < 200_000) return;
        log(shown = p.alerts);
      },
    });
    await session.addFromWorker(GENERATOR_WORKER, sources, { cutouts: options.cutouts ?? false });
  }
  const t1 = performance.now();
  const summary = await session.finish();
  await store.close();
  const timing = {
    generateSeconds: generating / 1000,
    writeSeconds: (t1 - t0 - generating) / 1000,
    finishSeconds: (performance.now() - t1) / 1000,
  };
  for (const s of ["-journal", "-wal", "-shm"]) await Deno.remove(tmp + s).catch(() => {});
  await Deno.rename(tmp, path);
  return { path, summary, timing };
}

/** Where the time of building a bench store went, in seconds. */
export interface BuildTiming {
  /** Making the synthetic alerts (the benchmark's input, not ingest); 0 with the worker. */
  generateSeconds: number;
  /**
   * Rows of every table and commits (`IngestSession.addAlerts`), or, with the
   * worker, the whole of `addFromWorker`: generation, rows and commits.
   */
  writeSeconds: number;
  /** `IngestSession.finish`: the night-level tables. */
  finishSeconds: number;
}

/**
 * `n` asteroid spellings as a night with many asteroids brings them (ZTF
 * `ssnamenr` numbers from `first`), and names for every other one: the
 * input of the night's `ztf.sso_resolver` update (1.5 rows per spelling).
 */
export function asteroidNames(
  n: number,
  first = 100_000,
): { ssnamenrs: string[]; names: Record<string, string> } {
  const ssnamenrs = Array.from({ length: n }, (_, i) => String(first + i));
  const names = Object.fromEntries(
    ssnamenrs.filter((_, i) => i % 2 === 0).map((num) => [num, `Minor${num}`]),
  );
  return { ssnamenrs, names };
}

// `deno run -A bench/generate.ts [alerts] [dir] [--cutouts] [--in-thread]`: build a bench store
// anew (in a new folder, default a temporary one, removed afterwards) and print the ingest rate.
if (import.meta.main) {
  const flags = ["--cutouts", "--in-thread"];
  const args = Deno.args.filter((a) => !flags.includes(a));
  const cutouts = Deno.args.includes("--cutouts"), inThread = Deno.args.includes("--in-thread");
  const alerts = Number(args[0] ?? 1_000_000);
  const given = args[1];
  const dir = given ?? await Deno.makeTempDir({ prefix: "finkit-bench-" });
  await Deno.remove(benchStorePath(dir, alerts, cutouts)).catch(() => {});
  const { timing } = await benchStore({
    alerts,
    cutouts,
    dir,
    inThread,
    log: (m) => console.error(`${new Date().toISOString().slice(11, 19)} ${m}`),
  });
  const { generateSeconds: g, writeSeconds: w, finishSeconds: f } = timing!;
  const rate = (s: number) => Math.round(alerts / s).toLocaleString("en");
  const what = `${alerts.toLocaleString("en")} alerts${cutouts ? " with cutouts" : ""}`;
  const night = `night tables ${f.toFixed(1)} s`;
  console.log(
    inThread
      ? `${what}, in one thread: generation ${g.toFixed(1)} s, ingest ${(w + f).toFixed(1)} s ` +
        `(rows ${w.toFixed(1)} s, ${night}) = ${rate(w + f)} alerts/s ingest; ` +
        `${rate(g + w + f)} alerts/s with generation`
      : `${what}, generated in a worker: ${(w + f).toFixed(1)} s (rows ${w.toFixed(1)} s, ` +
        `${night}) = ${rate(w + f)} alerts/s, generation included`,
  );
  if (!given) await Deno.remove(dir, { recursive: true });
}
