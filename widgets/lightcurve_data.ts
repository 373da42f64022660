/**
 * Light-curve input normalisation: an Apache Arrow query result with Fink's column names
 * (`i:jd`, `i:magpsf`, …, `d:tag`) or plain arrays (`{ jd, mag, err, fid, … }`) become typed
 * columns sorted by jd, the wire format of {@link LightCurveWidget}.
 *
 * @module
 */
import { WidgetDataError } from "./errors.ts";
import { isSourceBehind } from "./photometry.ts";

/** Point kinds in {@link LightCurveColumns.tag}. */
export const TAG_VALID = 0;
/** Upper limit (no detection; `diffmaglim` is the 5σ limit). */
export const TAG_UPPERLIM = 1;
/** Detection flagged bad quality by Fink. */
export const TAG_BADQUALITY = 2;

/** Light-curve columns, one value per point, sorted by jd. */
export interface LightCurveColumns {
  /** Julian date of the exposure start. */
  jd: Float64Array;
  /** Difference magnitude (NaN for upper limits). */
  magpsf: Float32Array;
  /** 1σ error of magpsf. */
  sigmapsf: Float32Array;
  /** 5σ limiting magnitude (NaN if unknown). */
  diffmaglim: Float32Array;
  /** Reference source magnitude (NaN if unknown). */
  magnr: Float32Array;
  /** Error of magnr. */
  sigmagnr: Float32Array;
  /** +1 positive subtraction, −1 negative. */
  isdiffpos: Int8Array;
  /** ZTF filter: 1 g, 2 r, 3 i. */
  fid: Int8Array;
  /** {@link TAG_VALID}, {@link TAG_UPPERLIM} or {@link TAG_BADQUALITY}. */
  tag: Uint8Array;
  /** Alert candid as decimal strings ("" when unknown); int64 values stay exact. */
  candid: string[];
  /** Object identifier if known. */
  objectId: string;
  /** Whether a reference source sits under the object (first point's distnr). */
  sourceBehind: boolean;
  /** Solar phase angle in degrees (SSO light curves, Fink's `Phase`), or null. */
  phaseAngle: Float32Array | null;
}

/** Plain-array light-curve input. Fink column names (`i:magpsf`) are accepted too. */
export interface LightCurveArrays {
  /** Julian dates. */
  jd: ArrayLike<number>;
  /** Difference magnitudes (`magpsf`); null/NaN for upper limits. */
  mag?: ArrayLike<number | null>;
  /** Alias of `mag`. */
  magpsf?: ArrayLike<number | null>;
  /** Errors (`sigmapsf`). */
  err?: ArrayLike<number | null>;
  /** Alias of `err`. */
  sigmapsf?: ArrayLike<number | null>;
  /** Filter ids (1 g, 2 r, 3 i). */
  fid: ArrayLike<number>;
  /** 5σ limiting magnitudes. */
  diffmaglim?: ArrayLike<number | null>;
  /** Reference magnitudes. */
  magnr?: ArrayLike<number | null>;
  /** Reference magnitude errors. */
  sigmagnr?: ArrayLike<number | null>;
  /** Distance to the reference source (pixels). */
  distnr?: ArrayLike<number | null>;
  /** "t"/"1" positive subtraction, "f"/"0" negative. */
  isdiffpos?: ArrayLike<string>;
  /** "valid" | "upperlim" | "badquality". */
  tag?: ArrayLike<string>;
  /** Alert ids. */
  candid?: ArrayLike<string | number | bigint>;
  /** Object id (one string, or one per point). */
  objectId?: string | ArrayLike<string>;
  /** Solar phase angle in degrees, for phase curves (`Phase` in Fink's SSO tables). */
  phase?: ArrayLike<number>;
}

/** Minimal shape of an Apache Arrow Table used here. */
export interface ArrowTableLike {
  /** Number of rows. */
  numRows: number;
  /** Column by name. */
  getChild(name: string): { get(i: number): unknown; length: number } | null;
}

