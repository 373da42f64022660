/**
 * Decoding beside the writer: a Web Worker (`decode_worker.ts`) reads the
 * alert files, decodes them and builds their rows (`alertRows` into a
 * `CellBatch`, posted by `batch_poster.ts`) while the ingest writes the
 * batches it already posted, so two cores share the work. The rows cross as
 * transferred typed buffers (cell bytes and bounds, column and table names
 * as ids into a dictionary that grows with each batch), not as objects. This
 * module holds the protocol and the writer's side (`DecodeWorker`,
 * `writeFromWorker`); a worker of the caller's may take the decoding worker's
 * place (`IngestSession.addFromWorker`).
 *
 * The writer stays alone with the store: each file is still written inside
 * its savepoint and committed in groups, and a file the worker fails on
 * writes nothing (its batches are rolled back with the savepoint). The worker
 * keeps at most {@linkcode BATCHES_AHEAD} batches ahead of the writer, which
 * hands each batch's byte buffer back to be filled again.
 *
 * @module
 */
import { AlertFileError, FinkError } from "../../astro/errors.ts";
import { ByteWriter } from "../store/codec.ts";
import type { BatchRows, Run } from "./run.ts";
import type { IngestSummary } from "./options.ts";

const UTF8 = new TextDecoder();

/** Batches the worker may post before the writer has taken them. */
export const BATCHES_AHEAD = 4;

/** A summary error entry of a file (`IngestSummary.errors` without the file). */
export type ErrorEntry = Omit<IngestSummary["errors"][number], "file">;

/** One batch of rows and what its alerts add to the run, as the worker posts it. */
export interface WireBatch {
  /**
   * The rowkeys' UTF-8 bytes one after the other (one buffer crosses faster
   * than thousands of strings, and SQLite binds them as they are).
   */
  keyBytes: Uint8Array;
  /** Where each rowkey's bytes end in `keyBytes`. */
  keyEnds: Uint32Array;
  /** The history detections to write: the last row tagged `HISTORY` of each rowkey, in order. */
  history: Uint32Array;
  /** Table (tag) of each row, as a name id. */
  tables: Uint32Array;
  /** First cell of each row, and the end of the last row. */
  first: Uint32Array;
  /** Column of each cell, as an id of the worker's column names (`columnId`). */
  columns: Uint32Array;
  /** Start and end of each cell in `bytes`. */
  bounds: Uint32Array;
  /** The cells' bytes. */
  bytes: Uint8Array;
  /** Table names given ids since the previous batch (ids continue the writer's list). */
  names: string[];
  /** Column names given ids since the previous batch (ids continue the writer's list). */
  columnNames: string[];
  /** Column types per table seen in the batch, in first-seen order. */
  types: [string, [string, string][]][];
  /** Alerts read. */
  alerts: number;
  /** Nights of the alerts, objects and asteroid names of the science alerts, in order. */
  nights: string[];
  objects: string[];
  science: number;
  ssnamenr: string[];
}

/** Messages of the worker, each about file number `file` of the run. */
export type WorkerMessage =
  | { op: "other"; file: number }
  | { op: "batch"; file: number; batch: WireBatch }
  | { op: "done"; file: number }
  | { op: "error"; file: number; entry: ErrorEntry }
  /** The worker is through its sources (any it did not answer for fail). */
  | { op: "end" };

/** Messages to the worker. */
export type WriterMessage =
  | { op: "files"; files: { path: string; uri: string }[]; qualityCut?: boolean; init?: unknown }
  | { op: "credit"; bytes?: Uint8Array };

const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of `keys` one after the other, and where each ends. Joined
 * and encoded at once when they are ASCII (rowkeys nearly always are): a
 * third of the time of encoding them one by one.
 */
