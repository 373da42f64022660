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
import { readAlerts, readInputFileSync } from "./read.ts";
import { alertRows } from "./rows.ts";
import { SeenHistory } from "./seen.ts";
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
    try {
      const bytes = readInputFileSync(path);
      if (classifyBytes(bytes, path).kind !== "alerts") {
        post({ op: "other", file });
        continue;
      }
      const seen = new SeenHistory();
      let alerts: AlertRecord[] = [];
      for await (const a of readAlerts(bytes, path)) {
        if (alerts.push(a) < ALERTS_PER_WRITE) continue;
        await send(file, alerts, uri, seen, qualityCut);
        alerts = [];
      }
      if (alerts.length) await send(file, alerts, uri, seen, qualityCut);
      post({ op: "done", file });
    } catch (err) {
      const { file: _, ...entry } = errorEntry(path, err);
      post({ op: "error", file, entry });
    }
  }
}

/** Build a batch's rows (as `Run.write` does) and post them once the writer allows. */
async function send(
  file: number,
  alerts: AlertRecord[],
  sourcePath: string,
  seen: SeenHistory,
  qualityCut?: boolean,
): Promise<void> {
  batch.reset();
  batch.schema.clear(); // the types seen in this batch only; the writer merges them
  const nights = new Set<string>(), objects: string[] = [], ssnamenr: string[] = [];
  let science = 0;
  for (const alert of alerts) {
    const r = alertRows(alert, batch, { qualityCut, sourcePath, seen });
    nights.add(nightOf(Number(alert.candidate.jd)));
    if (r.science) {
      science++;
      objects.push(alert.objectId);
      const ss = asteroidName(alert);
      if (ss !== undefined) ssnamenr.push(ss);
    }
  }
  const wire = wireBatch(batch, names, {
    alerts: alerts.length,
    nights: [...nights],
    objects,
    science,
    ssnamenr,
  });
  while (credits === 0) await new Promise<void>((resolve) => wake = resolve);
  credits--;
  post({ op: "batch", file, batch: wire });
}
