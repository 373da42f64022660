/**
 * The state of an ingest run (summary, objects, nights, column types) and
 * its writes: a batch of alerts turned into rows (`rows.ts`, `cell_batch.ts`)
 * and put table by table, keeping the newest alert in the tables whose key
 * holds no per-alert field.
 *
 * @module
 */
import { type CellRows, putCellRows, type PutRow, type Store } from "../store/store.ts";
import type { AlertRecord } from "./alert.ts";
import { nightOf, schemaRow, type SchemaTypes } from "../store/layout.ts";
import { alertRows, HISTORY } from "./rows.ts";
import type { SeenHistory } from "./seen.ts";
import { CellBatch } from "./cell_batch.ts";
import { decodeCell } from "../store/codec.ts";
import { inLanes, PARALLEL_REQUESTS } from "./lanes.ts";
import type { IngestOptions, IngestSummary } from "./options.ts";

/** Alerts turned into rows and written together. */
export const ALERTS_PER_WRITE = 200;

/** Whether the `n` keys `key(0 … n-1)` are all different. */
function distinctKeys(n: number, key: (i: number) => string): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

/** An ingest run: its summary, state and writes. */
export class Run {
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
    await this.#chunks(
      rows.length,
      (i) => rows[i].key,
      (from, to) => this.store.put(table, rows.slice(from, to), { ifAbsent }),
    );
    this.summary.rows[table] = (this.summary.rows[table] ?? 0) + rows.length;
  }

  /**
   * Put `n` rows in requests of `batchSize` rows (`put(from, to)`): one after
   * the other on the embedded store (one transaction: order is all that
   * matters), and up to {@linkcode PARALLEL_REQUESTS} at once on a remote store
   * when no rowkey repeats among them (HBase works on several requests at
   * once, and each put otherwise waits for its round trip; a key written
   * twice keeps its order by staying sequential). After a failure no new request
   * starts, and the error is thrown once those in flight have ended.
   */
  async #chunks(
    n: number,
    key: (i: number) => string,
    put: (from: number, to: number) => Promise<void>,
  ): Promise<void> {
    const size = this.options.batchSize ?? 500;
    const starts: number[] = [];
    for (let i = 0; i < n; i += size) starts.push(i);
    const parallel = starts.length > 1 && !this.store.transactional && distinctKeys(n, key);
    await inLanes(
      starts,
      parallel ? PARALLEL_REQUESTS : 1,
      (from) => put(from, Math.min(from + size, n)),
    );
  }

  /** The run's state before a file, to forget the file if it fails (see `restore`). */
  mark(): RunMark {
    const s = this.summary;
    return {
      alerts: s.alerts,
      scienceAlerts: s.scienceAlerts,
      rows: { ...s.rows },
      objects: this.objects.size,
      nights: this.nights.size,
      ssnamenr: this.ssnamenr.size,
      types: new Map([...this.types].map(([t, m]) => [t, m.size])),
    };
  }

  /** Forget what was added since `mark` (sets and maps keep insertion order). */
  restore(mark: RunMark): void {
    this.forgetSchemaRows(); // the rolled-back file may have put schema rows
    const s = this.summary;
    s.alerts = mark.alerts;
    s.scienceAlerts = mark.scienceAlerts;
    s.rows = mark.rows;
    trim(this.objects, mark.objects);
    trim(this.nights, mark.nights);
    trim(this.ssnamenr, mark.ssnamenr);
    for (const [table, columns] of this.types) {
      const n = mark.types.get(table);
      if (n === undefined) this.types.delete(table);
      else trim(columns, n);
    }
    this.batch.recheckTypes();
  }

  /** Write rows `select` of `rows` into `table`, in put requests of `batchSize` rows. */
  async putRows(
    table: string,
    rows: BatchRows,
    select: readonly number[],
    ifAbsent = false,
  ): Promise<void> {
    await this.#chunks(
      select.length,
      (i) => rows.key(select[i]),
      (from, to) => putCellRows(this.store, table, rows, select.slice(from, to), { ifAbsent }),
    );
    this.summary.rows[table] = (this.summary.rows[table] ?? 0) + select.length;
  }

  /** Write the rows of a batch of alerts. */
  async write(alerts: AlertRecord[], sourcePath: string, seen: SeenHistory): Promise<void> {
    this.batch.reset();
    this.#build(alerts, sourcePath, seen);
    await this.writeRows(this.batch);
  }

  /**
   * Add the rows of a file's alerts to the batch (after those of the files
   * added since the last `reset` of the batch), to be written by `writeBuilt`.
   */
  buildFile(alerts: AlertRecord[], sourcePath: string, seen: SeenHistory): void {
    seen.nextFile();
    this.#build(alerts, sourcePath, seen);
    this.batch.end();
  }

  /** Write the files built into the batch (`ends`: each file's end row), as one write each would. */
  async writeBuilt(ends: number[]): Promise<void> {
    const batch = this.batch;
    if (!crossFileMerges(batch, ends)) return await this.writeRows(batch, 0, ends.at(-1));
    // File by file, as separate writes would: a file's history rows go in before the next
    // file's alert rows (which a put merges into them).
    for (let f = 0, from = 0; f < ends.length; from = ends[f++]) {
      await this.writeRows(batch, from, ends[f]);
    }
  }

  #build(alerts: AlertRecord[], sourcePath: string, seen: SeenHistory): void {
    for (const alert of alerts) {
      this.summary.alerts++;
      const r = alertRows(alert, this.batch, {
        qualityCut: this.options.qualityCut,
        sourcePath,
        seen,
      });
      if (tallyAlert(this, alert, r.science)) this.summary.scienceAlerts++;
    }
  }

  /**
   * Write rows `from … to` built by `alertRows` (by `write`, or by the
   * decoding worker), table by table.
   */
  async writeRows(batch: BatchRows, from = 0, to = batch.length): Promise<void> {
    const byTable = new Map<string, number[]>();
    for (let r = from; r < to; r++) {
      const t = batch.tables[r];
      const list = byTable.get(t);
      if (list) list.push(r);
      else byTable.set(t, [r]);
    }
    const writeTable = async (table: string, rows: number[]) => {
      const newest = NEWEST_ONLY.has(table);
      await this.putRows(table, batch, newest ? await this.newestOnly(batch, table, rows) : rows);
    };
    const tables = [...byTable].filter(([table]) => table !== HISTORY);
    if (this.store.transactional) {
      for (const [table, rows] of tables) await writeTable(table, rows);
    } else {
      // A remote store (HBase): the tables' requests are independent, send them at once
      // instead of waiting for each round trip in turn.
      await Promise.all(tables.map(([table, rows]) => writeTable(table, rows)));
    }
    // History detections never overwrite a real alert row.
    const history = from === 0 && to === batch.length && batch.history
      ? batch.history
      : dedupe(batch, byTable.get(HISTORY) ?? []);
    await this.putRows("ztf", batch, history, true);
    for (const [table, types] of this.types) {
      // A table's column types only grow: its schema row changes when their number does.
      if (this.#schemaPut.get(table) === types.size) continue;
      await this.store.put(table, [schemaRow(types)]);
      this.#schemaPut.set(table, types.size);
    }
  }

  /** Column types per table when `write` last put the table's schema row. */
  #schemaPut = new Map<string, number>();

  /** After a rollback: the schema rows `write` put may be gone, put them again. */
  forgetSchemaRows(): void {
    this.#schemaPut.clear();
  }

  /**
   * For index tables whose key holds no per-alert field, HBase keeps the last
   * alert written; finkit keeps the newest alert (largest `i:jd`) whatever
   * the order of the files.
   */
  async newestOnly(batch: BatchRows, table: string, rows: number[]): Promise<number[]> {
    const jd = (r: number) => {
      const c = batch.find(r, "i:jd");
      return c < 0 ? -Infinity : jdOf(batch.cellBytes(c));
    };
    const best = new Map<string, number>();
    for (const r of rows) {
      const key = batch.key(r);
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
}

/** Rows of a batch as `Run.writeRows` reads them (a {@linkcode CellBatch}, or its copy from a worker). */
export interface BatchRows extends CellRows {
  /** Number of rows. */
  readonly length: number;
  /** The rowkey of row `row`. */
  key(row: number): string;
  /**
   * The history detections to write, when the batch knows them: its rows
   * tagged `HISTORY`, the last of each rowkey, in order (see `dedupe`).
   */
  readonly history?: readonly number[];
  /** Table (tag) of each row. */
  readonly tables: readonly string[];
  /** The index of the cell `column` of row `row` (its last one), or -1. */
  find(row: number, column: string): number;
  /** The bytes of cell `cell`. */
  cellBytes(cell: number): Uint8Array;
}

/**
 * Whether writing the files `0 … ends.length` of a batch at once could give
 * other rows than writing them one after the other: an alert row whose key
 * an earlier file wrote as a history detection (a put merges into that row,
 * which a single write would not have written), or an index row kept newest
 * (`newestOnly`) whose key two files write, or a history detection two files
 * write (history is deduplicated per run, but a run forgets its oldest
 * objects past a limit). Otherwise every table receives
 * the same puts in the same order.
 */
function crossFileMerges(batch: BatchRows, ends: number[]): boolean {
  const history = new Set<string>(), newest = new Map<string, number>();
  for (let f = 0, from = 0; f < ends.length; from = ends[f++]) {
    for (let r = from; r < ends[f]; r++) {
      const t = batch.tables[r], key = batch.key(r);
      if (t === "ztf" && history.has(key)) return true;
      if (NEWEST_ONLY.has(t)) {
        const k = `${t}\u0000${key}`;
        if ((newest.get(k) ?? f) !== f) return true;
        newest.set(k, f);
      }
    }
    for (let r = from; r < ends[f]; r++) {
      if (batch.tables[r] !== HISTORY) continue;
      const key = batch.key(r);
      if (history.has(key)) return true; // the first file's row is kept, not the last
      history.add(key);
    }
  }
  return false;
}

/** Index tables whose rows keep the newest alert of their key (see `Run.newestOnly`). */
const NEWEST_ONLY: ReadonlySet<string> = new Set(["ztf.pixel128", "ztf.tracklet"]);

/** The last row of each key, in the order keys first appear. */
export function dedupe(batch: Pick<BatchRows, "key">, rows: readonly number[]): number[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(batch.key(r), r);
  return [...m.values()];
}

/** The asteroid name an alert adds to `ztf.sso_resolver`, if any. */
export function asteroidName(alert: AlertRecord): string | undefined {
  const ss = alert.candidate.ssnamenr;
  return Number(alert.fink.roid) === 3 && typeof ss === "string" && ss !== "null" ? ss : undefined;
}

/** The sets an alert adds to besides rows (a run's, or a worker's batch's). */
export interface AlertTally {
  readonly nights: Set<string>;
  readonly objects: Set<string>;
  readonly ssnamenr: Set<string>;
}

/**
 * Add an alert's night to `t`, and if it is a `science` alert its object and
 * asteroid; returns `science`.
 */
export function tallyAlert(t: AlertTally, alert: AlertRecord, science: boolean): boolean {
  t.nights.add(nightOf(Number(alert.candidate.jd)));
  if (science) {
    t.objects.add(alert.objectId);
    const ss = asteroidName(alert);
    if (ss !== undefined) t.ssnamenr.add(ss);
  }
  return science;
}

/** The state of a run before a file (see `Run.mark`). */
export interface RunMark {
  alerts: number;
  scienceAlerts: number;
  rows: Record<string, number>;
  objects: number;
  nights: number;
  ssnamenr: number;
  types: Map<string, number>;
}

/** Keep the first `n` entries of a set or map. */
function trim(c: Set<string> | Map<string, unknown>, n: number): void {
  let i = 0;
  for (const k of c.keys()) if (i++ >= n) c.delete(k);
}

function jdOf(bytes: Uint8Array): number {
  return Number(decodeCell("double", bytes));
}
