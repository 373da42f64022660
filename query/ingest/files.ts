/**
 * What kind of input a file is (alerts, a fink-fat table, something else),
 * the rows of the non-alert Fink tables (`ztf.orb_cand`, `ztf.sso_cand`),
 * a file's URL, and whether files are worth the decoding worker.
 *
 * @module
 */
import { AlertFileError } from "../../astro/errors.ts";
import { parquetColumns, readParquetMetadata } from "./parquet.ts";
import { detectAlertFormat, readInputFile } from "./read.ts";
import { readCandidateTable } from "./fink_fat.ts";
import type { PutRow } from "../store/store.ts";
import { RowBuilder, type SchemaTypes } from "../store/layout.ts";
import { javaDoubleToString } from "../../astro/time.ts";

/** The kind of an input file. */
export type FileKind =
  | { kind: "alerts" }
  | { kind: "auxiliary"; table: "ztf.orb_cand" | "ztf.sso_cand" }
  | { kind: "other"; reason: string };

/**
 * Classify a file by content: avro and parquet alert files; fink-fat
 * `orbital` (→ `ztf.orb_cand`) and `trajectory_orb` (→ `ztf.sso_cand`)
 * parquet files; other parquet files are not alert data. A file that is
 * neither avro nor parquet is an error.
 */
export async function classifyFile(path: string): Promise<FileKind> {
  return classifyBytes(await readInputFile(path), path);
}

/** {@linkcode classifyFile} of bytes already read. */
export function classifyBytes(bytes: Uint8Array, path: string): FileKind {
  const format = detectAlertFormat(bytes);
  if (format === undefined) {
    throw new AlertFileError(
      path,
      undefined,
      bytes.length === 0
        ? "an empty file (0 bytes)"
        : "neither an Avro container nor a Parquet file",
    );
  }
  if (format === "avro") return { kind: "alerts" };
  const cols = new Set(parquetColumns(readParquetMetadata(bytes, path)));
  if (
    cols.has("candidate") || cols.has("objectId") && cols.has("candid") && !cols.has("ssoCandId")
  ) {
    return { kind: "alerts" };
  }
  if (cols.has("ssoCandId") && cols.has("a") && cols.has("e")) {
    return { kind: "auxiliary", table: "ztf.orb_cand" };
  }
  if (cols.has("ssoCandId") && cols.has("jd")) return { kind: "auxiliary", table: "ztf.sso_cand" };
  return {
    kind: "other",
    reason: `not alert data (parquet columns: ${[...cols].slice(0, 8).join(", ")}${
      cols.size > 8 ? ", …" : ""
    })`,
  };
}

const DROPPED_SSO_CAND = new Set(["ssnamenr", "not_updated", "last_assoc_date"]);

/** Rows of `ztf.orb_cand` (`cand_<ssoCandId>`) or `ztf.sso_cand` (`<jd>_<ssoCandId>`). */
export async function readAuxiliaryRows(
  path: string,
  table: "ztf.orb_cand" | "ztf.sso_cand",
  types: SchemaTypes,
): Promise<{ table: string; rows: PutRow[] }> {
  const { rows: records, types: fileTypes } = await readCandidateTable(
    path,
    table === "ztf.orb_cand" ? "orbits" : "detections",
  );
  let t = types.get(table);
  if (!t) types.set(table, t = new Map());
  const rows: PutRow[] = [];
  records.forEach((r, i) => {
    const id = r.ssoCandId;
    if (typeof id !== "string") {
      throw new AlertFileError(path, i, "record without a string ssoCandId");
    }
    const key = table === "ztf.orb_cand"
      ? `cand_${id}`
      : `${javaDoubleToString(Number(r.jd))}_${id}`;
    const b = new RowBuilder(key, t!);
    for (const [name, v] of Object.entries(r)) {
      if (table === "ztf.sso_cand" && DROPPED_SSO_CAND.has(name)) continue;
      b.set(`d:${name}`, v, fileTypes.get(name));
    }
    rows.push(b.row());
  });
  return { table, rows };
}

/**
 * The default of `decodeWorker`: files of at least 8 MB in all and 1 MB each
 * on average (the first 64 files tell). A worker takes ~0.1–0.25 s to start
 * and hands rows over per batch and per file, which files of one alert
 * (ZTF's distribution form) do not repay.
 */
export async function useWorker(files: string[], option: boolean | undefined): Promise<boolean> {
  if (option !== undefined || files.length === 0) return option === true && files.length > 0;
  const sizes = await Promise.all(
    files.slice(0, 64).map((f) => Deno.stat(f).then((s) => s.size, () => 0)),
  );
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  return mean >= 1 << 20 && mean * files.length >= 8 << 20;
}

/** A file's `file:` URL (`base`: the working directory's). */
export function fileUri(path: string, base: string): string {
  try {
    return new URL(path, base).href;
  } catch {
    return path;
  }
}
