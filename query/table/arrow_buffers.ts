/**
 * Buffers behind result tables: the typed-column loops that build Arrow
 * validity bitmaps, and the slab that carves a table's buffers out of few
 * allocations.
 *
 * @module
 */

// Validity of typed columns (NaN = missing), one function per array type so
// each loop stays monomorphic and optimised (a generic loop over mixed column
// types boxed every element it read).

/**
 * Set the validity bit of every non-NaN value; returns the number of NaNs (nulls).
 *
 * @example
 * ```ts
 * import { validityF64 } from "./arrow_buffers.ts";
 * const bits = new Uint8Array(1);
 * validityF64(new Float64Array([1, NaN, 3]), bits); // 1, bits[0] === 0b101
 * ```
 */
export function validityF64(values: Float64Array, valid: Uint8Array): number {
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === values[i]) valid[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return nulls;
}

/** {@linkcode validityF64} for a `Float32Array`. */
export function validityF32(values: Float32Array, valid: Uint8Array): number {
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === values[i]) valid[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return nulls;
}

/** Copy a `Float64Array` (NaN = missing) into an `Int32Array` with validity bits; returns nulls. */
export function f64ToI32(values: Float64Array, out: Int32Array, valid: Uint8Array): number {
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) (out[i] = v, valid[i >> 3] |= 1 << (i & 7));
    else nulls++;
  }
  return nulls;
}

/**
 * Buffers of one table carved out of shared 8-byte-aligned chunks: an
 * ArrayBuffer per column costs microseconds in Deno, and a result has ~170
 * columns. The first chunk is sized from an estimate of the whole table.
 *
 * @example
 * ```ts
 * import { Slab } from "./arrow_buffers.ts";
 * const slab = new Slab(4096);
 * const a = slab.f64(100), b = slab.u8(13); // views of one ArrayBuffer
 * a.buffer === b.buffer; // true
 * ```
 */
export class Slab {
  #buf: ArrayBuffer;
  #off = 0;
  #last = 0;

  /** A slab whose first chunk holds `estimate` bytes. */
  constructor(estimate: number) {
    this.#buf = new ArrayBuffer((Math.max(estimate, 1024) + 7) & ~7);
  }

  /** Offset of `bytes` free bytes in `#buf`; a new chunk (at least as large again) when full. */
  #take(bytes: number): number {
    const size = (bytes + 7) & ~7;
    if (this.#off + size > this.#buf.byteLength) {
      this.#buf = new ArrayBuffer(Math.max(size, this.#buf.byteLength));
      this.#off = 0;
    }
    this.#last = this.#off;
    this.#off += size;
    return this.#last;
  }

  /** Give back the unused end of the last allocation `view` (only `used` bytes kept). */
  trim(view: Uint8Array, used: number): void {
    if (view.buffer === this.#buf && view.byteOffset === this.#last) {
      this.#off = this.#last + ((used + 7) & ~7);
    }
  }

  /** A `Uint8Array` of `n` elements. */
  u8(n: number): Uint8Array {
    const o = this.#take(n);
    return new Uint8Array(this.#buf, o, n);
  }
  /** A `Int32Array` of `n` elements. */
  i32(n: number): Int32Array {
    const o = this.#take(4 * n);
    return new Int32Array(this.#buf, o, n);
  }
  /** A `Float32Array` of `n` elements. */
  f32(n: number): Float32Array {
    const o = this.#take(4 * n);
    return new Float32Array(this.#buf, o, n);
  }
  /** A `Float64Array` of `n` elements. */
  f64(n: number): Float64Array {
    const o = this.#take(8 * n);
    return new Float64Array(this.#buf, o, n);
  }
  /** A `BigInt64Array` of `n` elements. */
  i64(n: number): BigInt64Array {
    const o = this.#take(8 * n);
    return new BigInt64Array(this.#buf, o, n);
  }
}
