/**
 * A pool of scratch Float64Arrays. Allocating large typed arrays is slow here (fresh pages cost
 * ~2 ms per MB), so the kernels borrow work buffers and give them back. The pool only holds
 * memory, never results; contents of a borrowed buffer are unspecified.
 *
 * @module
 */

const pool = new Map<number, Float64Array[]>();
let pooledBytes = 0;
const MAX_POOLED_BYTES = 96 * 1024 * 1024;

/**
 * A Float64Array of length `n` with unspecified contents.
 *
 * @example
 * ```ts
 * const a = borrow(1024);
 * release(a);
 * ```
 */
export function borrow(n: number): Float64Array {
  const list = pool.get(n);
  const a = list?.pop();
  if (a !== undefined) {
    pooledBytes -= a.byteLength;
    return a;
  }
  return new Float64Array(n);
}

/**
 * Return buffers to the pool (dropped when the pool is full).
 *
 * @example
 * ```ts
 * release(borrow(16), borrow(16));
 * ```
 */
export function release(...arrays: Float64Array[]): void {
  for (const a of arrays) {
    if (pooledBytes + a.byteLength > MAX_POOLED_BYTES) continue;
    let list = pool.get(a.length);
    if (list === undefined) pool.set(a.length, list = []);
    if (list.includes(a)) continue;
    list.push(a);
    pooledBytes += a.byteLength;
  }
}
