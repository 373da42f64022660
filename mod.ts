/**
 * finkit — the Fink alert broker's ZTF data in Deno scripts and Jupyter
 * notebooks: Fink's HBase tables on an embedded store or Apache HBase, the
 * REST API's queries answered in-process, light-curve fitters and widgets.
 *
 * @example
 * ```ts
 * import { connect, lombScargleMultiband } from "./mod.ts";
 * const fink = await connect(); // the embedded sample of real ZTF alerts
 * const lc = await fink.objects({ objectId: "ZTF25abxvhmk" });
 * const col = (n: string) => Array.from(lc.getChild(n)!.toArray() as ArrayLike<number>);
 * const ls = lombScargleMultiband({ t: col("i:jd"), y: col("i:magpsf"), dy: col("i:sigmapsf"), band: col("i:fid") });
 * console.log(lc.numRows, ls.bestPeriod);
 * await fink.close();
 * ```
 *
 * @module
 */
export * from "./query/mod.ts";
export * from "./fit/mod.ts";
export * from "./widgets/mod.ts";
// Storage, ingestion and the astronomy helpers under the query layer.
export { type PutRow, type Row, type ScanOptions, type Store, StoreError } from "./query/store.ts";
export { SqliteStore } from "./query/sqlite.ts";
export { HBaseStore, openHBaseStore } from "./query/hbase.ts";
export {
  createTables,
  ingestAlerts,
  ingestFiles,
  type IngestOptions,
  type IngestProgress,
  IngestSession,
  type IngestSummary,
} from "./query/ingest/ingest.ts";
export { findAlertFiles, readAlertFile, readAlerts } from "./query/ingest/read.ts";
export { readClassLists, readPhotometryText, readSsoAggregated } from "./query/ingest/auxiliary.ts";
export type { AlertRecord } from "./query/ingest/alert.ts";
export { formatSummary, terminalProgress } from "./query/ingest/progress.ts";
export { AlertFileError } from "./query/errors.ts";
export { TABLES } from "./query/layout.ts";
export { decodeCell, encodeCell } from "./query/codec.ts";
export { finkClassification } from "./query/classification.ts";
export { ang2pix, pix2ang, queryDisc } from "./query/healpix.ts";
export { readFits, writeFits } from "./query/fits.ts";
export { skymapPixels } from "./query/skymap.ts";
export { angularSeparation, formatSexagesimal, parseCoordinates } from "./query/coordinates.ts";
export { isoToJd, jdToIso, parseDate } from "./query/time.ts";
export { constellation } from "./query/constellation.ts";
