/**
 * Fink's routes: for each, the methods it answers, its namespace
 * description (what `GET` without arguments returns), and how its
 * parameters map onto finkit's query API. Fink's own checks and messages
 * are kept where Fink's clients and tests read them (required arguments,
 * radius, trends, cutout options, tracklet dates).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { type FinkClient, MAX_RADIUS_ARCSEC, toJSON, toParquet, TRENDS } from "../query/mod.ts";
import { parseCoordinates } from "../astro/coordinates.ts";
import type { BadRequestError } from "../astro/errors.ts";
import { type Args, badValue, HttpError } from "./args.ts";
import { type Param, PARAMS } from "./params.ts";
import { errorBody, parsePyBytes, pyException } from "./python.ts";
import { cutoutResponse } from "./cutout_response.ts";

/** What a route gives: a table (sent in the `output-format` asked), JSON text, or a response. */
export type Output = { table: Table } | { json: string } | { response: Response };

/** What a route's handler gets besides its arguments. */
export interface RouteContext {
  /** The query API over the served store. */
  client: FinkClient;
  /** The server's own base URL, for messages (`See http://127.0.0.1:24000 …`). */
  apiUrl: string;
  /** Largest `n`/`nmax`/`maxnumber` a request may ask (finkit's cap). */
  maxRows: number;
  /** The request's method (HEAD is GET). */
  method: "GET" | "POST";
  /** Writes (`POST /api/v1/metadata`) are refused with a 403. */
  readOnly: boolean;
  /** A browser sent the request from a page that is not this server's (its writes are refused). */
  crossSite?: boolean;
}

/** One of Fink's routes. */
export interface Route {
  /** Name under `/api/v1/`. */
  name: string;
  /** Fink's namespace description (the body of `GET` without arguments). */
  description: string;
  /** Methods answered. */
  methods: readonly ("GET" | "POST")[];
  /** Parameters (see params.ts). */
  params: readonly Param[];
  /** Default `output-format` of a tabular answer. */
  defaultFormat: string;
  /** The handler. */
  run(ctx: RouteContext, args: Args): Promise<Output>;
}

function capped(ctx: RouteContext, args: Args, name: string): number | undefined {
  const n = args.num(name, true);
  if (n !== undefined && (n < 0 || n > ctx.maxRows)) {
    throw badValue(name, String(n), `an integer from 0 to ${ctx.maxRows} (this server's cap)`);
  }
  return n;
}

function table(t: Promise<Table>): Promise<Output> {
  return t.then((table) => ({ table }));
}

/** Fink's conesearch checks, in Fink's order and with its exact bodies. */
function checkCone(args: Args): void {
  const radius = Number(args.str("radius"));
  if (radius > MAX_RADIUS_ARCSEC) {
    throw new HttpError(
      400,
      errorBody("`radius` cannot be bigger than 18,000 arcseconds (5 degrees).\n"),
    );
  }
  const ra = args.str("ra")!, dec = args.str("dec")!;
  try {
    parseCoordinates(ra, dec);
  } catch (e) {
    const message = (e as BadRequestError).fink ?? (e as Error).message;
    throw new HttpError(400, errorBody(pyException("ValueError", message), true));
  }
}

function checkTrend(args: Args): void {
  const trend = args.str("trend");
  if (trend === undefined) return;
  if (!(TRENDS as readonly string[]).includes(trend)) {
    throw new HttpError(
      400,
      `\n        ${trend} is not a valid trend.\n        Trend must be among: ` +
        `rising, fading, low_state, new_low_state\n        `,
    );
  }
  const cls = args.str("class");
  if ((trend === "low_state" || trend === "new_low_state") && cls !== "(CTA) Blazar low state") {
    throw new HttpError(
      400,
      `\n        ${trend} trend is only implemented for the \`(CTA) Blazar low state\` class.\n` +
        `        ${cls} class can accept trend among: rising, fading.\n        `,
    );
  }
}

