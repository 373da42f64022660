/**
 * Code compiled once per list of keys: object literals, so that every object
 * made from one list has the same fast V8 shape (~100 fields assigned one by
 * one give a slow dictionary-mode object instead), and a cache of such
 * compiled functions by key list.
 *
 * @module
 */

/**
 * A function of the parameters `params` returning one object literal with the
 * keys `keys`, in order; `value(i, key)` is the JavaScript expression of field
 * `i` (`key`: its name as a string literal). `body` runs before the return
 * (declarations the expressions use). `__proto__` is an own field like the
 * others, not the prototype.
 *
 * @example
 * ```ts
 * import { compileLiteral } from "./literal.ts";
 * const pick = compileLiteral<(r: Record<string, number>) => object>(
 *   ["r"], ["ra", "dec"], (_i, key) => `r[${key}]`,
 * );
 * console.log(pick({ ra: 1, dec: 2, jd: 3 })); // { ra: 1, dec: 2 }
 * ```
 */
export function compileLiteral<F>(
  params: readonly string[],
  keys: readonly string[],
  value: (i: number, key: string) => string,
  body = "",
): F {
  const fields = keys.map((k, i) => {
    const key = JSON.stringify(k);
    // A computed key defines an own property, where `__proto__: v` would set the prototype.
    return `${k === "__proto__" ? `[${key}]` : key}: ${value(i, key)}`;
  });
  return new Function(...params, `${body}return {\n${fields.join(",\n")}\n};`) as F;
}

/**
 * Compiled functions by list of keys (at most 64 lists: a run sees a few
 * shapes, a long-lived process may see many).
 *
 * @example
 * ```ts
 * import { compileLiteral, KeyedFunctions } from "./literal.ts";
 * const pickers = new KeyedFunctions<(r: Record<string, number>) => object>();
 * const keys = ["ra", "dec"];
 * const pick = pickers.get(keys, () => compileLiteral(["r"], keys, (_i, key) => `r[${key}]`));
 * console.log(pick === pickers.get(["ra", "dec"], () => pick)); // true
 * ```
 */
export class KeyedFunctions<F> {
  #byKeys = new Map<string, F>();

  /** The function of `keys`, made by `make` the first time. */
  get(keys: readonly string[], make: () => F): F {
    const id = keys.join("\u0000");
    let f = this.#byKeys.get(id);
    if (f === undefined) {
      f = make();
      if (this.#byKeys.size >= 64) this.#byKeys.clear();
      this.#byKeys.set(id, f);
    }
    return f;
  }
}
