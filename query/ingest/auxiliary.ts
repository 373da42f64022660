/**
 * Readers of the non-alert inputs that fill other Fink tables or answer
 * its routes: aggregated Solar-System light curves, forced-photometry text
 * files and the class lists (Fink, TNS, SIMBAD). fink-fat's orbit candidates
 * are read by `fink_fat.ts`.
 *
 * @module
 */

import { AlertFileError } from "../../astro/errors.ts";
import { parquetReadObjects } from "hyparquet";
import type { FileMetaData } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { readParquetMetadata } from "./parquet.ts";
import { readInputFile } from "./read.ts";

/**
 * Every row of a flat Parquet file as plain objects (hyparquet's reader), with the
 * file's metadata; {@link AlertFileError} when the file cannot be read.
 *
 * @example
 * ```ts
 * import { readParquetRows } from "./auxiliary.ts";
 * const { rows } = await readParquetRows("data/sample/fink-broker/datasim/fink_fat_example/orbital.parquet");
 * console.log(rows.length); // 605
 * ```
 */
export async function readParquetRows(
  path: string,
): Promise<{ rows: Record<string, unknown>[]; metadata: FileMetaData }> {
  const bytes = await readInputFile(path);
  const metadata = readParquetMetadata(bytes, path);
  const file = bytes.buffer.byteLength === bytes.byteLength
    ? bytes.buffer as ArrayBuffer
    : bytes.slice().buffer as ArrayBuffer;
  try {
    return { rows: await parquetReadObjects({ file, metadata, compressors }), metadata };
  } catch (err) {
    throw new AlertFileError(path, undefined, `corrupt Parquet data: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * Per-observation columns of one aggregated Solar-System object.
 *
 * @example
 * ```ts
 * import { readSsoAggregated } from "./auxiliary.ts";
 * const [first] = await readSsoAggregated("data/sample/fink-science/fink_science/data/alerts/sso_aggregated_2024.09_test_sample.parquet");
 * console.log(first.columns.cjd.length, first.columns.Phase); // 27 undefined
 * ```
 */
export interface SsoColumns {
  /** Julian dates of the observations. */
  cjd: Float64Array;
  /** PSF magnitudes. */
  cmagpsf: Float64Array;
  /** 1σ magnitude errors. */
  csigmapsf: Float64Array;
  /** Filter ids (1 = g, 2 = r, 3 = i). */
  cfid: Int32Array;
  /** Right ascensions (deg). */
  cra: Float64Array;
  /** Declinations (deg). */
  cdec: Float64Array;
  /** Observer–object distance (au), when present. */
  Dobs?: Float64Array;
  /** Sun–object distance (au), when present. */
  Dhelio?: Float64Array;
  /** Phase angle (deg), when present. */
  Phase?: Float64Array;
  /** Solar elongation (deg), when present. */
  Elong?: Float64Array;
  /** Ephemeris right ascension (deg), when present. */
  RA?: Float64Array;
  /** Ephemeris declination (deg), when present. */
  DEC?: Float64Array;
}

/**
 * One aggregated Solar-System object.
 *
 * @example
 * ```ts
 * import { readSsoAggregated } from "./auxiliary.ts";
 * const objects = await readSsoAggregated("data/sample/fink-science/fink_science/data/alerts/sso_aggregated_2024.09_test_sample.parquet");
 * console.log(objects.map((o) => o.ssnamenr)); // ["10P", "8467", "281", "33803"]
 * ```
 */
export interface SsoLightCurve {
  /** ZTF `ssnamenr` (MPC number or packed designation), e.g. `"8467"`. */
  ssnamenr: string;
  /** Observation columns, all of the same length. */
  columns: SsoColumns;
}

const SSO_REQUIRED = ["cjd", "cmagpsf", "csigmapsf", "cfid", "cra", "cdec"] as const;
const SSO_OPTIONAL = ["Dobs", "Dhelio", "Phase", "Elong", "RA", "DEC"] as const;

function toFloat64(values: unknown[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}

/**
 * Read an aggregated SSO light-curve file (one row per object, `c*` list columns,
 * optional ephemerides `Dobs, Dhelio, Phase, Elong, RA, DEC`). Nulls become `NaN`.
 *
 * @example
 * ```ts
 * import { readSsoAggregated } from "./auxiliary.ts";
 * const objects = await readSsoAggregated("data/sample/fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet");
 * console.log(objects.map((o) => `${o.ssnamenr}:${o.columns.cjd.length}`)); // ["33803:108", "8467:216", "2005XM12:9"]
 * ```
 */
export async function readSsoAggregated(path: string): Promise<SsoLightCurve[]> {
  const { rows } = await readParquetRows(path);
  return rows.map((row, i) => {
    if (row.ssnamenr === undefined) {
      throw new AlertFileError(path, i, "no `ssnamenr` column: not an aggregated SSO file");
    }
    const missing = SSO_REQUIRED.filter((c) => !Array.isArray(row[c]));
    if (missing.length > 0) {
      throw new AlertFileError(path, i, `missing list column(s) ${missing.join(", ")}`);
    }
    const n = (row.cjd as unknown[]).length;
    const columns = {} as SsoColumns;
    for (const name of [...SSO_REQUIRED, ...SSO_OPTIONAL]) {
      const values = row[name];
      if (!Array.isArray(values)) continue;
      if (values.length !== n) {
        throw new AlertFileError(
          path,
          i,
          `column ${name} has ${values.length} values, cjd has ${n}`,
        );
      }
      if (name === "cfid") columns.cfid = Int32Array.from(values, (v) => Number(v ?? 0));
      else columns[name] = toFloat64(values);
    }
    return { ssnamenr: String(row.ssnamenr), columns };
  });
}

/**
 * A forced-photometry light curve read from text.
 *
 * @example
 * ```ts
 * import { readPhotometryText } from "./auxiliary.ts";
 * const lc = await readPhotometryText("data/sample/fink-tutorials/galactic/Data/ZTF18abktckv_i.dat");
 * console.log(lc.bjd.length); // 224
 * ```
 */
export interface PhotometryText {
  /** Barycentric Julian dates. */
  bjd: Float64Array;
  /** Magnitudes. */
  mag: Float64Array;
  /** 1σ magnitude errors. */
  magErr: Float64Array;
  /** Programme / photometry ids (4th column `PID`). */
  pid: Int32Array;
}

/**
 * Read a whitespace-separated forced-photometry file with columns `BJD mag mag_err PID`
 * (lines starting with `#` and blank lines are skipped), e.g. `ZTF18abktckv_g.dat`.
 *
 * @example
 * ```ts
 * import { readPhotometryText } from "./auxiliary.ts";
 * const lc = await readPhotometryText("data/sample/fink-tutorials/galactic/Data/ZTF18abktckv_g.dat");
 * console.log(lc.bjd.length, lc.mag[0]); // 816 15.924
 * ```
 */
export async function readPhotometryText(path: string): Promise<PhotometryText> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new AlertFileError(path, undefined, `cannot read file: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const bjd: number[] = [];
  const mag: number[] = [];
  const magErr: number[] = [];
  const pid: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const parts = line.split(/\s+/);
    const values = parts.slice(0, 4).map(Number);
    if (parts.length < 4 || values.some((v) => Number.isNaN(v))) {
      throw new AlertFileError(
        path,
        i,
        `line ${i + 1} is not "BJD mag mag_err PID": ${JSON.stringify(line)}`,
      );
    }
    bjd.push(values[0]);
    mag.push(values[1]);
    magErr.push(values[2]);
    pid.push(values[3]);
  }
  return {
    bjd: Float64Array.from(bjd),
    mag: Float64Array.from(mag),
    magErr: Float64Array.from(magErr),
    pid: Int32Array.from(pid),
  };
}

/**
 * Class lists used by Fink's API and portal.
 *
 * @example
 * ```ts
 * import { readClassLists } from "./auxiliary.ts";
 * const { fink } = await readClassLists("data/sample");
 * console.log(fink[0]); // "Early SN Ia candidate"
 * ```
 */
export interface ClassLists {
  /** Fink classes (`fink_types.csv`). */
  fink: string[];
  /** TNS types (`tns_types.csv`). */
  tns: string[];
  /** SIMBAD labels, old and new taxonomy, unique and sorted (fink-utils `get_simbad_labels("old_and_new")`). */
  simbad: string[];
  /** SIMBAD otype table rows (the `Unknown` row removed). */
  simbadOtypes: SimbadOtype[];
}

async function findFile(folder: string, name: string): Promise<string | undefined> {
  const stack = [folder];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = [];
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = `${dir}/${entry.name}`;
      if (entry.isFile && entry.name === name) return path;
    }
    for (const entry of entries.reverse()) {
      if (entry.isDirectory && !entry.name.startsWith(".")) stack.push(`${dir}/${entry.name}`);
    }
  }
  return undefined;
}

function lineList(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}

/**
 * One row of SIMBAD's otype table.
 *
 * @example
 * ```ts
 * import { parseSimbadOtypes } from "./auxiliary.ts";
 * console.log(parseSimbadOtypes("| Mi*   | Mira | Mira\n")[0].otype); // "Mi*"
 * ```
 */
export interface SimbadOtype {
  /** Short object type, e.g. `RR*`. */
  otype: string;
  /** Label of the old taxonomy, e.g. `RRLyr`. */
  old: string;
  /** Label of the new taxonomy, e.g. `RRLyrae`. */
  new: string;
}

/**
 * Parse SIMBAD's `otypes.labels.txt` table (`| otype | old_label | new_label`), dropping
 * the `Unknown` row as fink-utils `get_conversion_dic` does.
 *
 * @example
 * ```ts
 * import { parseSimbadOtypes } from "./auxiliary.ts";
 * const table = parseSimbadOtypes("| otype | old_label | new_label\n| RR*   | RRLyr | RRLyrae\n");
 * console.log(table); // [{ otype: "RR*", old: "RRLyr", new: "RRLyrae" }]
 * ```
 */
export function parseSimbadOtypes(text: string): SimbadOtype[] {
  const out: SimbadOtype[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith("|")) continue;
    const [otype, oldLabel, newLabel] = line.slice(1).split("|").map((c) => c.trim());
    if (otype === "otype" || oldLabel === undefined || newLabel === undefined) continue;
    if (oldLabel === "Unknown") continue;
    out.push({ otype, old: oldLabel, new: newLabel });
  }
  return out;
}

/**
 * Read `fink_types.csv`, `tns_types.csv` (one class per line) and SIMBAD's `otypes.txt`,
 * found anywhere under `folder`. Throws {@link AlertFileError} naming a missing file.
 *
 * @example
 * ```ts
 * import { readClassLists } from "./auxiliary.ts";
 * const lists = await readClassLists("data/sample");
 * console.log(lists.fink.length, lists.tns.length, lists.simbad.length); // 11 43 315
 * ```
 */
export async function readClassLists(folder: string): Promise<ClassLists> {
  const texts: Record<string, string> = {};
  for (const name of ["fink_types.csv", "tns_types.csv", "otypes.txt"]) {
    const path = await findFile(folder, name);
    if (!path) throw new AlertFileError(`${folder}/**/${name}`, undefined, "file not found");
    texts[name] = await Deno.readTextFile(path);
  }
  const simbadOtypes = parseSimbadOtypes(texts["otypes.txt"]);
  const labels = new Set<string>();
  for (const { old, new: renamed } of simbadOtypes) labels.add(old).add(renamed);
  return {
    fink: lineList(texts["fink_types.csv"]),
    tns: lineList(texts["tns_types.csv"]),
    simbad: [...labels].sort(),
    simbadOtypes,
  };
}
