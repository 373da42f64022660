/**
 * Moving binary values out of a widget state, as the Jupyter widget protocol (v2) wants:
 * every `ArrayBuffer` / typed array / `DataView` found in the state is replaced by `null`
 * (in a list) or removed (from a dict), its path goes to `buffer_paths` and its bytes to
 * `buffers`, in the same order.
 *
 * @module
 */

/** A state split into its JSON part and its binary buffers. */
export interface SplitState {
  /** JSON-serialisable state (binary values removed). */
  state: Record<string, unknown>;
  /** Path of every buffer inside `state` (keys and list indices). */
  buffer_paths: (string | number)[][];
  /** The bytes, in the order of `buffer_paths`. */
  buffers: Uint8Array[];
}

function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function toBytes(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function walk(
  value: unknown,
  path: (string | number)[],
  out: { paths: (string | number)[][]; buffers: Uint8Array[] },
): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      if (isBinary(v)) {
        out.paths.push([...path, i]);
        out.buffers.push(toBytes(v));
        return null;
      }
      return walk(v, [...path, i], out);
    });
  }
  if (value !== null && typeof value === "object" && !isBinary(value)) {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isBinary(v)) {
        out.paths.push([...path, k]);
        out.buffers.push(toBytes(v));
      } else if (v !== undefined) {
        result[k] = walk(v, [...path, k], out);
      }
    }
    return result;
  }
  return value;
}

/**
 * Split a widget state into JSON and binary buffers (Jupyter widget protocol v2).
 *
 * @example
 * ```ts
 * import { splitBuffers } from "./buffers.ts";
 * const { state, buffer_paths, buffers } = splitBuffers({ n: 2, jd: new Float64Array([1, 2]) });
 * console.assert(state.n === 2 && !("jd" in state));
 * console.assert(buffer_paths[0][0] === "jd" && buffers[0].byteLength === 16);
 * ```
 */
export function splitBuffers(state: Record<string, unknown>): SplitState {
  const out = { paths: [] as (string | number)[][], buffers: [] as Uint8Array[] };
  const json = walk(state, [], out) as Record<string, unknown>;
  return { state: json, buffer_paths: out.paths, buffers: out.buffers };
}

/**
 * Bytes of a typed array, copied into a fresh, exactly sized `Uint8Array` (safe to send
 * even when the array is a view into a larger buffer).
 *
 * @example
 * ```ts
 * import { typedBytes } from "./buffers.ts";
 * console.assert(typedBytes(new Float32Array([1])).byteLength === 4);
 * ```
 */
export function typedBytes(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
}