export function encodeKeys(
  keys: readonly string[],
): { keyBytes: Uint8Array; keyEnds: Uint32Array } {
  const keyEnds = new Uint32Array(keys.length);
  const all = keys.join("");
  const bytes = new Uint8Array(all.length);
  const { read, written } = encoder.encodeInto(all, bytes);
  // Every non-ASCII code unit takes more than one byte: equal counts mean ASCII throughout.
  if (read === all.length && written === all.length) {
    let end = 0;
    for (let r = 0; r < keys.length; r++) keyEnds[r] = end += keys[r].length;
    return { keyBytes: bytes, keyEnds };
  }
  const w = new ByteWriter(3 * all.length + 16);
  for (let r = 0; r < keys.length; r++) {
    w.string(keys[r]);
    keyEnds[r] = w.length;
  }
  return { keyBytes: w.bytes.slice(0, w.length), keyEnds };
}

/** A posted batch as the rows `Run.writeRows` writes, with the writer's lists of names. */
export class WireRows implements BatchRows {
  readonly tables: string[];
  readonly columns: Uint32Array;
  readonly first: Uint32Array;
  readonly bounds: Uint32Array;
  readonly bytes: Uint8Array;

  /**
   * The rows of `b`; `tables` and `names` are the lists of every table and
   * column name the worker gave an id, `b.names` and `b.columnNames` added first.
   */
  constructor(b: WireBatch, tables: readonly string[], readonly names: readonly string[]) {
    this.#keyBytes = b.keyBytes;
    this.#keyEnds = b.keyEnds;
    this.history = Array.from(b.history);
    this.tables = Array.from(b.tables, (id) => tables[id]);
    this.columns = b.columns;
    this.first = b.first;
    this.bounds = b.bounds;
    this.bytes = b.bytes;
  }

  #keyBytes: Uint8Array;
  #keyEnds: Uint32Array;
  #keys: string[] | undefined;

  /** The history detections to write (see {@linkcode WireBatch.history}). */
  readonly history: readonly number[];

  /** Number of rows. */
  get length(): number {
    return this.#keyEnds.length;
  }

  /** Rowkey of each row (decoded when first asked: the writer binds `keyBytes`). */
  get keys(): readonly string[] {
    return this.#keys ??= Array.from({ length: this.length }, (_, r) => this.key(r));
  }

  /** The rowkey of row `row`. */
  key(row: number): string {
    return UTF8.decode(this.keyBytes(row));
  }

  /** The UTF-8 bytes of row `row`'s rowkey (a view). */
  keyBytes(row: number): Uint8Array {
    return this.#keyBytes.subarray(row ? this.#keyEnds[row - 1] : 0, this.#keyEnds[row]);
  }

  /** The index of the cell `column` of row `row` (its last one), or -1. */
  find(row: number, column: string): number {
    for (let c = this.first[row + 1] - 1; c >= this.first[row]; c--) {
      if (this.names[this.columns[c]] === column) return c;
    }
    return -1;
  }

  /** The bytes of cell `cell`. */
  cellBytes(cell: number): Uint8Array {
    return this.bytes.subarray(this.bounds[2 * cell], this.bounds[2 * cell + 1]);
  }
}

/** A file the worker could not read: its summary entry. */
export class DecodedFileError extends Error {
  /** The error as `IngestSummary.errors` lists it. */
  constructor(readonly entry: ErrorEntry) {
    super(entry.message);
    this.name = "DecodedFileError";
  }
}

/** The writer's side of the decoding worker: files in, messages out, file by file. */
export class DecodeWorker {
  #worker: Worker;
  #queue: WorkerMessage[] = [];
  #wake: (() => void) | undefined;
  #failure: Error | undefined;
  #ended = false;
  /** Every table name the worker gave an id, by id. */
  readonly names: string[] = [];
  /** Every column name the worker gave an id, by id. */
  readonly columnNames: string[] = [];

