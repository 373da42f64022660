/**
 * The decoding worker of `pipeline.ts`: reads the run's files in order,
 * decodes their alerts and hands them to a {@linkcode BatchPoster}, which
 * builds their rows and posts them batch by batch, then `done` per file, or
 * the file's error entry, or `other` for a file that does not hold alerts
 * (the writer reads those itself).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { BatchPoster, type Source } from "./batch_poster.ts";
import { classifyBytes } from "./files.ts";
import { ChunkedFile, detectAlertFormat, readAlerts } from "./read.ts";

const poster = new BatchPoster(decodeFiles);

async function decodeFiles(files: Source[]): Promise<void> {
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
        poster.other(file);
        continue;
      }
      poster.begin(file, uri);
      // Each alert's rows are built as soon as it is read, so that its objects die young.
      for await (const alert of readAlerts(bytes, path, { more })) await poster.add(alert);
      await poster.done();
    } catch (err) {
      poster.fail(file, path, err);
    } finally {
      chunked?.close();
    }
  }
}