/** Input accepted by the light-curve widget. */
export type LightCurveInput = ArrowTableLike | LightCurveArrays | Record<string, unknown>;

function isArrow(x: unknown): x is ArrowTableLike {
  return typeof x === "object" && x !== null &&
    typeof (x as ArrowTableLike).getChild === "function" &&
    typeof (x as ArrowTableLike).numRows === "number";
}

type Getter = (i: number) => unknown;

function arrowGetter(t: ArrowTableLike, names: string[]): Getter | undefined {
  for (const name of names) {
    const col = t.getChild(name);
    if (col) return (i) => col.get(i);
  }
  return undefined;
}

function arrayGetter(o: Record<string, unknown>, names: string[]): Getter | undefined {
  for (const name of names) {
    const v = o[name];
    if (v !== undefined && v !== null && typeof v !== "string") {
      const arr = v as ArrayLike<unknown>;
      if (typeof arr.length !== "number") {
        throw new WidgetDataError(`column ${name} must be an array, got ${typeof v}`);
      }
      return (i) => arr[i];
    }
  }
  return undefined;
}

function num(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === "bigint") return Number(v);
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

const COLUMNS: Record<string, string[]> = {
  jd: ["jd", "i:jd"],
  magpsf: ["mag", "magpsf", "i:magpsf"],
  sigmapsf: ["err", "sigmapsf", "i:sigmapsf"],
  fid: ["fid", "i:fid"],
  diffmaglim: ["diffmaglim", "i:diffmaglim"],
  magnr: ["magnr", "i:magnr"],
  sigmagnr: ["sigmagnr", "i:sigmagnr"],
  distnr: ["distnr", "i:distnr"],
  isdiffpos: ["isdiffpos", "i:isdiffpos"],
  tag: ["tag", "d:tag"],
  candid: ["candid", "i:candid"],
  objectId: ["objectId", "i:objectId"],
  phase: ["phase", "Phase", "v:Phase"],
};

/**
 * Normalise a light curve (Arrow table with Fink column names, or plain arrays) into typed
 * columns sorted by jd. Points without `d:tag` are valid detections when magpsf is finite and
 * upper limits otherwise. Bad-quality points at the jd of a valid point are dropped (as the
 * Fink portal does).
 *
 * @throws {WidgetDataError} when jd/fid are missing or columns differ in length
 * @example
 * ```ts
 * import { lightCurveColumns } from "./lightcurve_data.ts";
 * const c = lightCurveColumns({ jd: [2, 1], mag: [18, null], err: [0.1, null], fid: [1, 2], diffmaglim: [20, 19.5] });
 * console.assert(c.jd[0] === 1 && c.tag[0] === 1);
 * ```
 */
