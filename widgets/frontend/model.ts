/// <reference lib="dom" />
/**
 * The anywidget model as seen by the front-end views, and decoding of binary columns (which
 * arrive as DataView, ArrayBuffer or typed arrays depending on the widget manager).
 *
 * @module
 */

/** The subset of anywidget's model proxy the views use. */
export interface AnyModel {
  /** Read a state value. */
  get(key: string): unknown;
  /** Listen to `change:key` or `msg:custom`. */
  on(event: string, callback: (...args: unknown[]) => void): void;
  /** Stop listening. */
  off(event?: string | null, callback?: ((...args: unknown[]) => void) | null): void;
}

/** Arguments of anywidget's `render`. */
export interface RenderProps {
  /** The model. */
  model: AnyModel;
  /** The element to render into. */
  el: HTMLElement;
}

type TypedCtor<T> = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  new (length: number): T;
  BYTES_PER_ELEMENT: number;
};

/**
 * A typed-array view of a binary state value (copying when the bytes are misaligned).
 *
 * @example
 * ```ts
 * import { column } from "./model.ts";
 * const jd = column({ get: () => new Uint8Array(new Float64Array([1.5]).buffer), on() {}, off() {} }, "jd", Float64Array);
 * console.assert(jd[0] === 1.5);
 * ```
 */
export function column<T>(model: AnyModel, key: string, Ctor: TypedCtor<T>): T {
  const v = model.get(key) as ArrayBuffer | ArrayBufferView | null | undefined;
  if (v === null || v === undefined) return new Ctor(0);
  let buffer: ArrayBuffer;
  let offset = 0;
  let length: number;
  if (v instanceof ArrayBuffer) {
    buffer = v;
    length = v.byteLength;
  } else {
    buffer = v.buffer as ArrayBuffer;
    offset = v.byteOffset;
    length = v.byteLength;
  }
  const n = Math.floor(length / Ctor.BYTES_PER_ELEMENT);
  if (offset % Ctor.BYTES_PER_ELEMENT !== 0) {
    buffer = buffer.slice(offset, offset + n * Ctor.BYTES_PER_ELEMENT);
    offset = 0;
  }
  return new Ctor(buffer, offset, n);
}

/**
 * Create an element with attributes and children (browser only).
 *
 * @example
 * ```ts ignore
 * import { h } from "./model.ts";
 * const b = h("button", { type: "button" }, "Reset");
 * ```
 */
export function h(
  tag: string,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}
