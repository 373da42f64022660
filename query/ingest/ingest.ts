/**
 * Ingestion: alert files → Fink's tables in any store (embedded or HBase).
 *
 * A malformed file commits none of its rows: on the embedded store each file
 * is written while it is read, inside a savepoint that an error rolls back
 * (with the run's counts and state); on HBase, whose puts cannot be rolled
 * back, a file is read completely before anything is written. On the embedded
 * store files are committed whole, in groups (`commitSeconds`), so a process
 * killed mid-ingest leaves the store as it was after the last committed file,
 * and a rerun completes it. Small files (ZTF's one alert per file) are read,
 * and their rows built, until a write's worth of alerts is pending, then
 * written together, on both stores. Every write is an idempotent put, so
 * ingesting the same files twice leaves the same rows.
 *
 * @module
 */
import { FinkError } from "../../astro/errors.ts";
import { type Store, StoreError } from "../store/store.ts";
import type { AlertRecord } from "./alert.ts";
import { schemaRow, TABLES } from "../store/layout.ts";
import { ALERTS_PER_WRITE, Run } from "./run.ts";
import type { IngestOptions, IngestSummary } from "./options.ts";
import { classifyBytes, fileUri, readAuxiliaryRows, useWorker } from "./files.ts";
import { finishRun } from "./derived.ts";
import { DecodeWorker, errorEntry, writeFromWorker } from "./pipeline.ts";
import { SeenHistory } from "./seen.ts";
import { isArchiveName, readAlerts, readInputFileSync } from "./read.ts";
import { addArchive, type MemberName } from "./archive.ts";
import { SMALL_FILE, SmallFiles } from "./small_files.ts";

export type { IngestOptions, IngestProgress, IngestSummary } from "./options.ts";

/** Default of {@linkcode IngestOptions.commitSeconds}. */
export const DEFAULT_COMMIT_SECONDS = 0.5;

