/**
 * Readers of fink-fat's outputs, the inputs of Fink's tables of Solar-System
 * orbit candidates (`ztf.orb_cand`) and of their detections (`ztf.sso_cand`):
 * rows with Fink's column names, and each column's cell type as Spark reads
 * the file.
 *
 * @module
 */
import type { FileMetaData } from "hyparquet";
import { AlertFileError } from "../../astro/errors.ts";
import type { CellType } from "../store/codec.ts";
import type { FieldValue } from "./alert.ts";
import { readParquetRows } from "./auxiliary.ts";

/**
 * A plain table row: column name → value (int64 as `bigint`).
 *
 * @example
 * ```ts
 * import type { AuxiliaryRow } from "./fink_fat.ts";
 * const row: AuxiliaryRow = { ssoCandId: "FF2022aaaaaaa", a: 2.45, candid: 1035166370115015015n };
 * console.log(row.ssoCandId);
 * ```
 */
export type AuxiliaryRow = Record<string, FieldValue>;

/**
 * Fink's column renaming for `ztf.orb_cand` / `ztf.sso_cand`: `". "` and `" "` become `"_"`
 * (`long. node` → `long_node`, `rms_mean anomaly` → `rms_mean_anomaly`).
 *
 * @example
 * ```ts
 * import { finkColumnName } from "./fink_fat.ts";
 * console.log(finkColumnName("rms_arg. peric")); // "rms_arg_peric"
 * ```
 */
export function finkColumnName(name: string): string {
  return name.replaceAll(". ", "_").replaceAll(" ", "_");
}

/**
 * The cell type of each top-level column of a Parquet file, as Spark reads it and
 * Fink's HBase schema row then names it: every 8-, 16- or 32-bit integer is an
 * `integer` (Fink's decoder knows no `byte` or `short`), 64-bit ones `long`; columns
 * of other physical types are left to the values.
 */
const PHYSICAL_CELL_TYPES: Readonly<Record<string, CellType>> = {
  BOOLEAN: "boolean",
  INT32: "integer",
  INT64: "long",
  FLOAT: "float",
  DOUBLE: "double",
};

function parquetCellTypes(metadata: FileMetaData): Map<string, CellType> {
  const types = new Map<string, CellType>();
  const [root, ...elements] = metadata.schema;
  let i = 0;
  for (let c = 0; c < (root.num_children ?? 0) && i < elements.length; c++) {
    const e = elements[i];
    const t = e.num_children ? undefined : PHYSICAL_CELL_TYPES[e.type ?? ""];
    if (t) types.set(finkColumnName(e.name), t);
    // Skip the whole subtree of a nested column.
    let pending = 1;
    while (pending > 0 && i < elements.length) pending += (elements[i++].num_children ?? 0) - 1;
  }
  return types;
}

/** A plain table read from a file: rows, and the cell type of each typed column. */
export interface AuxiliaryTable {
  /** The rows, columns renamed with {@linkcode finkColumnName}. */
  rows: AuxiliaryRow[];
  /** The file's column types (`integer` for an int8 or int32 column, …). */
  types: Map<string, CellType>;
}

function plainRows(rows: Record<string, unknown>[], path: string, required: string[]) {
  const out: AuxiliaryRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: AuxiliaryRow = {};
    for (const [key, value] of Object.entries(rows[i])) {
      if (key === "__index_level_0__") continue; // pandas index, not data
      row[finkColumnName(key)] = value === undefined ? null : value as FieldValue;
    }
    const missing = required.filter((c) => !(c in row));
    if (missing.length > 0) {
      throw new AlertFileError(path, i, `missing column(s) ${missing.join(", ")}`);
    }
    out.push(row);
  }
  return out;
}

async function readParquetTable(path: string, required: string[]): Promise<AuxiliaryTable> {
  const { rows, metadata } = await readParquetRows(path);
  return { rows: plainRows(rows, path, required), types: parquetCellTypes(metadata) };
}

/**
 * Read a fink-fat `orbital.parquet` (one orbit per candidate, input of `ztf.orb_cand`):
 * columns as in the file, renamed with {@link finkColumnName}; the pandas index
 * column `__index_level_0__` is dropped.
 *
 * @example
 * ```ts
 * import { readOrbitalCandidates } from "./fink_fat.ts";
 * const orbits = await readOrbitalCandidates("data/sample/fink-broker/datasim/fink_fat_example/orbital.parquet");
 * console.log(orbits.length, orbits[0].ssoCandId, orbits[0].long_node); // 605 "FF2022aaaaaaa" 21.65…
 * ```
 */
export async function readOrbitalCandidates(path: string): Promise<AuxiliaryRow[]> {
  return (await readCandidateTable(path, "orbits")).rows;
}

/**
 * Read a fink-fat `trajectory_orb.parquet` (detections of orbit candidates, input of
 * `ztf.sso_cand`): every column as in the file (int64 `candid` as `bigint`), renamed
 * with {@link finkColumnName}; `__index_level_0__` dropped. Fink's writer further drops
 * `ssnamenr`, `not_updated`, `last_assoc_date`: that is left to the table layout.
 *
 * @example
 * ```ts
 * import { readTrajectoryCandidates } from "./fink_fat.ts";
 * const rows = await readTrajectoryCandidates("data/sample/fink-broker/datasim/fink_fat_example/trajectory_orb.parquet");
 * console.log(rows.length, typeof rows[0].candid); // 3728 "bigint"
 * ```
 */
export async function readTrajectoryCandidates(path: string): Promise<AuxiliaryRow[]> {
  return (await readCandidateTable(path, "detections")).rows;
}

/**
 * A fink-fat file as a table with its column types: `orbits` (`orbital.parquet`, as
 * {@linkcode readOrbitalCandidates}) or `detections` (`trajectory_orb.parquet`, as
 * {@linkcode readTrajectoryCandidates}).
 *
 * @example
 * ```ts
 * import { readCandidateTable } from "./fink_fat.ts";
 * const { rows, types } = await readCandidateTable("data/sample/fink-broker/datasim/fink_fat_example/trajectory_orb.parquet", "detections");
 * console.log(rows.length, types.get("fid"), types.get("candid")); // 3728 "integer" "long"
 * ```
 */
export function readCandidateTable(
  path: string,
  kind: "orbits" | "detections",
): Promise<AuxiliaryTable> {
  return readParquetTable(
    path,
    kind === "orbits" ? ["ssoCandId", "ref_epoch"] : ["ssoCandId", "jd", "candid"],
  );
}
