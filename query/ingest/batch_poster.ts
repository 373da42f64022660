/**
 * The worker's side of the ingest pipeline (`pipeline.ts`): alerts in, rows
 * built into a {@linkcode CellBatch}, posted to the writer batch by batch (at
 * most `BATCHES_AHEAD` ahead of it), then `done` per source. The decoding
 * worker (`decode_worker.ts`) feeds it the alerts of files; a worker of your
 * own can feed it alerts it makes or receives (see
 * `IngestSession.addFromWorker`).
 *
 * @example
 * ```ts ignore
 * // my_worker.ts, started by `session.addFromWorker(new URL("./my_worker.ts", import.meta.url), names)`
 * import { BatchPoster, type Source } from "./query/ingest/batch_poster.ts";
 * const poster = new BatchPoster(async (sources: Source[]) => {
 *   for (const [i, { path, uri }] of sources.entries()) {
 *     poster.begin(i, uri);
 *     for await (const alert of myAlerts(path)) await poster.add(alert); // AlertRecord objects
 *     await poster.done();
 *   }
 * });
 * ```
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { AlertRecord } from "./alert.ts";
import { CellBatch, columnNames } from "./cell_batch.ts";
import {
  BATCHES_AHEAD,
  encodeKeys,
  errorEntry,
  type WireBatch,
  type WorkerMessage,
  type WriterMessage,
} from "./pipeline.ts";
import { alertRows, HISTORY } from "./rows.ts";
import { ALERTS_PER_WRITE, type AlertTally, dedupe, tallyAlert } from "./run.ts";
import { FileHistory } from "./seen.ts";

/** Ids of table names on the worker's side, and which names the writer has been sent. */
export class NameIds {
  #ids = new Map<string, number>();
  #names: string[] = [];
  #sent = 0;
  #columnsSent = 0;

  /** The id of `name`, given now if new. */
  id(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      this.#ids.set(name, id = this.#names.length);
      this.#names.push(name);
    }
    return id;
  }

  /** Names given ids since the last call. */
  fresh(): string[] {
    const out = this.#names.slice(this.#sent);
    this.#sent = this.#names.length;
    return out;
  }

  /** Column names ({@linkcode columnNames}) given ids since the last call. */
  freshColumns(): string[] {
    const out = columnNames.slice(this.#columnsSent);
    this.#columnsSent = columnNames.length;
    return out;
  }
}

/**
 * A batch as posted (its typed buffers are copies, or for the cells' bytes
 * the batch's own buffer, to be transferred) and its state.
 */
export function wireBatch(
  batch: CellBatch,
  names: NameIds,
  state: Omit<
    WireBatch,
    | "keyBytes"
    | "keyEnds"
    | "history"
    | "tables"
    | "first"
    | "columns"
    | "bounds"
    | "bytes"
    | "names"
    | "columnNames"
    | "types"
  >,
  uniqueHistory = false,
): WireBatch {
  const rows = batch.length, cells = batch.cells;
  const tables = new Uint32Array(rows);
  const history: number[] = [];
  for (let r = 0; r < rows; r++) {
    const tag = batch.tables[r];
    tables[r] = names.id(tag);
    if (tag === HISTORY) history.push(r);
  }
  const types: [string, [string, string][]][] = [];
  for (const [table, t] of batch.schema) types.push([table, [...t]]);
  const { keyBytes, keyEnds } = encodeKeys(batch.keys);
  return {
    keyBytes,
    keyEnds,
    history: Uint32Array.from(uniqueHistory ? history : dedupe(batch, history)),
    tables,
    first: batch.first.slice(0, rows + 1),
    columns: batch.columns.slice(0, cells),
    bounds: batch.bounds.slice(0, 2 * cells),
    bytes: batch.takeBytes(),
    names: names.fresh(),
    columnNames: names.freshColumns(),
    types,
    ...state,
  };
}

/** The buffers of a batch to transfer with it. */
export function transferables(b: WireBatch): ArrayBuffer[] {
  return [b.keyBytes, b.keyEnds, b.history, b.tables, b.first, b.columns, b.bounds, b.bytes].map((
    a,
  ) => a.buffer as ArrayBuffer);
}

/** What a batch tells the writer besides its rows. */
interface Pending extends AlertTally {
  alerts: number;
  science: number;
  /** `FileHistory.forgets` when the batch began. */
  forgets: number;
}

/** A source of alerts as the writer names it: where to read it, the URI its rows name. */
export interface Source {
  path: string;
  uri: string;
}

