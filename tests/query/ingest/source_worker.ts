/**
 * A worker of the kind `IngestSession.addFromWorker` starts, for its tests:
 * each source is a sample Avro file's path with a suffix saying what to do:
 * `#all` (every alert), `#fail` (a batch and more under objectIds of their
 * own, then an error), `#none` (no alerts at all) or `#stop` (return
 * without answering for it or the sources after it). `init` is `{ tag }`,
 * checked to arrive.
 */
/// <reference lib="deno.worker" />
import { BatchPoster, type Source } from "../../../query/ingest/batch_poster.ts";
import { readAlertFile } from "../../../query/ingest/read.ts";
import { ALERTS_PER_WRITE } from "../../../query/ingest/run.ts";

const poster = new BatchPoster(run);

async function run(sources: Source[], init: unknown): Promise<void> {
  if ((init as { tag?: string })?.tag !== "hello") throw new Error("init did not arrive");
  for (let i = 0; i < sources.length; i++) {
    const [path, what] = sources[i].path.split("#");
    if (what === "stop") return; // this source and the next are left unanswered
    if (what === "none") {
      poster.other(i);
      continue;
    }
    try {
      poster.begin(i, sources[i].uri);
      const alerts = [];
      for await (const alert of readAlertFile(path)) alerts.push(alert);
      if (what === "fail") {
        // More than a batch (posted and written before the error), under objectIds of its own.
        for (let n = 0; n <= ALERTS_PER_WRITE + 5; n++) {
          await poster.add({ ...alerts[n % alerts.length], objectId: `ZTF00failed${n}` });
        }
        throw new Error("the stream broke");
      }
      for (const alert of alerts) await poster.add(alert);
      await poster.done();
    } catch (e) {
      poster.fail(i, sources[i].path, e);
    }
  }
}
