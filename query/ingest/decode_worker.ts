/**
 * The decoding worker of `pipeline.ts`: reads the run's files in order,
 * decodes their alerts and builds their rows, and posts them batch by batch
 * (at most `BATCHES_AHEAD` ahead of the writer), then `done` per file, or
 * the file's error entry, or `other` for a file that does not hold alerts
 * (the writer reads those itself).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { nightOf } from "../store/layout.ts";
import { CellBatch } from "./cell_batch.ts";
import { classifyBytes } from "./files.ts";
import {
  BATCHES_AHEAD,
  errorEntry,
  NameIds,
  transferables,
  wireBatch,
  type WorkerMessage,
  type WriterMessage,
} from "./pipeline.ts";
import { ChunkedFile, detectAlertFormat, readAlerts } from "./read.ts";
import { alertRows, type LayoutOptions } from "./rows.ts";
import { FileHistory } from "./seen.ts";
import { ALERTS_PER_WRITE, asteroidName } from "./run.ts";
import type { AlertRecord } from "./alert.ts";

let credits = BATCHES_AHEAD;
let wake: (() => void) | undefined;
const names = new NameIds();
const batch = new CellBatch(new Map());

self.onmessage = (e: MessageEvent<WriterMessage>) => {
  const m = e.data;
  if (m.op === "credit") {
    credits++;
    if (m.bytes) batch.giveBytes(m.bytes);
    wake?.();
  } else {
    decodeFiles(m.files, m.qualityCut).catch((err) => {
      throw err; // reported to the writer by the worker's error event
    });
  }
};

function post(m: WorkerMessage): void {
  if (m.op === "batch") self.postMessage(m, transferables(m.batch));
  else self.postMessage(m);
}

async function decodeFiles(files: { path: string; uri: string }[], qualityCut?: boolean) {
  for (let file = 0; file < files.length; file++) {
    const { path, uri } = files[file];
    let chunked: ChunkedFile | undefined;
    try {
      // The worker's files are large: Avro is decoded as it is read, the rest read whole.
      chunked = new ChunkedFile(path);
      const more = chunked.upTo.bind(chunked);
      let bytes = more(4);
      if (detectAlertFormat(bytes) !== "avro") bytes = more(Infinity);
      if (classifyBytes(bytes, path).kind !== "alerts") {
        post({ op: "other", file });
        continue;
      }
      const seen = new FileHistory();
      const options = { qualityCut, sourcePath: uri, seen };
      let pending = nextBatch(seen);
      // Each alert's rows are built as soon as it is read, so that its objects die young.
      for await (const alert of readAlerts(bytes, path, { more })) {
        build(pending, alert, options);
        if (pending.alerts < ALERTS_PER_WRITE) continue;
        await send(file, pending, seen);
        pending = nextBatch(seen);
      }
      if (pending.alerts) await send(file, pending, seen);
      post({ op: "done", file });
    } catch (err) {
      const { file: _, ...entry } = errorEntry(path, err);
      post({ op: "error", file, entry });
    } finally {
      chunked?.close();
    }
  }
}

/** What a batch tells the writer besides its rows. */
interface Pending {
  alerts: number;
  nights: Set<string>;
  objects: string[];
  science: number;
  ssnamenr: string[];
  /** `FileHistory.forgets` when the batch began. */
  forgets: number;
}

/** Start the next batch (its buffers are back from the writer, or new). */
function nextBatch(seen: FileHistory): Pending {
  batch.reset();
  batch.schema.clear(); // the types seen in this batch only; the writer merges them
  batch.recheckTypes();
  return {
    alerts: 0,
    nights: new Set(),
    objects: [],
    science: 0,
    ssnamenr: [],
    forgets: seen.forgets,
  };
}

/** Build an alert's rows into the batch, as `Run.write` does. */
function build(pending: Pending, alert: AlertRecord, options: LayoutOptions): void {
  const r = alertRows(alert, batch, options);
  pending.alerts++;
  pending.nights.add(nightOf(Number(alert.candidate.jd)));
  if (r.science) {
    pending.science++;
    pending.objects.push(alert.objectId);
    const ss = asteroidName(alert);
    if (ss !== undefined) pending.ssnamenr.push(ss);
  }
}

/**
 * Post the batch once the writer allows. Its history rows need no
 * deduplication unless the file's record forgot points while it was built.
 */
async function send(
  file: number,
  { nights, forgets, ...counts }: Pending,
  seen: FileHistory,
): Promise<void> {
  const unique = seen.forgets === forgets;
  const wire = wireBatch(batch, names, { ...counts, nights: [...nights] }, unique);
  while (credits === 0) await new Promise<void>((resolve) => wake = resolve);
  credits--;
  post({ op: "batch", file, batch: wire });
}