/** The sky map bytes: a multipart `file`, or `bayestar` as Python's `str(bytes)`. */
async function skymapBytes(args: Args): Promise<Uint8Array | undefined> {
  const file = args.raw("file") ?? args.raw("bayestar");
  if (file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  if (file === undefined) return undefined;
  const bytes = parsePyBytes(String(file));
  if (!bytes) {
    throw badValue(
      "bayestar",
      String(file).slice(0, 20) + "…",
      "Python's str() of the gzipped FITS bytes (b'\\x1f\\x8b…'), or a multipart `file`",
    );
  }
  return bytes;
}

/** Fink's schema JSON: `{group: {name: {type, doc}}}`, names without their family. */
function schemaJson(t: Table): string {
  const out: Record<string, Record<string, { type: string; doc: string }>> = {};
  const g = t.getChild("group")!, c = t.getChild("column")!;
  const ty = t.getChild("type")!, d = t.getChild("doc")!;
  for (let i = 0; i < t.numRows; i++) {
    const group = (out[g.get(i)] ??= {});
    group[String(c.get(i)).slice(2)] = { type: ty.get(i), doc: d.get(i) };
  }
  for (const k of Object.keys(out)) {
    out[k] = Object.fromEntries(Object.entries(out[k]).sort(([a], [b]) => a < b ? -1 : 1));
  }
  return JSON.stringify(out);
}

/** A whole Parquet file, with the content type Fink gives it (`ssobulk`, `ssoft`). */
function parquetFile(bytes: Uint8Array): Output {
  const body = bytes as Uint8Array<ArrayBuffer>;
  return { response: new Response(body, { headers: { "content-type": "application/parquet" } }) };
}

/** Python's truth value of a parameter (Fink: `payload.get("schema", False)`): `"False"` is true. */
function pyTruthy(v: unknown): boolean {
  return typeof v === "string" ? v.length > 0 : Boolean(v);
}

/**
 * Fink's `ssoft`: the schema (JSON) when `schema` is truthy; else the table,
 * sent as Fink does: a Parquet file (`application/parquet`) for the whole
 * table by default, JSON by default for one asteroid (`sso_name`,
 * `sso_number`), or the `output-format` asked.
 */
async function ssoftRoute(ctx: RouteContext, a: Args): Promise<Output> {
  if (pyTruthy(a.raw("schema"))) {
    return { json: JSON.stringify(ctx.client.ssoftSchema(a.str("flavor"))) };
  }
  const one = a.has("sso_name") || a.has("sso_number");
  const t = await ctx.client.ssoft({
    flavor: a.str("flavor"),
    version: a.str("version"),
    ssoName: a.str("sso_name"),
    ssoNumber: a.str("sso_number"),
  });
  const format = a.str("output-format");
  if (format === undefined && one) return { json: toJSON(t) };
  if ((format ?? "parquet") === "parquet" && !one) return parquetFile(toParquet(t));
  return { table: t };
}

const METADATA_KEYS = "`objectId`, `internal_name`, `internal_name_encoded`";

/** Fink's `GET /metadata`: exactly one of the three keys, always answered in JSON. */
function getMetadata(ctx: RouteContext, a: Args): Promise<Output> {
  const names = Object.keys(a.payload);
  if (names.length > 1) {
    throw new HttpError(400, errorBody(`Too many arguments! Choose one among: ${METADATA_KEYS}`));
  }
  const [name] = names;
  if (!["objectId", "internal_name", "internal_name_encoded"].includes(name)) {
    throw new HttpError(
      400,
      errorBody(`Argument not understood. Choose one among: ${METADATA_KEYS}.`),
    );
  }
  return table(ctx.client.metadata({
    objectId: a.str("objectId"),
    internalName: a.str("internal_name"),
    internalNameEncoded: a.str("internal_name_encoded"),
  }));
}

/**
 * Fink's `POST /metadata`: write the annotation, answer Fink's thanks. As
 * plain text: Fink's is `text/html`, which would let a browser interpret the
 * username it echoes.
 */
async function postMetadata(ctx: RouteContext, a: Args): Promise<Output> {
  if (ctx.readOnly) {
    throw new HttpError(
      403,
      errorBody(
        "This server is read-only (--read-only, or the embedded sample): it takes no metadata.\n",
      ),
    );
  }
  if (ctx.crossSite) {
    // Another page (another site, port or subdomain) could otherwise post annotations in its
    // visitors' name: a form or a text/plain body needs no CORS preflight.
    throw new HttpError(
      403,
      errorBody(
        "Metadata cannot be posted from another page than this server's (cross-origin request).\n",
      ),
    );
  }
  const username = a.str("username")!;
  const { internalNameEncoded } = await ctx.client.postMetadata({
    objectId: a.str("objectId")!,
    internalName: a.str("internal_name")!,
    username,
    comments: a.str("comments"),
  });
  const thanks = `Thanks ${username} - You can visit ${ctx.apiUrl}/${internalNameEncoded}`;
  return {
    response: new Response(thanks, { headers: { "content-type": "text/plain; charset=utf-8" } }),
  };
}

type Handler = Route["run"];

const HANDLERS: Record<string, [description: string, handler: Handler]> = {
  objects: ["Get object data based on ZTF ID", (ctx, a) =>
    table(ctx.client.objects({
      objectId: a.str("objectId")!,
      withUpperLim: a.flag("withupperlim"),
      withCutouts: a.flag("withcutouts"),
      cutoutKind: a.str("cutout-kind") as "Science" | undefined,
      columns: a.str("columns"),
      maxRows: ctx.maxRows,
    }))],
  conesearch: ["Get object data based on coordinates", (ctx, a) => {
    checkCone(a);
    return table(ctx.client.conesearch({
      ra: a.str("ra")!,
      dec: a.str("dec")!,
      radius: a.str("radius")!,
      n: capped(ctx, a, "n"),
      startdate: a.str("startdate"),
      stopdate: a.str("stopdate"),
      window: a.num("window"),
      columns: a.str("columns"),
    }));
  }],
  latests: ["Get object data based their class", (ctx, a) => {
    checkTrend(a);
    return table(ctx.client.latests({
      class: a.str("class")!,
      n: capped(ctx, a, "n"),
      startdate: a.str("startdate"),
      stopdate: a.str("stopdate"),
      color: a.has("color"),
      trend: a.str("trend") as "rising" | undefined,
      columns: a.str("columns"),
    }));
  }],
  classes: ["Get Fink derived class names, and their origin", async (ctx) => ({
    json: JSON.stringify(await ctx.client.classes()),
  })],
  sso: ["Get Solar System object data based on their ID", (ctx, a) =>
    table(ctx.client.sso({
      nOrD: a.str("n_or_d")!.replaceAll(" ", ""),
      withEphem: a.flag("withEphem") || a.flag("withResiduals"),
      withResiduals: a.flag("withResiduals"),
      withCutouts: a.flag("withcutouts") || a.flag("withCutouts"),
      cutoutKind: (a.str("cutout-kind") ?? "Science") as "Science",
      columns: a.str("columns"),
    }))],
  ssocand: [
    "Get data about Solar System candidates found by Fink",
    (ctx, a) =>
      table(ctx.client.ssocand({
        kind: a.str("kind") as "orbParams",
        ssoCandId: a.str("ssoCandId"),
        startDate: a.str("start_date"),
        stopDate: a.str("stop_date"),
        maxnumber: capped(ctx, a, "maxnumber"),
      })),
  ],
  resolver: [
    "Resolve astronomical names to ZTF alert names, and vice-versa",
    (ctx, a) =>
      table(ctx.client.resolver({
        resolver: a.str("resolver") as "ssodnet",
        name: a.str("name")!,
        reverse: a.jsonTrue("reverse"),
        nmax: capped(ctx, a, "nmax"),
      })),
  ],
  tracklet: ["Get satellites and debris candidates", (ctx, a) => {
    if (!a.has("id") && !a.has("date")) {
      throw new HttpError(
        400,
        errorBody("You need to specify a date at the format YYYY-MM-DD hh:mm:ss\n"),
      );
    }
    return table(ctx.client.tracklet({
      id: a.str("id"),
      date: a.has("id") ? undefined : a.str("date"),
      columns: a.str("columns"),
    }));
  }],
  schema: ["Get the data schema", async (ctx) => ({
    json: schemaJson(await ctx.client.schema()),
  })],
  skymap: ["Return Fink/ZTF alerts within a GW skymap", async (ctx, a) => {
    const bytes = await skymapBytes(a);
    return table(ctx.client.skymap({
      bayestar: bytes,
      eventName: bytes ? undefined : a.str("event_name"),
      credibleLevel: a.num("credible_level") as number,
      nDayBefore: a.num("n_day_before"),
      nDayAfter: a.num("n_day_after"),
    }));
  }],
  statistics: [
    "Get statistics about Fink and the ZTF alert stream",
    (ctx, a) =>
      table(ctx.client.statistics({
        date: a.str("date"),
        columns: a.str("columns"),
        schema: a.flag("schema"),
      })),
  ],
  anomaly: ["Get alerts tagged as anomaly", (ctx, a) =>
    table(ctx.client.anomaly({
      n: capped(ctx, a, "n"),
      startDate: a.str("start_date"),
      stopDate: a.str("stop_date"),
      columns: a.str("columns"),
    }))],
  ssoft: ["Get the Solar System Object Fink Table (SSoFT)", ssoftRoute],
  metadata: [
    "Get user-defined metadata attached to objects",
    (ctx, a) => ctx.method === "POST" ? postMetadata(ctx, a) : getMetadata(ctx, a),
  ],
  cutouts: ["Get cutout data based on ZTF ID", (ctx, a) => cutoutResponse(ctx.client, a)],
  ssobulk: ["Get all Fink/ZTF SSO lightcurves in once", async (ctx, a) => {
    // As Fink: Parquet is the aggregated file itself; other formats are its rows, one per
    // asteroid with list columns (the query API's `ssobulk()` is one row per observation).
    // With no aggregated file (a store other than the sample, served without one), an empty
    // table of the file's columns.
    if ((a.str("output-format") ?? "parquet") === "parquet") {
      const file = ctx.client.ssoFile;
      return parquetFile(
        file === null ? toParquet(await ctx.client.ssobulkObjects()) : await Deno.readFile(file),
      );
    }
    return table(ctx.client.ssobulkObjects());
  }],
  xmatch: ["Cross-match a user catalogue with the Fink alerts (legacy)", (ctx, a) => {
    if (Number(a.str("radius")) > MAX_RADIUS_ARCSEC) {
      throw new HttpError(
        400,
        errorBody("`radius` cannot be bigger than 18,000 arcseconds (5 degrees).\n"),
      );
    }
    const catalog = a.raw("catalog");
    if (catalog !== undefined && typeof catalog !== "string") {
      throw badValue("catalog", a.str("catalog")!, "CSV text (a string)");
    }
    return table(ctx.client.xmatch({
      catalog: a.str("catalog")!,
      header: a.str("header"),
      radius: a.num("radius") as number,
      window: a.num("window"),
    }));
  }],
};

const GET_ONLY = new Set(["classes", "schema"]);

/** Every route, in Fink's registration order. */
export const ROUTES: readonly Route[] = Object.entries(HANDLERS).map((
  [name, [description, run]],
) => ({
  name,
  description,
  methods: GET_ONLY.has(name) ? ["GET"] as const : ["GET", "POST"] as const,
  params: PARAMS[name],
  defaultFormat: name === "ssobulk" || name === "ssoft"
    ? "parquet"
    : name === "cutouts"
    ? "PNG"
    : "json",
  run,
}));
