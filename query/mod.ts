/**
 * finkit's query API: `connect()` and Fink's endpoints as functions over a
 * store, results as Apache Arrow tables, exports and photometry helpers.
 *
 * @example
 * ```ts
 * import { connect, toCSV } from "./mod.ts";
 * const fink = await connect();
 * const lc = await fink.objects("ZTF25abxvhmk");
 * console.log(toCSV(lc).split("\n")[0]);
 * await fink.close();
 * ```
 *
 * @module
 */
export { type ClientOptions, connect, FinkClient } from "./client.ts";
export { type OpenOptions, openStore } from "./open.ts";
export { BadRequestError, FinkError } from "../astro/errors.ts";
export { objects, type ObjectsParams } from "./api/objects.ts";
export {
  conesearch,
  conesearchMany,
  type ConesearchParams,
  MAX_RADIUS_ARCSEC,
} from "./api/conesearch.ts";
export { classes, latests, type LatestsParams, type Trend, TRENDS } from "./api/latests.ts";
export { resolveSso, sso, type SsoIdentity, type SsoParams } from "./api/sso.ts";
export {
  EPHEMERIS_COLUMNS,
  SAMPLE_SSO_AGGREGATED_PATH,
  ssobulk,
  ssobulkObjects,
  type SsoBulkParams,
} from "./api/ssobulk.ts";
export { type Resolver, resolver, type ResolverParams, RESOLVERS } from "./api/resolver.ts";
export { tracklet, type TrackletParams, trackletPrefix } from "./api/tracklet.ts";
export { anomaly, type AnomalyParams } from "./api/anomaly.ts";
export { statistics, type StatisticsParams } from "./api/statistics.ts";
export { schema, SCHEMA_GROUPS } from "./api/schema.ts";
export { ssocand, type SsoCandKind, type SsoCandParams } from "./api/ssocand.ts";
export { type CutoutArrays, cutouts, type CutoutsParams } from "./api/cutouts.ts";
export { type CutoutKind } from "./api/cutout_columns.ts";
export {
  BUNDLED_EVENTS,
  bundledEventPath,
  SAMPLE_BAYESTAR_PATH,
  skymap,
  type SkymapParams,
} from "./api/skymap.ts";
export { xmatch, type XmatchParams } from "./api/xmatch.ts";
export {
  metadata,
  METADATA_TABLE,
  type MetadataParams,
  postMetadata,
  type PostMetadataParams,
} from "./api/metadata.ts";
export {
  ssoft,
  SSOFT_FLAVORS,
  type SsoftColumn,
  type SsoftFlavor,
  ssoftFlavor,
  type SsoftParams,
  ssoftSchema,
} from "./api/ssoft.ts";
export { parseCsv } from "./table/csv.ts";
export { float32String } from "./table/float32.ts";
export {
  exportTable,
  OUTPUT_FORMATS,
  type OutputFormat,
  toCSV,
  toJSON,
  toParquet,
  toVOTable,
} from "./table/export.ts";
export { installTableDisplay, type RenderOptions, renderTable } from "./table/display.ts";
export {
  addColourAndRates,
  COLOUR_COLUMNS,
  colourAndRates,
  type ColourColumns,
  type ColourOptions,
} from "./table/colour.ts";
export {
  apparentFlux,
  apparentFluxOne,
  type ApparentFluxOptions,
  dcMag,
  dcMagOne,
  type IsDiffPos,
  isSourceBehind,
  isSourceBehindOne,
  mag2fluxcalSnana,
  type ValueWithError,
} from "../astro/photometry.ts";