  /**
   * Start a worker decoding `files` (paths and the URIs their cutouts rows
   * name): the decoding worker, or `options.module` (a worker of the caller's
   * that posts through a `BatchPoster`, and receives `options.init`).
   */
  constructor(
    files: { path: string; uri: string }[],
    options: { qualityCut?: boolean; module?: string | URL; init?: unknown },
  ) {
    const module = options.module ?? new URL("./decode_worker.ts", import.meta.url);
    this.#worker = new Worker(String(module), { type: "module" });
    this.#worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      this.#queue.push(e.data);
      this.#wake?.();
    };
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#failure = new Error(
        `the ${options.module ? "ingest" : "decoding"} worker failed: ${e.message}`,
      );
      this.#wake?.();
    };
    this.#post({ op: "files", files, qualityCut: options.qualityCut, init: options.init });
  }

  #post(m: WriterMessage): void {
    this.#worker.postMessage(m);
  }

  /**
   * The next message about file `file`; messages left about earlier files
   * (after the writer gave up on one) are dropped.
   */
  async next(file: number): Promise<WorkerMessage> {
    for (;;) {
      while (this.#queue.length === 0) {
        if (this.#failure) throw this.#failure;
        if (this.#ended) throw new Error("the worker ended without finishing this source");
        await new Promise<void>((resolve) => this.#wake = resolve);
        this.#wake = undefined;
      }
      const m = this.#queue.shift()!;
      if (m.op === "end") {
        this.#ended = true;
        continue;
      }
      if (m.op === "batch") {
        this.names.push(...m.batch.names);
        this.columnNames.push(...m.batch.columnNames);
      }
      if (m.file === file) return m;
      if (m.op === "batch") this.release(m.batch);
    }
  }

  /**
   * The writer is done with a batch: the worker may post one more, and has
   * the cells' buffer back to fill again.
   */
  release(batch: WireBatch): void {
    const bytes = batch.bytes;
    this.#worker.postMessage({ op: "credit", bytes } satisfies WriterMessage, [
      bytes.buffer as ArrayBuffer,
    ]);
  }

  /** Stop the worker. */
  close(): void {
    this.#worker.terminate();
  }
}

/** The summary entry of a file that failed with `e`. */
export function errorEntry(file: string, e: unknown): IngestSummary["errors"][number] {
  if (e instanceof DecodedFileError) return { file, ...e.entry };
  if (e instanceof AlertFileError) {
    return { file, recordIndex: e.recordIndex, message: e.message };
  }
  if (e instanceof FinkError) return { file, message: e.message };
  return { file, message: `${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message ?? e}` };
}

/**
 * Write file number `index` of `run` from the rows `decoder` posts, in one
 * savepoint: if the worker fails the file, nothing of it is kept and the
 * run's state is restored. `"other"` when the worker found no alerts in it
 * (the caller reads it itself).
 */
export async function writeFromWorker(
  run: Run,
  index: number,
  decoder: DecodeWorker,
  uri: string,
): Promise<"other" | undefined> {
  let m = await decoder.next(index);
  if (m.op === "other") return "other";
  if (m.op === "error") throw new DecodedFileError(m.entry);
  const mark = run.mark();
  try {
    await run.store.transaction(async () => {
      for (; m.op === "batch"; m = await decoder.next(index)) {
        try {
          await writeDecoded(run, m.batch, decoder);
        } finally {
          decoder.release(m.batch);
        }
        run.progress(uri);
      }
      if (m.op === "error") throw new DecodedFileError(m.entry);
    });
  } catch (e) {
    run.restore(mark);
    throw e;
  }
}

/**
 * Write a batch the worker `decoder` built into `run`: its counts, column
 * types, then its rows.
 */
async function writeDecoded(run: Run, b: WireBatch, decoder: DecodeWorker): Promise<void> {
  const s = run.summary;
  s.alerts += b.alerts;
  s.scienceAlerts += b.science;
  for (const n of b.nights) run.nights.add(n);
  for (const o of b.objects) run.objects.add(o);
  for (const a of b.ssnamenr) run.ssnamenr.add(a);
  for (const [table, columns] of b.types) {
    let t = run.types.get(table);
    if (!t) run.types.set(table, t = new Map());
    for (const [c, type] of columns) if (!t.has(c)) t.set(c, type);
  }
  await run.writeRows(new WireRows(b, decoder.names, decoder.columnNames));
}