export function lightCurveColumns(input: LightCurveInput): LightCurveColumns {
  let n: number;
  const get: Record<string, Getter | undefined> = {};
  if (isArrow(input)) {
    n = input.numRows;
    for (const [k, names] of Object.entries(COLUMNS)) get[k] = arrowGetter(input, names);
  } else if (typeof input === "object" && input !== null) {
    const o = input as Record<string, unknown>;
    const jd = o.jd ?? o["i:jd"];
    n = (jd as ArrayLike<number> | undefined)?.length ?? 0;
    for (const [k, names] of Object.entries(COLUMNS)) {
      if (k === "objectId" && typeof o.objectId === "string") {
        const id = o.objectId;
        get[k] = () => id;
        continue;
      }
      get[k] = arrayGetter(o, names);
      const col = names.map((name) => o[name]).find((v) => v !== undefined && v !== null) as
        | ArrayLike<unknown>
        | undefined;
      if (col && typeof col !== "string" && col.length !== n) {
        throw new WidgetDataError(
          `${
            names[0]
          } has ${col.length} values but jd has ${n}; all columns must have the same length`,
        );
      }
    }
  } else {
    throw new WidgetDataError(
      `light curve must be an Arrow Table or an object of arrays, got ${typeof input}`,
    );
  }
  if (!get.jd) throw new WidgetDataError("light curve has no jd column (jd or i:jd)");
  if (!get.fid) throw new WidgetDataError("light curve has no fid column (fid or i:fid)");
  const raw = {
    jd: new Float64Array(n),
    magpsf: new Float32Array(n),
    sigmapsf: new Float32Array(n),
    diffmaglim: new Float32Array(n),
    magnr: new Float32Array(n),
    sigmagnr: new Float32Array(n),
    isdiffpos: new Int8Array(n),
    fid: new Int8Array(n),
    tag: new Uint8Array(n),
  };
  const candid: string[] = new Array(n);
  const distnr = new Float64Array(n);
  const phase = get.phase ? new Float32Array(n) : null;
  let objectId = "";
  for (let i = 0; i < n; i++) {
    raw.jd[i] = num(get.jd(i));
    raw.fid[i] = num(get.fid(i));
    raw.magpsf[i] = get.magpsf ? num(get.magpsf(i)) : NaN;
    raw.sigmapsf[i] = get.sigmapsf ? num(get.sigmapsf(i)) : NaN;
    raw.diffmaglim[i] = get.diffmaglim ? num(get.diffmaglim(i)) : NaN;
    raw.magnr[i] = get.magnr ? num(get.magnr(i)) : NaN;
    raw.sigmagnr[i] = get.sigmagnr ? num(get.sigmagnr(i)) : NaN;
    distnr[i] = get.distnr ? num(get.distnr(i)) : NaN;
    if (phase) phase[i] = num(get.phase!(i));
    const pos = get.isdiffpos ? String(get.isdiffpos(i) ?? "t") : "t";
    raw.isdiffpos[i] = pos === "f" || pos === "0" ? -1 : 1;
    const tag = get.tag ? String(get.tag(i) ?? "") : "";
    raw.tag[i] = tag === "upperlim"
      ? TAG_UPPERLIM
      : tag === "badquality"
      ? TAG_BADQUALITY
      : Number.isFinite(raw.magpsf[i])
      ? TAG_VALID
      : TAG_UPPERLIM;
    const c = get.candid?.(i);
    candid[i] = c === null || c === undefined ? "" : String(c);
    if (!objectId && get.objectId) objectId = String(get.objectId(i) ?? "");
  }
  // Sort by jd; drop bad-quality points sharing the jd of a valid point.
  const validJd = new Set<number>();
  for (let i = 0; i < n; i++) if (raw.tag[i] === TAG_VALID) validJd.add(raw.jd[i]);
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => Number.isFinite(raw.jd[i]))
    .filter((i) => !(raw.tag[i] === TAG_BADQUALITY && validJd.has(raw.jd[i])))
    .sort((a, b) => raw.jd[a] - raw.jd[b]);
  const pick = <T extends Float64Array | Float32Array | Int8Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(order.length);
    for (let k = 0; k < order.length; k++) out[k] = a[order[k]];
    return out;
  };
  const firstDistnr = order.length ? distnr[order[0]] : NaN;
  return {
    jd: pick(raw.jd),
    magpsf: pick(raw.magpsf),
    sigmapsf: pick(raw.sigmapsf),
    diffmaglim: pick(raw.diffmaglim),
    magnr: pick(raw.magnr),
    sigmagnr: pick(raw.sigmagnr),
    isdiffpos: pick(raw.isdiffpos),
    fid: pick(raw.fid),
    tag: pick(raw.tag),
    candid: order.map((i) => candid[i]),
    objectId,
    sourceBehind: Number.isFinite(firstDistnr) && isSourceBehind(firstDistnr),
    phaseAngle: phase ? pick(phase) : null,
  };
}
