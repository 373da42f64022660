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

/** This copy of the front end's mark in the ids it gives (JupyterLab loads one copy per widget). */
const COPY = Math.random().toString(36).slice(2, 8);
let renamed = 0;

/**
 * Give every `id` in `figure` (Plot's `plot-clip-N`, the sky map's clip) a page-unique value and
 * point its `url(#…)` references at it: two figures with the same id on one page would clip
 * each other's marks (a light curve cut to a periodogram's frame). Returns `figure`.
 */
export function uniqueIds<T extends Element>(figure: T): T {
  const ids = new Map<string, string>();
  for (const el of figure.querySelectorAll("[id]")) {
    const next = `${el.id}-${COPY}${++renamed}`;
    ids.set(el.id, next);
    el.id = next;
  }
  if (ids.size === 0) return figure;
  for (const el of figure.querySelectorAll("[clip-path], [mask], [filter]")) {
    for (const attr of ["clip-path", "mask", "filter"]) {
      const id = /^url\(#(.+)\)$/.exec(el.getAttribute(attr) ?? "")?.[1];
      if (id && ids.has(id)) el.setAttribute(attr, `url(#${ids.get(id)})`);
    }
  }
  return figure;
}
