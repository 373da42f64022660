/**
 * `cutouts`: the Science, Template and Difference stamps of an alert, as
 * Fink's `/api/v1/cutouts`, read from `ztf.cutouts` (family `b` holds the
 * gzipped FITS stamps of every alert).
 *
 * @module
 */
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { decodeCell } from "../store/codec.ts";
import { maybeGunzip } from "../../astro/fits.ts";
import { CUTOUT_KINDS, type CutoutKind, stampToArray } from "./cutout_columns.ts";

/** Parameters of {@linkcode cutouts}. */
export interface CutoutsParams {
  /** The ZTF object id (a rowkey prefix, as Fink's). */
  objectId: string;
  /** `Science`, `Template`, `Difference`, or `All` (arrays only). Default `Science`. */
  kind?: CutoutKind | "All";
  /** The alert (`i:candid`); default the object's latest alert. */
  candid?: bigint | string | number;
  /** `array` (2-D arrays, row 0 = first FITS row) or `FITS` (the FITS file bytes). Default `array`. */
  format?: "array" | "FITS";
}

/** Stamps by column name `b:cutout<Kind>_stampData`, as Fink's `output-format=array`. */
export type CutoutArrays = Record<string, number[][]>;

/**
 * Cutouts of one alert. `format: "array"` gives `{ "b:cutoutScience_stampData":
 * [[…63 values], …63 rows] }` (three keys with `kind: "All"`); `format:
 * "FITS"` gives the (un-gzipped) FITS file of one stamp. As Fink, `objectId`
 * is a rowkey prefix (a partial id gives the latest alert of the objects it
 * starts). An unknown object gives `{}` (array) or empty bytes (FITS); an
 * unknown `candid` of a known object is a `BadRequestError` listing known ones.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { cutouts } from "./cutouts.ts";
 * const store = await openStore();
 * const stamps = await cutouts(store, { objectId: "ZTF25abxvhmk", kind: "All" }) as Record<string, number[][]>;
 * console.log(stamps["b:cutoutScience_stampData"].length); // 63
 * await store.close();
 * ```
 */
export async function cutouts(
  store: Store,
  params: CutoutsParams,
): Promise<CutoutArrays | Uint8Array> {
  const objectId = String(params.objectId ?? "").trim();
  if (objectId === "") {
    throw new BadRequestError(
      "objectId",
      params.objectId ?? null,
      "A value for `objectId` is required",
    );
  }
  const format = params.format ?? "array";
  if (format !== "array" && format !== "FITS") {
    throw new BadRequestError(
      "format",
      format,
      "output-format must be one of: FITS or array (PNG rendering is left to the widgets)",
    );
  }
  const kind = params.kind ?? "Science";
  if (kind !== "All" && !(CUTOUT_KINDS as readonly string[]).includes(kind)) {
    throw new BadRequestError("kind", kind, "allowed: Science, Template, Difference or All");
  }
  if (kind === "All" && format !== "array") {
    throw new BadRequestError(
      "kind",
      kind,
      "The option `kind=All` is only compatible with `format=array`",
    );
  }
  const candid = params.candid === undefined || params.candid === ""
    ? undefined
    : toCandid(params.candid);
  // Alerts of the object: rowkey, jd and candid.
  const alerts: { key: string; jd: number; candid: bigint | undefined }[] = [];
  for await (
    const row of store.scan("ztf.cutouts", {
      // As Fink (`key:key:{objectId}`): the id is a rowkey prefix, so a partial id gives the
      // latest alert of the objects it starts.
      prefix: objectId,
      columns: ["i:jd", "i:candid"],
    })
  ) {
    const cell = (c: string) => row.values[row.columns.indexOf(c)];
    const jd = row.columns.includes("i:jd") ? Number(decodeCell("double", cell("i:jd"))) : NaN;
    const cd = row.columns.includes("i:candid") ? decodeCell("long", cell("i:candid")) : undefined;
    alerts.push({ key: row.key, jd, candid: typeof cd === "bigint" ? cd : undefined });
  }
  if (alerts.length === 0) return format === "array" ? {} : new Uint8Array(0);
  let chosen = alerts.reduce((a, b) => (b.jd > a.jd ? b : a));
  if (candid !== undefined) {
    const hit = alerts.find((a) => a.candid === candid);
    if (!hit) {
      throw new BadRequestError(
        "candid",
        params.candid,
        `no alert of ${objectId} has this candid (a detection of an alert's history, ` +
          `\`a:origin\` history, has no cutouts); its alerts' candids: ${
            alerts.slice(0, 10).map((a) => String(a.candid)).join(", ")
          }${alerts.length > 10 ? `, … (${alerts.length} in all)` : ""}`,
      );
    }
    chosen = hit;
  }
  const kinds = kind === "All" ? [...CUTOUT_KINDS] : [kind];
  const columns = kinds.map((k) => `b:cutout${k}_stampData`);
  const row = await store.get("ztf.cutouts", chosen.key, { columns });
  const stamp = (c: string) => {
    const i = row ? row.columns.indexOf(c) : -1;
    return i < 0 ? undefined : row!.values[i];
  };
  if (format === "FITS") {
    const bytes = stamp(columns[0]);
    return bytes ? maybeGunzip(bytes) : new Uint8Array(0);
  }
  const out: CutoutArrays = {};
  for (const c of columns) {
    const bytes = stamp(c);
    if (bytes) out[c] = stampToArray(bytes);
  }
  return out;
}

function toCandid(v: bigint | string | number): bigint {
  try {
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error("unsafe");
    return BigInt(typeof v === "string" ? v.trim() : v);
  } catch {
    throw new BadRequestError(
      "candid",
      v,
      "a candid is an integer (give it as a bigint or a string: it exceeds 2^53)",
    );
  }
}
