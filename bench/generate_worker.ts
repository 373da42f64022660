/**
 * The bench store's generator as an ingest worker: makes the synthetic
 * alerts of `bench/generate.ts` and builds their rows on the second core
 * (through the ingest's `BatchPoster`) while the writer stores them, as the
 * decoding worker does for files. Each source is a `generatorSource`;
 * `init` is `{ cutouts: boolean }`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { BatchPoster, type Source } from "../query/ingest/batch_poster.ts";
import { generateAlerts, generatorObjects, sampleAlerts } from "./generate.ts";

const poster = new BatchPoster(generate);

async function generate(sources: Source[], init: unknown): Promise<void> {
  const cutouts = (init as { cutouts?: boolean } | undefined)?.cutouts ?? false;
  const base = await sampleAlerts();
  for (let file = 0; file < sources.length; file++) {
    const objects = generatorObjects(sources[file].path);
    try {
      poster.begin(file, sources[file].uri);
      for (const alert of generateAlerts(base, { ...objects, cutouts })) {
        await poster.add(alert);
      }
      await poster.done();
    } catch (err) {
      poster.fail(file, sources[file].path, err);
    }
  }
}