/**
 * Builds the rows of the alerts a worker reads or makes and posts them to the
 * writer. Create one per worker: it answers the writer's messages and calls
 * `start` with the run's sources when the writer sends them.
 */
export class BatchPoster {
  #credits = BATCHES_AHEAD;
  #wake: (() => void) | undefined;
  #names = new NameIds();
  #batch = new CellBatch(new Map());
  #file = -1;
  #seen = new FileHistory();
  #uri = "";
  #qualityCut: boolean | undefined;
  #pending: Pending | undefined;

  /**
   * Listen to the writer; `start` receives the sources (in the writer's
   * order) and the writer's `init` value, and must `begin`, `add` and `done`
   * (or `other` / `fail`) each of them in that order. Sources it has not
   * finished when it returns fail ("the worker ended without finishing this
   * source").
   */
  constructor(start: (sources: Source[], init: unknown) => Promise<void>) {
    self.onmessage = (e: MessageEvent<WriterMessage>) => {
      const m = e.data;
      if (m.op === "credit") {
        this.#credits++;
        if (m.bytes) this.#batch.giveBytes(m.bytes);
        this.#wake?.();
        return;
      }
      this.#qualityCut = m.qualityCut;
      start(m.files, m.init).then(() => this.#post({ op: "end" }), (err) => {
        throw err; // reported to the writer by the worker's error event
      });
    };
  }

  /**
   * Begin source number `file` (its cutouts rows name `uri`), with a new
   * record of its history points: a point repeated by its alerts is built once.
   */
  begin(file: number, uri: string): void {
    this.#file = file;
    this.#uri = uri;
    this.#seen = new FileHistory();
    this.#pending = this.#next();
  }

  /** Build an alert's rows into the batch, as `Run.write` does; post the batch when full. */
  async add(alert: AlertRecord): Promise<void> {
    const pending = this.#current("add");
    const r = alertRows(alert, this.#batch, {
      qualityCut: this.#qualityCut,
      sourcePath: this.#uri,
      seen: this.#seen,
    });
    pending.alerts++;
    if (tallyAlert(pending, alert, r.science)) pending.science++;
    if (pending.alerts >= ALERTS_PER_WRITE) {
      await this.#send(pending);
      this.#pending = this.#next();
    }
  }

  /** The source is read: post what remains, then `done`. */
  async done(): Promise<void> {
    const pending = this.#current("done");
    if (pending.alerts) await this.#send(pending);
    this.#pending = undefined;
    this.#post({ op: "done", file: this.#file });
  }

  /** Source number `file` holds no alerts: the writer reads it itself. */
  other(file: number): void {
    this.#post({ op: "other", file });
  }

  /** Source number `file` (at `path`) failed with `err`: the writer writes none of it. */
  fail(file: number, path: string, err: unknown): void {
    this.#pending = undefined;
    const { file: _, ...entry } = errorEntry(path, err);
    this.#post({ op: "error", file, entry });
  }

  /** The batch of the source begun, or an error naming the call made out of order. */
  #current(call: string): Pending {
    if (this.#pending) return this.#pending;
    throw new Error(`BatchPoster.${call} called outside a source: begin(file, uri) first`);
  }

  #post(m: WorkerMessage): void {
    if (m.op === "batch") self.postMessage(m, transferables(m.batch));
    else self.postMessage(m);
  }

  /** Start the next batch (its buffers are back from the writer, or new). */
  #next(): Pending {
    const batch = this.#batch;
    batch.reset();
    batch.schema.clear(); // the types seen in this batch only; the writer merges them
    batch.recheckTypes();
    return {
      alerts: 0,
      nights: new Set(),
      objects: new Set(),
      science: 0,
      ssnamenr: new Set(),
      forgets: this.#seen.forgets,
    };
  }

  /**
   * Post the batch once the writer allows. Its history rows need no
   * deduplication unless the source's record forgot points while it was built.
   */
  async #send({ nights, objects, ssnamenr, forgets, ...counts }: Pending): Promise<void> {
    const unique = this.#seen.forgets === forgets;
    const state = {
      ...counts,
      nights: [...nights],
      objects: [...objects],
      ssnamenr: [...ssnamenr],
    };
    const wire = wireBatch(this.#batch, this.#names, state, unique);
    while (this.#credits === 0) await new Promise<void>((resolve) => this.#wake = resolve);
    this.#credits--;
    this.#post({ op: "batch", file: this.#file, batch: wire });
  }
}