/** Create every Fink table that finkit fills, if absent. */
export async function createTables(store: Store): Promise<void> {
  // One transaction on the embedded store: one sync instead of one per table.
  await store.transaction(async () => {
    for (const [name, families] of Object.entries(TABLES)) {
      await store.createTable(name, [...families]);
    }
  });
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
  private constructor(private run: Run) {
    this.#small = new SmallFiles(run, {
      uri: (file) => this.#uri(file),
      shown: (file) => this.#shown(file),
      stream: (bytes, file) => this.#streamAlerts(bytes, file),
    });
  }

  /** Start a session on a store (creates Fink's tables if needed). */
  static async begin(store: Store, options: IngestOptions = {}): Promise<IngestSession> {
    if (store.readOnly) {
      throw new StoreError(
        store.description,
        "ingest",
        undefined,
        "the store is read-only (the embedded sample stays as built from the shipped files): " +
          "ingest into a store of your own (`--store file:alerts.db`, or a copy of this file)",
      );
    }
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
   * their rows is written; the session goes on with the other files. Tar
   * archives (`.tar`, `.tar.gz`, `.tgz`) are read member by member: their
   * `.avro` and `.parquet` members are ingested as files.
   */
  async addFiles(files: string[]): Promise<void> {
    this.#cwd = `file://${Deno.cwd()}/`; // asked once, not per file
    let plain: string[] = [];
    for (const file of files) {
      if (!isArchiveName(file)) {
        plain.push(file);
        continue;
      }
      await this.#addPlainFiles(plain); // files are written in their order
      plain = [];
      const uri = fileUri(file, this.#cwd);
      await addArchive(file, uri, this.run, this.#members, (m) => this.#addPlainFiles(m));
    }
    await this.#addPlainFiles(plain);
  }

  /** The archive members being ingested, by temporary file (see `addArchive`). */
  #members = new Map<string, MemberName>();

  /** A file's URL (`d:hdfs_path`), an archive member's as `archive!/member`. */
  #uri(file: string): string {
    return this.#members.get(file)?.uri ?? fileUri(file, this.#cwd);
  }

  /** A file as progress shows it. */
  #shown(file: string): string {
    return this.#members.get(file)?.shown ?? file;
  }

  async #addPlainFiles(files: string[]): Promise<void> {
    if (files.length === 0) return;
    const run = this.run;
    // Decoding beside the writer (embedded store): worth a worker's start for a few MB.
    // (Not for archive members held in memory: the worker reads files.)
    const decoder = run.store.transactional && !files.some((f) => this.#members.get(f)?.bytes) &&
        await useWorker(files, run.options.decodeWorker)
      ? new DecodeWorker(
        files.map((path) => ({ path, uri: this.#uri(path) })),
        { qualityCut: run.options.qualityCut },
      )
      : undefined;
    await this.#addAll(files, decoder);
  }

  /**
   * Ingest the alerts a worker module of your own makes or receives (alerts
   * generated for a benchmark, read from a stream, …): the worker builds
   * their rows on a second core while this thread writes them, as it does
   * for files. The module creates a `BatchPoster` (`query/ingest/batch_poster.ts`),
   * which hands it the sources (`{ path, uri }`: `path` is the source's
   * `name`, `uri` what its cutouts rows name as `d:hdfs_path`, by default
   * the name) and `init`; it `begin`s, `add`s the alerts of and is `done`
   * with each source in order. Each source is written like a file: in one
   * savepoint, none of its rows kept if the worker `fail`s it or returns
   * without finishing it (the summary lists it under its name). Embedded store only (HBase cannot roll a
   * source back).
   */
  async addFromWorker(
    module: string | URL,
    sources: (string | { name: string; uri?: string })[],
    init?: unknown,
  ): Promise<void> {
    if (!this.run.store.transactional) {
      throw new FinkError(
        "addFromWorker needs a store with transactions (the embedded store): a source is " +
          "written as it arrives and rolled back if it fails; on HBase, ingest files instead",
      );
    }
    if (sources.length === 0) return;
    const named = sources.map((s) => typeof s === "string" ? { name: s } : s);
    const uris = named.map((s) => s.uri ?? s.name);
    const decoder = new DecodeWorker(
      named.map((s, i) => ({ path: s.name, uri: uris[i] })),
      { qualityCut: this.run.options.qualityCut, module, init },
    );
    await this.#addAll(named.map((s) => s.name), decoder, uris);
  }

  /**
   * Write `files` in groups of one commit, from `decoder` when given (then
   * closed), else read here; `uris`: the files are a worker's sources, named
   * by these URIs.
   */
  async #addAll(files: string[], decoder?: DecodeWorker, uris?: string[]): Promise<void> {
    const run = this.run;
    run.summary.files += files.length;
    const interval = 1000 * (run.options.commitSeconds ?? DEFAULT_COMMIT_SECONDS);
    // Rows the worker writes are not in the session's record of history points: start anew.
    if (decoder) this.#history = new SeenHistory();
    let i = 0;
    try {
      while (i < files.length) {
        // One commit per group of files (one sync instead of one per file); each file is a
        // savepoint inside it, so a file that fails while being written leaves no row.
        const start = performance.now();
        await this.#commitGroup(async () => {
          do {
            const index = i++, file = files[index];
            run.progress(this.#shown(file));
            try {
              if (decoder) await this.#addDecoded(file, index, decoder, uris?.[index]);
              else await this.#addFile(file);
            } catch (e) {
              run.summary.errors.push(errorEntry(file, e));
            }
            run.filesDone++;
            run.progress(this.#shown(file));
          } while (i < files.length && performance.now() - start < interval);
          await this.#small.flush();
        });
      }
    } finally {
      decoder?.close();
    }
  }

  /** A group of files in one transaction; if it fails, its files' history points are forgotten. */
  async #commitGroup(fn: () => Promise<void>): Promise<void> {
    try {
      await this.run.store.transaction(fn);
    } catch (e) {
      this.#history = new SeenHistory();
      this.#small.clear(); // rolled back with the group
      throw e;
    }
  }

  /** Write file number `index` of the run from the rows the worker posts. */
  async #addDecoded(
    file: string,
    index: number,
    decoder: DecodeWorker,
    sourceUri?: string,
  ): Promise<void> {
    const wrote = await writeFromWorker(this.run, index, decoder, sourceUri ?? this.#uri(file));
    if (wrote !== "other") return;
    if (sourceUri !== undefined) {
      throw new FinkError(`the worker found no alerts in source ${JSON.stringify(file)}`);
    }
    await this.#addFile(file);
  }

  async #addFile(file: string): Promise<void> {
    const run = this.run;
    const bytes = this.#members.get(file)?.bytes ?? readInputFileSync(file);
    const kind = classifyBytes(bytes, file);
    if (kind.kind === "alerts" && bytes.length <= SMALL_FILE) {
      return await this.#small.add(file, bytes, this.#history);
    }
    await this.#small.flush(); // files are written in their order
    if (kind.kind === "alerts" && run.store.transactional) {
      await this.#streamAlerts(bytes, file);
    } else if (kind.kind === "alerts") {
      // Read the whole file first (puts cannot be rolled back): a malformed file writes nothing.
      const alerts: AlertRecord[] = [];
      for await (const a of readAlerts(bytes, file)) alerts.push(a);
      await this.#writeAlerts(alerts, file);
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

  /** Small alert files read, their rows built, not yet written. */
  #small: SmallFiles;

  /**
   * Write a file's alerts while reading them, in one transaction (savepoint)
   * that a malformed record rolls back with the run's state: the file writes
   * nothing, and memory holds one batch, not the whole file.
   */
  #streamAlerts(bytes: Uint8Array, file: string): Promise<void> {
    return this.#writeAlerts(readAlerts(bytes, file), file);
  }

  /**
   * Write the alerts of `file` (read beforehand, or while being written) in
   * one transaction, with the run's record of history points, so that every
   * store builds the same rows and a failure leaves the run as before the file.
   */
  async #writeAlerts(
    alerts: AsyncIterable<AlertRecord> | Iterable<AlertRecord>,
    file: string,
  ): Promise<void> {
    const run = this.run;
    const mark = run.mark();
    const uri = this.#uri(file);
    // The run's record of history points: points repeated across its files are built once.
    const seen = this.#history;
    seen.nextFile();
    try {
      await run.store.transaction(async () => {
        let batch: AlertRecord[] = [];
        for await (const a of alerts) {
          if (batch.push(a) < ALERTS_PER_WRITE) continue;
          await run.write(batch, uri, seen);
          run.progress(uri);
          batch = [];
        }
        if (batch.length) {
          await run.write(batch, uri, seen);
          run.progress(uri);
        }
      });
      seen.settle();
    } catch (e) {
      run.restore(mark);
      seen.undoFile();
      throw e;
    }
  }

  /** History points written by the files of this session (see `SeenHistory`). */
  #history = new SeenHistory();
  /** The working directory as a `file:` URL, for the files' URLs. */
  #cwd = `file://${Deno.cwd()}/`;

  /** Ingest alerts held in memory, as one transaction on the embedded store. */
  async addAlerts(alerts: AlertRecord[], sourcePath = "memory"): Promise<void> {
    const run = this.run;
    this.#history = new SeenHistory(); // these rows are not in the files' record
    const seen = new SeenHistory();
    try {
      await run.store.transaction(async () => {
        const size = ALERTS_PER_WRITE;
        for (let i = 0; i < alerts.length; i += size) {
          await run.write(alerts.slice(i, i + size), sourcePath, seen);
          run.progress(sourcePath);
        }
      });
    } catch (e) {
      run.forgetSchemaRows(); // rolled back with the rest
      throw e;
    }
  }

  /** Recompute the night-level tables and return the summary. */
  async finish(): Promise<IngestSummary> {
    await finishRun(this.run);
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
