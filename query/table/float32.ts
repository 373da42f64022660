/**
 * Float32 values as decimals: the shortest decimal that reads back to the
 * same float32, which is what Fink's HBase cells hold (Java's
 * `Float.toString`) and what Fink's readers compute with once they parse it
 * into a float64.
 *
 * @module
 */

const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);
/** A direct-mapped cache of recent float32 strings (repeated values: flags, -999, 0). */
const F32_KEYS = new Uint32Array(4096);
const F32_TEXT: (string | undefined)[] = new Array(4096);

/** Shortest decimal string that reads back to the same float32. */
export function float32String(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  F32[0] = x;
  const f = F32[0], bits = F32_BITS[0];
  const slot = (bits ^ (bits >>> 13) ^ (bits >>> 23)) & 4095;
  if (F32_KEYS[slot] === bits && F32_TEXT[slot] !== undefined) return F32_TEXT[slot]!;
  // The nearest p-digit decimal round-trips for every p from the shortest one
  // on (the nearest (p+1)-digit decimal is never farther): bisect 1…9.
  let lo = 1, hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(mid))) === f) hi = mid;
    else lo = mid + 1;
  }
  const s = String(Number(f.toPrecision(hi)));
  F32_KEYS[slot] = bits;
  F32_TEXT[slot] = s;
  return s;
}

/**
 * The float64 a Fink reader gets for a float32 value: its shortest decimal,
 * parsed (`19.01513`, not `19.015130996704102`). Non-finite values pass.
 *
 * @example
 * ```ts
 * import { float32Decimal } from "./float32.ts";
 * float32Decimal(Math.fround(19.01513)); // 19.01513
 * ```
 */
export function float32Decimal(x: number): number {
  return Number.isFinite(x) ? Number(float32String(x)) : x;
}

/**
 * A result column's values as Fink computes with them: a float32 column
 * (`i:magpsf`) is read from HBase as its decimal text, so each value is that
 * decimal as a float64 (`19.01513`), not the float32's exact binary value.
 * Other columns are returned as they are.
 */
export function asFinkReads(
  r: { num(name: string): Float64Array; columns: Map<string, { type: string }> },
  name: string,
): Float64Array {
  const values = r.num(name);
  return r.columns.get(name)?.type === "float" ? values.map(float32Decimal) : values;
}
