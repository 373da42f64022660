/**
 * Ingestion: alert files → Fink's tables in any store (embedded or HBase).
 *
 * Each file is read completely before anything is written, so a malformed
 * file commits none of its rows; on the embedded store files are committed
 * whole, in groups (`commitSeconds`), each file a savepoint, so a process
 * killed mid-ingest leaves the store as it was after the last committed file,
 * and a rerun completes it. Every write is an idempotent put, so ingesting
 * the same files twice leaves the same rows.
 *
 * @module
 */
import { putCellRows, type PutRow, type Store } from "../store/store.ts";
import { AlertFileError, FinkError } from "../../astro/errors.ts";
import type { AlertRecord } from "./alert.ts";
import { nightOf, schemaRow, type SchemaTypes, TABLES } from "../store/layout.ts";
import { alertRows, HISTORY } from "./rows.ts";
import { CellBatch } from "./cell_batch.ts";
import { decodeCell } from "../store/codec.ts";
import { classifyBytes, readAuxiliaryRows } from "./files.ts";
import { readAlerts, readInputFile } from "./read.ts";
import { finalizeNights, updateSsoResolver } from "./derived.ts";

/** Progress of an ingest run, reported after every batch. */
export interface IngestProgress {
  /** Files done (whole or failed). */
  filesDone: number;
  /** Files in the run. */
  filesTotal: number;
  /** The file being read. */
  file: string;
  /** Alerts read so far. */
  alerts: number;
  /** Seconds since the start. */
  elapsed: number;
  /** Alerts per second so far. */
  rate: number;
}

/** Options of {@linkcode ingestFiles} and {@linkcode ingestAlerts}. */
export interface IngestOptions {
  /** Apply Fink's science-DB quality cut `rb >= 0.55 && nbad == 0`. Default true. */
  qualityCut?: boolean;
  /** Rows per put request. Default 500. */
  batchSize?: number;
  /**
   * Files are committed in groups, at file boundaries, a new commit once this
   * many seconds of work are pending (embedded store; default 0.5): a process
   * killed mid-ingest loses at most that much work, never part of a file.
   * `0` commits every file on its own (one disk sync per file, ~10 ms).
   */
  commitSeconds?: number;
  /** Called with progress after each batch. */
  onProgress?: (progress: IngestProgress) => void;
  /** Asteroid names by number for `ztf.sso_resolver` (default: the bundled list). */
  ssoNames?: Record<string, string>;
  /**
   * `slsn_score` from which an alert names a `ztf.slsn` candidate. Default 0.5
   * (Fink's threshold lives in its classifier file; see `DEFAULT_SLSN_THRESHOLD`).
   */
  slsnThreshold?: number;
}

/** What an ingest run did. */
export interface IngestSummary {
  /** Files given. */
  files: number;
  /** Alerts read (raw). */
  alerts: number;
  /** Alerts that passed the quality cut and entered the science tables. */
  scienceAlerts: number;
  /** Distinct objects among the science alerts. */
  objects: number;
  /** Rows put per table (a re-ingest counts its puts again). */
  rows: Record<string, number>;
  /** Files skipped because they are not alert files (e.g. aggregated light curves). */
  skipped: { file: string; reason: string }[];
  /** Files rejected as malformed: nothing of them was written. */
  errors: { file: string; recordIndex?: number; message: string }[];
  /** Wall time, seconds. */
  seconds: number;
}

/** Default of {@linkcode IngestOptions.commitSeconds}. */
export const DEFAULT_COMMIT_SECONDS = 0.5;

/** Bundled asteroid names (number → name) for the sample's asteroids. */
export const DEFAULT_SSO_NAMES: Record<string, string> = {
  "8467": "Benoitcarry",
  "33803": "Julienpeloton",
};

/** Create every Fink table that finkit fills, if absent. */
export async function createTables(store: Store): Promise<void> {
  // One transaction on the embedded store: one sync instead of one per table.
  await store.transaction(async () => {
    for (const [name, families] of Object.entries(TABLES)) {
      await store.createTable(name, [...families]);
    }
  });
}

class Run {
  readonly t0 = performance.now();
  readonly summary: IngestSummary;
  readonly objects = new Set<string>();
  readonly nights = new Set<string>();
  readonly ssnamenr = new Set<string>();
  readonly types: SchemaTypes = new Map();
  readonly batch: CellBatch = new CellBatch(this.types);
  filesDone = 0;
  constructor(readonly store: Store, readonly options: IngestOptions, files: number) {
    this.summary = {
      files,
      alerts: 0,
      scienceAlerts: 0,
      objects: 0,
      rows: {},
      skipped: [],
      errors: [],
      seconds: 0,
    };
  }

