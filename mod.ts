/**
 * finkit — the Fink alert broker's ZTF data in Deno scripts and Jupyter
 * notebooks: Fink's HBase tables on an embedded store or Apache HBase, the
 * REST API's queries answered in-process or served over HTTP (`serve()`),
 * light-curve fitters and widgets.
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
export * from "./astro/mod.ts";
export * from "./query/mod.ts";
export * from "./fit/mod.ts";
export * from "./widgets/mod.ts";
export * from "./server/mod.ts";
// Storage and ingestion under the query layer.
export {
  type CellRows,
  type PutOptions,
  type PutRow,
  type RangesOptions,
  type RawCells,
  type ReadOptions,
  type Row,
  type RowRange,
  type ScanOptions,
  scanRanges,
  type Store,
  StoreError,
} from "./query/store/store.ts";
export { type SqliteOptions, SqliteStore } from "./query/store/sqlite.ts";
export { HBaseStore, type HBaseStoreOptions, openHBaseStore } from "./query/store/hbase.ts";
export {
  type Krb5Options,
  RestClient,
  type RestClientOptions,
  type RestRequest,
  type RestResponse,
} from "./query/store/hbase/client.ts";
export {
  createTables,
  ingestAlerts,
  ingestFiles,
  type IngestOptions,
  type IngestProgress,
  IngestSession,
  type IngestSummary,
} from "./query/ingest/ingest.ts";
export {
  ingestTnsCatalogue,
  TNS_CATALOGUE_COLUMNS,
  type TnsIngestSummary,
  tnsResolverRows,
} from "./query/ingest/tns.ts";
export {
  ChunkedFile,
  findAlertFiles,
  readAlertFile,
  readAlerts,
  type ReadAlertsOptions,
} from "./query/ingest/read.ts";
export {
  type ClassLists,
  type PhotometryText,
  readClassLists,
  readPhotometryText,
  readSsoAggregated,
  type SimbadOtype,
  type SsoColumns,
  type SsoLightCurve,
} from "./query/ingest/auxiliary.ts";
export type { AlertRecord, Cutouts, FieldValue } from "./query/ingest/alert.ts";
export { formatSummary, terminalProgress } from "./query/ingest/progress.ts";
export { TABLES } from "./query/store/layout.ts";
export { type CellType, type CellValue, decodeCell, encodeCell } from "./query/store/codec.ts";
export { type ClassificationInput, finkClassification } from "./query/table/classification.ts";
export { ResultColumns } from "./query/table/format.ts";
export type { ColumnData, TypedColumn } from "./query/table/arrow.ts";
