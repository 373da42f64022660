/**
 * `xmatch`: cross-match a user catalogue against the alerts, as Fink's
 * (legacy) `/api/v1/xmatch`: a cone search per catalogue row, joined to the
 * row (the cones searched together: one pass over the store per 1,000 rows).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { ResultColumns } from "../table/format.ts";
import { conesearchMany } from "./conesearch.ts";
import { dateParam, radiusParam } from "./common.ts";
import { parseCsv } from "../table/csv.ts";

/** Parameters of {@linkcode xmatch}. */
export interface XmatchParams {
  /** The catalogue: CSV text with a header line, or an array of row objects. */
  catalog: string | Record<string, unknown>[];
  /**
   * The catalogue's column names for RA, Dec, ID and optionally Time, in that
   * order (`"RA,Dec,ID,Time"` or an array). Default: columns named `ra`,
   * `dec`, `id` and `time` in any case.
   */
  header?: string | string[];
  /** Match radius in arcseconds, at most 18,000. Required. */
  radius: number;
  /**
   * With a Time column: keep objects first detected within `[Time, Time +
   * window]` days (Fink's cone-search date semantics). Default: no time cut.
   */
  window?: number;
}

function header(params: XmatchParams, names: string[]): string[] {
  if (params.header !== undefined) {
    const h = (Array.isArray(params.header) ? params.header : params.header.split(","))
      .map((s) => s.trim()).filter((s) => s !== "");
    if (h.length !== 3 && h.length !== 4) {
      const fink =
        "Header should contain 3 or 4 entries from your catalog. E.g. RA,DEC,ID or RA,DEC,ID,Time\n";
      throw new BadRequestError("header", params.header, fink.trim(), { fink });
    }
    for (const c of h) {
      if (!names.includes(c)) {
        throw new BadRequestError(
          "header",
          c,
          `not a column of the catalogue; columns: ${names.join(", ")}`,
        );
      }
    }
    return h;
  }
  const find = (want: string) => names.find((n) => n.toLowerCase() === want);
  const h = ["ra", "dec", "id"].map(find);
  if (h.some((x) => x === undefined)) {
    throw new BadRequestError(
      "header",
      null,
      `name the RA, Dec and ID columns (e.g. "RA,Dec,ID,Time"); columns: ${names.join(", ")}`,
    );
  }
  const t = find("time");
  return [...(h as string[]), ...(t ? [t] : [])];
}

/**
 * For each catalogue row, the objects whose latest alert lies within
 * `radius` (and, with a Time column and a `window`, first detected within
 * the window after Time); one output row per (catalogue row, object):
 * the catalogue columns (names as given) followed by the cone-search columns
 * (`i:objectId`, `i:ra`, …, `v:separation_degree`). Catalogue rows without a
 * match are dropped (inner join).
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { xmatch } from "./xmatch.ts";
 * const store = await openStore();
 * const csv = "ID,RA,Dec\nmine,193.8217,2.897\n";
 * const joined = await xmatch(store, { catalog: csv, radius: 5 });
 * console.log(joined.getChild("i:objectId")?.toArray());
 * await store.close();
 * ```
 */
export async function xmatch(store: Store, params: XmatchParams): Promise<Table> {
  const radius = radiusParam(params.radius);
  const rows = typeof params.catalog === "string" ? parseCsv(params.catalog) : params.catalog;
  if (!Array.isArray(rows)) {
    throw new BadRequestError("catalog", typeof params.catalog, "CSV text or an array of rows");
  }
  const names = rows.length ? Object.keys(rows[0]) : [];
  if (rows.length === 0) return new ResultColumns(0).toTable();
  const [raCol, decCol, , timeCol] = header(params, names);
  const window = params.window === undefined ? undefined : Number(params.window);
  if (window !== undefined && !(window >= 0)) {
    throw new BadRequestError("window", params.window, "a window in days ≥ 0 is required");
  }
  const catalogColumns = new Map(names.map((n) => [n, typedColumn(rows.map((r) => r[n]))]));
  const cones = rows.map((row) => {
    const dated = timeCol !== undefined && window !== undefined && row[timeCol] !== undefined &&
      row[timeCol] !== "";
    return {
      ra: row[raCol] as string | number,
      dec: row[decCol] as string | number,
      radius,
      ...(dated ? { startdate: dateParam(timeCol!, row[timeCol!] as string, 0), window } : {}),
    };
  });
  const answers = await conesearchMany(store, cones);
  const out = new ResultColumns(0);
  for (let k = 0; k < rows.length; k++) {
    const hits = answers[k];
    if (hits.numRows === 0) continue;
    const part = new ResultColumns(hits.numRows);
    for (const name of names) {
      const { values, type } = catalogColumns.get(name)!;
      part.set(name, new Array(hits.numRows).fill(values[k]), type);
    }
    for (const f of hits.schema.fields) {
      const vec = hits.getChild(f.name)!;
      part.set(
        f.name,
        Array.from({ length: hits.numRows }, (_, i) => vec.get(i)),
        finkType(String(f.type)),
      );
    }
    out.concat(part);
  }
  const resultNames = [...out.columns.keys()];
  return out.toTable([...names, ...resultNames.filter((n) => !names.includes(n))]);
}

/**
 * A catalogue column typed as pandas' `read_csv` types it (Fink reads the
 * catalogue so): whole numbers → int64, numbers → float64, else text; an
 * empty field is null (NaN), and a column of whole numbers with an empty
 * field is float64. Values already typed (an array of rows) keep their type.
 */
function typedColumn(raw: unknown[]): { values: unknown[]; type: string } {
  const blank = (v: unknown) => v === undefined || v === null || v === "";
  const text = raw.filter((v) => !blank(v));
  const empty = text.length < raw.length;
  if (text.length > 0 && text.every((v) => typeof v === "string" && INTEGER.test(v.trim()))) {
    if (!empty) return { values: raw.map((v) => BigInt(String(v).trim())), type: "long" };
    return { values: raw.map((v) => (blank(v) ? null : Number(v))), type: "double" };
  }
  if (text.length > 0 && text.every((v) => typeof v === "string" && FLOAT.test(v.trim()))) {
    return {
      values: raw.map((v) => (blank(v) ? null : readCsvNumber(String(v).trim()))),
      type: "double",
    };
  }
  const type = text.every((v) => typeof v === "number")
    ? "double"
    : text.every((v) => typeof v === "bigint")
    ? "long"
    : "string";
  return { values: raw.map((v) => (blank(v) ? null : type === "string" ? String(v) : v)), type };
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** A CSV field as pandas reads a float (`nan`, `inf` included). */
function readCsvNumber(s: string): number {
  const t = s.toLowerCase().replace(/^\+/, "");
  if (t === "nan") return NaN;
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  return Number(s);
}

function finkType(arrowType: string): string {
  if (arrowType === "Float64") return "double";
  if (arrowType === "Float32") return "float";
  if (arrowType === "Int32") return "integer";
  if (arrowType === "Int64") return "long";
  if (arrowType === "Bool") return "boolean";
  return "string";
}
