/**
 * The Fink client: `const fink = await connect()` gives one object whose
 * methods mirror Fink's REST endpoints, answered in-process over the store,
 * on the embedded store or on HBase alike. Results are Apache Arrow tables
 * with Fink's column names (rendered as HTML tables in Jupyter, see
 * `display.ts`); every failure is a `FinkError` (bad input: `BadRequestError`).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "./store/store.ts";
import { isSampleUrl, type OpenOptions, openStore } from "./open.ts";
import { objects, type ObjectsParams } from "./api/objects.ts";
import { conesearch, type ConesearchParams } from "./api/conesearch.ts";
import { classes, latests, type LatestsParams } from "./api/latests.ts";
import { sso, type SsoParams } from "./api/sso.ts";
import {
  SAMPLE_SSO_AGGREGATED_PATH,
  ssobulk,
  ssobulkObjects,
  type SsoBulkParams,
} from "./api/ssobulk.ts";
import { resolver, type ResolverParams } from "./api/resolver.ts";
import { tracklet, type TrackletParams } from "./api/tracklet.ts";
import { anomaly, type AnomalyParams } from "./api/anomaly.ts";
import { statistics, type StatisticsParams } from "./api/statistics.ts";
import { schema } from "./api/schema.ts";
import { ssocand, type SsoCandParams } from "./api/ssocand.ts";
import { type CutoutArrays, cutouts, type CutoutsParams } from "./api/cutouts.ts";
import { skymap, type SkymapParams } from "./api/skymap.ts";
import { xmatch, type XmatchParams } from "./api/xmatch.ts";
import {
  metadata,
  type MetadataParams,
  postMetadata,
  type PostMetadataParams,
} from "./api/metadata.ts";
import {
  clearSsoftCache,
  ssoft,
  type SsoftColumn,
  ssoftFlavor,
  type SsoftParams,
  ssoftSchema,
} from "./api/ssoft.ts";
import { clearSchemaCache } from "./table/decode.ts";
import { BadRequestError, FinkError } from "../astro/errors.ts";
import "./table/display.ts";

/** Run a query; any failure that is not already a `FinkError` is wrapped in one naming the method. */
async function guard<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof FinkError) throw e;
    throw new FinkError(`${method} failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/** Options of {@linkcode FinkClient} and {@linkcode connect}. */
export interface ClientOptions {
  /**
   * The aggregated SSO light-curve file (Fink's `sso_ztf_lc_aggregated_*.parquet`: each
   * asteroid's observations with ephemerides) that `ssobulk`, `ssobulkObjects`, `ssoft` and
   * `sso({ withEphem })` read, unless a call names another. `connect()` gives the bundled
   * sample's file to the embedded sample and none to other stores (their asteroids are not the
   * sample's); none (`null`, the default here) gives empty `ssobulk`/`ssoft` tables and no
   * ephemerides.
   */
  ssoFile?: string | null;
}

/** A connection to Fink's tables. */
export class FinkClient {
  /** The aggregated SSO file the SSO methods read (see {@linkcode ClientOptions.ssoFile}). */
  readonly ssoFile: string | null;

  /** Wrap an open store. */
  constructor(readonly store: Store, options: ClientOptions = {}) {
    this.ssoFile = options.ssoFile ?? null;
  }

  /** `params` reading the client's aggregated SSO file unless they name one. */
  #withSsoFile<P extends { path?: string | null }>(params: P): P {
    return params.path === undefined ? { ...params, path: this.ssoFile } : params;
  }

  /** Light curves of objects (Fink `/api/v1/objects`). */
  objects(params: ObjectsParams | string): Promise<Table> {
    return guard(
      "objects",
      () => objects(this.store, typeof params === "string" ? { objectId: params } : params),
    );
  }

  /** Cone search (Fink `/api/v1/conesearch`). */
  conesearch(params: ConesearchParams): Promise<Table> {
    return guard("conesearch", () => conesearch(this.store, params));
  }

  /** Most recent alerts of a class (Fink `/api/v1/latests`). */
  latests(params: LatestsParams): Promise<Table> {
    return guard("latests", () => latests(this.store, params));
  }

  /** Class names by source (Fink `/api/v1/classes`). */
  classes(): Promise<Record<string, string[]>> {
    return guard("classes", () => classes());
  }

  /** Solar-System objects by number, name or designation (Fink `/api/v1/sso`). */
  sso(params: SsoParams | string | number | (string | number)[]): Promise<Table> {
    const p = typeof params === "object" && !Array.isArray(params) ? params : { nOrD: params };
    return guard(
      "sso",
      () =>
        sso(this.store, {
          ...p,
          ephemPath: p.ephemPath === undefined ? this.ssoFile : p.ephemPath,
        }),
    );
  }

  /** Aggregated SSO light curves with ephemerides (Fink `/api/v1/ssobulk`). */
  ssobulk(params: SsoBulkParams = {}): Promise<Table> {
    return guard("ssobulk", () => ssobulk(this.#withSsoFile(params)));
  }

  /**
   * The same light curves in Fink's aggregated layout: one row per asteroid,
   * its observations in list columns (what `/api/v1/ssobulk` answers in
   * formats other than Parquet).
   */
  ssobulkObjects(params: SsoBulkParams = {}): Promise<Table> {
    return guard("ssobulk", () => ssobulkObjects(this.#withSsoFile(params)));
  }

  /** Name resolution: ssodnet, simbad (reverse), tns (Fink `/api/v1/resolver`). */
  resolver(params: ResolverParams): Promise<Table> {
    return guard("resolver", () => resolver(this.store, params));
  }

  /** Alerts of a tracklet, by id or date (Fink `/api/v1/tracklet`). */
  tracklet(params: TrackletParams): Promise<Table> {
    return guard("tracklet", () => tracklet(this.store, params));
  }

  /** Most anomalous alerts per night (Fink `/api/v1/anomaly`). */
  anomaly(params: AnomalyParams = {}): Promise<Table> {
    return guard("anomaly", () => anomaly(this.store, params));
  }

  /** Nightly statistics (Fink `/api/v1/statistics`). */
  statistics(params: StatisticsParams = {}): Promise<Table> {
    return guard("statistics", () => statistics(this.store, params));
  }

  /** Column list with types and descriptions (Fink `/api/v1/schema`). */
  schema(): Promise<Table> {
    return guard("schema", () => schema(this.store));
  }

  /** fink-fat SSO candidates: orbits or light curves (Fink `/api/v1/ssocand`). */
  ssocand(params: SsoCandParams): Promise<Table> {
    return guard("ssocand", () => ssocand(this.store, params));
  }

  /** Cutouts of an alert as 2-D arrays or FITS bytes (Fink `/api/v1/cutouts`). */
  cutouts(params: CutoutsParams): Promise<CutoutArrays | Uint8Array> {
    return guard("cutouts", () => cutouts(this.store, params));
  }

  /** Alerts first seen in a gravitational-wave credible region (Fink `/api/v1/skymap`). */
  skymap(params: SkymapParams): Promise<Table> {
    return guard("skymap", () => skymap(this.store, params));
  }

  /** Cross-match a user catalogue with the alerts (Fink legacy `/api/v1/xmatch`). */
  xmatch(params: XmatchParams): Promise<Table> {
    return guard("xmatch", () => xmatch(this.store, params));
  }

  /**
   * The Solar System Object Fink Table (Fink `/api/v1/ssoft`), computed from
   * an aggregated SSO file with ephemerides (default the client's `ssoFile`).
   */
  ssoft(params: SsoftParams = {}): Promise<Table> {
    return guard("ssoft", () => ssoft(this.store, this.#withSsoFile(params)));
  }

  /** The SSoFT's columns with their types and descriptions (Fink `ssoft?schema=True`). */
  ssoftSchema(flavor?: string): Record<string, SsoftColumn> {
    return ssoftSchema(ssoftFlavor(flavor));
  }

  /** User annotations of objects: by object id (a prefix, or `all`) or internal name (Fink `/api/v1/metadata`). */
  metadata(params: MetadataParams): Promise<Table> {
    return guard("metadata", () => metadata(this.store, params));
  }

  /** Attach an annotation (internal name, username, comments) to an object (Fink `POST /api/v1/metadata`). */
  postMetadata(
    params: PostMetadataParams,
  ): Promise<{ objectId: string; internalNameEncoded: string }> {
    return guard("postMetadata", () => postMetadata(this.store, params));
  }

  /** Table names of the store. */
  tables(): Promise<string[]> {
    return this.store.listTables();
  }

  /** Forget cached table schemas and SSoFT tables (after ingesting more files through `store`). */
  refresh(): void {
    clearSchemaCache(this.store);
    clearSsoftCache(this.store);
  }

  /** Close the store. */
  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * Connect to Fink's tables: no argument → the embedded sample of real ZTF
 * alerts (built on first use, then reused, read-only); `file:path.db` → a
 * local store, which must exist (`openStore` creates one, to ingest into);
 * `hbase://host:port` → Apache HBase through its REST server.
 *
 * @example
 * ```ts
 * import { connect } from "./client.ts";
 * const fink = await connect();
 * const lc = await fink.objects({ objectId: "ZTF25abxvhmk", withUpperLim: true });
 * console.log(lc.numRows);
 * await fink.close();
 * ```
 */
export async function connect(
  url?: string,
  options: OpenOptions & ClientOptions = {},
): Promise<FinkClient> {
  const ssoFile = options.ssoFile === undefined
    ? (isSampleUrl(url) ? SAMPLE_SSO_AGGREGATED_PATH : null)
    : options.ssoFile;
  if (ssoFile !== null && !(await Deno.stat(ssoFile).then((s) => s.isFile, () => false))) {
    throw new BadRequestError("ssoFile", ssoFile, "an aggregated SSO Parquet file that exists");
  }
  const store = await openStore(url, { create: false, ...options });
  return new FinkClient(store, { ssoFile });
}