  progress(file: string): void {
    const elapsed = (performance.now() - this.t0) / 1000;
    this.options.onProgress?.({
      filesDone: this.filesDone,
      filesTotal: this.summary.files,
      file,
      alerts: this.summary.alerts,
      elapsed,
      rate: elapsed > 0 ? this.summary.alerts / elapsed : 0,
    });
  }

  async put(table: string, rows: PutRow[], ifAbsent = false): Promise<void> {
    const size = this.options.batchSize ?? 500;
    for (let i = 0; i < rows.length; i += size) {
      await this.store.put(table, rows.slice(i, i + size), { ifAbsent });
    }
    this.summary.rows[table] = (this.summary.rows[table] ?? 0) + rows.length;
  }

  /** Write rows `select` of the batch into `table`, in put requests of `batchSize` rows. */
  async putRows(table: string, select: number[], ifAbsent = false): Promise<void> {
    const size = this.options.batchSize ?? 500;
    for (let i = 0; i < select.length; i += size) {
      await putCellRows(this.store, table, this.batch, select.slice(i, i + size), { ifAbsent });
    }
    this.summary.rows[table] = (this.summary.rows[table] ?? 0) + select.length;
  }

  /** Write the rows of a batch of alerts. */
  async write(alerts: AlertRecord[], sourcePath: string, seen: Set<string>): Promise<void> {
    const batch = this.batch;
    batch.reset();
    for (const alert of alerts) {
      this.summary.alerts++;
      const r = alertRows(alert, batch, {
        qualityCut: this.options.qualityCut,
        sourcePath,
        seen,
      });
      this.nights.add(nightOf(Number(alert.candidate.jd)));
      if (r.science) {
        this.summary.scienceAlerts++;
        this.objects.add(alert.objectId);
        const ss = alert.candidate.ssnamenr;
        if (Number(alert.fink.roid) === 3 && typeof ss === "string" && ss !== "null") {
          this.ssnamenr.add(ss);
        }
      }
    }
    const byTable = new Map<string, number[]>();
    for (let r = 0; r < batch.length; r++) {
      const t = batch.tables[r];
      const list = byTable.get(t);
      if (list) list.push(r);
      else byTable.set(t, [r]);
    }
    for (const [table, rows] of byTable) {
      if (table === HISTORY) continue;
      const newest = table === "ztf.pixel128" || table === "ztf.tracklet";
      await this.putRows(table, newest ? await this.newestOnly(table, rows) : rows);
    }
    // History detections never overwrite a real alert row.
    await this.putRows("ztf", this.dedupe(byTable.get(HISTORY) ?? []), true);
    for (const [table, types] of this.types) {
      await this.store.put(table, [schemaRow(types)]);
    }
  }

  /**
   * For index tables whose key holds no per-alert field, HBase keeps the last
   * alert written; finkit keeps the newest alert (largest `i:jd`) whatever
   * the order of the files.
   */
  async newestOnly(table: string, rows: number[]): Promise<number[]> {
    const batch = this.batch;
    const jd = (r: number) => {
      const c = batch.find(r, "i:jd");
      return c < 0 ? -Infinity : jdOf(batch.cellBytes(c));
    };
    const best = new Map<string, number>();
    for (const r of rows) {
      const key = batch.keys[r];
      const prev = best.get(key);
      if (prev === undefined || jd(r) >= jd(prev)) best.set(key, r);
    }
    const existing = await this.store.getMany(table, [...best.keys()], { columns: ["i:jd"] });
    for (const e of existing) {
      const candidate = best.get(e.key)!;
      const old = e.values[0] ? jdOf(e.values[0]) : -Infinity;
      if (old > jd(candidate)) best.delete(e.key);
    }
    return [...best.values()];
  }

  /** The last row of each key, in the order keys first appear. */
  dedupe(rows: number[]): number[] {
    const m = new Map<string, number>();
    for (const r of rows) m.set(this.batch.keys[r], r);
    return [...m.values()];
  }
}

function jdOf(bytes: Uint8Array): number {
  return Number(decodeCell("double", bytes));
}

/**
 * An ingest in several steps (files, in-memory alerts), with one summary:
 * the tables derived from whole nights (statistics, anomalies, SSO resolver)
 * are recomputed once, in {@linkcode IngestSession.finish}.
 *
 * @example
 * ```ts
 * import { IngestSession, SqliteStore } from "../../mod.ts";
 * const store = SqliteStore.open(":memory:");
 * const session = await IngestSession.begin(store);
 * await session.addFiles(["data/sample/fink-client/datatest/ZTF19acihgng.avro"]);
 * console.log((await session.finish()).alerts); // 1
 * await store.close();
 * ```
 */
export class IngestSession {
  private constructor(private run: Run) {}

