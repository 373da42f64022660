/**
 * Fink's column catalogue for ZTF: the type of every `i:` and `d:` column as
 * fink-broker writes it (`load_all_ztf_cols`, `load_fink_cols`,
 * `load_ztf_index_cols`, `load_ztf_crossmatch_cols`), with the defaults Fink
 * fills in when a column is missing.
 *
 * @module
 */
import type { CellType } from "./codec.ts";

const types = (spec: Record<string, string>): Record<string, CellType> => {
  const out: Record<string, CellType> = {};
  for (const [type, names] of Object.entries(spec)) {
    for (const n of names.split(/\s+/).filter(Boolean)) out[n] = type as CellType;
  }
  return out;
};

/** Root-level alert fields (family `i`). */
export const ROOT_TYPES: Record<string, CellType> = types({
  string: "objectId publisher schemavsn fink_broker_version fink_science_version",
  long: "candid",
});

/** ZTF `candidate` fields (family `i`), schema 3.3 types. */
export const CANDIDATE_TYPES: Record<string, CellType> = types({
  float: `aimage aimagerat bimage bimagerat chinr chipsf classtar clrcoeff clrcounc clrmed clrrms
    diffmaglim distnr distpsnr1 distpsnr2 distpsnr3 drb dsdiff dsnrms elong exptime fwhm
    magap magapbig magdiff magfromlim maggaia maggaiabright magnr magpsf magzpsci magzpscirms
    magzpsciunc mindtoedge neargaia neargaiabright rb seeratio sgmag1 sgmag2 sgmag3 sgscore1
    sgscore2 sgscore3 sharpnr sigmagap sigmagapbig sigmagnr sigmapsf simag1 simag2 simag3 sky
    srmag1 srmag2 srmag3 ssdistnr ssmagnr ssnrms sumrat szmag1 szmag2 szmag3 xpos ypos zpclrcov
    zpmed`,
  double: "dec decnr jd jdendhist jdendref jdstarthist jdstartref ra ranr scorr",
  integer: `fid field nbad ncovhist ndethist nframesref nid nmatches nmtchps nneg programid rcid
    tooflag`,
  long: "objectidps1 objectidps2 objectidps3 pid rfid tblid candid",
  string: "drbversion isdiffpos pdiffimfilename programpi rbversion ssnamenr",
});

/** A Fink-added column: its type and the default used when an alert lacks it. */
export interface FinkColumn {
  /** Cell type. */
  type: CellType;
  /** Value written when the alert does not carry the column. */
  default: string | number | boolean;
}

const fc = (type: CellType, def: string | number | boolean): FinkColumn => ({ type, default: def });

/** Fink-added columns (family `d`), `load_fink_cols` plus the flattened nested ones. */
export const FINK_COLUMNS: Record<string, FinkColumn> = {
  DR3Name: fc("string", "Unknown"),
  Plx: fc("float", 0),
  anomaly_score: fc("double", 0),
  cdsxmatch: fc("string", "Unknown"),
  e_Plx: fc("float", 0),
  gcvs: fc("string", "Unknown"),
  mulens: fc("double", 0),
  nalerthist: fc("integer", 0),
  rf_kn_vs_nonkn: fc("double", 0),
  rf_snia_vs_nonia: fc("double", 0),
  roid: fc("integer", 0),
  snn_sn_vs_all: fc("double", 0),
  snn_snia_vs_nonia: fc("double", 0),
  tracklet: fc("string", ""),
  vsx: fc("string", "Unknown"),
  x3hsp: fc("string", "Unknown"),
  x4lac: fc("string", "Unknown"),
  lc_features_g: fc("string", "[]"),
  lc_features_r: fc("string", "[]"),
  jd_first_real_det: fc("double", 0),
  jdstarthist_dt: fc("double", 0),
  mag_rate: fc("double", 0),
  sigma_rate: fc("double", 0),
  lower_rate: fc("double", 0),
  upper_rate: fc("double", 0),
  delta_time: fc("double", 0),
  from_upper: fc("boolean", false),
  spicy_id: fc("integer", -1),
  spicy_class: fc("string", "Unknown"),
  tns: fc("string", ""),
  gaiaVarFlag: fc("integer", 0),
  gaiaClass: fc("string", "Unknown"),
  is_transient: fc("boolean", false),
  slsn_score: fc("float", -1),
  mangrove_HyperLEDA_name: fc("string", "None"),
  mangrove_2MASS_name: fc("string", "None"),
  mangrove_lum_dist: fc("string", "None"),
  mangrove_ang_dist: fc("string", "None"),
  blazar_stats_m0: fc("float", 0),
  blazar_stats_m1: fc("float", 0),
  blazar_stats_m2: fc("float", 0),
};

/** The 36 `i:` columns of the index tables (`load_ztf_index_cols`). */
export const INDEX_I_COLUMNS: readonly string[] = (
  "objectId candid publisher rcid chipsf distnr ra dec jd fid nid field xpos ypos rb ssdistnr " +
  "ssmagnr ssnamenr jdstarthist jdendhist tooflag sgscore1 distpsnr1 neargaia maggaia nmtchps " +
  "diffmaglim magpsf sigmapsf magnr sigmagnr magzpsci isdiffpos classtar drb ndethist"
).split(" ");

/** Columns of `ztf.pixel128` (`load_ztf_crossmatch_cols` + `d:classification`). */
export const CROSSMATCH_COLUMNS: readonly string[] = [
  "i:objectId",
  "i:candid",
  "i:magpsf",
  "i:sigmapsf",
  "i:jd",
  "i:jdstarthist",
  "d:cdsxmatch",
  "i:drb",
  "i:ra",
  "i:dec",
  "i:fid",
  "i:distnr",
  "d:nalerthist",
  "d:classification",
];

/** Columns of `ztf.upper` rows (upper limits from the history). */
export const UPPER_COLUMNS: readonly string[] = ["objectId", "jd", "fid", "diffmaglim"];

/** Columns of `ztf.uppervalid` rows (bad-quality detections from the history). */
export const UPPERVALID_COLUMNS: readonly string[] = [
  "objectId",
  "jd",
  "fid",
  "magpsf",
  "sigmapsf",
  "diffmaglim",
  "magnr",
  "sigmagnr",
  "isdiffpos",
  "distnr",
];

/**
 * The cell type of a column given as `family:qualifier`, falling back on the
 * JavaScript type of a value for columns Fink's catalogue does not list.
 */
export function columnType(column: string, value?: unknown): CellType {
  const [family, name] = splitColumn(column);
  if (family === "i") {
    const t = ROOT_TYPES[name] ?? CANDIDATE_TYPES[name];
    if (t) return t;
  } else if (family === "d") {
    const t = FINK_COLUMNS[name]?.type;
    if (t) return t;
    if (name === "classification" || name === "hdfs_path") return "string";
  } else if (family === "b") {
    return "fits/image";
  }
  return inferType(value);
}

/** The cell type for a value of unknown column. */
export function inferType(value: unknown): CellType {
  if (typeof value === "bigint") return "long";
  if (typeof value === "number") return "double";
  if (typeof value === "boolean") return "boolean";
  if (value instanceof Uint8Array) return "binary";
  return "string";
}

/** Split `family:qualifier`. */
export function splitColumn(column: string): [string, string] {
  const i = column.indexOf(":");
  return i < 0 ? ["", column] : [column.slice(0, i), column.slice(i + 1)];
}
