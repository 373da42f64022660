/**
 * The column plan of an alert's main row and of the index rows that repeat
 * its cells, built once per alert shape (the candidate's and the Fink
 * values' field names) instead of once per alert: the columns of Fink's
 * flattened DataFrame in order, their types, and where each index table
 * takes its cells from.
 *
 * @module
 */
import type { AlertRecord, FieldValue } from "./alert.ts";
import type { CellType } from "../store/codec.ts";
import { columnId } from "./cell_batch.ts";
import {
  columnType,
  CROSSMATCH_COLUMNS,
  FINK_COLUMNS,
  INDEX_I_COLUMNS,
  ROOT_TYPES,
} from "../store/columns.ts";

/** Where a main-row value comes from. */
export const enum Source {
  Root,
  Candidate,
  Fink,
  /** `d:tns`: the alert's TNS type (`tnsType`), which may come from `tnsclass`. */
  Tns,
}

/** Marks `d:classification` (the computed class) in a plan's index lists. */
export const CLASSIFICATION = -1;

/** The main row's columns and the index rows' cells, for one alert shape. */
export interface RowPlan {
  /** Candidate field names (the shape). */
  candidateKeys: string[];
  /** Fink field names as in the file (the shape). */
  finkKeys: string[];
  /** Main-row columns (`i:…`, `d:…`), in Fink's DataFrame order. */
  columns: string[];
  /** Their ids in the thread's cell batches (`columnId`). */
  ids: number[];
  /** Type of each column, or `null` where it depends on the value. */
  types: (CellType | null)[];
  /** Source and field name of each column. */
  sources: Source[];
  fields: string[];
  /** Fink's default of each `d:` column (`undefined`: none). */
  defaults: FieldValue[];
  /** Position of `d:classification` among the Fink values, or -1. */
  finkClassification: number;
  /** Main-row positions of the `ztf.pixel128` columns ({@linkcode CLASSIFICATION} for the class). */
  pixel: number[];
  /** Main-row positions of the class/tns/ssnamenr/tracklet columns. */
  index: number[];
  /** Main-row positions of the blazar tables' columns (the main row but the class). */
  blazar: number[];
}

const ROOT_NAMES = Object.keys(ROOT_TYPES);
const FINK_NAMES = Object.keys(FINK_COLUMNS);

/** Whether `obj`'s own enumerable keys are `keys`, in order. */
function sameKeys(obj: Record<string, unknown>, keys: string[]): boolean {
  let i = 0;
  for (const k in obj) if (keys[i++] !== k) return false;
  return i === keys.length;
}

let last: RowPlan | undefined;

/** The plan of an alert's shape (the last plan when the shape repeats). */
export function rowPlan(alert: AlertRecord): RowPlan {
  if (
    last && sameKeys(alert.candidate, last.candidateKeys) && sameKeys(alert.fink, last.finkKeys)
  ) {
    return last;
  }
  return last = buildPlan(Object.keys(alert.candidate), Object.keys(alert.fink));
}

function buildPlan(candidateKeys: string[], finkKeys: string[]): RowPlan {
  const plan: RowPlan = {
    candidateKeys,
    finkKeys,
    columns: [],
    ids: [],
    types: [],
    sources: [],
    fields: [],
    defaults: [],
    finkClassification: -1,
    pixel: [],
    index: [],
    blazar: [],
  };
  const add = (column: string, source: Source, field: string, dflt?: FieldValue) => {
    const a = columnType(column, 1n), b = columnType(column, true);
    plan.columns.push(column);
    plan.ids.push(columnId(column));
    plan.types.push(a === b ? a : null);
    plan.sources.push(source);
    plan.fields.push(field);
    plan.defaults.push(dflt as FieldValue);
  };
  // As a Map of Fink's DataFrame columns: a candidate field named like a root one replaces it.
  const cand = new Set(candidateKeys);
  for (const n of ROOT_NAMES) if (n === "candid" || !cand.has(n)) add(`i:${n}`, Source.Root, n);
  for (const n of candidateKeys) if (n !== "candid") add(`i:${n}`, Source.Candidate, n);
  // Fink's columns with their defaults, as Fink's writer keeps them (fink-broker
  // `bring_to_current_schema`: the file's other Fink values are not stored), and a
  // `classification` the file carries (the index tables' class column).
  const finkNames = [...FINK_NAMES, ...finkKeys.filter((n) => n === "classification")];
  for (const n of finkNames) {
    add(`d:${n}`, n === "tns" ? Source.Tns : Source.Fink, n, FINK_COLUMNS[n]?.default);
  }
  const position = new Map(plan.columns.map((c, i) => [c, i]));
  plan.finkClassification = position.get("d:classification") ?? -1;
  for (const c of CROSSMATCH_COLUMNS) {
    if (c === "d:classification") plan.pixel.push(CLASSIFICATION);
    else if (position.has(c)) plan.pixel.push(position.get(c)!);
  }
  for (const n of INDEX_I_COLUMNS) {
    if (position.has(`i:${n}`)) plan.index.push(position.get(`i:${n}`)!);
  }
  for (const n of finkNames) {
    plan.index.push(n === "classification" ? CLASSIFICATION : position.get(`d:${n}`)!);
  }
  for (let i = 0; i < plan.columns.length; i++) {
    if (plan.columns[i] !== "d:classification") plan.blazar.push(i);
  }
  return plan;
}

/**
 * The Fink value `name` of an alert with Fink's default for a null or missing
 * one (`undefined` when none): the values the classification reads.
 */
export function finkValue(
  fink: Record<string, FieldValue>,
  name: string,
  dflt: FieldValue | undefined,
): FieldValue | undefined {
  const v = fink[name];
  if (v !== null && (v !== undefined || Object.hasOwn(fink, name))) return v;
  return dflt;
}

/**
 * The Fink value `name` an alert's main row stores, as Fink's writer
 * (fink-broker `bring_to_current_schema`) leaves it: the file's value, a null
 * one included (the hbase-spark connector writes no cell for it); Fink's
 * default only when the file has no such column.
 */
export function storedFinkValue(
  fink: Record<string, FieldValue>,
  name: string,
  dflt: FieldValue | undefined,
): FieldValue | undefined {
  return Object.hasOwn(fink, name) ? fink[name] : dflt;
}
