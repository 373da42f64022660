/**
 * Small alert files (ZTF's form: one alert per file) written several at
 * once: each is read whole and its rows built into the run's batch, and the
 * group is written in one savepoint once a write's worth of alerts is
 * pending (one savepoint per file costs more than its rows; on HBase, more
 * round trips).
 *
 * @module
 */
import type { AlertRecord } from "./alert.ts";
import { errorEntry } from "./pipeline.ts";
import { readAlerts } from "./read.ts";
import { ALERTS_PER_WRITE, type Run, type RunMark } from "./run.ts";
import type { SeenHistory } from "./seen.ts";

/** Alert files of at most this many bytes are written several at once. */
export const SMALL_FILE = 1 << 20;

/** What the session lends the group: its files' URIs and names, and a file's ingest alone. */
export interface SmallFilesHost {
  /** A file's URI (`d:hdfs_path`). */
  uri(file: string): string;
  /** A file as progress shows it. */
  shown(file: string): string;
  /** Write a file on its own (in its savepoint), as bigger files are. */
  stream(bytes: Uint8Array, file: string): Promise<void>;
}

/** The small files read and built, not yet written (see the module's text). */
export class SmallFiles {
  #files: { file: string; bytes: Uint8Array; errorsBefore: number; end: number }[] = [];
  #alerts = 0;
  /** The run and history state before the first of them, and that history. */
  #mark: { run: RunMark; seen: number; history: SeenHistory } | undefined;

  constructor(private run: Run, private host: SmallFilesHost) {}

  /**
   * Read a small alert file whole (a malformed file is left out), build its
   * rows now with the session's `history`, and write the group when it holds
   * a write's worth of alerts.
   */
  async add(file: string, bytes: Uint8Array, history: SeenHistory): Promise<void> {
    const run = this.run;
    // The decoded alerts are garbage at once: only their rows are kept.
    const alerts: AlertRecord[] = [];
    for await (const a of readAlerts(bytes, file)) alerts.push(a);
    if (this.#files.length === 0) {
      run.batch.reset();
      this.#mark = { run: run.mark(), seen: history.mark(), history };
    }
    const f = { file, bytes, errorsBefore: run.summary.errors.length, end: 0 };
    this.#files.push(f);
    try {
      run.buildFile(alerts, this.host.uri(file), history);
    } catch {
      return await this.flush(true); // each file again on its own: this one fails
    }
    f.end = run.batch.length;
    this.#alerts += alerts.length;
    if (this.#alerts >= ALERTS_PER_WRITE) await this.flush();
  }

  /** Forget the group (rolled back with the transaction around it). */
  clear(): void {
    this.#files = [];
    this.#alerts = 0;
  }

  /**
   * Write the small files read so far in one savepoint. If that fails (or
   * `failed`), nothing of them is written (embedded store) and each is
   * written again on its own, as bigger files are, so a file that fails
   * still leaves no row, and its error its place. On HBase, which cannot
   * roll back, a failed write may have put some rows of the group first;
   * writing each file again puts the same rows.
   */
  async flush(failed = false): Promise<void> {
    const files = this.#files;
    if (files.length === 0) return;
    this.clear();
    const run = this.run, mark = this.#mark!, seen = mark.history;
    if (!failed) {
      try {
        await run.store.transaction(() => run.writeBuilt(files.map((f) => f.end)));
        seen.settle();
        run.progress(this.host.shown(files.at(-1)!.file));
        return;
      } catch {
        // written again below, file by file
      }
    }
    run.restore(mark.run);
    seen.undoTo(mark.seen);
    let inserted = 0;
    for (const f of files) {
      try {
        await this.host.stream(f.bytes, f.file);
      } catch (e) {
        run.summary.errors.splice(f.errorsBefore + inserted++, 0, errorEntry(f.file, e));
      }
    }
  }
}