  /** Start a session on a store (creates Fink's tables if needed). */
  static async begin(store: Store, options: IngestOptions = {}): Promise<IngestSession> {
    const t = options.slsnThreshold;
    if (t !== undefined && !(typeof t === "number" && t >= 0 && t <= 1)) {
      throw new RangeError(`slsnThreshold must be a number in [0, 1], got ${JSON.stringify(t)}`);
    }
    const c = options.commitSeconds;
    if (c !== undefined && !(typeof c === "number" && c >= 0 && c < Infinity)) {
      throw new RangeError(
        `commitSeconds must be a finite number ≥ 0 (0: one commit per file), got ${
          JSON.stringify(c)
        }`,
      );
    }
    await createTables(store);
    return new IngestSession(new Run(store, options, 0));
  }

  /**
   * Ingest files. Malformed files are reported in the summary and none of
   * their rows is written; the session goes on with the other files.
   */
  async addFiles(files: string[]): Promise<void> {
    const run = this.run;
    run.summary.files += files.length;
    const interval = 1000 * (run.options.commitSeconds ?? DEFAULT_COMMIT_SECONDS);
    let i = 0;
    while (i < files.length) {
      // One commit per group of files (one sync instead of one per file); each file is a
      // savepoint inside it, so a file that fails while being written leaves no row.
      const start = performance.now();
      await run.store.transaction(async () => {
        do {
          const file = files[i++];
          run.progress(file);
          try {
            await this.#addFile(file);
          } catch (e) {
            run.summary.errors.push(errorEntry(file, e));
          }
          run.filesDone++;
          run.progress(file);
        } while (i < files.length && performance.now() - start < interval);
      });
    }
  }

  async #addFile(file: string): Promise<void> {
    const run = this.run;
    const bytes = await readInputFile(file);
    const kind = classifyBytes(bytes, file);
    if (kind.kind === "alerts") {
      // Read the whole file first: a malformed file writes nothing.
      const alerts: AlertRecord[] = [];
      for await (const a of readAlerts(bytes, file)) alerts.push(a);
      await this.addAlerts(alerts, fileUri(file));
    } else if (kind.kind === "auxiliary") {
      const { table, rows } = await readAuxiliaryRows(file, kind.table, run.types);
      await run.store.transaction(async () => {
        await run.put(table, rows);
        await run.store.put(table, [schemaRow(run.types.get(table)!)]);
      });
    } else {
      run.summary.skipped.push({ file, reason: kind.reason });
    }
  }

  /** Ingest alerts held in memory, as one transaction on the embedded store. */
  async addAlerts(alerts: AlertRecord[], sourcePath = "memory"): Promise<void> {
    const run = this.run;
    const seen = new Set<string>();
    await run.store.transaction(async () => {
      const size = 200;
      for (let i = 0; i < alerts.length; i += size) {
        await run.write(alerts.slice(i, i + size), sourcePath, seen);
        run.progress(sourcePath);
      }
    });
  }

  /** Recompute the night-level tables and return the summary. */
  async finish(): Promise<IngestSummary> {
    await finish(this.run);
    return this.run.summary;
  }
}

/**
 * Ingest alert files (ZTF avro, Fink parquet; also fink-fat orbit and
 * trajectory parquet files) into a store, creating Fink's tables if needed.
 * Malformed files are reported in the summary and none of their rows is
 * written; the run goes on with the other files.
 *
 * @example
 * ```ts
 * import { ingestFiles, SqliteStore } from "../../mod.ts";
 * const store = SqliteStore.open(":memory:");
 * const summary = await ingestFiles(store, ["data/sample/fink-client/datatest/ZTF19acihgng.avro"]);
 * console.log(summary.alerts, summary.rows);
 * await store.close();
 * ```
 */
export async function ingestFiles(
  store: Store,
  files: string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const session = await IngestSession.begin(store, options);
  await session.addFiles(files);
  return await session.finish();
}

/** Ingest alerts already in memory (e.g. generated), in one transaction on the embedded store. */
export async function ingestAlerts(
  store: Store,
  alerts: AlertRecord[],
  options: IngestOptions & { sourcePath?: string } = {},
): Promise<IngestSummary> {
  const session = await IngestSession.begin(store, options);
  await session.addAlerts(alerts, options.sourcePath);
  return await session.finish();
}

async function finish(run: Run): Promise<void> {
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

function fileUri(path: string): string {
  try {
    return new URL(path, `file://${Deno.cwd()}/`).href;
  } catch {
    return path;
  }
}

function errorEntry(file: string, e: unknown): IngestSummary["errors"][number] {
  if (e instanceof AlertFileError) {
    return { file, recordIndex: e.recordIndex, message: e.message };
  }
  if (e instanceof FinkError) return { file, message: e.message };
  return { file, message: `${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message ?? e}` };
}
